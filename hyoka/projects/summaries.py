"""A plan's projects as plain rows, for the plan page: it lists about seventy and prints six fields of each.

Model instances and prefetches cost more than that page's queries did (about 10 µs a row and a queryset built
per project and relation): four ``values()`` queries give the same rows at a third of the cost. The rows keep
the names the visibility rule and ``hyoka.web.dashboard`` read of models (``evaluation_list``, ``status``,
``fiscal_year``, ``grade``, ``achievement``), so ``Visibility.evaluations`` and ``as_published`` serve both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hyoka.evaluations.models import Evaluation
from hyoka.projects.models import Project, ProjectBudgetItem, ProjectDepartment


@dataclass(frozen=True)
class Mark:
    """A grade (評価) or achievement level (達成度) as a list prints it."""

    code: str
    label: str


@dataclass
class Entry:  # 評価 (one year of a project), what the visibility rule and the list read of it
    pk: int
    project_id: int
    fiscal_year: int
    status: str
    grade_id: int | None
    achievement_id: int | None
    grade: Mark | None
    achievement: Mark | None


@dataclass
class ProjectSummary:  # 事業, as the plan page lists it
    pk: int
    section_id: int | None
    number: str
    name: str
    status: str  # 区分 (継続・新規…)
    departments: list[str] = field(default_factory=list)
    budget_items: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    evaluation_list: list[Entry] = field(default_factory=list)  # oldest year first


def project_summaries(plan, fiscal_year: int | None = None) -> list[ProjectSummary]:
    """The plan's projects in document order with their departments, budget items and entries (only
    ``fiscal_year``'s when one is given): four queries whatever the plan's size."""
    projects = {
        pk: ProjectSummary(pk, section_id, number, name, status)
        for pk, section_id, number, name, status in Project.objects.filter(plan=plan)
        .order_by("position")
        .values_list("pk", "section_id", "number", "name", "status")
    }
    in_plan = {"project__plan": plan}
    for project_id, name in (
        ProjectDepartment.objects.filter(**in_plan).order_by("position").values_list("project_id", "department__name")
    ):
        projects[project_id].departments.append(name)
    for project_id, code, name in (
        ProjectBudgetItem.objects.filter(**in_plan)
        .order_by("position")
        .values_list("project_id", "budget_item__code", "budget_item__name")
    ):
        projects[project_id].budget_items.append((code, name))
    entries = Evaluation.objects.filter(**in_plan)
    if fiscal_year is not None:
        entries = entries.filter(fiscal_year=fiscal_year)
    marks: dict[tuple[str, str | None], Mark] = {}
    for pk, project_id, year, status, grade_id, achievement_id, *codes in entries.order_by(
        "project_id", "fiscal_year"
    ).values_list(
        "pk",
        "project_id",
        "fiscal_year",
        "status",
        "grade_id",
        "achievement_id",
        "grade__code",
        "grade__label",
        "achievement__code",
        "achievement__label",
    ):
        grade = _mark(marks, codes[0], codes[1])
        achievement = _mark(marks, codes[2], codes[3])
        entry = Entry(pk, project_id, year, status, grade_id, achievement_id, grade, achievement)
        projects[project_id].evaluation_list.append(entry)
    return list(projects.values())


def _mark(marks: dict[tuple[str, str | None], Mark], code: str | None, label: str | None) -> Mark | None:
    """One Mark per grade of the plan's scheme (most entries share a handful)."""
    if code is None:
        return None
    if (code, label) not in marks:
        marks[code, label] = Mark(code, label or "")
    return marks[code, label]
