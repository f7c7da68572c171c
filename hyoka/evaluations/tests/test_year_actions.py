"""Opening, reopening and publishing a year through the browser's URLs: confirmations that say what will
change, and a public site that keeps the published figures while a year is being corrected."""

import csv
import io
import json

from django.core.cache import cache
from django.urls import reverse

from hyoka.evaluations import actions
from hyoka.evaluations.models import Change, Evaluation, EvaluationCycle
from hyoka.evaluations.tests.conftest import entry_of
from hyoka.evaluations.tests.test_cycle_views import complete, entry_url, form_data


def public_grades(client, plan, fiscal_year=2020) -> dict[str, str]:
    """Project number → grade, as an anonymous visitor's project list shows the year.

    The page is built afresh (the public cache emptied) because the rows come from its context, which a
    cached copy does not carry; that the cached copy follows each change is test_public_cache's part."""
    cache.clear()
    page = client.get(reverse("project-list", args=[plan.pk]) + f"?fy={fiscal_year}")
    return {row.project.number: row.evaluation.grade.code for row in page.context["rows"] if row.evaluation}


def dashboard_grades(client, plan) -> list[tuple[int, int]]:
    """Graded and ungraded projects per basic goal, as the public plan page counts them (評価なし); built
    afresh like public_grades."""
    cache.clear()
    page = client.get(reverse("plan-detail", args=[plan.pk]))
    return [(b.graded, b.ungraded) for b in page.context["sections"] if b.depth == 0]


def open_data(client, plan) -> list[list[str]]:
    response = client.get(reverse("plan-csv", args=[plan.pk]))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_opening_a_published_year_is_refused_and_points_to_reopening(client, people):
    """Finding 3: one click on 開始 for FY2020 took 66 grades off the public project list."""
    grades, rows = public_grades(client, people.plan), open_data(client, people.plan)
    assert len(grades) >= 66 and len(rows) > 90
    client.force_login(people.alice)
    response = client.post(
        reverse("cycle-open", args=[people.plan.pk]),
        {"fiscal_year": "2020", "deadline": "2021-05-31", "confirmed": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert "すでに公開されています" in page and "公開済みの年度を再開する" in page
    assert not EvaluationCycle.objects.filter(plan=people.plan).exists()
    client.logout()
    assert public_grades(client, people.plan) == grades and open_data(client, people.plan) == rows


def test_a_reopened_year_keeps_the_public_figures_until_published_again(client, people):
    """Reopening FY2020 with a reason; corrections stay staff-only until the year is published again."""
    grades, rows = public_grades(client, people.plan), open_data(client, people.plan)
    dashboard = dashboard_grades(client, people.plan)
    assert sum(graded for graded, _ in dashboard) >= 66
    document = client.get(reverse("plan-json", args=[people.plan.pk])).content
    client.force_login(people.alice)
    url = reverse("cycle-reopen", args=[people.plan.pk])
    page = client.get(url + "?fiscal_year=2020").content.decode()
    assert "報告 67件（承認済み 67件、未承認 0件）とKPIの値" in page
    assert client.post(url, {"fiscal_year": "2020", "reason": "", "deadline": "2021-05-31"}).status_code == 200
    assert not EvaluationCycle.objects.exists()  # no reason, no reopen
    response = client.post(url, {"fiscal_year": "2020", "reason": "受診者数の誤りを訂正", "deadline": "2021-05-31"})
    cycle = EvaluationCycle.objects.get(plan=people.plan, fiscal_year=2020)
    assert response.url == reverse("cycle-detail", args=[cycle.pk]) and cycle.reopen_reason == "受診者数の誤りを訂正"

    e = entry_of(people.plan, "3")
    client.force_login(people.bob)
    assert "理由：受診者数の誤りを訂正" in client.get(entry_url(cycle, e)).content.decode()
    data = complete(form_data(client, entry_url(cycle, e)), **{"kpi-0-value": "999", "action": "submit"})
    data.update(
        grade=str(e.grade.scheme.grades.get(code="A").pk),
        narrative="訂正後の実績を記載しました。受診率は向上しました。",
    )
    client.post(entry_url(cycle, e), data)
    client.force_login(people.alice)
    client.post(entry_url(cycle, e, "-approve"))
    assert Evaluation.objects.get(pk=e.pk).grade.code == "A"

    client.logout()
    assert public_grades(client, people.plan) == grades and grades["3"] == "B"
    assert dashboard_grades(client, people.plan) == dashboard  # no 評価なし on the plan page either
    assert open_data(client, people.plan) == rows
    assert client.get(reverse("plan-json", args=[people.plan.pk])).content == document
    assert "999" not in client.get(reverse("project-detail", args=[people.plan.pk, e.project_id])).content.decode()
    found = client.get(reverse("search") + "?q=訂正後の実績").content.decode()
    assert "健康診査等の実施" not in found  # search reads the published narrative too
    assert "健康診査等の実施" in client.get(reverse("search") + "?q=乳幼児健診の受診率").content.decode()

    client.force_login(people.alice)
    client.post(reverse("cycle-publish", args=[cycle.pk]), {"confirmed": "1"})
    client.logout()
    assert public_grades(client, people.plan)["3"] == "A"
    assert any("999" in row for row in open_data(client, people.plan))
    published = json.loads(client.get(reverse("plan-json", args=[people.plan.pk])).content)
    assert "訂正後の実績" in json.dumps(published, ensure_ascii=False)


def test_publishing_asks_first_and_says_how_many_are_not_approved(client, people):
    """Finding 4: publishing went through at once with 1 of 67 entries approved."""
    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline="2022-05-31", by=people.alice)
    client.force_login(people.bob)
    e = entry_of(people.plan, "3", 2021)
    data = complete(form_data(client, entry_url(cycle, e)), action="submit")
    data.update(
        grade=str(people.plan.evaluation_scheme.grades.get(code="A").pk),
        achievement=str(people.plan.evaluation_scheme.achievement_levels.get(code="2").pk),
        narrative="健診を予定どおり実施し、受診率は95％を上回りました。",
    )
    client.post(entry_url(cycle, e), data)
    client.force_login(people.alice)
    client.post(entry_url(cycle, e, "-approve"))

    page = client.post(reverse("cycle-publish", args=[cycle.pk])).content.decode()
    assert "報告 67件のうち、承認済みの 1件を公開します" in page
    assert "未承認の報告が 66件あります" in page and "未承認 66件を残して公開する" in page
    cycle.refresh_from_db()
    assert cycle.published_at is None
    client.post(reverse("cycle-publish", args=[cycle.pk]), {"confirmed": "1"})
    cycle.refresh_from_db()
    assert cycle.is_published
    assert "編集できません" in client.get(entry_url(cycle, e)).content.decode()


def test_an_incomplete_entry_is_refused_with_a_message_beside_each_field(client, people, settings):
    settings.EVALUATION_NARRATIVE_MIN_LENGTH = 20
    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline="2022-05-31", by=people.alice)
    client.force_login(people.bob)
    e = entry_of(people.plan, "3", 2021)
    url = entry_url(cycle, e)
    response = client.post(url, form_data(client, url, narrative="実施した。", action="submit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "提出に必要な項目が" in page
    assert "実績・取組状況を20文字以上で書いてください（いまは5文字）" in page
    assert "評価を選んでください" in page and "達成度を選んでください" in page
    assert page.count("実績値を入力するか、状態を「該当なし」にして理由を注記に書いてください") == 4
    assert "実施した。</textarea>" in page  # what was typed stays
    e.refresh_from_db()
    assert e.status == Evaluation.Status.NOT_STARTED and e.narrative == ""


def test_plan_publication_and_withdrawal_are_recorded(client, people):
    client.force_login(people.alice)
    client.post(reverse("plan-publication", args=[people.plan.pk]), {"published": "0", "confirmed": "1"})
    client.post(reverse("plan-publication", args=[people.plan.pk]), {"published": "1"})
    changes = list(Change.objects.filter(plan=people.plan).values_list("action", "before", "after", "user__username"))
    assert changes == [
        ("plan_withdrawn", {"公開": "公開"}, {"公開": "非公開"}, "alice"),
        ("plan_published", {"公開": "非公開"}, {"公開": "公開"}, "alice"),
    ]
