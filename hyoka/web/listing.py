"""The project list: its filters (GET parameters), its rows and its downloads, in a fixed number of queries.

Every filter is applied in Python to the plan's prefetched projects: the grade and achievement shown
are those of the latest evaluation the reader may see, which the database cannot know, and a plan
has hundreds of projects, not millions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hyoka.evaluations.models import AchievementLevel, Evaluation, Grade
from hyoka.evaluations.visibility import Visibility
from hyoka.jp.matching import normalise
from hyoka.jp.numbers import nfkc
from hyoka.plans.models import Plan
from hyoka.projects.models import Project
from hyoka.web.dashboard import YearChoice, latest_evaluation, page_urls, visible_evaluations


def _int(value: str | None) -> int | None:
    value = nfkc(value or "").strip()
    return int(value) if value.isdigit() else None


def requested_year(data: Any) -> int | None:
    """The ``fy`` a page was asked for (半角 or 全角 digits), not yet checked against the years the reader may pick."""
    return _int(data.get("fy"))


@dataclass(frozen=True)
class ProjectFilter:
    department: int | None = None
    status: str = ""
    grade: str = ""
    achievement: str = ""
    q: str = ""
    fy: int | None = None

    @classmethod
    def from_query(cls, data: Any, year: YearChoice | None = None) -> ProjectFilter:
        """The filter of a GET query; the year is the page's ``year_choice`` (a year the reader may pick)."""
        return cls(
            department=_int(data.get("department")),
            status=(data.get("status") or "").strip(),
            grade=(data.get("grade") or "").strip(),
            achievement=(data.get("achievement") or "").strip(),
            q=(data.get("q") or "").strip(),
            fy=year.chosen if year is not None else _int(data.get("fy")),
        )

    @property
    def active(self) -> bool:
        """A filter the reader chose (the year is always set where the plan has evaluation years)."""
        return any((self.department, self.status, self.grade, self.achievement, self.q))


@dataclass
class ProjectRow:
    project: Project
    departments: list[str]
    evaluation: Evaluation | None
    url: str  # the project's page

    @property
    def section_title(self) -> str:
        s = self.project.section
        return f"{s.level}{s.number} {s.title}".strip() if s else ""


def _matches(row: ProjectRow, f: ProjectFilter, query: str) -> bool:
    p, e = row.project, row.evaluation
    if f.department and all(link.department_id != f.department for link in p.department_link_list):
        return False
    if f.status and p.status != f.status:
        return False
    if f.grade and (e is None or e.grade is None or e.grade.code != f.grade):
        return False
    if f.achievement and (e is None or e.achievement is None or e.achievement.code != f.achievement):
        return False
    if query:
        haystack = normalise(" ".join([p.number, p.name, p.description, p.status, *row.departments]))
        return all(word in haystack for word in query.split())
    return True


def project_table(plan: Plan, visibility: Visibility, f: ProjectFilter) -> dict:
    """The filtered rows and the choices of every filter (from the whole plan, so they do not vanish)."""
    rows, years, departments, statuses = [], set(), {}, []
    url = page_urls("project-detail", plan)
    for project in Project.objects.for_plan(plan):
        for e in visible_evaluations(project, visibility):
            years.add(e.fiscal_year)
        for link in project.department_link_list:
            departments[link.department_id] = link.department.name
        if project.status and project.status not in statuses:
            statuses.append(project.status)
        names = [link.department.name for link in project.department_link_list]
        rows.append(ProjectRow(project, names, latest_evaluation(project, visibility, f.fy), url(project.pk)))
    query = normalise(f.q)
    shown = [row for row in rows if _matches(row, f, query)]
    return {
        "rows": shown,
        "total": len(rows),
        "filter": f,
        "departments": sorted(departments.items(), key=lambda item: item[1]),
        "statuses": statuses,
        "grades": list(Grade.objects.filter(scheme__plan=plan).order_by("position")),
        "achievements": list(AchievementLevel.objects.filter(scheme__plan=plan).order_by("position")),
        "years": sorted(years, reverse=True),
    }


DOWNLOAD_HEADER = ["番号", "事業名", "区分", "施策体系", "所管課", "評価年度", "評価", "達成度", "事業内容"]


def download_rows(rows: list[ProjectRow]) -> list[list[Any]]:
    return [
        [
            row.project.number,
            row.project.name,
            row.project.status,
            row.section_title,
            "、".join(row.departments),
            row.evaluation.fiscal_year if row.evaluation else "",
            row.evaluation.grade.code if row.evaluation and row.evaluation.grade else "",
            row.evaluation.achievement.code if row.evaluation and row.evaluation.achievement else "",
            row.project.description,
        ]
        for row in rows
    ]
