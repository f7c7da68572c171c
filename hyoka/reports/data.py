"""Everything a report needs from one plan, fetched in a fixed number of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Max, Prefetch

from hyoka.evaluations.models import AchievementLevel, Evaluation, EvaluationScheme, Grade
from hyoka.evaluations.record import as_published, year_record
from hyoka.indicators.models import Observation
from hyoka.indicators.progress import ProgressRow, assess_indicator, grade_rules, progress_rows
from hyoka.jp import format_fiscal_year
from hyoka.plans.models import Benchmark, Plan, Revision, Section
from hyoka.projects.models import Project


@dataclass
class ProjectData:
    project: Project
    departments: list[str]
    evaluation: Evaluation | None  # the report year's, if any
    kpis: list[ProgressRow] = field(default_factory=list)  # indicators tied to this project


@dataclass
class SectionNode:
    section: Section
    children: list[SectionNode] = field(default_factory=list)
    projects: list[ProjectData] = field(default_factory=list)
    kpis: list[ProgressRow] = field(default_factory=list)

    def walk(self) -> list[SectionNode]:
        """This section and every section below it, in document order."""
        return [self, *(n for c in self.children for n in c.walk())]


@dataclass
class PlanData:
    plan: Plan
    fiscal_year: int | None
    goals: list[SectionNode]  # top-level sections (基本目標)
    kpis: list[ProgressRow]  # every KPI, in plan order
    plan_kpis: list[ProgressRow]  # KPIs of the whole plan (no section)
    plan_projects: list[ProjectData]
    grades: list[Grade]
    achievement_levels: list[AchievementLevel]
    legend: str
    revisions: list[Revision]
    benchmarks: list[Benchmark]
    unit_cost: Decimal | None = None  # 人件費単価 per person-year: the scheme's, or as recorded when published
    recorded: bool = False  # a published year, printed from its record (hyoka.evaluations.record)

    @property
    def year_label(self) -> str:
        if self.fiscal_year:
            return format_fiscal_year(self.fiscal_year)
        p = self.plan
        if p.start_fy and p.end_fy:
            return f"{format_fiscal_year(p.start_fy)}〜{format_fiscal_year(p.end_fy)}"
        return p.version

    def projects(self) -> list[ProjectData]:
        return [*self.plan_projects, *(p for g in self.goals for n in g.walk() for p in n.projects)]


def default_fiscal_year(plan: Plan) -> int | None:
    """The latest year evaluated, else the latest year observed, else the plan's last year."""
    evaluated = Evaluation.objects.filter(project__plan=plan).aggregate(fy=Max("fiscal_year"))["fy"]
    observed = Observation.objects.filter(indicator__plan=plan).aggregate(fy=Max("fiscal_year"))["fy"]
    return evaluated or observed or plan.end_fy


def as_of(rows: list[ProgressRow], fiscal_year: int | None) -> list[ProgressRow]:
    """Assess each KPI at the latest year up to ``fiscal_year``: a report for 令和2年度 ignores later actuals."""
    if fiscal_year is None:
        return rows
    rows = [replace(row, as_of=fiscal_year) for row in rows]  # a KPI without values shows the year's target
    if all((r.progress.fiscal_year or 0) <= fiscal_year for r in rows):
        return rows
    rules = grade_rules(rows[0].indicator.plan)
    out = []
    for row in rows:
        if (row.progress.fiscal_year or 0) <= fiscal_year:
            out.append(row)
            continue
        kept = [o for o in row.indicator.observations.all() if (o.fiscal_year or o.year or 0) <= fiscal_year]
        result = assess_indicator(row.indicator, kept, rules=rules)  # against the target in force then
        out.append(
            ProgressRow(indicator=row.indicator, latest=kept[-1] if kept else None, progress=result, as_of=fiscal_year)
        )
    return out


def load_plan_data(plan: Plan, fiscal_year: int | None = None) -> PlanData:
    """The plan as of the year. A published year that has a record prints the record: the entries, KPI
    rules and verdicts and the scheme as they were published, whatever was edited since."""
    fy = fiscal_year if fiscal_year is not None else default_fiscal_year(plan)
    kpis = as_of(progress_rows(plan), fy)
    record = year_record(plan.pk, fy)
    if record is not None:
        kpis = record.rows({row.indicator.pk: row.indicator for row in kpis})
    evaluations = Evaluation.objects.filter(fiscal_year=fy).select_related("grade", "achievement")
    projects = (
        Project.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            "department_links__department",
            "budget_links__budget_item",
            "budget_links__department",
            "attachments",
            Prefetch("evaluations", queryset=evaluations.prefetch_related("metrics"), to_attr="year_evaluations"),
        )
    )
    kpis_by_project: dict[int, list[ProgressRow]] = defaultdict(list)
    kpis_by_section: dict[int | None, list[ProgressRow]] = defaultdict(list)
    for row in kpis:
        kpis_by_section[row.indicator.section_id].append(row)
        if row.indicator.project_id:
            kpis_by_project[row.indicator.project_id].append(row)
    projects_by_section: dict[int | None, list[ProjectData]] = defaultdict(list)
    for p in projects:
        departments = [link.department.name for link in p.department_links.all()]
        evaluation = p.year_evaluations[0] if p.year_evaluations else None
        if record is not None and evaluation is not None:  # only what was published, as it was
            published = record.evaluations.get(evaluation.pk)
            evaluation = as_published(evaluation, published) if published else None
        projects_by_section[p.section_id].append(ProjectData(p, departments, evaluation, kpis_by_project[p.pk]))

    nodes = {s.pk: SectionNode(s) for s in Section.objects.filter(plan=plan).order_by("position")}
    goals = []
    for node in nodes.values():
        node.projects = projects_by_section[node.section.pk]
        node.kpis = kpis_by_section[node.section.pk]
        parent = nodes.get(node.section.parent_id)
        (parent.children if parent else goals).append(node)

    scheme = EvaluationScheme.objects.filter(plan=plan).prefetch_related("grades", "achievement_levels").first()
    grades = list(scheme.grades.all()) if scheme else []
    levels = list(scheme.achievement_levels.all()) if scheme else []
    unit_cost = scheme.unit_cost_per_person_year if scheme else None
    legend = scheme.legend_text if scheme else ""
    if record is not None:
        grades, levels, unit_cost = record.grades(), record.achievement_levels(), record.unit_cost
        legend = record.scheme.get("legend_text", legend)
    return PlanData(
        plan=plan,
        fiscal_year=fy,
        goals=goals,
        kpis=kpis,
        plan_kpis=kpis_by_section[None],
        plan_projects=projects_by_section[None],
        grades=grades,
        achievement_levels=levels,
        legend=legend,
        revisions=list(Revision.objects.filter(plan=plan).order_by("position")),
        benchmarks=list(Benchmark.objects.filter(plan=plan).order_by("position")),
        unit_cost=unit_cost,
        recorded=record is not None,
    )
