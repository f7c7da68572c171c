"""A revised KPI target on the pages (KPI page, plan page card) and the planning office's form for it:
/plans/<id>/indicators/<id>/target (POST, with a confirmation step)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import TargetRevision

pytestmark = pytest.mark.django_db

NAME = "3～4か月児健康診査受診者（受診率）"


def page(plan, k):
    return reverse("indicator-detail", args=[plan.pk, k.pk])


def form_url(plan, k):
    return reverse("indicator-target", args=[plan.pk, k.pk])


def lower(k, by, **overrides):
    args = {
        "indicator": k,
        "value": D(430),
        "comparator": ">=",
        "text": "",
        "fiscal_year": None,
        "effective_from_fy": 2022,
        "reason": "出生数の減少に合わせて見直し",
        "by": by,
        "decided": datetime.date(2022, 3, 25),
    }
    return revise_target(**{**args, **overrides})


@pytest.fixture
def kpi(people):
    return people.plan.indicators.get(name=NAME)


def test_the_public_sees_the_original_target_struck_through_beside_the_revised_one(client, people, kpi):
    lower(kpi, people.alice)
    text = client.get(page(people.plan, kpi)).content.decode()
    assert "<ins>430人</ins>" in text and "<del>450人</del>" in text  # the revision's row
    assert 'id="original-target"' in text and "<del>450人（令和6年度目標値）</del>" in text  # the target card
    assert "2022-03-25" in text and "出生数の減少に合わせて見直し" in text and "令和4年度から" in text
    assert 'id="revise-target"' not in text  # the form is the planning office's
    assert "令和2年度は、その年度に適用されていた目標（450人）で判定しています。" in text  # 2020 is before the revision


def test_an_unrevised_kpi_shows_no_revision_section(client, people, kpi):
    text = client.get(page(people.plan, kpi)).content.decode()
    assert 'id="target-revisions"' not in text and 'id="original-target"' not in text and "judged-target" not in text


def test_a_year_judged_against_todays_target_needs_no_note(client, people, kpi):
    lower(kpi, people.alice, effective_from_fy=2020)
    text = client.get(page(people.plan, kpi)).content.decode()
    assert 'id="target-revisions"' in text and "judged-target" not in text


def test_the_plan_page_card_marks_a_revised_target(client, people, kpi):
    url = reverse("plan-detail", args=[people.plan.pk])
    assert "目標は改定されています" not in client.get(url).content.decode()
    lower(kpi, people.alice)
    text = client.get(url).content.decode()
    assert text.count("目標は改定されています") == 1 and "目標 430人" in text


def test_kpi_page_queries_stay_the_same_on_ten_times_the_data(client, people, big_plan, count_queries):
    small = people.plan.indicators.get(name=NAME)
    big = big_plan.indicators.get(name=f"{NAME}（1）")
    lower(small, people.alice)
    lower(big, people.alice)
    lower(big, people.alice, value=D(420), effective_from_fy=2023)
    client.force_login(people.alice)  # the page with everything: history and the form
    assert count_queries(client, page(people.plan, small)) == count_queries(client, page(big_plan, big))
    client.logout()
    plan_small = count_queries(client, reverse("plan-detail", args=[people.plan.pk]))
    assert count_queries(client, reverse("plan-detail", args=[big_plan.pk])) == plan_small


def test_the_planning_office_sees_the_form_and_the_others_do_not(client, people, kpi):
    for who, shown in ((people.alice, True), (people.bob, False), (people.dave, False)):
        client.force_login(who)
        assert ('id="revise-target"' in client.get(page(people.plan, kpi)).content.decode()) is shown


def good_form(**overrides):
    data = {
        "value": "４３０",
        "comparator": ">=",
        "text": "",
        "fiscal_year": "2024",
        "effective_from_fy": "2022",
        "decided": "2022-03-25",
        "reason": "出生数の減少に合わせて見直し",
    }
    return {**data, **overrides}


def test_revising_asks_first_and_says_what_changes(client, people, kpi):
    client.force_login(people.alice)
    response = client.post(form_url(people.plan, kpi), good_form())
    text = response.content.decode()
    assert response.status_code == 200 and 'id="what-changes"' in text
    assert "<del>450人（令和6年度目標値）</del>" in text and "<ins>430人（令和6年度目標値）</ins>" in text
    assert "令和4年度から新しい目標で進捗を判定します" in text
    assert 'name="confirmed" value="1"' in text
    assert not TargetRevision.objects.exists()  # nothing changes before the confirmation


def test_confirming_revises_the_target_and_records_who(client, people, kpi):
    client.force_login(people.alice)
    response = client.post(form_url(people.plan, kpi), good_form(confirmed="1"))
    assert response.status_code == 302 and response["Location"] == page(people.plan, kpi)
    revision = TargetRevision.objects.get(indicator=kpi)
    assert (revision.before_value, revision.after_value, revision.by) == (D(450), D(430), people.alice)
    kpi.refresh_from_db()
    assert kpi.target_value == D(430)
    assert Change.objects.get(indicator=kpi).action == Change.Action.TARGET_REVISED
    text = client.get(page(people.plan, kpi)).content.decode()
    assert "目標を改定しました" in text and "目標の改定" in text  # the message, the history


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"reason": ""}, "このフィールドは必須です。"),
        ({"value": "たくさん"}, "「たくさん」を数値として読めません"),
        ({"value": "", "text": ""}, "新しい目標値（数値または表記）を入力してください。"),
        ({"effective_from_fy": "令和4"}, "整数を入力してください。"),
        ({"value": "450", "text": "450人（100％）", "fiscal_year": ""}, "目標が変わっていません。"),
    ],
)
def test_bad_input_shows_the_form_again_and_changes_nothing(client, people, kpi, overrides, error):
    client.force_login(people.alice)
    response = client.post(form_url(people.plan, kpi), good_form(**overrides))
    text = response.content.decode()
    assert response.status_code == 200 and 'id="target-form"' in text and error in text
    assert not TargetRevision.objects.exists()
    kpi.refresh_from_db()
    assert kpi.target_value == D(450)


def test_only_the_planning_office_may_revise(client, people, kpi):
    for who in (people.bob, people.carol, people.dave):
        client.force_login(who)
        assert client.post(form_url(people.plan, kpi), good_form(confirmed="1")).status_code == 403
    client.logout()
    assert client.post(form_url(people.plan, kpi), good_form(confirmed="1")).status_code == 302  # to the login
    assert not TargetRevision.objects.exists()


def test_a_kpi_of_another_plan_is_404(client, people, demo_plans):
    other = demo_plans["iruma_strategy_h29"].indicators.first()
    client.force_login(people.alice)
    assert client.post(form_url(people.plan, other), good_form(confirmed="1")).status_code == 404


def test_the_plan_pages_table_shows_the_target_each_kpi_was_judged_against(client, people, kpi):
    lower(kpi, people.alice, effective_from_fy=2020)  # in force in FY2020, the year the demo plan reports
    text = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    row = next(line for line in text.split("<tr>") if NAME in line and "<td" in line and 'class="num"' in line)
    assert "430人" in row and "目標は改定されています" in row


def test_a_refusal_is_said_before_the_confirmation(client, people, kpi):
    from hyoka.evaluations.models import EvaluationCycle

    EvaluationCycle.objects.create(
        plan=people.plan,
        fiscal_year=2022,
        deadline=datetime.date(2023, 6, 30),
        opened_by=people.alice,
        published_at=datetime.datetime(2023, 8, 1, tzinfo=datetime.UTC),
    )
    client.force_login(people.alice)
    text = client.post(form_url(people.plan, kpi), good_form()).content.decode()
    assert "令和4年度は公開済みです" in text and 'id="what-changes"' not in text and 'id="target-form"' in text
    assert not TargetRevision.objects.exists()
