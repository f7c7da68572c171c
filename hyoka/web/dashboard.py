"""What the plan, KPI and project pages show, assembled from a fixed number of queries.

Views call these with the plan from ``access_plan`` and the reader's ``Visibility``; nothing here
asks who the reader is. Hidden years are dropped in Python from prefetched rows, so a public page
and a staff page run the same queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language, gettext

from hyoka.evaluations.models import AchievementLevel, Evaluation, EvaluationCycle, Grade
from hyoka.evaluations.visibility import Visibility
from hyoka.indicators.models import Indicator, Observation, attach_values
from hyoka.indicators.progress import (
    ProgressRow,
    TargetInForce,
    assess_indicator,
    grade_rules,
    original_target,
    progress_rows,
    revisions_of,
    target_in_force,
)
from hyoka.jp import delta_phrase, format_cell, format_fiscal_year, format_number, format_quantity
from hyoka.jp.numbers import nfkc
from hyoka.plans.models import Benchmark, Plan, Revision, Section
from hyoka.plans.rows import plan_rows
from hyoka.projects.models import Project
from hyoka.projects.summaries import Entry, ProjectSummary, project_summaries
from hyoka.vocabulary import KPI_STATUSES, SUMMARY_STATUSES, kpi_status, summary_status
from hyoka.web import charts


def name_key(name: str) -> str:
    """Names compared the way a reader would: 全角/半角 and spaces do not matter."""
    return "".join(nfkc(name).split()).casefold()


def page_urls(name: str, plan: Plan) -> Callable[[int], str]:
    """``reverse(name, args=[plan.pk, pk])`` for each of the many KPIs or projects a page links to.

    reverse() matches the URL patterns anew on every call, about 30 µs, and the plan page links 130
    KPIs and projects. The id is the last part of these URLs, so one reverse with 0 for it gives the others.
    """
    head, zero, tail = reverse(name, args=[plan.pk, 0]).rpartition("/0/")
    assert zero, f"{name}: the id is not the last part of the URL"
    return lambda pk: f"{head}/{pk}/{tail}"


# ---------------------------------------------------------------------------
# The year a page shows (?fy=)


def english() -> bool:
    return (get_language() or "").startswith("en")


def year_label(fiscal_year: int) -> str:
    """A fiscal year as the reader's language writes it: 令和6年度, or FY2024."""
    return year_labeller()(fiscal_year)


def year_labeller() -> Callable[[int], str]:
    """``year_label`` for the reader's language as it is now, for many years in a row (the language read once)."""
    return (lambda fiscal_year: f"FY{fiscal_year}") if english() else format_fiscal_year


@dataclass(frozen=True)
class YearChoice:
    """The years a reader may pick (newest first), the one shown, and which of them are published."""

    years: list[int]
    chosen: int | None
    published: frozenset[int] = frozenset()

    @property
    def report_default(self) -> int | None:
        """The year a report prints unless another is chosen: the latest published, not the year in progress."""
        return max(self.published & set(self.years), default=self.chosen)

    @property
    def draft(self) -> bool:
        """The year shown is opened and not yet published (its figures are a 案)."""
        return self.chosen is not None and self.chosen not in self.published


def year_choice(plan: Plan, visibility: Visibility, requested: int | None) -> YearChoice:
    """The plan's evaluation years (one query for staff; the public's ``visibility`` holds them). The public picks
    among the published ones (a reopened year reads as it was published) and sees the latest by default;
    staff pick any and see the open year."""
    if visibility.everything:
        cycles = list(
            EvaluationCycle.objects.filter(plan=plan).values_list("fiscal_year", "published_at", "reopened_at")
        )
        published = frozenset(fy for fy, at, again in cycles if at is not None and again is None)
        years = sorted((fy for fy, _, _ in cycles), reverse=True)
        open_years = [fy for fy, at, again in cycles if at is None or again is not None]
        default = max(open_years, default=None) or max(years, default=None)
    else:  # visibility_for read the cycles: no query
        published = visibility.published_years
        years = sorted(visibility.published_years | visibility.reopened_years, reverse=True)
        default = years[0] if years else None
    # A plan no cycle was opened for (figures read from the city's documents) has no years to choose among:
    # the requested year stands, and visibility still hides what the reader may not see.
    chosen = requested if requested in years or not years else default
    return YearChoice(years, chosen, published)


# ---------------------------------------------------------------------------
# KPI cards


@dataclass
class KpiCard:
    row: ProgressRow
    value: str  # latest value as printed (421人, or 確報値待ち)
    delta: str  # from the baseline, in words: 462人増, 7.8ポイント上昇
    bar_percent: Decimal | None  # progress clamped to 0–100 for the bar
    spark: str  # inline SVG, empty when there is nothing to draw
    url: str = ""  # the KPI's page
    benchmarks: list[Benchmark] = field(default_factory=list)  # 比較値 of other areas for the same indicator
    project_number: str = ""  # of the project (事業) the KPI measures, when one and it is numbered

    @property
    def in_words(self) -> bool:
        """The value is printed text (確報値待ち), not a number."""
        return self.row.latest is None or self.row.latest.value is None

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def tone(self) -> str:
        tone = KPI_STATUSES[self.row.status].tone
        return tone if tone != "muted" else ""


def _year(observation: Observation) -> int | None:
    return observation.fiscal_year or observation.year


def kpi_card(
    row: ProgressRow, benchmarks: Sequence[Benchmark] = (), url: str = "", project_number: str = ""
) -> KpiCard:
    indicator, progress = row.indicator, row.progress
    latest = row.latest
    value = format_cell(latest.value, indicator.unit, latest.text) if latest else "—"
    language = "en" if english() else "ja"
    delta = (
        delta_phrase(progress.delta, indicator.unit or None, language=language) if progress.delta is not None else ""
    )
    percent = progress.progress_percent
    bar = None if percent is None else max(Decimal(0), min(Decimal(100), percent))
    points = [(_year(o), o.value) for o in row.observations if o.value is not None and _year(o) is not None]
    if indicator.baseline_value is not None and (indicator.baseline_fiscal_year or indicator.baseline_year):
        baseline_year = indicator.baseline_fiscal_year or indicator.baseline_year
        if all(year != baseline_year for year, _ in points):
            points.insert(0, (baseline_year, indicator.baseline_value))
    points.sort(key=lambda p: p[0])
    year = year_labeller()  # ten years a card, sixty cards a page: the language is read once
    label = "、".join(
        [gettext("%(name)sの推移") % {"name": indicator.name}]
        + [f"{year(y)} {format_quantity(v, indicator.unit or None)}" for y, v in points]
        + (
            [gettext("目標 %(value)s") % {"value": format_quantity(indicator.target_value, indicator.unit or None)}]
            if indicator.target_value
            else []
        )
    )
    # One point makes no line: the card's value already says it.
    spark = charts.sparkline(points, label=label, target=indicator.target_value) if len(points) > 1 else ""
    return KpiCard(
        row=row,
        value=value,
        delta=delta,
        bar_percent=bar,
        spark=spark,
        url=url,
        benchmarks=list(benchmarks),
        project_number=project_number,
    )


def kpi_cards(
    plan: Plan,
    rows: Iterable[ProgressRow],
    benchmarks: Iterable[Benchmark],
    project_numbers: dict[int, str] | None = None,
) -> list[KpiCard]:
    """The cards of ``rows``, each with its benchmarks (by name) and its project's number (by project id)."""
    project_numbers = project_numbers or {}
    by_name: dict[str, list[Benchmark]] = defaultdict(list)
    for b in benchmarks:
        by_name[name_key(b.indicator)].append(b)
    url = page_urls("indicator-detail", plan)
    return [
        kpi_card(
            row,
            by_name.get(name_key(row.indicator.name), []),
            url(row.indicator.pk),
            project_numbers.get(row.indicator.project_id, ""),
        )
        for row in rows
    ]


# ---------------------------------------------------------------------------
# Evaluations


def visible_evaluations(project: Project | ProjectSummary, visibility: Visibility) -> list[Evaluation | Entry]:
    """The project's evaluations (``Project.objects.for_plan`` or ``project_summaries``) the reader may see,
    oldest year first."""
    return visibility.evaluations(project.evaluation_list)


def latest_evaluation(
    project: Project | ProjectSummary, visibility: Visibility, fiscal_year: int | None = None
) -> Evaluation | Entry | None:
    """The evaluation of ``fiscal_year``, or the latest visible one that carries a grade or achievement."""
    shown = visible_evaluations(project, visibility)
    if fiscal_year is not None:
        return next((e for e in shown if e.fiscal_year == fiscal_year), None)
    graded = [e for e in shown if e.grade_id or e.achievement_id]
    return (graded or shown or [None])[-1]


@dataclass
class GradeCount:
    code: str
    label: str
    count: int
    percent: int  # of the graded projects, for the bar


def grade_distribution(grades: Sequence[Grade], latest: Iterable[Evaluation | None]) -> tuple[list[GradeCount], int]:
    """Counts per grade code (in the scheme's order) of each project's latest evaluation, and how many have none."""
    counts = Counter(e.grade.code for e in latest if e is not None and e.grade is not None)
    total = sum(counts.values())
    rows = [
        GradeCount(g.code, g.label, counts[g.code], round(100 * counts[g.code] / total) if total else 0) for g in grades
    ]
    return rows, total


# ---------------------------------------------------------------------------
# The plan page


@dataclass
class ProjectLine:
    project: ProjectSummary
    latest: Entry | Evaluation | None  # an Evaluation: a reopened year's entry as it was published
    url: str  # the project's page


@dataclass
class SectionBlock:
    section: Section
    depth: int
    cards: list[KpiCard]
    projects: list[ProjectLine]
    grades: list[GradeCount] = field(default_factory=list)  # top-level sections only
    graded: int = 0
    ungraded: int = 0
    kpi_counts: list[tuple[str, int]] = field(default_factory=list)  # top-level: (status, KPIs) as in the reports


def kpi_counts(cards: Iterable[KpiCard]) -> list[tuple[str, int]]:
    """How many KPIs are 達成, 順調, 遅れ and 判定不可 (the reports' summary columns, hyoka.vocabulary)."""
    counts = Counter(summary_status(card.status) for card in cards)
    return [(status, counts[status]) for status in SUMMARY_STATUSES]


def walk_sections(sections: list[Section], parent_id: int | None = None, depth: int = 0):
    """Sections in reading order (depth-first), each with its depth in the tree."""
    for section in sections:
        if section.parent_id == parent_id:
            yield section, depth
            yield from walk_sections(sections, section.pk, depth + 1)


def plan_dashboard(plan: Plan, visibility: Visibility, fiscal_year: int | None = None) -> dict:
    """The plan page as of ``fiscal_year`` (None: each KPI's and project's latest)."""
    benchmarks = plan_rows(Benchmark, plan)
    levels = plan_rows(AchievementLevel, plan)
    projects = project_summaries(plan, fiscal_year)
    # Not for_plan: the page prints no KPI's section and only its project's number, which the projects read
    # above give; a section and a project instance a KPI cost as much as the KPI itself. The cards are put
    # under their sections below, so the KPIs' own order is all the query needs.
    indicators = attach_values(plan_rows(Indicator, plan))
    rows = progress_rows(
        plan, fiscal_year, visibility=visibility, indicators=indicators, rules=grade_rules(plan, levels)
    )
    cards_by_section: dict[int | None, list[KpiCard]] = defaultdict(list)
    for card in kpi_cards(plan, rows, benchmarks, {p.pk: p.number for p in projects}):
        cards_by_section[card.row.indicator.section_id].append(card)
    lines_by_section: dict[int | None, list[ProjectLine]] = defaultdict(list)
    url = page_urls("project-detail", plan)
    has_budget = has_grade = False  # a plan without budget items or grades shows no empty columns
    for project in projects:
        line = ProjectLine(project, latest_evaluation(project, visibility, fiscal_year), url(project.pk))
        lines_by_section[project.section_id].append(line)
        has_budget = has_budget or bool(project.budget_items)
        has_grade = has_grade or bool(line.latest and (line.latest.grade or line.latest.achievement))
    grades = plan_rows(Grade, plan)

    blocks: list[SectionBlock] = []
    root: SectionBlock | None = None
    latest_by_root: dict[int, list[Evaluation | None]] = defaultdict(list)
    cards_by_root: dict[int, list[KpiCard]] = defaultdict(list)
    for section, depth in walk_sections(plan_rows(Section, plan)):
        block = SectionBlock(section, depth, cards_by_section[section.pk], lines_by_section[section.pk])
        if depth == 0:
            root = block
        if root is not None:
            latest_by_root[root.section.pk].extend(line.latest for line in block.projects)
            cards_by_root[root.section.pk].extend(block.cards)
        blocks.append(block)
    for block in blocks:
        if block.depth == 0 and cards_by_root[block.section.pk]:
            block.kpi_counts = kpi_counts(cards_by_root[block.section.pk])
        if block.depth == 0 and latest_by_root[block.section.pk] and grades:
            latest = latest_by_root[block.section.pk]
            block.grades, block.graded = grade_distribution(grades, latest)
            block.ungraded = len(latest) - block.graded
    return {
        "plan_cards": cards_by_section[None],
        "plan_projects": lines_by_section[None],
        "sections": blocks,
        "benchmarks": benchmarks,
        "revisions": plan_rows(Revision, plan),
        "project_columns": {"budget": has_budget, "grade": has_grade},
        "scheme": scheme_legend(plan, grades, levels),
    }


def scheme_legend(plan: Plan, grades: list[Grade] | None = None, levels: list[AchievementLevel] | None = None) -> dict:
    """The plan's 評価基準 as a legend: grades with their meaning, achievement levels with their thresholds.
    A query for each of the two not given."""
    if grades is None:
        grades = list(Grade.objects.filter(scheme__plan=plan).order_by("position"))
    if levels is None:
        levels = list(AchievementLevel.objects.filter(scheme__plan=plan).order_by("position"))
    return {"grades": grades, "levels": levels}


# ---------------------------------------------------------------------------
# The KPI page


def target_history(row: ProgressRow) -> dict:
    """The KPI's original target, its revisions in the order decided (prefetched: no query), and the target
    its latest year was judged against when that is not today's (a year before the revision took effect).
    Revisions are plan data, not a year's: whoever reads the plan reads them."""
    revisions = revisions_of(row.indicator)
    judged = row.target if revisions and row.target != target_in_force(row.indicator, None) else None
    return {"original_target": original_target(row.indicator), "target_revisions": revisions, "judged_target": judged}


@dataclass(frozen=True)
class YearLine:
    """One year of a KPI on its page: the value as printed, its status then and the target it was judged against."""

    observation: Observation
    status: str
    explanation: str
    target: TargetInForce


def year_lines(row: ProgressRow) -> list[YearLine]:
    """Every visible value of the KPI with its year's verdict, from the prefetched rows (no query)."""
    lines = []
    for i, o in enumerate(row.observations):
        year = _year(o)
        if year is None:
            lines.append(YearLine(o, "", "", target_in_force(row.indicator, None)))
            continue
        result = assess_indicator(row.indicator, row.observations[: i + 1], fiscal_year=year)
        target = target_in_force(row.indicator, year)
        status = kpi_status(
            result.status, has_value=o.value is not None, target_value=target.value, target_text=target.text
        )
        lines.append(YearLine(o, status, result.explained(get_language() or "ja"), target))
    return lines


def indicator_chart(row: ProgressRow) -> str:
    """Baseline, actuals, target and the projected trend of one KPI, as an accessible SVG."""
    k, progress = row.indicator, row.progress
    unit = k.unit or None

    def say(year: int, value: Decimal, what: str) -> str:
        return f"{what}{year_label(year)} {format_quantity(value, unit)}"

    actuals = [
        charts.ChartPoint(_year(o), o.value, say(_year(o), o.value, ""), o.status == Observation.Status.PROVISIONAL)
        for o in row.observations
        if o.value is not None and _year(o) is not None and o.status != Observation.Status.PENDING
    ]
    actuals.sort(key=lambda p: p.x)
    baseline_year = k.baseline_fiscal_year or k.baseline_year
    baseline = (
        charts.ChartPoint(
            baseline_year, k.baseline_value, say(baseline_year, k.baseline_value, gettext("基準値") + " ")
        )
        if k.baseline_value is not None and baseline_year
        else None
    )
    target_year = k.target_fiscal_year or k.target_year
    target = (
        charts.ChartPoint(target_year, k.target_value, say(target_year, k.target_value, gettext("目標値") + " "))
        if k.target_value is not None and target_year
        else None
    )
    projected = (
        charts.ChartPoint(target_year, progress.projected, say(target_year, progress.projected, gettext("推計") + " "))
        if progress.projected is not None and target_year and actuals
        else None
    )
    first = original_target(k)  # after a 目標改定 the chart shows the target first set beside the one in force
    original = (
        charts.ChartPoint(
            first.fiscal_year, first.value, say(first.fiscal_year, first.value, gettext("当初の目標値") + " ")
        )
        if first.value is not None
        and first.fiscal_year
        and (first.value, first.fiscal_year) != (k.target_value, target_year)
        else None
    )
    return charts.trend_chart(
        actuals,
        title=k.name,
        baseline=baseline,
        target=target,
        projected=projected,
        original_target=original,
        format_y=lambda v: format_number(Decimal(str(v)).normalize()) if v == v else "",
        format_x=lambda y: year_label(y).removesuffix("年度"),
    )
