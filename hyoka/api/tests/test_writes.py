"""A department's entry through the API: its own project only, version-checked, never a published year."""

from hyoka.api.tests.conftest import entry
from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation


def put(client, evaluation, body, token):
    return client.put(
        f"/api/evaluations/{evaluation.pk}", body, content_type="application/json", headers={"Authorization": token}
    )


def body(evaluation, **fields):
    return {"version": evaluation.version, "narrative": "母子健康手帳の交付時に面談を行いました。", **fields}


def test_a_department_saves_and_submits_its_entry(client, people, opened_2021, tokens):
    e = entry(people.plan, "3")
    kpi = e.project.indicators.first()
    grade = people.plan.evaluation_scheme.grades.first()
    level = people.plan.evaluation_scheme.achievement_levels.first()
    response = put(
        client,
        e,
        body(
            e,
            grade=grade.code,
            achievement=level.code,
            narrative="母子健康手帳の交付時に全員と面談を行い、支援の必要な家庭を早期に把握しました。" * 2,
            observations=[{"indicator_id": k.pk, "value": 12.5, "version": 0} for k in e.project.indicators.all()],
            metrics=[{"name": "面談件数", "value": 321, "unit": "件"}],
        ),
        tokens.bob,
    )
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["state"] == "draft" and saved["grade"] == grade.code and saved["metrics"][0]["value"] == 321
    assert kpi.observations.get(fiscal_year=2021).value == 12.5
    submitted = client.post(
        f"/api/evaluations/{e.pk}/submit",
        {"version": saved["version"]},
        content_type="application/json",
        headers={"Authorization": tokens.bob},
    )
    assert submitted.status_code == 200, submitted.content
    assert Evaluation.objects.get(pk=e.pk).status == Evaluation.Status.SUBMITTED
    assert e.changes.filter(user=people.bob).exists()  # recorded like a save on the page


def test_a_token_of_one_department_cannot_write_another_departments_entry(client, people, opened_2021, tokens):
    e = entry(people.plan, "3")  # 健康課's project
    response = put(client, e, body(e), tokens.carol)  # carol edits for 保育課
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=e.pk).narrative == "" and not e.changes.filter(user=people.carol).exists()
    assert put(client, e, body(e), tokens.dave).status_code == 403  # a reviewer reads, never writes


def test_writing_needs_a_token_not_a_session(client, people, opened_2021):
    client.force_login(people.bob)
    e = entry(people.plan, "3")
    assert put(client, e, body(e), "").status_code == 401
    assert client.put(f"/api/evaluations/{e.pk}", body(e), content_type="application/json").status_code == 401


def test_a_stale_version_is_refused(client, people, opened_2021, tokens):
    e = entry(people.plan, "3")
    assert put(client, e, body(e), tokens.bob).status_code == 200
    stale = put(client, e, body(e, narrative="古い画面からの上書き"), tokens.bob)  # e.version is the old one
    assert stale.status_code == 409
    assert Evaluation.objects.get(pk=e.pk).narrative != "古い画面からの上書き"


def test_invalid_input_is_422(client, people, opened_2021, tokens):
    e = entry(people.plan, "3")
    other_kpi = people.plan.projects.get(number="1").indicators.first()
    assert put(client, e, body(e, grade="Z"), tokens.bob).status_code == 422
    assert put(client, e, body(e, unknown=1), tokens.bob).status_code == 422
    assert put(client, e, body(e, narrative="a\x00b"), tokens.bob).status_code == 422
    assert put(client, e, body(e, version="0"), tokens.bob).status_code == 422  # strict: a number, not text
    if other_kpi is not None:
        wrong = body(e, observations=[{"indicator_id": other_kpi.pk, "value": 1}])
        assert put(client, e, wrong, tokens.bob).status_code == 422
    incomplete = client.post(
        f"/api/evaluations/{e.pk}/submit",
        {"version": e.version},
        content_type="application/json",
        headers={"Authorization": tokens.bob},
    )
    assert incomplete.status_code in (409, 422)  # not started: save first (409); saved but short: 422


def test_an_incomplete_entry_says_what_is_missing(client, people, opened_2021, tokens):
    e = entry(people.plan, "3")
    saved = put(client, e, body(e, narrative="短い"), tokens.bob).json()
    response = client.post(
        f"/api/evaluations/{e.pk}/submit",
        {"version": saved["version"]},
        content_type="application/json",
        headers={"Authorization": tokens.bob},
    )
    assert response.status_code == 422 and "narrative" in response.json()["problems"]


def test_a_published_year_is_locked(client, people, opened_2021, tokens):
    actions.publish_year(cycle=opened_2021, by=people.alice, allow_unapproved=True)
    e = entry(people.plan, "3")
    assert put(client, e, body(e), tokens.bob).status_code == 423


def test_a_year_never_opened_is_not_written(client, people, tokens):
    e = entry(people.plan, "3", fiscal_year=2020)
    assert put(client, e, body(e), tokens.bob).status_code == 409
