"""The read endpoints: what each named person sees, as the pages show it (visibility.py, access.py)."""

import json

from hyoka.api.tests.conftest import entry
from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Observation


def get(client, url, token=None):
    return client.get(url, headers={"Authorization": token} if token else {})


def test_the_public_reads_published_plans_only(client, people, demo_plans):
    hidden = demo_plans["iruma_strategy_h29"]
    hidden.published = False
    hidden.save(update_fields=["published"])
    ids = {p["id"] for p in get(client, "/api/plans").json()}
    assert people.plan.pk in ids and hidden.pk not in ids
    assert get(client, f"/api/plans/{hidden.pk}").status_code == 404
    assert get(client, f"/api/plans/{hidden.pk}/indicators").status_code == 404
    municipalities = {m["name"]: m["plans"] for m in get(client, "/api/municipalities").json()}
    assert "入間市" not in municipalities and municipalities["あきる野市"] == [people.plan.pk]


def test_a_token_reads_as_its_user(client, people, demo_plans, tokens):
    hidden = demo_plans["iruma_strategy_h29"]
    hidden.published = False
    hidden.save(update_fields=["published"])
    for token in (tokens.dave, tokens.bob):
        assert get(client, f"/api/plans/{hidden.pk}", token).status_code == 200
    assert hidden.pk in {p["id"] for p in get(client, "/api/plans", tokens.dave).json()}


def test_an_unknown_or_revoked_token_is_refused_not_read_as_the_public(client, people, tokens):
    from django.utils import timezone

    from hyoka.api.models import ApiToken

    assert get(client, "/api/plans", "Bearer not-a-token").status_code == 401
    assert get(client, "/api/plans", "Basic Ym9iOnBhc3N3b3Jk").status_code == 401
    ApiToken.objects.filter(user=people.bob).update(revoked_at=timezone.now())
    assert get(client, "/api/plans", tokens.bob).status_code == 401
    assert get(client, "/api/plans", tokens.dave).status_code == 200


def test_an_opened_year_never_reaches_the_public(client, people, opened_2021, tokens):
    project_3 = people.plan.projects.get(number="3")
    e = entry(people.plan, "3")
    e.narrative = "未公開マーカー"
    e.save()
    kpi = project_3.indicators.first()
    Observation.objects.create(indicator=kpi, value=987654, period_label="令和3年度", fiscal_year=2021)
    urls = [
        f"/api/plans/{people.plan.pk}",
        f"/api/plans/{people.plan.pk}/indicators",
        f"/api/plans/{people.plan.pk}/projects",
        f"/api/projects/{project_3.pk}/evaluations",
    ]
    for url in urls:
        public = get(client, url)
        assert public.status_code == 200, url
        assert "未公開マーカー" not in public.content.decode() and "987654" not in public.content.decode(), url
        staff = get(client, url, tokens.dave).content.decode()
        assert "987654" in staff or "未公開マーカー" in staff, url
    years = [e["fiscal_year"] for e in get(client, f"/api/projects/{project_3.pk}/evaluations").json()]
    assert 2021 not in years and 2020 in years


def test_a_roleless_login_reads_as_the_public(client, people, opened_2021):
    from django.contrib.auth.models import User

    from hyoka.api.models import ApiToken

    nobody = User.objects.create_user("nobody", password="password")
    token = ApiToken.objects.issue(user=nobody, name="t")[1]
    project_3 = people.plan.projects.get(number="3")
    years = [
        e["fiscal_year"] for e in get(client, f"/api/projects/{project_3.pk}/evaluations", f"Bearer {token}").json()
    ]
    assert 2021 not in years


def test_the_plan_is_its_hyoka_plan_1_document(client, people):
    from hyoka.interchange import parse_document

    response = get(client, f"/api/plans/{people.plan.pk}")
    document = parse_document(response.content)
    assert document.plan.title == people.plan.title and len(document.all_projects()) == 67


def test_indicators_carry_their_progress_as_numbers(client, people):
    rows = get(client, f"/api/plans/{people.plan.pk}/indicators").json()
    assert rows and all({"id", "name", "progress"} <= set(r) for r in rows)
    measured = [r for r in rows if r["progress"]["actual"] is not None]
    assert measured and all(isinstance(r["progress"]["actual"], int | float) for r in measured)
    assert {r["progress"]["status"] for r in rows} <= {"achieved", "on_track", "behind", "no_data", "pending"}


def test_sections_and_projects_name_their_ids(client, people):
    sections = get(client, f"/api/plans/{people.plan.pk}/sections").json()
    projects = get(client, f"/api/plans/{people.plan.pk}/projects").json()
    section_ids = {s["id"] for s in sections}
    assert len(projects) == 67 and {p["section_id"] for p in projects} <= section_ids
    three = next(p for p in projects if p["number"] == "3")
    assert "健康課" in three["departments"]


def test_the_public_sees_approved_entries_of_a_published_year_only(client, people, demo_plans):
    approved = Evaluation.objects.filter(project__plan=people.plan, status=Evaluation.Status.APPROVED).count()
    shown = sum(len(p["evaluations"]) for p in get(client, f"/api/plans/{people.plan.pk}/projects").json())
    assert shown == approved


def test_query_counts_do_not_grow_with_the_plan(client, people, big_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for suffix in ("", "/indicators", "/projects", "/sections"):
        counts = []
        for plan in (people.plan, big_plan):
            with CaptureQueriesContext(connection) as queries:
                assert get(client, f"/api/plans/{plan.pk}{suffix}").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], (suffix, counts)
    small, big = people.plan.projects.get(number="3"), big_plan.projects.get(number="3-1")
    counts = []
    for project in (small, big):
        with CaptureQueriesContext(connection) as queries:
            get(client, f"/api/projects/{project.pk}/evaluations")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        get(client, "/api/plans")
        get(client, "/api/municipalities")
    assert len(queries) <= 5  # with the public cache's version read by each (hyoka/web/cache.py)


def test_openapi_and_its_page_are_served_by_hyoka(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200 and "/api/plans/{plan_id}/indicators" in json.loads(schema.content)["paths"]
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    assert "<script>" not in html  # no inline script: the CSP allows scripts from 'self' only
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_an_id_or_year_is_its_digits_only(client, people):
    """Python and pydantic read " 1", "\\v1" and "+1" as 1; the schema says an integer, so they are refused."""
    plan = people.plan.pk
    assert client.get(f"/api/plans/{plan}").status_code == 200
    for bad in (f"%0B{plan}", f"%20{plan}", f"+{plan}", f"{plan}%0A", f"０{plan}"):
        assert client.get(f"/api/plans/{bad}").status_code == 422, bad
    assert client.get("/api/compare/indicators/total_fertility_rate?year=%0B2023").status_code == 422
