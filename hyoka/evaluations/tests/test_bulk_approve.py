"""Bulk approve on the cycle page: the planning office approves the selected submitted entries at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hyoka.evaluations import actions
from hyoka.evaluations.models import AchievementLevel, Change, Evaluation, Grade


@pytest.fixture
def year(people):
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def submitted(entry: Evaluation, by) -> Evaluation:
    """The entry filled in completely and submitted, as a department would."""
    plan_id = entry.project.plan_id
    data = actions.EntryInput(
        grade_id=Grade.objects.filter(scheme__plan_id=plan_id).first().pk,
        achievement_id=AchievementLevel.objects.filter(scheme__plan_id=plan_id).first().pk,
        narrative="計画どおりに実施し、利用者数も前年度を上回った。" * 2,
        future_direction="",
        observations=[
            actions.ObservationInput(
                indicator_id=i.pk, period_label="令和3年度", value=Decimal(1), expected_version=None
            )
            for i in entry.project.indicators.all()
        ],
    )
    entry = actions.save_entry(evaluation=entry, data=data, by=by, expected_version=entry.version)
    return actions.submit_evaluation(evaluation=entry, by=by, expected_version=entry.version)


def test_the_planning_office_approves_the_selected_submitted_entries(client, people, year):
    entries = list(Evaluation.objects.for_cycle(year).order_by("project__position")[:4])
    one, two = submitted(entries[0], people.alice), submitted(entries[1], people.alice)
    submitted(entries[2], people.alice)  # submitted, not selected
    draft = entries[3]
    client.force_login(people.alice)
    page = client.get(reverse("cycle-detail", args=[year.pk])).content.decode()
    assert f'name="entries" value="{one.pk}" form="bulk-approve"' in page
    assert f'name="entries" value="{draft.pk}"' not in page  # only submitted entries can be chosen

    response = client.post(
        reverse("cycle-bulk-approve", args=[year.pk]), {"entries": [one.pk, two.pk, draft.pk]}, follow=True
    )
    text = response.content.decode()
    assert "2件を承認しました" in text and "承認しなかったもの：1件" in text
    statuses = dict(Evaluation.objects.filter(pk__in=[e.pk for e in entries]).values_list("pk", "status"))
    assert [statuses[e.pk] for e in entries] == ["approved", "approved", "submitted", "not_started"]
    assert Change.objects.filter(action=Change.Action.APPROVED, user=people.alice).count() == 2


def test_an_entry_of_another_cycle_is_not_approved(client, people, year, synthetic_plan):
    other_plan = synthetic_plan(3)
    other_year = actions.open_cycle(plan=other_plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
    other = submitted(Evaluation.objects.for_cycle(other_year).first(), people.alice)
    client.force_login(people.alice)
    response = client.post(reverse("cycle-bulk-approve", args=[year.pk]), {"entries": [other.pk]}, follow=True)
    assert "0件を承認しました" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "submitted"


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_only_the_planning_office_approves(client, people, year, who):
    entry = submitted(Evaluation.objects.for_cycle(year).first(), people.alice)
    client.force_login(getattr(people, who))
    response = client.post(reverse("cycle-bulk-approve", args=[year.pk]), {"entries": [entry.pk]})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_nothing_selected_says_so(client, people, year):
    client.force_login(people.alice)
    response = client.post(reverse("cycle-bulk-approve", args=[year.pk]), {}, follow=True)
    assert "承認する報告を選んでください。" in response.content.decode()
