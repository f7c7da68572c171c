"""The やること page (/tasks/) per role, and its queries on ten times the data."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hyoka.accounts.demo import make_user
from hyoka.accounts.models import Profile
from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation
from hyoka.plans.models import Department

from .conftest import entry_of

pytestmark = pytest.mark.django_db
URL = "/tasks/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def set_status(cycle, numbers: list[str], status: str) -> None:
    Evaluation.objects.for_cycle(cycle).filter(project__number__in=numbers).update(status=status)


def test_the_url_is_named_tasks():
    assert reverse("tasks") == URL


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_login_without_a_role_is_told_it_has_nothing_to_do(client, db):
    text = page(client, User.objects.create_user("nobody", password="x"))
    assert "役割が設定されていないため、やることはありません" in text
    assert "<table" not in text


def test_a_department_editor_sees_their_entries_to_fill_and_to_fix_with_the_deadline(client, mailed, opened):
    set_status(opened, ["3"], Evaluation.Status.RETURNED)  # 健康課's
    set_status(opened, ["20"], Evaluation.Status.SUBMITTED)
    text = page(client, mailed.bob)
    to_fix, to_fill = text.split('id="to-fix"')[1].split('id="to-fill"')
    entry = entry_of(mailed.plan, "3")
    assert f'href="/cycle/{opened.pk}/entries/{entry.pk}/"' in to_fix
    assert to_fix.count("<tr>") == 2  # its header and entry 3
    kenko = Evaluation.objects.for_cycle(opened).filter(project__department_links__department__name="健康課")
    expected = kenko.exclude(project__number__in=["3", "20"])
    for e in kenko:
        link = f'href="/cycle/{opened.pk}/entries/{e.pk}/"'
        assert (link in to_fill) == (e in expected), e.project.number
    hoiku_only = Evaluation.objects.for_cycle(opened).filter(project__number="4")  # 保育課 alone
    assert f"/entries/{hoiku_only.get().pk}/" not in text
    assert "あと30日" in text and opened.deadline.strftime("%Y-%m-%d") in text
    assert "令和3年度" in text and "あきる野市" in text


def test_an_overdue_deadline_says_by_how_many_days(client, mailed, opened):
    opened.deadline = timezone.localdate() - datetime.timedelta(days=2)
    opened.save()
    assert "2日超過" in page(client, mailed.bob)
    opened.deadline = timezone.localdate()
    opened.save()
    assert "本日まで" in page(client, mailed.bob)


def test_a_published_year_leaves_the_editors_list(client, mailed, opened):
    opened.published_at = timezone.now()
    opened.save()
    text = page(client, mailed.bob)
    assert "入力を待つ報告はありません。" in text and "差し戻された報告はありません。" in text


def test_the_planning_office_sees_submitted_entries_and_open_years_with_their_counts(client, mailed, opened):
    set_status(opened, ["3", "4"], Evaluation.Status.SUBMITTED)
    set_status(opened, ["5"], Evaluation.Status.APPROVED)
    text = page(client, mailed.alice)
    review = text.split('id="to-review"')[1].split('id="open-cycles"')[0]
    assert "承認・差し戻しを待つ報告（提出済み）" in text
    for number in ("3", "4"):
        assert f"/cycle/{opened.pk}/entries/{entry_of(mailed.plan, number).pk}/" in review
    assert f"/entries/{entry_of(mailed.plan, '5').pk}/" not in review
    total = Evaluation.objects.for_cycle(opened).count()
    cycles = text.split('id="open-cycles"')[1]
    assert f'href="/cycle/{opened.pk}/"' in cycles
    assert f"<td>3 / {total}</td>" in cycles and f"<td>1 / {total}</td>" in cycles


def test_a_reviewer_sees_submitted_entries_to_read(client, mailed, opened):
    set_status(opened, ["3"], Evaluation.Status.SUBMITTED)
    text = page(client, mailed.dave)
    assert "提出済みの報告（確認・コメント）" in text
    assert f"/entries/{entry_of(mailed.plan, '3').pk}/" in text


def test_the_menu_links_the_page_for_logged_in_staff(client, mailed):
    assert f'href="{URL}"' not in client.get(reverse("plan-list")).content.decode()
    assert f'href="{URL}" aria-current="page"' in page(client, mailed.bob)


def test_the_page_in_english(client, mailed, opened):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client, mailed.bob)
    assert "My tasks" in text and "Reports to fill in and submit" in text and "30 days left" in text
    assert "やること" not in text


def test_queries_stay_the_same_on_ten_times_the_projects(client, synthetic_plan, settings_fast):
    """10 projects, then 100 more in a second plan: each role's page runs the same number of queries."""
    alice = make_user("alice", "password", Profile.Role.PLANNING_ADMIN)
    dave = make_user("dave", "password", Profile.Role.REVIEWER)
    deadline = timezone.localdate() + datetime.timedelta(days=10)

    def open_with_work(projects: int):
        plan = synthetic_plan(projects)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=deadline, by=alice)
        entries = Evaluation.objects.for_cycle(cycle).order_by("project__position")
        pks = list(entries.values_list("pk", flat=True))
        Evaluation.objects.filter(pk__in=pks[::3]).update(status=Evaluation.Status.SUBMITTED)
        Evaluation.objects.filter(pk__in=pks[1::3]).update(status=Evaluation.Status.RETURNED)
        return cycle

    open_with_work(10)
    editor = make_user("ken", "password", Profile.Role.DEPARTMENT_EDITOR, list(Department.objects.filter(name="課1")))

    def count(user) -> tuple[int, int]:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries), response.content.decode().count("/entries/")

    small = {u.username: count(u) for u in (alice, dave, editor)}
    open_with_work(100)
    large = {u.username: count(u) for u in (alice, dave, editor)}
    assert {k: q for k, (q, _) in large.items()} == {k: q for k, (q, _) in small.items()}
    for name in small:
        assert large[name][1] > 5 * small[name][1] > 0, name  # the page did list many times the entries
