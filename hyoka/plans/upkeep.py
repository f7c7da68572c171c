"""Plan upkeep (計画の管理): the planning office's writes to a plan's structure, each named once like
``hyoka.evaluations.actions``: lock → check → change → record a history ``Change``, in one transaction.

    create_plan, update_plan
    add_section, update_section (rename, renumber, move), move_section (up or down), delete_section (only when empty)
    add_indicator, update_indicator   (a KPI's target, once set, changes only through
                                       ``hyoka.indicators.actions.revise_target``, which keeps the original)
    add_project, update_project       (departments and budget items included)
    add_department, rename_department
    save_scheme                       (評価基準: legend, grades, achievement levels with their thresholds)

Each write locks the plan row (the KPI's or project's own row for their edits), so two offices editing
the tree at once run one after the other. The history rows carry the plan and a readable subject, kept in
Japanese and translated when shown, like the cycle's.

Reads the upkeep pages need live here too: ``upkeep_tree`` and ``needs_attention``, a fixed number of
queries whatever the plan's size.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Count, Max, Prefetch, ProtectedError, Q, RestrictedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hyoka.evaluations.actions import WorkflowError, change_for
from hyoka.evaluations.models import AchievementLevel, Change, EvaluationCycle, EvaluationScheme
from hyoka.indicators.interim import as_text, pairs_of
from hyoka.indicators.models import Indicator
from hyoka.jp import format_fiscal_year
from hyoka.jp.municipalities import LocalGovernment
from hyoka.plans.fields import trim
from hyoka.plans.models import Department, Municipality, Plan, Section
from hyoka.projects.models import BudgetItem, Project, ProjectBudgetItem, ProjectDepartment

logger = logging.getLogger("hyoka.plans")

# Change.record of each kind of upkeep write; stored as written here, translated when the history is shown.
RECORD_PLAN = gettext_noop("計画の基本情報")
RECORD_SECTION = gettext_noop("施策体系")
RECORD_INDICATOR = gettext_noop("指標")
RECORD_PROJECT = gettext_noop("事業")
RECORD_DEPARTMENT = gettext_noop("所管課")
RECORD_SCHEME = gettext_noop("評価基準")

# The field names these writes' Change rows record (the models' verbose names and a few of their own): stored
# in Japanese as written here, translated when the history is shown.
HISTORY_FIELDS = [
    gettext_noop("計画名"),
    gettext_noop("期・版"),
    gettext_noop("種類"),
    gettext_noop("開始年度"),
    gettext_noop("終了年度"),
    gettext_noop("階層名"),
    gettext_noop("出典資料"),
    gettext_noop("上位"),
    gettext_noop("階層"),
    gettext_noop("番号"),
    gettext_noop("名称"),
    gettext_noop("頁"),
    gettext_noop("指標名"),
    gettext_noop("施策体系"),
    gettext_noop("関連事業"),
    gettext_noop("指標の種類"),
    gettext_noop("単位"),
    gettext_noop("方向"),
    gettext_noop("把握の頻度"),
    gettext_noop("定義"),
    gettext_noop("出典"),
    gettext_noop("基準値"),
    gettext_noop("基準値（表記）"),
    gettext_noop("基準時点"),
    gettext_noop("基準年度"),
    gettext_noop("目標値"),
    gettext_noop("比較"),
    gettext_noop("目標値（表記）"),
    gettext_noop("目標時点"),
    gettext_noop("目標年度"),
    gettext_noop("事業名"),
    gettext_noop("区分"),
    gettext_noop("事業内容"),
    gettext_noop("所管課"),
    gettext_noop("予算事務事業"),
    gettext_noop("課名"),
    gettext_noop("凡例"),
    gettext_noop("評価"),
    gettext_noop("達成度"),
    gettext_noop("今後の方向性"),
    gettext_noop("人件費単価"),
    gettext_noop("順序"),
]
PLAN_FIELDS = ["title", "version", "kind", "start_fy", "end_fy", "section_levels", "source"]
SECTION_FIELDS = ["parent", "level", "number", "title", "pages"]
INDICATOR_FIELDS = [
    "name",
    "section",
    "project",
    "kind",
    "unit",
    "direction",
    "periodicity",
    "definition",
    "source",
    "baseline_value",
    "baseline_text",
    "baseline_label",
    "baseline_fiscal_year",
    "interim_targets",
]
TARGET_FIELDS = ["target_value", "target_comparator", "target_text", "target_label", "target_fiscal_year"]
PROJECT_FIELDS = ["number", "name", "section", "status", "description"]


class UpkeepError(WorkflowError):
    """The edit cannot be made as asked (a duplicate, a section that is not empty, a row of another plan)."""


@dataclass(frozen=True)
class BudgetLine:
    """One 予算事務事業 of a project: a 10-digit code (may be blank), its name, the department printed on it."""

    code: str
    name: str
    department: Department | None = None


# ---- plans ------------------------------------------------------------------------------------------


def create_plan(
    *,
    government: LocalGovernment,
    title: str,
    kind: str,
    version: str = "",
    start_fy: int | None = None,
    end_fy: int | None = None,
    section_levels: Sequence[str] = (),
    by: User,
) -> Plan:
    """A new, unpublished plan of a city of the national list (its Municipality row made when new)."""
    with transaction.atomic():
        municipality, _created = Municipality.objects.get_or_create(
            code=government.code, defaults={"name": government.name, "prefecture": government.prefecture}
        )
        municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
        plan = Plan(
            municipality=municipality,
            title=title.strip(),
            version=version.strip(),
            kind=kind,
            start_fy=start_fy,
            end_fy=end_fy,
            section_levels=[level for level in section_levels if level],
        )
        _check_plan(plan)
        plan.save()
        _record(plan.pk, str(plan), by, Change.Action.UPKEPT, RECORD_PLAN, {}, snapshot(plan, PLAN_FIELDS))
    logger.info("plan %s created by %s", plan.pk, by)
    return plan


def update_plan(*, plan: Plan, values: Mapping[str, Any], by: User) -> Plan:
    """Change the plan's basic data (title, version, kind, period, level names, source)."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        before = snapshot(current, PLAN_FIELDS)
        _assign(current, values, PLAN_FIELDS)
        _check_plan(current)
        current.save(update_fields=[f for f in PLAN_FIELDS if f in values])
        _record(current.pk, str(current), by, Change.Action.UPKEPT, RECORD_PLAN, before, snapshot(current, PLAN_FIELDS))
    return current


def _check_plan(plan: Plan) -> None:
    if not plan.title:
        raise UpkeepError(_("計画名を入力してください。"))
    if plan.start_fy and plan.end_fy and plan.end_fy < plan.start_fy:
        raise UpkeepError(_("終了年度は開始年度より後にしてください。"))
    same = Plan.objects.filter(municipality_id=plan.municipality_id, title=plan.title, version=plan.version)
    if same.exclude(pk=plan.pk).exists():
        raise UpkeepError(_("同じ自治体に同じ計画名・期の計画があります。"))


# ---- sections ---------------------------------------------------------------------------------------


def add_section(
    *, plan: Plan, parent: Section | None, level: str, number: str, title: str, pages: str = "", by: User
) -> Section:
    """A new section, last among its siblings."""
    with transaction.atomic():
        _lock_plan(plan)
        section = Section(plan=plan, parent=parent, level=level.strip(), number=number.strip(), title=title.strip())
        section.pages = pages.strip()
        _check_section(section)
        section.position = _next_position(Section.objects.filter(plan=plan))
        section.save()
        _record(plan.pk, str(section), by, Change.Action.UPKEPT, RECORD_SECTION, {}, snapshot(section, SECTION_FIELDS))
    return section


def update_section(*, section: Section, values: Mapping[str, Any], by: User) -> Section:
    """Rename, renumber or move a section (under another parent of the same plan, never under itself)."""
    with transaction.atomic():
        _lock_plan(section.plan)
        current = Section.objects.get(pk=section.pk)
        before = snapshot(current, SECTION_FIELDS)
        _assign(current, values, SECTION_FIELDS)
        _check_section(current)
        current.save(update_fields=[f for f in SECTION_FIELDS if f in values])
        after = snapshot(current, SECTION_FIELDS)
        _record(current.plan_id, str(current), by, Change.Action.UPKEPT, RECORD_SECTION, before, after)
    return current


def move_section(*, section: Section, up: bool, by: User) -> Section:
    """Move a section one place up or down among its siblings (its sub-sections, KPIs and projects go with it).
    At the top or the bottom already, nothing changes and nothing is recorded."""
    with transaction.atomic():
        _lock_plan(section.plan)
        current = Section.objects.get(pk=section.pk)
        siblings = Section.objects.filter(plan_id=current.plan_id, parent_id=current.parent_id)
        order = list(siblings.order_by("position", "pk").values_list("pk", flat=True))
        place = order.index(current.pk)
        target = place - 1 if up else place + 1
        if not 0 <= target < len(order):
            return current
        other = Section.objects.get(pk=order[target])
        if other.position == current.position:  # a tie (pk decided the order): make it an order of positions
            other.position += 1 if up else -1
        current.position, other.position = other.position, current.position
        current.save(update_fields=["position"])
        other.save(update_fields=["position"])
        before, after = {"順序": f"{place + 1}番目"}, {"順序": f"{target + 1}番目"}
        _record(current.plan_id, str(current), by, Change.Action.UPKEPT, RECORD_SECTION, before, after)
    return current


def delete_section(*, section: Section, by: User) -> None:
    """Delete a section that holds nothing: no sub-sections, KPIs or projects (move or delete those first)."""
    with transaction.atomic():
        _lock_plan(section.plan)
        current = Section.objects.get(pk=section.pk)
        if current.children.exists() or current.indicators.exists() or current.projects.exists():
            raise UpkeepError(
                _("下位の施策体系・指標・事業がある施策体系は削除できません。先に移動または削除してください。")
            )
        before = snapshot(current, SECTION_FIELDS)
        _record(current.plan_id, str(current), by, Change.Action.DELETED, RECORD_SECTION, before, {})
        current.delete()


def _check_section(section: Section) -> None:
    if not section.title:
        raise UpkeepError(_("名称を入力してください。"))
    if not section.level:
        raise UpkeepError(_("階層を入力してください。"))
    ancestor = section.parent
    while ancestor is not None:
        if ancestor.plan_id != section.plan_id:
            raise UpkeepError(_("上位の施策体系はこの計画のものを選んでください。"))
        if section.pk is not None and ancestor.pk == section.pk:
            raise UpkeepError(_("施策体系を自分自身やその下位の下に移動することはできません。"))
        ancestor = ancestor.parent


# ---- indicators -------------------------------------------------------------------------------------


def add_indicator(*, plan: Plan, values: Mapping[str, Any], by: User) -> Indicator:
    """A new KPI with its first target (later changes of the target are revisions: ``revise_target``)."""
    with transaction.atomic():
        _lock_plan(plan)
        indicator = Indicator(plan=plan)
        _assign(indicator, values, INDICATOR_FIELDS + TARGET_FIELDS)
        _check_indicator(indicator)
        indicator.position = _next_position(Indicator.objects.filter(plan=plan))
        indicator.save()
        after = snapshot(indicator, INDICATOR_FIELDS + TARGET_FIELDS)
        _record(plan.pk, indicator.name, by, Change.Action.UPKEPT, RECORD_INDICATOR, {}, after, indicator=indicator)
    return indicator


def update_indicator(*, indicator: Indicator, values: Mapping[str, Any], by: User) -> Indicator:
    """Change what a KPI is (name, unit, direction, baseline, definition …); its target is not changed here."""
    if set(values) & set(TARGET_FIELDS):
        raise UpkeepError(_("目標値の変更は目標改定（理由と適用開始年度つき）で行ってください。"))
    with transaction.atomic():
        current = Indicator.objects.select_for_update().get(pk=indicator.pk)
        before = snapshot(current, INDICATOR_FIELDS)
        interim_before = current.interim
        _assign(current, values, INDICATOR_FIELDS)
        _check_indicator(current)
        _check_interim_change(current, interim_before)
        current.save(update_fields=[f for f in INDICATOR_FIELDS if f in values])
        after = snapshot(current, INDICATOR_FIELDS)
        _record(
            current.plan_id, current.name, by, Change.Action.UPKEPT, RECORD_INDICATOR, before, after, indicator=current
        )
    return current


def _check_indicator(k: Indicator) -> None:
    if not k.name:
        raise UpkeepError(_("指標名を入力してください。"))
    if k.section_id and k.section.plan_id != k.plan_id:
        raise UpkeepError(_("施策体系はこの計画のものを選んでください。"))
    if k.project_id and k.project.plan_id != k.plan_id:
        raise UpkeepError(_("関連事業はこの計画のものを選んでください。"))


def _check_interim_change(k: Indicator, before: tuple[tuple[int, Decimal], ...]) -> None:
    """An interim target of a published (not reopened) year stays: the year's public verdict was judged by it."""
    old, new = dict(before), dict(k.interim)
    changed = {year for year in old.keys() | new.keys() if old.get(year) != new.get(year)}
    if not changed:
        return
    locked = EvaluationCycle.objects.filter(
        plan_id=k.plan_id, fiscal_year__in=changed, published_at__isnull=False, reopened_at=None
    )
    if year := locked.order_by("fiscal_year").values_list("fiscal_year", flat=True).first():
        raise UpkeepError(
            _("%(year)sは公開済みです。公開中の判定が変わるため、その年度の中間目標は変更できません。")
            % {"year": format_fiscal_year(year)}
        )


# ---- projects ---------------------------------------------------------------------------------------


def add_project(
    *,
    plan: Plan,
    values: Mapping[str, Any],
    departments: Sequence[Department],
    budget_items: Sequence[BudgetLine],
    by: User,
) -> Project:
    """A new project with its departments (所管課, in the order given) and budget items."""
    with transaction.atomic():
        _lock_plan(plan)
        project = Project(plan=plan)
        _assign(project, values, PROJECT_FIELDS)
        _check_project(project, departments, budget_items)
        project.position = _next_position(Project.objects.filter(plan=plan))
        project.save()
        _set_departments(project, departments)
        _set_budget_items(project, budget_items)
        _record(plan.pk, str(project), by, Change.Action.UPKEPT, RECORD_PROJECT, {}, project_snapshot(project))
    return project


def update_project(
    *,
    project: Project,
    values: Mapping[str, Any],
    departments: Sequence[Department],
    budget_items: Sequence[BudgetLine],
    by: User,
) -> Project:
    """Change a project: number, name, section, status tag, description, departments, budget items."""
    with transaction.atomic():
        current = Project.objects.select_for_update().select_related("plan").get(pk=project.pk)
        before = project_snapshot(current)
        _assign(current, values, PROJECT_FIELDS)
        _check_project(current, departments, budget_items)
        current.save(update_fields=[f for f in PROJECT_FIELDS if f in values])
        _set_departments(current, departments)
        _set_budget_items(current, budget_items)
        after = project_snapshot(current)
        _record(current.plan_id, str(current), by, Change.Action.UPKEPT, RECORD_PROJECT, before, after)
    return current


def project_snapshot(project: Project) -> dict[str, str]:
    links = ProjectDepartment.objects.filter(project=project).select_related("department").order_by("position")
    budget = ProjectBudgetItem.objects.filter(project=project).select_related("budget_item", "department")
    return {
        **snapshot(project, PROJECT_FIELDS),
        "所管課": "、".join(link.department.name for link in links),
        "予算事務事業": "、".join(budget_line_text(b) for b in budget.order_by("position")),
    }


def budget_line_text(link: ProjectBudgetItem) -> str:
    """How a budget item reads in a form and in the history: コード 名称（課名）."""
    text = f"{link.budget_item.code} {link.budget_item.name}".strip()
    return f"{text}（{link.department.name}）" if link.department_id else text


def _check_project(project: Project, departments: Sequence[Department], budget_items: Sequence[BudgetLine]) -> None:
    if not project.name:
        raise UpkeepError(_("事業名を入力してください。"))
    if project.section_id and project.section.plan_id != project.plan_id:
        raise UpkeepError(_("施策体系はこの計画のものを選んでください。"))
    municipality_id = project.plan.municipality_id
    named = [*departments, *(b.department for b in budget_items if b.department)]
    if any(d.municipality_id != municipality_id for d in named):
        raise UpkeepError(_("所管課はこの自治体の課から選んでください。"))
    for line in budget_items:
        if line.code and not re.fullmatch(r"\d{10}", line.code):
            raise UpkeepError(_("予算事務事業コードは10桁の数字です（%(code)s）。") % {"code": line.code})
        if not line.name:
            raise UpkeepError(_("予算事務事業名を入力してください。"))


def _set_departments(project: Project, departments: Sequence[Department]) -> None:
    wanted = list(dict.fromkeys(departments))
    ProjectDepartment.objects.filter(project=project).exclude(department__in=wanted).delete()
    existing = {link.department_id: link for link in ProjectDepartment.objects.filter(project=project)}
    for position, department in enumerate(wanted):
        link = existing.get(department.pk)
        if link is None:
            ProjectDepartment.objects.create(project=project, department=department, position=position)
        elif link.position != position:
            link.position = position
            link.save(update_fields=["position"])


def _set_budget_items(project: Project, lines: Sequence[BudgetLine]) -> None:
    """The project's budget links become ``lines``; BudgetItem rows are the city's and are kept."""
    ProjectBudgetItem.objects.filter(project=project).delete()
    municipality_id = project.plan.municipality_id
    for position, line in enumerate(lines):
        item, _created = BudgetItem.objects.get_or_create(
            municipality_id=municipality_id, code=line.code, name=line.name
        )
        ProjectBudgetItem.objects.create(
            project=project, budget_item=item, department=line.department, position=position
        )


def parse_budget_lines(text: str, departments: Mapping[str, Department]) -> list[BudgetLine]:
    """One budget item a line: ``コード 名称（課名）`` — the 10-digit code and the department may be left out.
    The department must be one of ``departments`` (by name). Raises UpkeepError naming the line."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line:
            continue
        department = None
        if m := re.fullmatch(r"(.*?)\s*\((.+)\)", line):
            line, name = m.group(1).strip(), m.group(2).strip()
            department = departments.get(name)
            if department is None:
                raise UpkeepError(
                    _("%(line)s行目：「%(name)s」はこの自治体の所管課にありません。") % {"line": number, "name": name}
                )
        code, _sep, name = line.partition(" ")
        if not re.fullmatch(r"\d+", code):
            code, name = "", line
        lines.append(BudgetLine(code=code, name=name.strip(), department=department))
    return lines


# ---- departments ------------------------------------------------------------------------------------


def add_department(*, plan: Plan, name: str, by: User) -> Department:
    """A department (所管課) of the plan's city; recorded in the plan's history."""
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=plan.municipality_id)
        name = _department_name(municipality, name, None)
        department = Department.objects.create(municipality=municipality, name=name)
        _record(plan.pk, name, by, Change.Action.UPKEPT, RECORD_DEPARTMENT, {}, {"課名": name})
    return department


def rename_department(*, plan: Plan, department: Department, name: str, by: User) -> Department:
    """Rename a department (課の名称変更): its projects and users stay with it."""
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=department.municipality_id)
        current = Department.objects.get(pk=department.pk)
        if municipality.pk != plan.municipality_id:
            raise UpkeepError(_("この計画の自治体の課ではありません。"))
        before = {"課名": current.name}
        current.name = _department_name(municipality, name, current.pk)
        current.save(update_fields=["name"])
        _record(plan.pk, current.name, by, Change.Action.UPKEPT, RECORD_DEPARTMENT, before, {"課名": current.name})
    return current


def _department_name(municipality: Municipality, name: str, pk: int | None) -> str:
    name = name.strip()
    if not name:
        raise UpkeepError(_("課名を入力してください。"))
    if Department.objects.filter(municipality=municipality, name=name).exclude(pk=pk).exists():
        raise UpkeepError(_("「%(name)s」はすでにあります。") % {"name": name})
    return name


# ---- the evaluation scheme --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeChoice:
    """A grade (評価: A 定常的実施) or an achievement level (達成度: 1 計画以上, 105 % or more)."""

    code: str
    label: str = ""
    min_percent: Decimal | None = None
    max_percent: Decimal | None = None


def save_scheme(
    *,
    plan: Plan,
    legend_text: str,
    grades: Sequence[SchemeChoice],
    levels: Sequence[SchemeChoice],
    directions: Sequence[str],
    unit_cost_per_person_year: Decimal | None,
    by: User,
) -> EvaluationScheme:
    """Set the plan's 評価基準: its grades and achievement levels in the order given (the engine suggests a
    level from the thresholds), the 今後の方向性 choices and the 人件費 unit cost. Choices are matched by code,
    so entries keep theirs; a code left out is deleted, unless an entry uses it (then the whole save is
    refused, naming it). Entries keep a direction that is no longer offered; it is only not offered again."""
    directions = list(dict.fromkeys(d.strip() for d in directions if d.strip()))
    if unit_cost_per_person_year is not None and unit_cost_per_person_year < 0:
        raise UpkeepError(_("人件費単価は0以上で入力してください。"))
    for kind, choices in ((_("評価"), grades), (_("達成度"), levels)):
        codes = [c.code for c in choices]
        if len(set(codes)) != len(codes):
            raise UpkeepError(_("%(kind)sの記号が重複しています。") % {"kind": kind})
    with transaction.atomic():
        _lock_plan(plan)
        scheme, _created = EvaluationScheme.objects.get_or_create(plan=plan)
        before = scheme_snapshot(scheme)
        scheme.legend_text = legend_text.strip()
        scheme.directions, scheme.unit_cost_per_person_year = directions, unit_cost_per_person_year
        scheme.save(update_fields=["legend_text", "directions", "unit_cost_per_person_year"])
        _set_choices(scheme.grades, grades, [], _("評価"))
        _set_choices(scheme.achievement_levels, levels, ["min_percent", "max_percent"], _("達成度"))
        _record(plan.pk, str(plan), by, Change.Action.UPKEPT, RECORD_SCHEME, before, scheme_snapshot(scheme))
    return scheme


def scheme_snapshot(scheme: EvaluationScheme) -> dict[str, str]:
    def level(a: AchievementLevel) -> str:
        bounds = [f"{trim(a.min_percent)}%以上" if a.min_percent is not None else ""]
        bounds += [f"{trim(a.max_percent)}%未満" if a.max_percent is not None else ""]
        rule = "・".join(b for b in bounds if b)
        return f"{a}（{rule}）" if rule else str(a)

    cost = scheme.unit_cost_per_person_year
    return {
        "凡例": scheme.legend_text,
        "今後の方向性": "、".join(scheme.directions),
        "人件費単価": f"{trim(cost)}円" if cost is not None else "",
        "評価": "、".join(str(g) for g in scheme.grades.order_by("position")),
        "達成度": "、".join(level(a) for a in scheme.achievement_levels.order_by("position")),
    }


def _set_choices(rows, choices: Sequence[SchemeChoice], extra: list[str], kind: str) -> None:
    wanted = {c.code: c for c in choices}
    for row in rows.exclude(code__in=wanted):
        try:
            with transaction.atomic():
                row.delete()
        except (ProtectedError, RestrictedError):
            message = _("%(kind)s「%(code)s」は評価で使われているため削除できません。")
            raise UpkeepError(message % {"kind": kind, "code": row.code}) from None
    existing = {row.code: row for row in rows.all()}
    for position, choice in enumerate(choices):
        row = existing.get(choice.code) or rows.model(scheme=rows.instance, code=choice.code)
        row.label, row.position = choice.label.strip(), position
        for name in extra:
            setattr(row, name, getattr(choice, name))
        row.save()


# ---- reads of the upkeep pages ----------------------------------------------------------------------


@dataclass
class TreeRow:
    section: Section
    depth: int
    indicators: list[Indicator]
    projects: list[Project]


def upkeep_tree(plan: Plan) -> tuple[list[TreeRow], list[Indicator], list[Project]]:
    """The section tree in document order, each section with its KPIs and projects (departments included),
    and the KPIs and projects outside any section; four queries whatever the plan's size."""
    sections = list(Section.objects.filter(plan=plan).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position", "pk"))
    projects = list(
        Project.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch(
                "department_links",
                queryset=ProjectDepartment.objects.select_related("department"),
                to_attr="department_link_list",
            )
        )
        .order_by("position", "pk")
    )
    by_section: dict[int | None, tuple[list, list]] = {s.pk: ([], []) for s in sections}
    by_section[None] = ([], [])
    for k in indicators:
        by_section.get(k.section_id, by_section[None])[0].append(k)
    for p in projects:
        by_section.get(p.section_id, by_section[None])[1].append(p)
    children: dict[int | None, list[Section]] = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for s in children.get(parent_id, []):
            rows.append(TreeRow(s, depth, *by_section[s.pk]))
            walk(s.pk, depth + 1)

    walk(None, 0)
    return rows, *by_section[None]


def needs_attention(plan: Plan) -> dict[str, list]:
    """What keeps a plan from running its yearly cycle well: projects without a department (they get no
    one to enter them) and KPIs without a target (their progress cannot be judged). Two queries."""
    no_target = Q(target_value__isnull=True) & Q(target_text="")
    return {
        "projects": list(Project.objects.filter(plan=plan, department_links__isnull=True).order_by("position", "pk")),
        "indicators": list(Indicator.objects.filter(no_target, plan=plan).order_by("position", "pk")),
    }


def departments_with_counts(plan: Plan) -> models.QuerySet[Department]:
    """The plan's city's departments with how many of this plan's projects and how many users each has."""
    return (
        Department.objects.filter(municipality_id=plan.municipality_id)
        .annotate(
            project_count=Count("project_links", filter=Q(project_links__project__plan=plan), distinct=True),
            user_count=Count("editors", distinct=True),
        )
        .order_by("name")
    )


# ---- internals --------------------------------------------------------------------------------------


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _next_position(rows: models.QuerySet) -> int:
    top = rows.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _assign(obj: models.Model, values: Mapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise UpkeepError(f"unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if value is None and isinstance(field, (models.CharField, models.TextField)):
            value = ""
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


def snapshot(obj: models.Model, names: Sequence[str]) -> dict[str, str]:
    """The fields as the history keeps them: Japanese labels and readable values."""
    with translation.override(settings.LANGUAGE_CODE):
        return {str(obj._meta.get_field(name).verbose_name): _readable(obj, name) for name in names}


def _readable(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "" or value == []:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "interim_targets":
        return as_text(pairs_of(value), getattr(obj, "unit", None))  # 令和7年度 5,010事業所、…
    if isinstance(value, list):
        return " ＞ ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _record(
    plan_id: int | None,
    subject: str,
    by: User,
    action: str,
    record: str,
    before: dict,
    after: dict,
    indicator: Indicator | None = None,
) -> None:
    """Keep what changed (only the fields that did), with who and when; nothing when nothing changed."""
    changed_before = {k: v for k, v in before.items() if after.get(k) != v and v != ""}
    changed_after = {k: v for k, v in after.items() if before.get(k) != v and (v != "" or k in before)}
    if not (changed_before or changed_after):
        return
    if indicator is not None:
        change = change_for(indicator=indicator, user=by, action=action, record=record)
    else:
        change = change_for(plan_id=plan_id, subject=subject, user=by, action=action, record=record)
    change.before, change.after = changed_before, changed_after
    change.save()
