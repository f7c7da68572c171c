"""The やること list: what one person has to do next, across every plan, in a fixed number of queries.

A department editor (所管課) fills and fixes the entries of their departments in open years; the planning
office (企画課) and reviewers (評価委員) look at submitted entries and follow the open years' collection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hyoka.accounts import access
from hyoka.evaluations.models import Evaluation, EvaluationCycle
from hyoka.notifications.notify import PENDING
from hyoka.projects.models import ProjectDepartment

Status = Evaluation.Status


@dataclass
class Tasks:
    role: str | None
    to_fill: list[Evaluation] = field(default_factory=list)  # not started or draft
    to_fix: list[Evaluation] = field(default_factory=list)  # returned
    to_review: list[Evaluation] = field(default_factory=list)  # submitted, awaiting the planning office
    open_cycles: list[EvaluationCycle] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.to_fill or self.to_fix or self.to_review or self.open_cycles)


def open_cycles() -> QuerySet[EvaluationCycle]:
    """Years taking entries: opened and not published, or reopened to be corrected."""
    return EvaluationCycle.objects.filter(Q(published_at__isnull=True) | Q(reopened_at__isnull=False))


def tasks_for(user: User | AnonymousUser, today: date | None = None) -> Tasks:
    """The person's tasks by role; a login without a role has none. Entries carry ``cycle_pk``,
    ``deadline`` and ``days_left``; cycles carry ``total``, ``submitted`` and ``approved``."""
    today = today or timezone.localdate()
    role = access.role_of(user)
    tasks = Tasks(role=role)
    if role == access.Role.DEPARTMENT_EDITOR:
        departments = access.editable_department_ids(user)
        mine = Exists(
            ProjectDepartment.objects.filter(project_id=OuterRef("project_id"), department_id__in=departments)
        )
        entries = _listed(
            Evaluation.objects.filter(mine, status__in=PENDING).filter(Exists(_cycle_of_entry(open_cycles()))), today
        )
        tasks.to_fill = [e for e in entries if e.status != Status.RETURNED]
        tasks.to_fix = [e for e in entries if e.status == Status.RETURNED]
    elif role in (access.Role.PLANNING_ADMIN, access.Role.REVIEWER):
        submitted = Evaluation.objects.filter(status=Status.SUBMITTED)
        tasks.to_review = _listed(submitted.filter(Exists(_cycle_of_entry(EvaluationCycle.objects.all()))), today)
        tasks.open_cycles = list(_with_collection(open_cycles()).select_related("plan", "plan__municipality"))
        for cycle in tasks.open_cycles:
            cycle.days_until = (cycle.deadline - today).days
            cycle.days_late = max(0, -cycle.days_until)
    return tasks


def _cycle_of_entry(cycles: QuerySet[EvaluationCycle]) -> QuerySet[EvaluationCycle]:
    return cycles.filter(plan_id=OuterRef("project__plan_id"), fiscal_year=OuterRef("fiscal_year"))


def _listed(entries: QuerySet[Evaluation], today: date) -> list[Evaluation]:
    """Entries with their plan, departments, cycle and deadline, soonest deadline first (two queries)."""
    cycle = _cycle_of_entry(EvaluationCycle.objects.all())
    rows = list(
        entries.annotate(
            cycle_pk=Subquery(cycle.values("pk")[:1]),
            deadline=Subquery(cycle.values("deadline")[:1]),
        )
        .select_related("project", "project__plan", "project__plan__municipality")
        .prefetch_related("project__department_links__department")
        .order_by("deadline", "project__plan_id", "fiscal_year", "project__position", "pk")
    )
    for e in rows:
        e.days_left = (e.deadline - today).days
        e.days_late = max(0, -e.days_left)
    return rows


def _with_collection(cycles: QuerySet[EvaluationCycle]) -> QuerySet[EvaluationCycle]:
    """Each cycle's entries in all, submitted (approved included) and approved, as subqueries of one query."""

    def count(*statuses: str) -> Coalesce:
        entries = Evaluation.objects.filter(project__plan_id=OuterRef("plan_id"), fiscal_year=OuterRef("fiscal_year"))
        if statuses:
            entries = entries.filter(status__in=statuses)
        counted = entries.order_by().values("fiscal_year").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return cycles.annotate(
        total=count(),
        submitted=count(Status.SUBMITTED, Status.APPROVED),
        approved=count(Status.APPROVED),
    ).order_by("deadline", "pk")
