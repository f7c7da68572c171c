"""A plan's projects as plain rows, for the plan page: it lists about seventy and prints six fields of each.

Model instances and prefetches cost more than that page's queries did (about 10 µs a row and a queryset built
per project and relation). The rows come from four plain SELECTs: through ``values()`` the ORM spent twice as
long building these same four fixed queries, on every uncached view of a plan page, as running them and making
the rows. The rows keep the names the visibility rule and ``hyoka.web.dashboard`` read of models
(``evaluation_list``, ``status``, ``fiscal_year``, ``grade``, ``achievement``), so ``Visibility.evaluations``
and ``as_published`` serve both. Tests compare them with what the models say, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections


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


_PROJECTS = """
SELECT id, section_id, number, name, status FROM projects_project WHERE plan_id = %s ORDER BY position, id
"""
_DEPARTMENTS = """
SELECT link.project_id, department.name
FROM projects_projectdepartment link
JOIN projects_project project ON project.id = link.project_id
JOIN plans_department department ON department.id = link.department_id
WHERE project.plan_id = %s ORDER BY link.position, link.id
"""
_BUDGET_ITEMS = """
SELECT link.project_id, item.code, item.name
FROM projects_projectbudgetitem link
JOIN projects_project project ON project.id = link.project_id
JOIN projects_budgetitem item ON item.id = link.budget_item_id
WHERE project.plan_id = %s ORDER BY link.position, link.id
"""
_ENTRIES = """
SELECT entry.id, entry.project_id, entry.fiscal_year, entry.status, entry.grade_id, entry.achievement_id,
       grade.code, grade.label, level.code, level.label
FROM evaluations_evaluation entry
JOIN projects_project project ON project.id = entry.project_id
LEFT JOIN evaluations_grade grade ON grade.id = entry.grade_id
LEFT JOIN evaluations_achievementlevel level ON level.id = entry.achievement_id
WHERE project.plan_id = %s{year}
ORDER BY entry.project_id, entry.fiscal_year
"""


def project_summaries(plan, fiscal_year: int | None = None) -> list[ProjectSummary]:
    """The plan's projects in document order with their departments, budget items and entries (only
    ``fiscal_year``'s when one is given): four queries whatever the plan's size."""
    with connections[plan._state.db or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(_PROJECTS, [plan.pk])
        projects = {row[0]: ProjectSummary(*row) for row in cursor.fetchall()}
        cursor.execute(_DEPARTMENTS, [plan.pk])
        for project_id, name in cursor.fetchall():
            projects[project_id].departments.append(name)
        cursor.execute(_BUDGET_ITEMS, [plan.pk])
        for project_id, code, name in cursor.fetchall():
            projects[project_id].budget_items.append((code, name))
        if fiscal_year is None:
            cursor.execute(_ENTRIES.format(year=""), [plan.pk])
        else:
            cursor.execute(_ENTRIES.format(year=" AND entry.fiscal_year = %s"), [plan.pk, fiscal_year])
        entries = cursor.fetchall()
    marks: dict[tuple[str, str | None], Mark] = {}
    for pk, project_id, year, status, grade_id, achievement_id, *codes in entries:
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
