"""Every URL × every role × GET and POST, as one table; and no unpublished figure reaches the public.

The table names each URL pattern of Hyoka (the admin and Django's language switch aside, which
carry their own checks). A URL added without a row here fails `test_every_url_has_a_row`, so
whoever adds a page decides who may see it.

Each cell is the status code one role gets: anon (not logged in), nobody (a login without a
role), dave (評価委員 reviewer), bob (所管課 editor of 健康課, whose project 3 is in the table),
carol (所管課 editor of 保育課), alice (企画課 planning office). 302 from a public role means the
login page. POSTs carry no form data: they show who is let in, not what a good form does.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hyoka.evaluations.models import Evaluation, EvaluationCycle
from hyoka.indicators.models import Observation
from hyoka.ingest.uploads import save_upload
from hyoka.plans.tests.factories import minimal

ROLES = ["anon", "nobody", "dave", "bob", "carol", "alice"]
PUBLIC = {"anon", "nobody"}
MARKERS = ["未公開マーカー", "987654", "987,654", "入間市まち・ひと・しごと創生総合戦略"]
TOKEN = "A" * 32  # the shape of an upload token, of no upload


def _compared(indicator) -> str:
    """The code of a standard indicator the scene's KPI (with its unpublished 987654) is linked to, confirmed."""
    from hyoka.catalog.models import IndicatorLink, StandardIndicator

    standard = StandardIndicator.objects.create(code="scene", name="場面の指標", unit=indicator.unit)
    IndicatorLink.objects.update_or_create(indicator=indicator, defaults={"standard": standard, "status": "confirmed"})
    return standard.code


# name: (how to build the URL from the scene, GET codes, POST codes), codes in ROLES order
TABLE: dict[str, tuple] = {
    "plan-list": (lambda s: reverse("plan-list"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    # the catalogue and the cross-city comparison (hyoka.catalog): public, published figures only
    "standard-indicator-list": (
        lambda s: reverse("standard-indicator-list"),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-links": (  # the planning office's page; its empty POST is refused with a message and back to the page
        lambda s: reverse("plan-links", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 302",
    ),
    "compare-indicator": (
        lambda s: reverse("compare-indicator", args=[_compared(s.indicator)]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "compare-indicator-csv": (
        lambda s: reverse("compare-indicator-csv", args=[_compared(s.indicator)]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "compare-indicator-json": (
        lambda s: reverse("compare-indicator-json", args=[_compared(s.indicator)]) + "?year=2021",
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "compare-municipality": (
        lambda s: reverse("compare-municipality", args=[s.plan.municipality.code]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "compare-municipality-csv": (
        lambda s: reverse("compare-municipality-csv", args=[s.plan.municipality.code]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "compare-municipality-json": (
        lambda s: reverse("compare-municipality-json", args=[s.plan.municipality.code]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "ping": (lambda s: reverse("ping"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "healthz": (lambda s: reverse("healthz"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "search": (lambda s: reverse("search") + "?q=マーカー", "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "search|hidden plan": (
        lambda s: reverse("search") + "?q=入間市",
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-detail": (
        lambda s: reverse("plan-detail", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-detail|unpublished plan": (
        lambda s: reverse("plan-detail", args=[s.hidden.pk]),
        "404 404 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-publication": (  # the planning office's POST (a withdrawal, unconfirmed) gets the confirmation page
        lambda s: reverse("plan-publication", args=[s.plan.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 200",
    ),
    "open-data-catalog": (
        lambda s: reverse("open-data-catalog"),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "open-data-columns": (
        lambda s: reverse("open-data-columns"),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-csv": (lambda s: reverse("plan-csv", args=[s.plan.pk]), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "plan-csv|unpublished plan": (
        lambda s: reverse("plan-csv", args=[s.hidden.pk]),
        "404 404 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-json": (
        lambda s: reverse("plan-json", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "plan-json|unpublished plan": (
        lambda s: reverse("plan-json", args=[s.hidden.pk]),
        "404 404 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "indicator-detail": (
        lambda s: reverse("indicator-detail", args=[s.plan.pk, s.indicator.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "indicator-target": (  # the planning office's empty POST gets the form back with what is missing
        lambda s: reverse("indicator-target", args=[s.plan.pk, s.indicator.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 200",
    ),
    "project-list": (
        lambda s: reverse("project-list", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "project-list|xlsx": (
        lambda s: reverse("project-list", args=[s.plan.pk]) + "?format=xlsx",
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "project-list|csv": (
        lambda s: reverse("project-list", args=[s.plan.pk]) + "?format=csv",
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "project-detail": (
        lambda s: reverse("project-detail", args=[s.plan.pk, s.project.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "login": (lambda s: reverse("login"), "200 302 302 302 302 302", "200 302 302 302 302 302"),
    "logout": (lambda s: reverse("logout"), "405 405 405 405 405 405", "302 302 302 302 302 302"),
    "lockouts": (lambda s: reverse("lockouts"), "302 403 403 403 403 200", "302 405 405 405 405 405"),
    "lockout-clear": (lambda s: reverse("lockout-clear"), "302 405 405 405 405 405", "302 403 403 403 403 302"),
    "users": (lambda s: reverse("users"), "302 403 403 403 403 200", "302 405 405 405 405 405"),
    "user-invite": (lambda s: reverse("user-invite"), "302 403 403 403 403 200", "302 403 403 403 403 400"),
    "user-edit": (
        lambda s: reverse("user-edit", args=[s.people.bob.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "password-set": (  # the mailed token is the credential; a wrong one shows "this link cannot be used"
        lambda s: reverse("password-set", args=["Mg", "wrong-token"]),
        "200 200 200 200 200 200",
        "200 200 200 200 200 200",
    ),
    "cycle-home": (lambda s: reverse("cycle-home"), "302 403 200 200 200 200", "302 403 200 200 200 200"),
    "tasks": (lambda s: reverse("tasks"), "302 200 200 200 200 200", "302 405 405 405 405 405"),  # nobody: none
    "cycle-open": (
        lambda s: reverse("cycle-open", args=[s.plan.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "cycle-detail": (
        lambda s: reverse("cycle-detail", args=[s.cycle.pk]),
        "302 403 200 200 200 200",
        "302 403 200 200 200 200",
    ),
    "cycle-indicators": (
        lambda s: reverse("cycle-indicators", args=[s.cycle.pk]),
        "302 403 200 200 200 200",
        "302 403 403 403 403 200",
    ),
    "cycle-publish": (  # the planning office's POST without "confirmed" gets the confirmation page
        lambda s: reverse("cycle-publish", args=[s.cycle.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 200",
    ),
    "cycle-workbook": (  # the entry workbook: the departments' editors (their own entries) and the planning office
        lambda s: reverse("cycle-workbook", args=[s.cycle.pk]),
        "302 403 403 200 200 200",
        "302 405 405 405 405 405",
    ),
    "cycle-workbook-upload": (  # a POST without a file shows the form again
        lambda s: reverse("cycle-workbook-upload", args=[s.cycle.pk]),
        "302 403 403 200 200 200",
        "302 403 403 200 200 200",
    ),
    "cycle-workbook-apply": (  # a POST without an upload goes back to the upload form
        lambda s: reverse("cycle-workbook-apply", args=[s.cycle.pk]),
        "302 405 405 405 405 405",
        "302 403 403 302 302 302",
    ),
    "cycle-bulk-approve": (
        lambda s: reverse("cycle-bulk-approve", args=[s.cycle.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "cycle-reopen": (
        lambda s: reverse("cycle-reopen", args=[s.plan.pk]) + "?fiscal_year=2020",
        "302 403 403 403 403 200",
        "302 403 403 403 403 200",
    ),
    "cycle-history": (
        lambda s: reverse("cycle-history", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 405 405 405 405 405",
    ),
    "cycle-entry": (
        lambda s: reverse("cycle-entry", args=[s.cycle.pk, s.entry.pk]),
        "302 403 200 200 200 200",
        "302 403 403 200 403 200",
    ),
    "cycle-entry-return": (
        lambda s: reverse("cycle-entry-return", args=[s.cycle.pk, s.entry.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "cycle-entry-approve": (
        lambda s: reverse("cycle-entry-approve", args=[s.cycle.pk, s.entry.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "cycle-entry-comment": (
        lambda s: reverse("cycle-entry-comment", args=[s.cycle.pk, s.entry.pk]),
        "302 405 405 405 405 405",
        "302 403 302 403 403 302",
    ),
    "cycle-entry-opinion": (  # 外部評価委員会の意見: reviewers and the planning office
        lambda s: reverse("cycle-entry-opinion", args=[s.cycle.pk, s.entry.pk]),
        "302 405 405 405 405 405",
        "302 403 302 403 403 302",
    ),
    "cycle-entry-response": (  # 対応方針: the planning office
        lambda s: reverse("cycle-entry-response", args=[s.cycle.pk, s.entry.pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "import-upload": (lambda s: reverse("import-upload"), "302 403 403 403 403 200", "302 403 403 403 403 200"),
    "import-preview": (
        lambda s: reverse("import-preview", args=[s.upload]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 200",
    ),
    "import-columns": (
        lambda s: reverse("import-columns", args=[s.upload]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "import-apply": (
        lambda s: reverse("import-apply", args=[TOKEN]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 404",
    ),
    # plan upkeep (計画の管理): the planning office only; its empty POSTs get the form back with what is missing
    "plan-new": (lambda s: reverse("plan-new"), "302 403 403 403 403 200", "302 403 403 403 403 400"),
    "plan-template": (  # without the city and title the form is shown again with what is missing
        lambda s: reverse("plan-template"),
        "302 403 403 403 403 400",
        "302 405 405 405 405 405",
    ),
    "plan-upkeep": (
        lambda s: reverse("plan-upkeep", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 405 405 405 405 405",
    ),
    "plan-upkeep-basics": (
        lambda s: reverse("plan-upkeep-basics", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-section-new": (
        lambda s: reverse("plan-upkeep-section-new", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-section": (
        lambda s: reverse("plan-upkeep-section", args=[s.plan.pk, s.project.section_id]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-section-move": (
        lambda s: reverse("plan-upkeep-section-move", args=[s.plan.pk, s.project.section_id]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "plan-upkeep-section-delete": (  # the section holds a project: refused, back to the upkeep page
        lambda s: reverse("plan-upkeep-section-delete", args=[s.plan.pk, s.project.section_id]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "plan-upkeep-indicator-new": (
        lambda s: reverse("plan-upkeep-indicator-new", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-indicator": (
        lambda s: reverse("plan-upkeep-indicator", args=[s.plan.pk, s.indicator.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-project-new": (
        lambda s: reverse("plan-upkeep-project-new", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-project": (
        lambda s: reverse("plan-upkeep-project", args=[s.plan.pk, s.project.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-scheme": (
        lambda s: reverse("plan-upkeep-scheme", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-departments": (
        lambda s: reverse("plan-upkeep-departments", args=[s.plan.pk]),
        "302 403 403 403 403 200",
        "302 403 403 403 403 400",
    ),
    "plan-upkeep-department-rename": (  # an empty name is refused with a message, back to the list
        lambda s: reverse("plan-upkeep-department-rename", args=[s.plan.pk, s.project.departments.first().pk]),
        "302 405 405 405 405 405",
        "302 403 403 403 403 302",
    ),
    "reports:download": (
        lambda s: reverse("reports:download", args=[s.plan.pk, "evaluation", "html"]) + "?fy=2021",
        "302 403 200 200 200 200",
        "302 405 405 405 405 405",
    ),
    "reports:download|pdf": (
        lambda s: reverse("reports:download", args=[s.plan.pk, "evaluation", "pdf"]) + "?fy=2021",
        "302 403 200 200 200 200",
        "302 405 405 405 405 405",
    ),
    "reports:download|xlsx": (
        lambda s: reverse("reports:download", args=[s.plan.pk, "evaluation", "xlsx"]) + "?fy=2021",
        "302 403 200 200 200 200",
        "302 405 405 405 405 405",
    ),
    # the REST API (hyoka/api): reads as the pages show the caller (a session here; a token in hyoka/api/tests);
    # writes take a token only, so a session gets 401 whatever its role
    "api:api-root": (lambda s: reverse("api:api-root"), "404 404 404 404 404 404", "404 404 404 404 404 404"),
    "api:openapi-json": (lambda s: reverse("api:openapi-json"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "api:openapi-view": (lambda s: reverse("api:openapi-view"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "api:municipalities": (
        lambda s: reverse("api:municipalities"),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:plans": (lambda s: reverse("api:plans"), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "api:standard_indicators": (
        lambda s: reverse("api:standard_indicators"),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:standard_indicator": (
        lambda s: reverse("api:standard_indicator", args=["births"]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:compare_indicator": (  # public figures only: the scene's KPI is linked, its opened year stays hidden
        lambda s: reverse("api:compare_indicator", args=[_compared(s.indicator)]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:compare_municipality": (
        lambda s: reverse("api:compare_municipality", args=[s.plan.municipality.code]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:plan": (lambda s: reverse("api:plan", args=[s.plan.pk]), "200 200 200 200 200 200", "405 405 405 405 405 405"),
    "api:plan|unpublished plan": (
        lambda s: reverse("api:plan", args=[s.hidden.pk]),
        "404 404 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:sections": (
        lambda s: reverse("api:sections", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:indicators": (
        lambda s: reverse("api:indicators", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:indicators|unpublished plan": (
        lambda s: reverse("api:indicators", args=[s.hidden.pk]),
        "404 404 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:projects": (
        lambda s: reverse("api:projects", args=[s.plan.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:project_evaluations": (
        lambda s: reverse("api:project_evaluations", args=[s.project.pk]),
        "200 200 200 200 200 200",
        "405 405 405 405 405 405",
    ),
    "api:save_entry": (
        lambda s: reverse("api:save_entry", args=[s.entry.pk]),
        "405 405 405 405 405 405",
        "405 405 405 405 405 405",
    ),
    "api:submit_entry": (
        lambda s: reverse("api:submit_entry", args=[s.entry.pk]),
        "405 405 405 405 405 405",
        "401 401 401 401 401 401",
    ),
}


def _url_names(patterns=None, prefix="") -> set[str]:
    names: set[str] = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            route = str(p.pattern)
            if route in ("admin/", "i18n/"):
                continue
            ns = f"{p.namespace}:" if p.namespace else ""
            names |= _url_names(p.url_patterns, prefix + ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_has_a_row():
    rows = {key.split("|")[0] for key in TABLE}
    assert _url_names() - rows == set(), "add a row to TABLE for each new URL: who may GET and POST it?"
    assert rows - _url_names() == set(), "TABLE has rows for URLs that no longer exist"


@pytest.fixture
def scene(people, demo_plans):
    """FY2021 of あきる野市 opened, with figures no one has published; 入間市's plan unpublished."""
    from types import SimpleNamespace

    plan = people.plan
    cycle = EvaluationCycle.objects.create(
        plan=plan, fiscal_year=2021, deadline=datetime.date(2022, 6, 30), opened_by=people.alice
    )
    project = plan.projects.get(number="3")
    entry = Evaluation.objects.create(project=project, fiscal_year=2021, narrative="未公開マーカーの実績報告")
    indicator = project.indicators.first()
    Observation.objects.create(indicator=indicator, value=987654, period_label="令和3年度", fiscal_year=2021)
    hidden = demo_plans["iruma_strategy_h29"]
    hidden.published = False
    hidden.save(update_fields=["published"])
    User.objects.create_user("nobody", password="password")
    upload = save_upload(json.dumps(minimal()).encode(), "plan.json", {}).token  # alice's upload, awaiting apply
    return SimpleNamespace(
        upload=upload,
        plan=plan,
        cycle=cycle,
        project=project,
        entry=entry,
        indicator=indicator,
        hidden=hidden,
        people=people,
    )


def _client(client, role: str):
    if role != "anon":
        client.logout()
        assert client.login(username=role, password="password")
    return client


def _row_test_ids():
    return sorted(TABLE)


@pytest.mark.parametrize("row", _row_test_ids())
def test_who_gets_what(row, scene, client):
    build, get_codes, post_codes = TABLE[row]
    url = build(scene)
    seen = {}
    for method in ("GET", "POST"):
        for role in ROLES:
            client.logout()
            c = _client(client, role)
            response = c.get(url) if method == "GET" else c.post(url)
            seen[(method, role)] = response.status_code
            if method == "GET" and role in PUBLIC and response.status_code == 200:
                body = b"".join(response) if response.streaming else response.content
                text = body.decode("utf-8", errors="replace")
                leaked = [m for m in MARKERS if m in text]
                assert not leaked, f"{row}: {role} sees unpublished {leaked}"
    actual_get = " ".join(str(seen[("GET", r)]) for r in ROLES)
    actual_post = " ".join(str(seen[("POST", r)]) for r in ROLES)
    assert (actual_get, actual_post) == (get_codes, post_codes), f"{row}: GET {actual_get} / POST {actual_post}"
