"""Mails of the yearly cycle, read from Django's outbox: a year opened, an entry returned, an entry approved."""

import datetime

import pytest
from django.db import transaction

from hyoka.accounts.demo import make_user
from hyoka.accounts.models import Profile
from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation
from hyoka.notifications.notify import notify_approved
from hyoka.plans.models import Department

from .conftest import entry_of

pytestmark = pytest.mark.django_db


def numbers_of(plan, department: str) -> set[str]:
    return set(plan.projects.filter(department_links__department__name=department).values_list("number", flat=True))


def open_2021(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.open_cycle(
            plan=people.plan,
            fiscal_year=2021,
            deadline=datetime.date(2022, 6, 30),
            by=people.alice,
        )


def submitted(people, number: str, by=None):
    """The FY2021 entry of project `number`, filled in and submitted by bob (or `by`)."""
    entry = entry_of(people.plan, number)
    entry.narrative = "計画どおり実施し、前年度より利用者が増えました。"
    entry.grade = people.plan.evaluation_scheme.grades.first()
    entry.achievement = people.plan.evaluation_scheme.achievement_levels.first()
    entry.status = Evaluation.Status.DRAFT
    entry.save()
    for indicator in entry.project.indicators.all():
        indicator.observations.create(value=1, period_label="令和3年度", fiscal_year=2021)
    return actions.submit_evaluation(evaluation=entry, by=by or people.bob, expected_version=entry.version)


def test_opening_a_year_mails_each_department_editor_their_projects_and_the_deadline(
    mailed, django_capture_on_commit_callbacks, mailoutbox
):
    open_2021(mailed, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == ["bob@city.example.jp", "carol@city.example.jp"]
    bob = next(m for m in mailoutbox if m.to == ["bob@city.example.jp"])
    assert "令和3年度の評価が始まりました" in bob.subject and "6月30日" in bob.subject
    assert "あきる野市" in bob.body and "2022年6月30日" in bob.body
    listed = {line.split()[0].lstrip("・") for line in bob.body.splitlines() if line.startswith("  ・")}
    assert listed == numbers_of(mailed.plan, "健康課")
    assert f"次の{len(listed)}件" in bob.body
    entry = entry_of(mailed.plan, "3")
    cycle_pk = mailed.plan.cycles.get(fiscal_year=2021).pk
    assert f"http://127.0.0.1:8000/cycle/{cycle_pk}/entries/{entry.pk}/" in bob.body
    assert "http://127.0.0.1:8000/tasks/" in bob.body
    html = bob.alternatives[0]
    assert html[1] == "text/html" and f"/cycle/{cycle_pk}/entries/{entry.pk}/" in html[0]

    carol = next(m for m in mailoutbox if m.to == ["carol@city.example.jp"])
    carol_listed = {line.split()[0].lstrip("・") for line in carol.body.splitlines() if line.startswith("  ・")}
    assert carol_listed == numbers_of(mailed.plan, "保育課")


def test_links_start_with_the_configured_address(mailed, django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.HYOKA_BASE_URL = "https://hyoka.city.example.lg.jp"
    open_2021(mailed, django_capture_on_commit_callbacks)
    assert "https://hyoka.city.example.lg.jp/tasks/" in mailoutbox[0].body
    assert "http://127.0.0.1:8000" not in mailoutbox[0].body


def test_an_editor_of_two_departments_gets_one_mail_listing_both(
    mailed, django_capture_on_commit_callbacks, mailoutbox
):
    both = [Department.objects.get(municipality=mailed.plan.municipality, name=n) for n in ("健康課", "保育課")]
    erin = make_user("erin", "password", Profile.Role.DEPARTMENT_EDITOR, both)
    erin.email = "erin@city.example.jp"
    erin.save()
    open_2021(mailed, django_capture_on_commit_callbacks)
    erins = [m for m in mailoutbox if m.to == ["erin@city.example.jp"]]
    assert len(erins) == 1
    listed = [line.split()[0].lstrip("・") for line in erins[0].body.splitlines() if line.startswith("  ・")]
    assert set(listed) == numbers_of(mailed.plan, "健康課") | numbers_of(mailed.plan, "保育課")
    assert len(listed) == len(set(listed)), "project 11 of both departments is listed once"


def test_people_without_an_address_are_skipped_and_counted(people, django_capture_on_commit_callbacks, mailoutbox):
    people.bob.email = "bob@city.example.jp"
    people.bob.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=datetime.date(2022, 6, 30), by=people.alice)
    assert len(callbacks) == 1
    from hyoka.notifications.notify import notify_year_opened

    outcome = notify_year_opened(people.plan.cycles.get(fiscal_year=2021))
    assert outcome.sent == ["bob@city.example.jp"]
    assert outcome.without_address == ["carol"]
    assert [m.to for m in mailoutbox] == [["bob@city.example.jp"]]


def test_an_inactive_editor_is_not_mailed(mailed, django_capture_on_commit_callbacks, mailoutbox):
    mailed.carol.is_active = False
    mailed.carol.save()
    open_2021(mailed, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["bob@city.example.jp"]]


def test_nothing_is_mailed_when_the_opening_is_rolled_back(mailed, django_capture_on_commit_callbacks, mailoutbox):
    class Abandoned(Exception):
        pass

    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(Abandoned), transaction.atomic():
        actions.open_cycle(plan=mailed.plan, fiscal_year=2021, deadline=datetime.date(2022, 6, 30), by=mailed.alice)
        raise Abandoned
    assert callbacks == [] and mailoutbox == []
    assert not mailed.plan.cycles.filter(fiscal_year=2021).exists()


def test_a_returned_entry_mails_its_departments_and_the_submitter_with_the_comment(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox
):
    p = mailed
    submitted(p, "11")  # 指導室・保育課・健康課・障がい者支援課
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_evaluation(
            evaluation=entry_of(p.plan, "11"), by=p.alice, comment="利用者数の出典を注記に書いてください。"
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["bob@city.example.jp", "carol@city.example.jp"]
    for m in mailoutbox:
        assert m.subject.startswith("【Hyoka】差し戻し：11 ")
        assert "利用者数の出典を注記に書いてください。" in m.body
        assert "alice により差し戻されました" in m.body
        assert f"/cycle/{opened.pk}/entries/{entry_of(p.plan, '11').pk}/" in m.body
        assert "利用者数の出典を注記に書いてください。" in m.alternatives[0][0]


def test_the_submitter_outside_the_departments_is_told_and_the_actor_is_not(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox
):
    """alice submitted project 3 for 健康課 and approves it herself: bob is told, alice is not."""
    p = mailed
    submitted(p, "3", by=p.alice)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_evaluation(evaluation=entry_of(p.plan, "3"), by=p.alice)
    assert [m.to for m in mailoutbox] == [["bob@city.example.jp"]]

    submitted_by_carol = entry_of(p.plan, "4")
    assert not submitted_by_carol.project.department_links.filter(department__name="保育課").exists()
    submitted(p, "4", by=p.carol)  # carol submitted another department's entry (e.g. covering for them)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_evaluation(evaluation=entry_of(p.plan, "4"), by=p.alice, comment="確認してください。")
    assert "carol@city.example.jp" in [m.to[0] for m in mailoutbox]


def test_an_approved_entry_mails_its_department_with_the_comment(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox
):
    p = mailed
    submitted(p, "3")
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_evaluation(evaluation=entry_of(p.plan, "3"), by=p.alice, comment="よくまとまっています。")
    assert [m.to for m in mailoutbox] == [["bob@city.example.jp"]]
    mail = mailoutbox[0]
    assert mail.subject.startswith("【Hyoka】承認：3 ")
    assert "承認されました" in mail.body and "よくまとまっています。" in mail.body
    assert "令和3年度" in mail.body


def test_a_refused_approval_mails_nobody(mailed, opened, django_capture_on_commit_callbacks, mailoutbox):
    p = mailed
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(actions.WorkflowError):
        actions.approve_evaluation(evaluation=entry_of(p.plan, "3"), by=p.alice)  # not submitted
    assert callbacks == [] and mailoutbox == []


def test_a_failing_mail_server_does_not_undo_the_approval(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox, settings, caplog
):
    p = mailed
    submitted(p, "3")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_evaluation(evaluation=entry_of(p.plan, "3"), by=p.alice)
    assert entry_of(p.plan, "3").status == Evaluation.Status.APPROVED
    assert "mail (approved" in caplog.text


def test_mails_are_japanese_after_an_english_page(mailed, opened, django_capture_on_commit_callbacks, mailoutbox):
    from django.utils import translation

    p = mailed
    submitted(p, "3")
    with translation.override("en"):
        outcome = notify_approved(entry_of(p.plan, "3"), by=p.alice)
    assert outcome.sent == ["bob@city.example.jp"]
    assert "令和3年度" in mailoutbox[0].body and "承認されました" in mailoutbox[0].body


def test_a_return_rolled_back_with_what_surrounds_it_mails_nobody(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox
):
    submitted(mailed, "3")

    class Abandoned(Exception):
        pass

    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(Abandoned), transaction.atomic():
        actions.return_evaluation(evaluation=entry_of(mailed.plan, "3"), by=mailed.alice, comment="直してください。")
        raise Abandoned
    assert callbacks == [] and mailoutbox == []
    assert entry_of(mailed.plan, "3").status == Evaluation.Status.SUBMITTED


def test_text_is_mailed_as_written_and_escaped_only_in_the_html(
    mailed, opened, django_capture_on_commit_callbacks, mailoutbox
):
    submitted(mailed, "3")
    comment = '「<b>R3</b> & R2」の比較を "注記" に'
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_evaluation(evaluation=entry_of(mailed.plan, "3"), by=mailed.alice, comment=comment)
    mail = mailoutbox[0]
    assert comment in mail.body and "&amp;" not in mail.body and "&lt;" not in mail.subject
    assert "&lt;b&gt;R3&lt;/b&gt; &amp; R2" in mail.alternatives[0][0]
