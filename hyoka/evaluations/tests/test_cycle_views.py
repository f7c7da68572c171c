"""The cycle through the test client: every role, every refusal enforced on the server."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation, EvaluationCycle
from hyoka.evaluations.tests.conftest import entry_of

Status = Evaluation.Status


def entry_url(cycle, evaluation, suffix=""):
    return reverse(f"cycle-entry{suffix}", args=[cycle.pk, evaluation.pk])


def form_data(client, url, **changes):
    """The entry form as the page rendered it, with some fields changed — what a browser would post."""
    page = client.get(url)
    assert page.status_code == 200
    context = page.context
    data = {"version": context["form"].initial["version"], "action": "save"}
    for name in context["form"].fields:
        if name != "version":
            value = context["form"].initial.get(name)
            data[name] = "" if value is None else value
    for formset in (context["observations"], context["metrics"]):
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for i, form in enumerate(formset.forms):
            for name in form.fields:
                value = form.initial.get(name, "")
                data[f"{formset.prefix}-{i}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def complete(data, **changes):
    """The form with a value in every KPI row left empty (the plan asks for one before submitting)."""
    for key in [k for k, v in data.items() if k.startswith("kpi-") and k.endswith("-value") and v in ("", None)]:
        data[key] = "12"
    return {**data, **changes}


def test_the_planning_office_opens_a_year_after_a_confirmation(client, people):
    client.force_login(people.alice)
    url = reverse("cycle-open", args=[people.plan.pk])
    asked = client.post(url, {"fiscal_year": "2021", "deadline": "2022-05-31"})
    assert asked.status_code == 200 and "事業 67件に報告欄を用意し" in asked.content.decode()
    assert not EvaluationCycle.objects.filter(plan=people.plan).exists()  # nothing happens until confirmed
    response = client.post(url, {"fiscal_year": "2021", "deadline": "2022-05-31", "confirmed": "1"})
    cycle = EvaluationCycle.objects.get(plan=people.plan, fiscal_year=2021)
    assert response.url == reverse("cycle-detail", args=[cycle.pk])
    page = client.get(response.url)
    assert "0 / 67 件提出" in page.content.decode()


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_only_the_planning_office_opens_approves_returns_and_publishes(client, people, cycle, who):
    client.force_login(getattr(people, who))
    e = entry_of(people.plan, "3")
    assert (
        client.post(
            reverse("cycle-open", args=[people.plan.pk]), {"fiscal_year": "2021", "deadline": "2022-05-31"}
        ).status_code
        == 403
    )
    assert client.post(entry_url(cycle, e, "-approve")).status_code == 403
    assert client.post(entry_url(cycle, e, "-return"), {"comment": "x"}).status_code == 403
    assert client.post(reverse("cycle-publish", args=[cycle.pk]), {"confirmed": "1"}).status_code == 403
    reopen = reverse("cycle-reopen", args=[people.plan.pk])
    assert client.get(reopen).status_code == 403
    assert client.post(reopen, {"fiscal_year": "2020", "reason": "x"}).status_code == 403
    assert client.get(reverse("cycle-history", args=[people.plan.pk])).status_code == 403
    assert not EvaluationCycle.objects.filter(fiscal_year=2021).exists()
    cycle.refresh_from_db()
    assert cycle.published_at is None


def test_anonymous_visitors_are_sent_to_login(client, people, cycle):
    response = client.get(reverse("cycle-detail", args=[cycle.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_editor_saves_and_submits_their_departments_project(client, people, cycle):
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    data = complete(
        form_data(client, url), **{"kpi-0-value": "４３０", "kpi-0-text": "受診者430人", "action": "submit"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == Status.SUBMITTED
    assert e.project.indicators.get(name__startswith="3～4か月").observations.get(fiscal_year=2020).value == 430
    page = client.get(url).content.decode()
    assert "提出済み" in page and "変更履歴" in page and "bob" in page


def test_an_editor_is_refused_another_departments_project(client, people, cycle):
    client.force_login(people.bob)  # 健康課
    e = entry_of(people.plan, "1")  # 保育課
    url = entry_url(cycle, e)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_edit"]  # read-only, no save button
    assert "下書き保存" not in page.content.decode()
    data = form_data(client, url, narrative="書き換え")
    assert client.post(url, data).status_code == 403
    e.refresh_from_db()
    assert e.narrative != "書き換え" and e.status == Status.APPROVED


def test_a_reviewer_reads_and_comments_but_cannot_save(client, people, cycle):
    client.force_login(people.dave)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    assert client.post(url, form_data(client, url, narrative="委員が書き換え")).status_code == 403
    client.post(entry_url(cycle, e, "-comment"), {"text": "受診率の推移も示してください"})
    assert e.comments.get().text == "受診率の推移も示してください"
    e.refresh_from_db()
    assert e.narrative != "委員が書き換え"


def test_department_editors_do_not_comment_and_see_no_comment_box(client, people, cycle):
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    assert client.post(entry_url(cycle, e, "-comment"), {"text": "自分の事業へのコメント"}).status_code == 403
    assert "コメントを残す" not in client.get(entry_url(cycle, e)).content.decode()
    assert not e.comments.exists()


def test_an_editor_of_another_city_cannot_open_this_cycle(client, people, cycle, demo_plans):
    from hyoka.accounts.demo import make_user
    from hyoka.accounts.models import Profile
    from hyoka.plans.models import Department

    iruma = Department.objects.filter(municipality__code="112259").first()
    eve = make_user("eve", "password", Profile.Role.DEPARTMENT_EDITOR, [iruma])
    client.force_login(eve)
    assert client.get(reverse("cycle-detail", args=[cycle.pk])).status_code == 404


def test_a_stale_form_is_refused_with_a_clear_message(client, people, cycle):
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    client.force_login(people.bob)
    stale = form_data(client, url, narrative="bob の内容")
    client.force_login(people.alice)
    client.post(url, form_data(client, url, narrative="alice の内容"))
    client.force_login(people.bob)
    page = client.post(url, stale, follow=True).content.decode()
    assert "上書きを防ぐため保存していません" in page and "alice" in page
    assert "保存されなかったあなたの入力" in page and "bob の内容" in page  # nothing typed is lost
    e.refresh_from_db()
    assert e.narrative == "alice の内容"


def test_malformed_numbers_are_named_and_nothing_is_written(client, people, cycle):
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    page = client.post(url, form_data(client, url, **{"kpi-0-value": "四百三十の位"})).content.decode()
    assert "「四百三十の位」を数値として読めません" in page
    e.refresh_from_db()
    assert e.status == Status.APPROVED and not e.changes.exclude(action="reopened").exists()


def test_a_grade_contradicting_the_kpis_is_saved_with_a_warning(client, people, cycle):
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    best = people.plan.evaluation_scheme.achievement_levels.get(code="1")
    # 421 of a target of 450 is 93.6 %: the KPIs suggest 3, not 1 (≥105 %)
    page = client.post(url, form_data(client, url, achievement=str(best.pk)), follow=True).content.decode()
    assert "選んだ達成度「1」は、KPIの進捗から示される「3」より高い評価です" in page


def test_return_fix_resubmit_approve_publish(client, people, cycle):
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    client.force_login(people.bob)
    client.post(url, complete(form_data(client, url), action="submit"))
    client.force_login(people.alice)
    client.post(entry_url(cycle, e, "-return"), {"comment": "受診率を表記に入れてください"})
    client.force_login(people.bob)
    page = client.get(url).content.decode()
    assert "受診率を表記に入れてください" in page and "差し戻し" in page
    client.post(
        url, complete(form_data(client, url), **{"kpi-0-text": "受診者421人（受診率95.7％）", "action": "submit"})
    )
    client.force_login(people.alice)
    client.post(entry_url(cycle, e, "-approve"))
    client.post(reverse("cycle-publish", args=[cycle.pk]), {"confirmed": "1"})
    e.refresh_from_db()
    cycle.refresh_from_db()
    assert e.status == Status.APPROVED and cycle.is_published


def test_an_editor_sees_only_their_departments_entries(client, people, cycle):
    client.force_login(people.bob)
    page = client.get(reverse("cycle-detail", args=[cycle.pk]))
    names = {e.project.name for e in page.context["entries"]}
    assert "健康診査等の実施" in names and "幼児教育・保育の質の向上" not in names


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cycle_lists_run_the_same_queries_on_10x_data(client, people, synthetic_plan):
    client.force_login(people.alice)
    counts = []
    for size in (10, 100):
        plan = synthetic_plan(size)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        counts.append(
            (queries_of(client, reverse("cycle-detail", args=[cycle.pk])), queries_of(client, reverse("cycle-home")))
        )
    assert counts[0] == counts[1]


@pytest.fixture
def iruma_cycle(people, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]  # its 17 KPIs belong to goals, not to projects
    return actions.open_cycle(plan=plan, fiscal_year=2018, deadline=date(2019, 5, 31), by=people.alice)


def kpi_form(client, url, **changes):
    page = client.get(url)
    formset = page.context["observations"]
    data = {f"kpi-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name, "")
            data[f"kpi-{i}-{name}"] = "" if value is None else value
    data.update(changes)
    return page, data


def test_the_planning_office_enters_the_plans_own_kpis_and_others_only_read(client, people, iruma_cycle):
    url = reverse("cycle-indicators", args=[iruma_cycle.pk])
    client.force_login(people.alice)
    page, data = kpi_form(client, url, **{"kpi-0-value": "1,234", "kpi-0-period_label": "平成30年度"})
    assert len(page.context["observation_rows"]) == 17
    assert client.post(url, data).status_code == 302
    kpi = page.context["observation_rows"][0][1]
    saved = kpi.observations.get(period_label="平成30年度")
    assert (saved.value, saved.fiscal_year, saved.version) == (1234, 2018, 1)
    assert kpi.changes.get().after["値"] == "1234"

    client.force_login(people.bob)
    assert client.get(url).context["can_edit"] is False
    assert client.post(url, {**data, "kpi-0-value": "1"}).status_code == 403
    saved.refresh_from_db()
    assert saved.value == 1234


def test_a_stale_kpi_value_is_refused(client, people, iruma_cycle):
    url = reverse("cycle-indicators", args=[iruma_cycle.pk])
    client.force_login(people.alice)
    _, stale = kpi_form(client, url, **{"kpi-0-value": "100", "kpi-0-period_label": "平成30年度"})
    _, fresh = kpi_form(client, url, **{"kpi-0-value": "200", "kpi-0-period_label": "平成30年度"})
    client.post(url, fresh)
    page = client.post(url, stale, follow=True).content.decode()
    assert "上書きを防ぐため保存していません" in page
    kpi = client.get(url).context["observation_rows"][0][1]
    assert kpi.observations.get(period_label="平成30年度").value == 200


def test_a_new_years_values_are_labelled_as_the_city_writes_the_year(client, people):
    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
    client.force_login(people.bob)
    e = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    rows = client.get(entry_url(cycle, e)).context["observations"].initial
    assert {row["period_label"] for row in rows} == {"令和3年度"}


def test_the_deadline_says_how_many_days_are_left(client, people):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    late = actions.open_cycle(plan=people.plan, fiscal_year=2022, deadline=today - timedelta(days=1), by=people.alice)
    soon = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=today + timedelta(days=10), by=people.alice)
    client.force_login(people.bob)
    assert "期限切れ" in client.get(reverse("cycle-detail", args=[late.pk])).content.decode()
    page = client.get(reverse("cycle-detail", args=[soon.pk])).content.decode()
    assert "あと10日" in page and "期限切れ" not in page
