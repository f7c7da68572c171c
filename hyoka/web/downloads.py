"""Downloads: the project list as CSV or Excel, and a plan's open data as one CSV.

CSV is UTF-8 with a byte-order mark: Excel on a Japanese Windows reads a CSV without one as
Shift_JIS and garbles every name. The open-data CSV holds one row per KPI observation and one
per project evaluation, told apart by its first column 種別; the columns are listed in
OPEN_DATA_HEADER and in hyoka/web/README.md. The licence (CC BY 4.0) goes in the X-License
header and on the plan page, so the file itself is header plus rows, as tools expect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

from hyoka.evaluations.models import VIEWPOINTS, Evaluation, EvaluationScheme
from hyoka.evaluations.visibility import Visibility
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import original_target, revisions_of, visible_observations
from hyoka.jp import format_fiscal_year
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project
from hyoka.safecells import csv_value, xlsx_text, xlsx_value
from hyoka.web.dashboard import visible_evaluations

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    # An ASCII name for old clients, the Japanese one (RFC 6266 filename*) for the rest.
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_value(_cell(v)) for v in row] for row in rows)  # a name like =HYPERLINK(…) stays text
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(list(header))
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else xlsx_value(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            xlsx_text(cell)  # text is stored as text: a name like =HYPERLINK(…) never becomes a formula
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


# The evaluation sheet's columns (empty on a KPI row): the direction from the plan's list, cost in yen
# (人件費 = 人工 × the plan's unit cost, 総コスト = 事業費 + 人件費, hyoka/evaluations/cost.py), the three
# viewpoints (grade A/B/C and comment), the committee's opinion and the city's response.
SHEET_HEADER = [
    "今後の方向性",
    "予算額",
    "決算額",
    "人工",
    "人件費",
    "総コスト",
    *(f"{label}{suffix}" for _, label in VIEWPOINTS for suffix in ("", "の説明")),
    "外部評価委員会の意見",
    "対応方針",
]


def _sheet_cells(e: Evaluation, unit_cost) -> list[Any]:
    cost = e.cost(unit_cost=unit_cost)
    viewpoints = [cell for v in e.viewpoints() for cell in (v["grade"], v["comment"])]
    return [
        e.direction,
        e.budget_amount,
        e.settlement_amount,
        e.person_years,
        cost.personnel,
        cost.total,
        *viewpoints,
        e.committee_opinion,
        e.city_response,
    ]


OPEN_DATA_HEADER = [
    "種別",  # 指標 (one KPI observation) or 事業評価 (one project's evaluation of a year)
    "自治体コード",
    "自治体名",
    "計画名",
    "施策体系",  # the section path, 基本目標1 … ＞ 施策① …
    "事業番号",
    "事業名",
    "所管課",
    "指標名",
    "時点",  # as printed: 令和2年度, 平成29年
    "年度",
    "年",
    "値",
    "単位",
    "表記",  # the value as printed, or why there is none (確報値待ち)
    "状態",
    "基準値",
    "基準時点",
    "目標値",
    "目標時点",
    "当初目標値",  # the target before its first revision (目標改定); empty when it was never revised
    "目標改定日",  # the date of its latest revision
    "評価",
    "達成度",
    "実績・取組状況",
    "今後の方針",
    *SHEET_HEADER,
    "注記",
]


def _section_paths(sections: list[Section]) -> dict[int, str]:
    by_id = {s.pk: s for s in sections}
    paths: dict[int, str] = {}
    for s in sections:
        names, node = [], s
        while node is not None:
            names.append(f"{node.level}{node.number} {node.title}".strip())
            node = by_id.get(node.parent_id)
        paths[s.pk] = " ＞ ".join(reversed(names))
    return paths


def _revised_target(k: Indicator) -> list[Any]:
    """当初目標値 and 目標改定日 of a KPI (prefetched revisions: no query); empty when never revised."""
    revisions = revisions_of(k)
    if not revisions:
        return ["", ""]
    original = original_target(k)
    return [original.value if original.value is not None else original.text, revisions[-1].decided.isoformat()]


def open_data_rows(plan: Plan, visibility: Visibility) -> list[list[Any]]:
    """Every visible KPI observation, then every visible evaluation, in document order (six queries)."""
    unit_cost = EvaluationScheme.objects.filter(plan=plan).values_list("unit_cost_per_person_year", flat=True).first()
    paths = _section_paths(list(plan.sections.all()))
    projects = list(Project.objects.for_plan(plan))
    departments = {p.pk: "、".join(link.department.name for link in p.department_link_list) for p in projects}
    town = [plan.municipality.code, plan.municipality.name, str(plan)]
    rows: list[list[Any]] = []
    for k in Indicator.objects.for_plan(plan):
        project = k.project
        revised = _revised_target(k)
        for o in visible_observations(k, visibility):
            rows.append(
                [
                    "指標",
                    *town,
                    paths.get(k.section_id, ""),
                    project.number if project else "",
                    project.name if project else "",
                    departments.get(k.project_id, ""),
                    k.name,
                    o.period_label,
                    o.fiscal_year,
                    o.year,
                    o.value,
                    k.unit,
                    o.text,
                    o.get_status_display(),
                    k.baseline_value if k.baseline_value is not None else k.baseline_text,
                    k.baseline_label,
                    k.target_value if k.target_value is not None else k.target_text,
                    k.target_label,
                    *revised,
                    "",
                    "",
                    "",
                    "",
                    *[""] * len(SHEET_HEADER),
                    o.note,
                ]  # fmt: skip
            )
    for p in projects:
        for e in visible_evaluations(p, visibility):
            rows.append(
                [
                    "事業評価",
                    *town,
                    paths.get(p.section_id, ""),
                    p.number,
                    p.name,
                    departments[p.pk],
                    "",
                    format_fiscal_year(e.fiscal_year),
                    e.fiscal_year,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    e.grade.code if e.grade else "",
                    e.achievement.code if e.achievement else "",
                    e.narrative,
                    e.future_direction,
                    *_sheet_cells(e, unit_cost),
                    "",
                ]  # fmt: skip
            )
    return [[_cell(v) for v in row] for row in rows]
