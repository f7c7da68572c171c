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
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.urls import reverse

from hyoka.evaluations.models import VIEWPOINTS, Evaluation, EvaluationScheme
from hyoka.evaluations.visibility import Visibility
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import original_target, revisions_of, visible_observations
from hyoka.jp import format_fiscal_year
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project
from hyoka.safecells import csv_value, xlsx_text, xlsx_value
from hyoka.web import dcat
from hyoka.web.dashboard import visible_evaluations

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
LICENSE_URI = "https://creativecommons.org/licenses/by/4.0/"  # the licence itself, as harvesters match it
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
    if isinstance(value, date):  # ISO 8601, as the conventions ask
        return value.isoformat()
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


# The national conventions for municipal open data (自治体標準オープンデータセット): the first three columns are
# 全国地方公共団体コード (six digits, with its check digit), ID (a key that names the row in every export of the
# plan) and 地方公共団体名; dates are ISO 8601. Each column is described in OPEN_DATA_COLUMNS below.
OPEN_DATA_HEADER = [
    "全国地方公共団体コード",
    "ID",  # K<KPI id>-<時点> for an observation, P<project id>-<年度> for an evaluation: stable across exports
    "地方公共団体名",
    "種別",  # 指標 (one KPI observation) or 事業評価 (one project's evaluation of a year)
    "計画名",
    "施策体系",  # the section path, 基本目標1 … ＞ 施策① …
    "事業番号",
    "事業名",
    "所管課",
    "指標名",
    "時点",  # as printed: 令和2年度, 平成29年
    "年度",
    "年",
    "日付",  # the day a value holds (ISO 8601), where the document names one
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


def observation_row_id(indicator_id: int, period_label: str) -> str:
    """The ID of a KPI's value: a KPI holds one value per 時点, so the pair names the row in every export."""
    return f"K{indicator_id}-{period_label}"


def evaluation_row_id(project_id: int, fiscal_year: int) -> str:
    """The ID of a project's evaluation: one per project and 年度."""
    return f"P{project_id}-{fiscal_year}"


def open_data_filename(plan: Plan) -> str:
    """Named after the municipality code, as the conventions ask: 132284_plan12.csv."""
    return f"{plan.municipality.code}_plan{plan.pk}.csv"


_TEXT, _INT, _NUMBER, _DATE = "文字列", "整数", "数値", "日付（YYYY-MM-DD）"
# The column-definition file (項目定義書): each column's name, type and meaning, in the CSV's order.
OPEN_DATA_COLUMNS: dict[str, tuple[str, str]] = {
    "全国地方公共団体コード": (_TEXT, "総務省の全国地方公共団体コード（検査数字を含む6桁）"),
    "ID": (
        _TEXT,
        "行を識別するキー。指標の値は K<指標番号>-<時点>、事業評価は P<事業番号>-<年度>。出力し直しても変わらない",
    ),
    "地方公共団体名": (_TEXT, "市区町村名"),
    "種別": (_TEXT, "指標（指標の各時点の値）または 事業評価（事業の年度ごとの評価）"),
    "計画名": (_TEXT, "計画・総合戦略の名称と期・版"),
    "施策体系": (_TEXT, "基本目標から施策までの階層を「＞」でつないだもの"),
    "事業番号": (_TEXT, "計画に記載された事業の番号"),
    "事業名": (_TEXT, "事業の名称"),
    "所管課": (_TEXT, "事業を所管する課（複数は「、」区切り）"),
    "指標名": (_TEXT, "指標（KPI）の名称"),
    "時点": (_TEXT, "計画に記載された時点の表記（令和2年度、平成29年など）"),
    "年度": (_INT, "時点の年度（西暦）"),
    "年": (_INT, "時点の年（西暦）"),
    "日付": (_DATE, "値の基準日（記載がある場合）"),
    "値": (_NUMBER, "指標の値（桁区切りなしの10進数、負の数は -）"),
    "単位": (_TEXT, "値の単位"),
    "表記": (_TEXT, "計画に記載された値の表記、または値がない理由"),
    "状態": (_TEXT, "値の状態（確定値・速報値・未確定など）"),
    "基準値": (_TEXT, "指標の基準値（数値、または表記）"),
    "基準時点": (_TEXT, "基準値の時点の表記"),
    "目標値": (_TEXT, "現在有効な目標値（数値、または表記）"),
    "目標時点": (_TEXT, "目標値の時点の表記"),
    "当初目標値": (_TEXT, "最初の目標改定の前の目標値（改定がなければ空欄）"),
    "目標改定日": (_DATE, "最後に目標を改定した日"),
    "評価": (_TEXT, "事業評価の評価（計画の評価基準の記号）"),
    "達成度": (_TEXT, "事業評価の達成度（計画の評価基準の記号）"),
    "実績・取組状況": (_TEXT, "その年度の実績・取組状況"),
    "今後の方針": (_TEXT, "今後の方針"),
    "今後の方向性": (_TEXT, "計画の評価基準の選択肢から選んだ今後の方向性"),
    "予算額": (_NUMBER, "予算額（円）"),
    "決算額": (_NUMBER, "決算額（円）"),
    "人工": (_NUMBER, "従事した職員の人数（年換算）"),
    "人件費": (_NUMBER, "人工 × 計画の人件費単価（円）"),
    "総コスト": (_NUMBER, "決算額（なければ予算額）＋ 人件費（円）"),
    **{
        f"{label}{suffix}": (_TEXT, f"{label}の評価（A・B・C）" if not suffix else f"{label}の評価の説明")
        for _, label in VIEWPOINTS
        for suffix in ("", "の説明")
    },
    "外部評価委員会の意見": (_TEXT, "外部評価委員会の意見"),
    "対応方針": (_TEXT, "委員会の意見に対する市の対応方針"),
    "注記": (_TEXT, "値についての注記"),
}
COLUMNS_HEADER = ["列番号", "項目名", "型", "説明"]


def column_rows() -> list[list[Any]]:
    """The column-definition file's rows, one per open-data column in the CSV's order."""
    return [[i, name, *OPEN_DATA_COLUMNS[name]] for i, name in enumerate(OPEN_DATA_HEADER, start=1)]


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
    code, name, title = plan.municipality.code, plan.municipality.name, str(plan)
    rows: list[list[Any]] = []
    for k in Indicator.objects.for_plan(plan).with_values():
        project = k.project
        revised = _revised_target(k)
        for o in visible_observations(k, visibility):
            rows.append(
                [
                    code,
                    observation_row_id(k.pk, o.period_label),
                    name,
                    "指標",
                    title,
                    paths.get(k.section_id, ""),
                    project.number if project else "",
                    project.name if project else "",
                    departments.get(k.project_id, ""),
                    k.name,
                    o.period_label,
                    o.fiscal_year,
                    o.year,
                    o.date,
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
                    code,
                    evaluation_row_id(p.pk, e.fiscal_year),
                    name,
                    "事業評価",
                    title,
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


def catalog_datasets(plans: Iterable[Plan], absolute: Callable[[str], str]) -> list[dcat.Dataset]:
    """One DCAT dataset per plan given (the caller passes published ones, annotated ``modified``): its CSV,
    its hyoka.plan/1 JSON and the column-definition file; URLs made absolute by ``absolute``."""
    columns = absolute(reverse("open-data-columns"))
    datasets = []
    for plan in plans:
        town = plan.municipality
        datasets.append(
            dcat.Dataset(
                identifier=f"{town.code}-plan-{plan.pk}",
                title=f"{town.name} {plan}",
                description=f"{town}の{plan}の指標（KPI）の実績値と事業評価",
                publisher=str(town),
                municipality_code=town.code,
                landing_page=absolute(reverse("plan-detail", args=[plan.pk])),
                modified=plan.modified,
                keywords=(plan.get_kind_display(), "KPI", "事業評価"),
                distributions=(
                    dcat.Distribution(
                        title=open_data_filename(plan),
                        url=absolute(reverse("plan-csv", args=[plan.pk])),
                        media_type="text/csv",
                        format="CSV",
                        conforms_to=columns,
                    ),
                    dcat.Distribution(
                        title=f"{town.code}_plan{plan.pk}.json",
                        url=absolute(reverse("plan-json", args=[plan.pk])),
                        media_type="application/json",
                        format="JSON",
                    ),
                ),
            )
        )
    return datasets


def catalog_plans() -> list[Plan]:
    """Published plans with ``modified``: when the public last saw them change (a year published, a document
    loaded), None when Hyoka does not know. Two subqueries, one query."""
    from hyoka.evaluations.models import EvaluationCycle
    from hyoka.plans.models import DataLoad

    published = EvaluationCycle.objects.filter(plan=OuterRef("pk"), published_at__isnull=False)
    loaded = DataLoad.objects.filter(plan=OuterRef("pk"))
    plans = (
        Plan.objects.published()
        .select_related("municipality")
        .annotate(
            last_published=Subquery(published.order_by("-published_at").values("published_at")[:1]),
            last_loaded=Subquery(loaded.order_by("-at").values("at")[:1]),
        )
        .order_by("municipality__code", "pk")
    )
    result = []
    for plan in plans:
        known = [t for t in (plan.last_published, plan.last_loaded) if t is not None]
        plan.modified = max(known) if known else None
        result.append(plan)
    return result
