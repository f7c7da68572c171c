"""Who is told what, and when: a year opened, a deadline near, an entry returned or approved.

The workflow writes (hyoka/evaluations/actions.py) call these through ``transaction.on_commit(…, robust=True)``:
no mail goes out for a change that was rolled back, and a mail server that fails never undoes a saved change
(the failure is logged, and counted in what the function returns).

Recipients are department editors (所管課, active users): of the departments whose projects still have entries to
submit (open, reminders: one mail per person, listing their own entries), and of the entry's departments plus
whoever submitted it (return, approval). A user without an e-mail address is skipped and counted; the person who
acted is not mailed about their own act.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from hyoka.accounts.models import Profile
from hyoka.evaluations.models import Change, Evaluation, EvaluationCycle
from hyoka.jp import format_fiscal_year
from hyoka.notifications.emails import absolute_url, make_message
from hyoka.notifications.models import Reminder
from hyoka.projects.models import ProjectDepartment

logger = logging.getLogger("hyoka.notifications")

Status = Evaluation.Status
# Entries a department still has to submit: to fill (not started, draft) and to fix (returned).
PENDING = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)


@dataclass
class Outcome:
    """What one notification did: addresses mailed, users skipped for having no address, sends that failed."""

    sent: list[str] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class ReminderBatch(Outcome):
    """The reminders of one cycle on one run: which threshold was due, and who had it already."""

    cycle: EvaluationCycle | None = None
    days_before: int = 0
    days_left: int = 0
    already: list[str] = field(default_factory=list)


# ---- the four notifications ------------------------------------------------------------------------------


def notify_year_opened(cycle: EvaluationCycle) -> Outcome:
    """Each department editor learns the year is open: their projects, the deadline, the links."""
    outcome = Outcome()
    messages = []
    for user, entries in _pending_by_editor(cycle):
        if _skip_without_address(user, outcome):
            continue
        messages.append((user, make_message("opened", user.email, _cycle_context(cycle, user, entries))))
    _send_all(messages, outcome, what=f"year opened {cycle.pk}")
    return outcome


def notify_returned(evaluation: Evaluation, comment: str, *, by: User | None = None) -> Outcome:
    """The entry came back with what to fix: its departments' editors and whoever submitted it read the comment."""
    return _notify_entry("returned", evaluation, by=by, comment=comment)


def notify_approved(evaluation: Evaluation, comment: str = "", *, by: User | None = None) -> Outcome:
    """The entry is approved: nothing more to do for it (the comment, if the planning office wrote one)."""
    return _notify_entry("approved", evaluation, by=by, comment=comment)


def send_reminders(today: date, days_before: Sequence[int] = (7, 1), *, dry_run: bool = False) -> list[ReminderBatch]:
    """Remind the editors with entries still to submit, ``days_before`` days before each open year's deadline.

    For ``hyoka remind`` run by a timer: the reminder due is the nearest threshold at or above the days left, so a
    day the timer missed is caught up on the next run (until the deadline day); each person gets each threshold
    once per deadline (the ``Reminder`` log), so running twice a day mails once. A threshold that had passed when
    the year was opened (or reopened) is not sent: the opening mail said it. ``dry_run`` sends and logs nothing.
    """
    thresholds = sorted({d for d in days_before if d >= 0})
    if not thresholds:
        return []
    cycles = (
        EvaluationCycle.objects.filter(Q(published_at__isnull=True) | Q(reopened_at__isnull=False))
        .filter(deadline__gte=today, deadline__lte=today + timedelta(days=thresholds[-1]))
        .select_related("plan", "plan__municipality")
        .order_by("deadline", "pk")
    )
    batches = []
    for cycle in cycles:
        days_left = (cycle.deadline - today).days
        due = min(d for d in thresholds if d >= days_left)
        started = timezone.localdate(cycle.reopened_at or cycle.opened_at)
        if started >= cycle.deadline - timedelta(days=due):
            continue
        batches.append(_remind(cycle, today, due, dry_run))
    return batches


# ---- internals -------------------------------------------------------------------------------------------


def _remind(cycle: EvaluationCycle, today: date, due: int, dry_run: bool) -> ReminderBatch:
    batch = ReminderBatch(cycle=cycle, days_before=due, days_left=(cycle.deadline - today).days)
    reminded = set(
        Reminder.objects.filter(cycle=cycle, deadline=cycle.deadline, days_before=due).values_list("user_id", flat=True)
    )
    connection = get_connection()
    with suppress(Exception):  # a server that cannot be reached fails each send below, logged and counted
        connection.open()
    try:
        for user, entries in _pending_by_editor(cycle):
            if user.pk in reminded:
                batch.already.append(user.email or user.get_username())
                continue
            if _skip_without_address(user, batch):
                continue
            if dry_run:
                batch.sent.append(user.email)
                continue
            context = {**_cycle_context(cycle, user, entries), "days_left": batch.days_left}
            message = make_message("reminder", user.email, context)
            message.connection = connection
            try:
                with transaction.atomic():  # the log row and the send succeed or fail together
                    Reminder.objects.create(
                        cycle=cycle, user=user, email=user.email, deadline=cycle.deadline, days_before=due
                    )
                    message.send()
            except IntegrityError:  # another run reminded them in the meantime
                batch.already.append(user.email)
            except Exception:
                logger.exception("reminder to %s for cycle %s failed", user.email, cycle.pk)
                batch.failed.append(user.email)
            else:
                batch.sent.append(user.email)
    finally:
        connection.close()
    return batch


def _notify_entry(kind: str, evaluation: Evaluation, *, by: User | None, comment: str) -> Outcome:
    entry = (
        Evaluation.objects.select_related("project", "project__plan", "project__plan__municipality")
        .prefetch_related(_department_links())
        .get(pk=evaluation.pk)
    )
    cycle = EvaluationCycle.objects.filter(plan_id=entry.project.plan_id, fiscal_year=entry.fiscal_year).first()
    outcome = Outcome()
    messages = []
    for user in _entry_recipients(entry, exclude=by):
        if _skip_without_address(user, outcome):
            continue
        context = {
            "user": user,
            "name": _name(user),
            "entry": entry,
            "plan": entry.project.plan,
            "plan_name": _plan_name(entry.project.plan),
            "year": format_fiscal_year(entry.fiscal_year),
            "departments": _department_names(entry),
            "cycle": cycle,
            "comment": comment.strip(),
            "by": _name(by) if by else "",
            "url": absolute_url("cycle-entry", cycle.pk, entry.pk) if cycle else "",
        }
        messages.append((user, make_message(kind, user.email, context)))
    _send_all(messages, outcome, what=f"{kind} {entry.pk}")
    return outcome


def _entry_recipients(entry: Evaluation, *, exclude: User | None) -> list[User]:
    """The editors of the entry's departments and the person who last submitted it, without the actor."""
    department_ids = [link.department_id for link in entry.project.department_link_list]
    people = {u.pk: u for users in _editors(department_ids).values() for u in users}
    submission = (
        Change.objects.filter(evaluation=entry, action=Change.Action.SUBMITTED)
        .select_related("user")
        .order_by("-at", "-pk")
        .first()
    )
    if submission is not None and submission.user is not None and submission.user.is_active:
        people.setdefault(submission.user.pk, submission.user)
    if exclude is not None:
        people.pop(exclude.pk, None)
    return sorted(people.values(), key=lambda u: u.get_username())


def _pending_by_editor(cycle: EvaluationCycle) -> list[tuple[User, list[Evaluation]]]:
    """Each department editor with the cycle's entries of their departments still to submit (three queries)."""
    entries = list(
        Evaluation.objects.for_cycle(cycle)
        .filter(status__in=PENDING)
        .select_related("project")
        .prefetch_related(_department_links())
        .order_by("project__position", "project__pk")
    )
    editors = _editors({link.department_id for e in entries for link in e.project.department_link_list})
    by_user: dict[int, tuple[User, list[Evaluation]]] = {}
    for entry in entries:
        users = {u.pk: u for link in entry.project.department_link_list for u in editors.get(link.department_id, [])}
        for user in users.values():
            by_user.setdefault(user.pk, (user, []))[1].append(entry)
    return sorted(by_user.values(), key=lambda pair: pair[0].get_username())


def _editors(department_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active department editors of each department, in one query."""
    links = (
        Profile.departments.through.objects.filter(
            department_id__in=list(department_ids),
            profile__role=Profile.Role.DEPARTMENT_EDITOR,
            profile__user__is_active=True,
        )
        .select_related("profile__user")
        .order_by("profile__user__username")
    )
    editors: dict[int, list[User]] = {}
    for link in links:
        editors.setdefault(link.department_id, []).append(link.profile.user)
    return editors


def _department_links() -> Prefetch:
    return Prefetch(
        "project__department_links",
        queryset=ProjectDepartment.objects.select_related("department"),
        to_attr="department_link_list",
    )


def _cycle_context(cycle: EvaluationCycle, user: User, entries: list[Evaluation]) -> dict:
    return {
        "user": user,
        "name": _name(user),
        "cycle": cycle,
        "plan": cycle.plan,
        "plan_name": _plan_name(cycle.plan),
        "year": format_fiscal_year(cycle.fiscal_year),
        "deadline": cycle.deadline,
        "cycle_url": absolute_url("cycle-detail", cycle.pk),
        "entries": [
            {
                "number": e.project.number,
                "name": e.project.name,
                "departments": _department_names(e),
                "status": e.get_status_display,  # called while rendering, in Japanese
                "url": absolute_url("cycle-entry", cycle.pk, e.pk),
            }
            for e in entries
        ],
    }


def _department_names(entry: Evaluation) -> str:
    return "・".join(link.department.name for link in entry.project.department_link_list)


def _plan_name(plan) -> str:
    """The plan as a mail names it: with its city, once (あきる野市子ども・子育て支援総合計画 names it already)."""
    city = plan.municipality.name
    return str(plan) if str(plan).startswith(city) else f"{city} {plan}"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _skip_without_address(user: User, outcome: Outcome) -> bool:
    if user.email.strip():
        return False
    outcome.without_address.append(user.get_username())
    return True


def _send_all(messages: list[tuple[User, EmailMessage]], outcome: Outcome, *, what: str) -> None:
    """Send over one connection; a failure is logged and counted, never raised into the workflow."""
    if not messages:
        return
    try:
        with get_connection() as connection:
            for user, message in messages:
                message.connection = connection
                try:
                    message.send()
                except Exception:
                    logger.exception("mail (%s) to %s failed", what, user.email)
                    outcome.failed.append(user.email)
                else:
                    outcome.sent.append(user.email)
    except Exception:  # the server could not even be reached
        logger.exception("mail (%s): no connection to the mail server", what)
        outcome.failed.extend(m.to[0] for _, m in messages if m.to[0] not in outcome.sent)
