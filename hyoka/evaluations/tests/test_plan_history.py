"""/cycle/plans/<id>/history/ — every change of a plan, for the planning office: filters, pages, fixed queries."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hyoka.evaluations import actions
from hyoka.evaluations.models import Change


def history(client, plan, **params):
    from urllib.parse import urlencode

    return client.get(reverse("cycle-history", args=[plan.pk]) + ("?" + urlencode(params) if params else ""))


def test_the_planning_office_reads_every_change_of_the_plan_newest_first(client, people):
    actions.reopen_year(
        plan=people.plan, fiscal_year=2020, reason="訂正のため", deadline=date(2021, 5, 31), by=people.alice
    )
    actions.set_plan_published(plan=people.plan, published=False, by=people.alice)
    client.force_login(people.alice)
    response = history(client, people.plan)
    assert response.status_code == 200
    changes = list(response.context["changes"])
    assert len(changes) == 50 and response.context["page"].paginator.count == 68  # 67 entries + the plan
    assert changes[0].action == "plan_withdrawn"
    page = response.content.decode()
    assert "計画の非公開" in page and "3 健康診査等の実施（令和2年度）" not in page  # on the second page
    second = history(client, people.plan, page=2).content.decode()
    assert "3 健康診査等の実施（令和2年度）" in second and "訂正のため" in second


def test_filters_by_user_date_and_kind(client, people):
    actions.reopen_year(plan=people.plan, fiscal_year=2020, reason="訂正", deadline=date(2021, 5, 31), by=people.alice)
    actions.set_plan_published(plan=people.plan, published=False, by=people.bob)  # bob cannot, but the log says who
    Change.objects.filter(action="plan_withdrawn").update(at=timezone.now() - timedelta(days=10))
    client.force_login(people.alice)
    by_bob = history(client, people.plan, user=people.bob.pk).context["page"]
    assert [c.action for c in by_bob] == ["plan_withdrawn"]
    reopened = history(client, people.plan, action="reopened").context["page"]
    assert reopened.paginator.count == 67
    today = timezone.localdate().isoformat()
    assert history(client, people.plan, since=today).context["page"].paginator.count == 67
    old = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert [c.action for c in history(client, people.plan, until=old).context["page"]] == ["plan_withdrawn"]
    page = history(client, people.plan, action="reopened", page=2).content.decode()
    assert "action=reopened&amp;page=1" in page  # the pages keep the filters


def test_only_the_planning_office_reads_the_plans_history(client, people):
    for who in (people.bob, people.dave):
        client.force_login(who)
        assert history(client, people.plan).status_code == 403
    client.logout()
    assert history(client, people.plan).status_code == 302


def test_the_history_page_runs_the_same_queries_on_10x_data(client, people, synthetic_plan):
    client.force_login(people.alice)
    counts = []
    for size in (10, 100):
        plan = synthetic_plan(size)
        actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        with CaptureQueriesContext(connection) as queries:
            assert history(client, plan).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
