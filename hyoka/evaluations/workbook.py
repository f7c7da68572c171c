"""The department's entry workbook (Excel for departments): write a year's entries for some departments,
read the filled-in file back, say what it would change, and apply it through the cycle's actions.

Two visible sheets, one row per entry (報告) and one per KPI of those entries (指標); the first columns
of each are hidden and hold the row's ids and versions, so an upload names exactly which records it
was filled from. The header row is protected and only the cells a department fills are unlocked.
Dropdowns (評価, 達成度, 今後の方向性, 状態) list the plan's own choices from a hidden sheet 選択肢.

Reading is bounded like every workbook Hyoka reads (`hyoka.ingest.workbook.open_workbook`: the zip
directory first, rows counted while streaming) and names `sheet!cell` for every value it cannot take.
The rows become the `EntryInput` the entry form builds, and `apply_row` saves them with `save_entry`
(and `submit_evaluation`) against the versions the workbook was written with: a record saved since is
a conflict, never overwritten.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hyoka.evaluations import actions
from hyoka.evaluations.models import AchievementLevel, Evaluation, EvaluationCycle, Grade
from hyoka.indicators.models import Indicator, Observation
from hyoka.ingest.base import IngestError
from hyoka.ingest.limits import configured
from hyoka.ingest.readers.workbook import cell_number, cell_text, open_workbook, sheet_rows
from hyoka.jp import QuantityError, format_fiscal_year, parse_quantity
from hyoka.precision import number_problem
from hyoka.safecells import xlsx_text, xlsx_value
from hyoka.vocabulary import OBSERVATION_STATUSES

ENTRIES, KPIS, CHOICES = "報告", "指標", "選択肢"
# (header, editable); the first HIDDEN columns are ids and versions, hidden and locked.
ENTRY_COLUMNS = [
    ("評価ID", False),
    ("版", False),
    ("No.", False),
    ("事業名", False),
    ("所管課", False),
    ("評価", True),
    ("達成度", True),
    ("実績・取組状況", True),
    ("今後の方針", True),
    ("今後の方向性", True),
    ("予算額（円）", True),
    ("決算額（円）", True),
    ("人工", True),
]
COST_COLUMNS = {"予算額（円）": "budget_amount", "決算額（円）": "settlement_amount", "人工": "person_years"}
KPI_COLUMNS = [
    ("評価ID", False),
    ("指標ID", False),
    ("版", False),
    ("No.", False),
    ("事業名", False),
    ("指標名", False),
    ("単位", False),
    ("前年度の値", False),
    ("前年度の時点", False),
    ("時点", True),
    ("実績値", True),
    ("表記", True),
    ("状態", True),
    ("注記", True),
]
HIDDEN = {ENTRIES: 2, KPIS: 3}
STATUS_LABELS = OBSERVATION_STATUSES  # the entry form's and the pages' words (確定, 速報・暫定 …)
# Words earlier downloads offered for 状態, still read: the workbook of last month is filled in this month.
_OLD_STATUS_WORDS = {"未確定": "pending"}
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = {"事業名": 28, "実績・取組状況": 50, "今後の方針": 30, "指標名": 28, "注記": 24}


# ---------------------------------------------------------------- writing


def cycle_entries(cycle: EvaluationCycle, department_ids: set[int] | None):
    """The year's entries of these departments (None: all), with what the workbook prints; fixed queries."""
    entries = Evaluation.objects.for_cycle(cycle)
    if department_ids is not None:
        entries = entries.for_departments(department_ids)
    indicators = Indicator.objects.order_by("position").prefetch_related(
        Prefetch("observations", queryset=Observation.objects.order_by("position"))
    )
    return (
        entries.select_related("project", "grade", "achievement")
        .prefetch_related("project__department_links__department", Prefetch("project__indicators", queryset=indicators))
        .order_by("project__position", "project__pk")
    )


def write_entry_workbook(cycle: EvaluationCycle, department_ids: set[int] | None) -> bytes:
    """The workbook a department fills offline: its entries and KPIs of the year, last year's values beside."""
    plan_id, year = cycle.plan_id, cycle.fiscal_year
    grades = list(Grade.objects.filter(scheme__plan_id=plan_id).values_list("code", flat=True))
    levels = list(AchievementLevel.objects.filter(scheme__plan_id=plan_id).values_list("code", flat=True))
    directions = actions.plan_directions(plan_id)
    entries = list(cycle_entries(cycle, department_ids))

    wb = Workbook()
    entry_sheet = wb.active
    entry_sheet.title = ENTRIES
    kpi_sheet = wb.create_sheet(KPIS)
    choices = wb.create_sheet(CHOICES)
    choices.sheet_state = "hidden"
    lists = {}
    for column, (name, values) in enumerate(
        [("評価", grades), ("達成度", levels), ("今後の方向性", directions), ("状態", list(STATUS_LABELS.values()))],
        start=1,
    ):
        letter = get_column_letter(column)
        choices.cell(row=1, column=column, value=name)
        for row, value in enumerate(values, start=2):
            xlsx_text(choices.cell(row=row, column=column, value=xlsx_value(value)))
        lists[name] = (
            f"'{CHOICES}'!${letter}$2:${letter}${len(values) + 1}" if values else None
        )  # quoted: Excel's rule for such names

    entry_rows, kpi_rows = [], []
    for e in entries:
        p = e.project
        departments = "・".join(link.department.name for link in p.department_links.all())
        entry_rows.append(
            [
                e.pk,
                e.version,
                p.number,
                p.name,
                departments,
                e.grade.code if e.grade else None,
                e.achievement.code if e.achievement else None,
                e.narrative,
                e.future_direction,
                e.direction,
                e.budget_amount,
                e.settlement_amount,
                e.person_years,
            ]
        )
        for indicator in p.indicators.all():
            observations = list(indicator.observations.all())
            this = _latest([o for o in observations if o.fiscal_year == year])
            last = _latest([o for o in observations if o.fiscal_year is not None and o.fiscal_year < year])
            kpi_rows.append(
                [
                    e.pk,
                    indicator.pk,
                    this.version if this else 0,
                    p.number,
                    p.name,
                    indicator.name,
                    indicator.unit,
                    _shown(last),
                    last.period_label if last else None,
                    this.period_label if this else format_fiscal_year(year),
                    this.value if this else None,
                    this.text if this else None,
                    STATUS_LABELS.get(this.status if this else "final"),
                    this.note if this else None,
                ]
            )
    _fill(entry_sheet, ENTRY_COLUMNS, entry_rows)
    _fill(kpi_sheet, KPI_COLUMNS, kpi_rows)
    _dropdown(entry_sheet, lists["評価"], "F", len(entry_rows))
    _dropdown(entry_sheet, lists["達成度"], "G", len(entry_rows))
    _dropdown(entry_sheet, lists["今後の方向性"], "J", len(entry_rows))
    _dropdown(kpi_sheet, lists["状態"], "M", len(kpi_rows))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _latest(observations: list[Observation]) -> Observation | None:
    return max(observations, key=lambda o: (o.fiscal_year or 0, o.position)) if observations else None


def _shown(o: Observation | None) -> Any:
    if o is None:
        return None
    return o.value if o.value is not None else (o.text or None)


def _fill(ws, columns: list[tuple[str, bool]], rows: list[list[Any]]) -> None:
    ws.append([name for name, _editable in columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for row in rows:
        ws.append([xlsx_value(v) for v in row])
    for number in range(2, len(rows) + 2):
        for column, (_name, editable) in enumerate(columns, start=1):
            cell = ws.cell(row=number, column=column)
            xlsx_text(cell)  # a narrative starting with "=" stays text, never a formula
            if isinstance(cell.value, str):
                cell.alignment = _WRAP
            if editable:
                cell.protection = Protection(locked=False)
    for column, (name, _editable) in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(column)]
        dimension.width = _WIDTHS.get(name, 12)
        if column <= HIDDEN[ws.title]:
            dimension.hidden = True
    ws.freeze_panes = "A2"
    # The header and the ids are locked; filtering and resizing stay allowed. No password: this is a guide
    # against slips, not security (the upload checks every id against what the user may edit).
    ws.protection.sheet = True
    ws.protection.autoFilter = ws.protection.formatColumns = ws.protection.formatRows = False


def _dropdown(ws, source: str | None, letter: str, count: int) -> None:
    if source is None or count == 0:
        return
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.error = _("一覧から選んでください。")
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{count + 1}")


# ---------------------------------------------------------------- reading (pure: cells → rows)


@dataclass
class KpiRow:
    indicator_id: int
    version: int
    period_label: str
    value: Decimal | None
    text: str
    status: str
    note: str
    number: int  # the row in the sheet 指標


@dataclass
class EntryRow:
    evaluation_id: int
    version: int
    grade: str
    achievement: str
    narrative: str
    future_direction: str
    direction: str
    number: int  # the row in the sheet 報告
    cost: dict[str, Decimal | None] = field(default_factory=dict)  # budget_amount, settlement_amount, person_years
    kpis: list[KpiRow] = field(default_factory=list)


@dataclass
class ReadWorkbook:
    rows: list[EntryRow]
    errors: list[str]  # "報告!F3: …", one per value that could not be read


def read_entry_workbook(data: bytes, source: str) -> ReadWorkbook:
    """The filled-in workbook as entry rows, each with its KPI rows; every unreadable value named by sheet!cell.

    Raises IngestError when the file is no workbook, passes a limit, or is not Hyoka's entry workbook.
    """
    limits = configured()
    wb = open_workbook(data, source, limits=limits)
    try:
        if ENTRIES not in wb.sheetnames or KPIS not in wb.sheetnames:
            raise IngestError(
                source, _("Hyokaの報告用ワークブックではありません（シート「報告」「指標」がありません）。")
            )
        cells = [0]
        entry_cells = list(sheet_rows(wb[ENTRIES], source, limits, cells))
        kpi_cells = list(sheet_rows(wb[KPIS], source, limits, cells))
    finally:
        wb.close()
    return parse_rows(entry_cells, kpi_cells)


def parse_rows(entry_cells: list[tuple], kpi_cells: list[tuple]) -> ReadWorkbook:
    """Pure: the two sheets' rows (header first) → entry rows and the errors, each naming sheet!cell."""
    errors: list[str] = []
    _check_header(entry_cells, ENTRIES, ENTRY_COLUMNS, errors)
    _check_header(kpi_cells, KPIS, KPI_COLUMNS, errors)
    if errors:
        return ReadWorkbook([], errors)
    rows: dict[int, EntryRow] = {}
    for number, cells in enumerate(entry_cells[1:], start=2):
        cells = _padded(cells, len(ENTRY_COLUMNS))
        if all(v is None for v in cells):
            continue
        evaluation_id = _whole(cells[0], f"{ENTRIES}!A{number}", errors)
        version = _whole(cells[1], f"{ENTRIES}!B{number}", errors)
        if evaluation_id is None or version is None:
            continue
        if evaluation_id in rows:
            errors.append(_("%(place)s: 同じ報告の行が2つあります。") % {"place": f"{ENTRIES}!A{number}"})
            continue
        cost = {
            name: _quantity(
                cells[i], f"{ENTRIES}!{get_column_letter(i + 1)}{number}", errors, whole=name != "person_years"
            )
            for i, (column, _editable) in enumerate(ENTRY_COLUMNS)
            if (name := COST_COLUMNS.get(column))
        }
        rows[evaluation_id] = EntryRow(
            evaluation_id=evaluation_id,
            version=version,
            grade=cell_text(cells[5]) or "",
            achievement=cell_text(cells[6]) or "",
            narrative=_long_text(cells[7]),
            future_direction=_long_text(cells[8]),
            direction=cell_text(cells[9]) or "",
            number=number,
            cost=cost,
        )
    statuses = {**_OLD_STATUS_WORDS, **{label: code for code, label in STATUS_LABELS.items()}}
    for number, cells in enumerate(kpi_cells[1:], start=2):
        cells = _padded(cells, len(KPI_COLUMNS))
        if all(v is None for v in cells):
            continue
        ids = [_whole(cells[i], f"{KPIS}!{get_column_letter(i + 1)}{number}", errors) for i in range(3)]
        if None in ids:
            continue
        evaluation_id, indicator_id, version = ids
        entry = rows.get(evaluation_id)
        if entry is None:
            errors.append(
                _("%(place)s: 評価ID %(id)s の報告がシート「報告」にありません。")
                % {"place": f"{KPIS}!A{number}", "id": evaluation_id}
            )
            continue
        value = _quantity(cells[10], f"{KPIS}!K{number}", errors)
        status_label = cell_text(cells[12]) or STATUS_LABELS["final"]
        if status_label not in statuses:
            errors.append(
                _("%(place)s: 状態「%(value)s」は選択肢（%(choices)s）にありません。")
                % {"place": f"{KPIS}!M{number}", "value": status_label, "choices": "・".join(STATUS_LABELS.values())}
            )
            continue
        entry.kpis.append(
            KpiRow(
                indicator_id=indicator_id,
                version=version,
                period_label=cell_text(cells[9]) or "",
                value=value,
                text=cell_text(cells[11]) or "",
                status=statuses[status_label],
                note=_long_text(cells[13]),
                number=number,
            )
        )
    return ReadWorkbook(list(rows.values()), errors)


def _check_header(cells: list[tuple], sheet: str, columns: list[tuple[str, bool]], errors: list[str]) -> None:
    header = [cell_text(v) or "" for v in _padded(cells[0] if cells else (), len(columns))]
    for i, (name, _editable) in enumerate(columns):
        if header[i] != name:
            errors.append(
                _(
                    "%(place)s: 見出しが「%(name)s」ではありません。ダウンロードしたワークブックの列を動かさないでください。"
                )
                % {"place": f"{sheet}!{get_column_letter(i + 1)}1", "name": name}
            )


def _padded(cells: tuple, n: int) -> list[Any]:
    return list(cells[:n]) + [None] * (n - len(cells[:n]))


def _long_text(value: Any) -> str:
    text = cell_text(value) or ""
    return text.replace("\r\n", "\n")


def _whole(value: Any, place: str, errors: list[str]) -> int | None:
    number = cell_number(value) if not isinstance(value, str) else cell_number(int(value)) if value.isdigit() else None
    if number is None or number != number.to_integral_value() or number < 0:
        errors.append(_("%(place)s: 隠し列の番号が読めません。ダウンロードし直してください。") % {"place": place})
        return None
    return int(number)


def _quantity(value: Any, place: str, errors: list[str], *, whole: bool = False) -> Decimal | None:
    """A KPI value cell: a number, or text such as 1,234 / １２３ / △5 / 95.7% (the form's rule).

    ``whole``: an amount of yen (予算額・決算額), a whole number not below zero."""
    number = cell_number(value)
    if number is None and value is not None:
        text = cell_text(value)
        if not text:
            return None
        try:
            number = parse_quantity(text).value
        except QuantityError:
            errors.append(
                _("%(place)s: 「%(text)s」を数値として読めません（例：1,234　△5　95.7）。文字は「表記」の列へ。")
                % {"place": place, "text": text}
            )
            return None
    if number is not None and number_problem(number):
        errors.append(_("%(place)s: 「%(text)s」は大きすぎるか細かすぎます。") % {"place": place, "text": value})
        return None
    if number is not None and whole and (number < 0 or number != number.to_integral_value()):
        errors.append(_("%(place)s: 金額は0以上の円単位の整数で入力してください。") % {"place": place})
        return None
    return number


# ---------------------------------------------------------------- preview and apply


@dataclass
class RowPreview:
    row: EntryRow
    evaluation: Evaluation | None
    changes: list[tuple[str, str, str]]  # (field, before, after)
    conflict: str = ""  # why the row cannot be applied: saved since the download
    refused: str = ""  # not the user's to edit, not of this year, not editable
    data: actions.EntryInput | None = None

    @property
    def applicable(self) -> bool:
        return not self.conflict and not self.refused and bool(self.changes)


def preview(cycle: EvaluationCycle, read: ReadWorkbook, user: User, *, allowed: set[int] | None) -> list[RowPreview]:
    """What applying the workbook would change, per entry: before → after; stale rows as conflicts and rows
    the user may not edit as refused (``allowed``: the user's editable departments, None for all)."""
    ids = [r.evaluation_id for r in read.rows]
    found = cycle_entries(cycle, None).filter(pk__in=ids).select_related("updated_by").prefetch_related("metrics")
    entries = {e.pk: e for e in found}
    plan_id = cycle.plan_id
    grades = {g.code: g for g in Grade.objects.filter(scheme__plan_id=plan_id)}
    levels = {a.code: a for a in AchievementLevel.objects.filter(scheme__plan_id=plan_id)}
    directions = actions.plan_directions(plan_id)
    return [
        _row_preview(r, entries.get(r.evaluation_id), cycle, grades, levels, directions, allowed) for r in read.rows
    ]


def _row_preview(row, e, cycle, grades, levels, directions, allowed) -> RowPreview:
    if e is None:
        return RowPreview(row, None, [], refused=_("この年度・計画の報告ではありません。"))
    departments = {link.department_id for link in e.project.department_links.all()}
    if allowed is not None and not departments & allowed:
        return RowPreview(row, e, [], refused=_("他の課の事業です。所管課と企画課だけが入力できます。"))
    if cycle.is_published:
        return RowPreview(row, e, [], refused=str(actions.YearLockedError(cycle.fiscal_year)))
    if not actions.is_editable(e, cycle):
        return RowPreview(
            row, e, [], refused=_("%(status)sの報告は編集できません。") % {"status": e.get_status_display()}
        )
    problems = []
    for letter, code, known in (
        ("F", row.grade, grades),
        ("G", row.achievement, levels),
        ("J", row.direction, directions),
    ):
        if code and code not in known:
            problems.append(
                _("%(place)s: 「%(code)s」はこの計画の選択肢にありません。")
                % {"place": f"{ENTRIES}!{letter}{row.number}", "code": code}
            )
    indicators = {i.pk: i for i in e.project.indicators.all()}
    for k in row.kpis:
        if k.indicator_id not in indicators:
            problems.append(_("%(place)s: この事業の指標ではありません。") % {"place": f"{KPIS}!B{k.number}"})
    if problems:
        return RowPreview(row, e, [], refused=" ".join(problems))
    stored = {
        k.indicator_id: _latest(
            [o for o in indicators[k.indicator_id].observations.all() if o.fiscal_year == e.fiscal_year]
        )
        for k in row.kpis
    }
    stale = [k for k in row.kpis if (stored[k.indicator_id].version if stored[k.indicator_id] else 0) != k.version]
    if e.version != row.version or stale:
        who = e.updated_by.get_username() if e.updated_by else _("他の利用者")
        return RowPreview(
            row,
            e,
            [],
            conflict=_("ダウンロードの後に %(who)s が保存しています。ダウンロードし直してください。") % {"who": who},
        )
    changes = []
    for name, before, after in (
        ("評価", e.grade.code if e.grade else "", row.grade),
        ("達成度", e.achievement.code if e.achievement else "", row.achievement),
        ("実績・取組状況", e.narrative, row.narrative),
        ("今後の方針", e.future_direction, row.future_direction),
        ("今後の方向性", e.direction, row.direction),
        *((column, _amount(getattr(e, name)), _amount(row.cost.get(name))) for column, name in COST_COLUMNS.items()),
    ):
        if before != after:
            changes.append((name, before, after))
    for k in row.kpis:
        o = stored[k.indicator_id]
        before = _kpi_text(o.value, o.text, o.status, o.note) if o else ""
        after = _kpi_text(k.value, k.text, k.status, k.note)
        if before != after and (o or after != _kpi_text(None, "", "final", "")):
            changes.append((indicators[k.indicator_id].name, before, after))
    typed = {"direction": row.direction, **row.cost}
    sheet = actions.SheetInput(
        **{name: typed[name] if name in typed else getattr(e, name) for name in actions.SHEET_FIELDS}
    )
    data = actions.EntryInput(
        grade_id=grades[row.grade].pk if row.grade else None,
        achievement_id=levels[row.achievement].pk if row.achievement else None,
        narrative=row.narrative,
        future_direction=row.future_direction,
        observations=[actions.ObservationInput.from_row(k) for k in row.kpis],
        metrics=[actions.MetricInput(name=m.name, value=m.value, unit=m.unit, text=m.text) for m in e.metrics.all()],
        sheet=sheet,
    )
    return RowPreview(row, e, changes, data=data)


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value).normalize():,f}"


def _kpi_text(value, text, status, note) -> str:
    shown = text or ("" if value is None else f"{value.normalize():f}")
    parts = [shown, STATUS_LABELS.get(status, status)]
    return "／".join(p for p in [*parts, note] if p)


@dataclass
class Applied:
    saved: list[Evaluation] = field(default_factory=list)
    submitted: list[Evaluation] = field(default_factory=list)
    failed: list[tuple[RowPreview, str]] = field(default_factory=list)


def apply_rows(rows: list[RowPreview], *, by: User, submit: bool) -> Applied:
    """Save each changed row as a draft (and submit it, and the drafts, when asked), one transaction per entry: an entry
    refused (a conflict since the preview, or incomplete for submission) is reported and the rest are kept."""
    result = Applied()
    for p in rows:
        started = p.evaluation is not None and p.evaluation.status != Evaluation.Status.NOT_STARTED
        if p.data is None or not (p.changes or (submit and started)):  # conflicts and refusals have no data;
            continue  # an untouched entry nobody has started is left alone, a draft is submitted as it is
        try:
            with transaction.atomic():
                saved = actions.save_entry(evaluation=p.evaluation, data=p.data, by=by, expected_version=p.row.version)
                if submit:
                    saved = actions.submit_evaluation(evaluation=saved, by=by, expected_version=saved.version)
        except actions.IncompleteEntryError as e:
            result.failed.append((p, " ".join([str(e), *map(str, e.problems.values())])))
            continue
        except actions.WorkflowError as e:
            result.failed.append((p, str(e)))
            continue
        (result.submitted if submit else result.saved).append(saved)
    return result
