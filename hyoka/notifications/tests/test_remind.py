"""`hyoka remind`: reminders before an open year's deadline, once per person and threshold, read from the outbox."""

import datetime

import pytest
from django.utils import timezone

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation
from hyoka.notifications.models import Reminder
from hyoka.notifications.notify import send_reminders

pytestmark = pytest.mark.django_db

BOB, CAROL = "bob@city.example.jp", "carol@city.example.jp"


def before(cycle, days: int) -> datetime.date:
    return cycle.deadline - datetime.timedelta(days=days)


def recipients(outbox) -> list[str]:
    return sorted(m.to[0] for m in outbox)


def test_seven_days_before_the_deadline_each_editor_is_reminded_once(opened, cli, mailoutbox):
    code, out, _ = cli("remind", "--today", before(opened, 7).isoformat())
    assert code == 0
    assert recipients(mailoutbox) == [BOB, CAROL]
    bob = next(m for m in mailoutbox if m.to == [BOB])
    assert bob.subject.startswith("【Hyoka】提出期限まであと7日：")
    assert "令和3年度" in bob.subject and "まであと7日です" in bob.body
    assert "送信 2件" in out and BOB in out and "7日前のお知らせ" in out

    mailoutbox.clear()
    code, out, _ = cli("remind", "--today", before(opened, 7).isoformat())  # the timer runs again that day
    assert code == 0 and mailoutbox == []
    assert "送信 0件" in out and "送信済みのため省略 2件" in out
    cli("remind", "--today", before(opened, 6).isoformat())  # and the next day
    assert mailoutbox == []
    assert Reminder.objects.filter(cycle=opened, days_before=7).count() == 2


def test_the_day_before_the_deadline_is_a_second_reminder(opened, cli, mailoutbox):
    cli("remind", "--today", before(opened, 7).isoformat())
    mailoutbox.clear()
    cli("remind", "--today", before(opened, 1).isoformat())
    assert recipients(mailoutbox) == [BOB, CAROL]
    assert "あと1日" in mailoutbox[0].subject


def test_a_day_the_timer_missed_is_caught_up_until_the_deadline(opened, cli, mailoutbox):
    code, out, _ = cli("remind", "--today", before(opened, 5).isoformat())
    assert recipients(mailoutbox) == [BOB, CAROL]
    assert "あと5日" in mailoutbox[0].subject and "7日前のお知らせ" in out
    mailoutbox.clear()
    cli("remind", "--today", opened.deadline.isoformat())  # the 1-day reminder, missed, goes out on the day
    assert recipients(mailoutbox) == [BOB, CAROL]
    assert "本日まで" in mailoutbox[0].subject and "が本日です" in mailoutbox[0].body
    mailoutbox.clear()
    cli("remind", "--today", (opened.deadline + datetime.timedelta(days=1)).isoformat())
    assert mailoutbox == []


def test_only_editors_with_entries_still_to_submit_are_reminded(opened, cli, mailoutbox):
    hoiku = Evaluation.objects.for_cycle(opened).filter(project__department_links__department__name="保育課")
    Evaluation.objects.filter(pk__in=hoiku.values("pk")).update(status=Evaluation.Status.SUBMITTED)
    Evaluation.objects.filter(pk=hoiku.first().pk).update(status=Evaluation.Status.APPROVED)
    returned = Evaluation.objects.for_cycle(opened).get(project__number="3")  # 健康課's
    Evaluation.objects.filter(pk=returned.pk).update(status=Evaluation.Status.RETURNED)

    cli("remind", "--today", before(opened, 7).isoformat())
    assert recipients(mailoutbox) == [BOB]
    pending = Evaluation.objects.for_cycle(opened).filter(
        project__department_links__department__name="健康課",
        status__in=[Evaluation.Status.NOT_STARTED, Evaluation.Status.DRAFT, Evaluation.Status.RETURNED],
    )
    listed = {line.split()[0].lstrip("・") for line in mailoutbox[0].body.splitlines() if line.startswith("  ・")}
    assert listed == set(pending.values_list("project__number", flat=True))
    assert "3" in listed and "差し戻し" in mailoutbox[0].body
    assert not listed & set(hoiku.values_list("project__number", flat=True))


def test_a_threshold_passed_before_the_year_opened_is_not_sent(
    mailed, cli, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cycle = actions.open_cycle(
            plan=mailed.plan,
            fiscal_year=2021,
            deadline=timezone.localdate() + datetime.timedelta(days=3),
            by=mailed.alice,
        )
    assert len(mailoutbox) == 2  # the opening mails said it
    mailoutbox.clear()
    code, out, _ = cli("remind", "--today", timezone.localdate().isoformat())
    assert mailoutbox == [] and "お知らせの時期の年度はありません" in out
    cli("remind", "--today", before(cycle, 1).isoformat())
    assert recipients(mailoutbox) == [BOB, CAROL]


def test_published_years_get_no_reminder(opened, cli, mailoutbox):
    opened.published_at = timezone.now()
    opened.save()
    cli("remind", "--today", before(opened, 7).isoformat())
    assert mailoutbox == []


def test_a_dry_run_says_who_and_sends_and_records_nothing(opened, cli, mailoutbox):
    code, out, _ = cli("remind", "--days", "7,1", "--dry-run", "--today", before(opened, 1).isoformat())
    assert code == 0 and mailoutbox == [] and not Reminder.objects.exists()
    assert "送信予定 2件" in out and BOB in out and CAROL in out and "1日前のお知らせ" in out


def test_people_without_an_address_are_counted_in_the_output(opened, cli, mailoutbox):
    carol = type(opened.opened_by).objects.get(username="carol")
    carol.email = ""
    carol.save()
    code, out, _ = cli("remind", "--today", before(opened, 7).isoformat())
    assert recipients(mailoutbox) == [BOB]
    assert "メールアドレスがないため送れなかった利用者 1人：carol" in out


def test_other_thresholds_on_request(opened, mailoutbox):
    batches = send_reminders(before(opened, 14), days_before=(14, 3))
    assert [(b.cycle, b.days_before, sorted(b.sent)) for b in batches] == [(opened, 14, [BOB, CAROL])]
    assert send_reminders(before(opened, 7), days_before=(14, 3))[0].already == [BOB, CAROL]
    assert len(mailoutbox) == 2


def test_days_that_are_not_numbers_are_refused(cli):
    code, _, err = cli("remind", "--days", "7,一")
    assert code == 1 and "--days" in err


def test_a_failed_send_is_not_recorded_and_is_tried_again(opened, cli, mailoutbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    code, out, err = cli("remind", "--today", before(opened, 7).isoformat())
    assert code == 1 and "could not be sent" in err and "送信に失敗 2件" in out
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cli("remind", "--today", before(opened, 7).isoformat())
    assert recipients(mailoutbox) == [BOB, CAROL]


def test_mail_queries_grow_with_the_people_not_with_the_projects(synthetic_plan, mailoutbox, settings_fast):
    """Opening mails and reminders of a plan of 10 and of 100 projects, five departments, one editor each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hyoka.accounts.demo import make_user
    from hyoka.accounts.models import Profile
    from hyoka.notifications.notify import notify_year_opened
    from hyoka.plans.models import Department

    alice = make_user("alice", "password", Profile.Role.PLANNING_ADMIN)
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    def queries(projects: int) -> tuple[int, int]:
        plan = synthetic_plan(projects)
        for department in Department.objects.filter(name__startswith="課"):
            user = make_user(f"editor{department.pk}", "password", Profile.Role.DEPARTMENT_EDITOR, [department])
            user.email = f"{user.username}@city.example.jp"
            user.save()
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=deadline, by=alice)
        with CaptureQueriesContext(connection) as opening:
            assert len(notify_year_opened(cycle).sent) == 5
        with CaptureQueriesContext(connection) as reminding:
            (batch,) = send_reminders(before(cycle, 7))
            assert len(batch.sent) == 5
        cycle.delete()
        return len(opening), len(reminding)

    assert queries(10) == queries(100)
    assert len(mailoutbox) == 20
