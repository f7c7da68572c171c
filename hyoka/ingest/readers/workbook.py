"""Hyoka's own Excel layout: `write_workbook(doc)` and `read_workbook(data)` (hyoka export --format xlsx).

The visible sheets are what a city edits (計画, 施策体系, 指標, 事業・評価, 比較値, 改定ポイント);
the reader finds columns by their Japanese header, so reordered or added columns still read.
Two long-format sheets (実績値の詳細, 実績指標) carry what a wide table cannot show
(an observation's printed text, 速報値 status and note; a project's metrics) so that the
round trip gives the same plan back. A detail row is used only while it still agrees with
the wide cell: a city that retypes a value gets its value, not the stale detail.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from hyoka import interchange as ix
from hyoka.ingest.base import IngestError, Place, ReadResult, Warning
from hyoka.ingest.facts import key
from hyoka.ingest.limits import MB, Limits, check_size, configured, exceeded
from hyoka.jp import QuantityError, format_fiscal_year, parse_delta_phrase, parse_period, parse_quantity, parse_target
from hyoka.safecells import xlsx_text, xlsx_value
from hyoka.vocabulary import PLAN_KINDS

PLAN, SECTIONS, KPIS, DETAILS, PROJECTS, METRICS, BENCHMARKS, REVISIONS = (
    "計画", "施策体系", "指標", "実績値の詳細", "事業・評価", "実績指標", "比較値", "改定ポイント",
)  # fmt: skip
SEP = " ＞ "  # between the levels of a 施策体系 path
KINDS = PLAN_KINDS  # the plan's 種類 as the model labels it (hyoka.vocabulary)
DIRECTIONS = {"increase": "増加", "decrease": "減少", "maintain": "維持", "at_most": "以下", "at_least": "以上"}
STATUSES = {"final": "確定値", "provisional": "速報値", "pending": "未確定", "not_applicable": "該当なし"}
KPI_COLUMNS = ["施策体系", "No.", "指標名", "単位", "方向", "基準値", "基準時点", "目標値", "目標（表記）", "目標時点"]
KPI_TAIL = ["記載の増減", "注記", "定義", "出典"]
DETAIL_COLUMNS = ["施策体系", "No.", "指標名", "時点", "値", "状態", "表記", "注"]
PROJECT_COLUMNS = [
    "施策体系",
    "No.",
    "事業名",
    "区分",
    "所管課",
    "予算事務事業",
    "施策番号",
    "事業内容",
    "注記",
    "添付",
]
EVAL_FIELDS = ["評価", "達成度", "実績・取組状況", "今後の方針", "参照資料", "評価の状態"]
EVAL_STATES = {
    "not_started": "未着手",
    "draft": "下書き",
    "submitted": "提出済み",
    "returned": "差し戻し",
    "approved": "承認済み",
}
METRIC_COLUMNS = ["No.", "事業名", "年度", "指標名", "値", "単位", "時点", "表記", "増減の表記"]
BEFORE_COLUMNS = ["前の値", "前の時点", "前の状態", "前の表記", "前の注"]
BENCHMARK_COLUMNS = ["指標", "地域", "値", "単位", "時点", "出典"]
REVISION_COLUMNS = ["対象", "ページ", "改定ポイント", "注記"]
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- cell helpers (shared by readers)


def number_format(value: Decimal) -> str:
    """#,##0 with the value's own decimals; negatives printed with △ as cities do."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    body = "#,##0" + ("." + "0" * places if places else "")
    return f'{body};"△"{body}'


def cell_number(value: Any) -> Decimal | None:
    """A numeric cell as Decimal (floats via repr, so 1.18 stays 1.18); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None


def cell_text(value: Any) -> str | None:
    """A cell as text (numbers typed into text columns included); blank → None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def to_period(label: str | None) -> ix.Period | None:
    """The interchange period of a printed label, keeping the label verbatim."""
    if not label:
        return None
    p = parse_period(label)
    return ix.Period(label=label, fiscal_year=p.fiscal_year, year=p.year, date=p.date)


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _joined(items: Iterable[str]) -> str | None:
    return "\n".join(items) or None


# ---------------------------------------------------------------- writing


def _sheet(wb: Workbook, title: str, headers: list[str], rows: Iterable[list[Any]], widths: dict[str, int]) -> None:
    ws = wb.create_sheet(title)
    ws.append([xlsx_value(h) for h in headers])
    for cell in ws[1]:
        xlsx_text(cell)  # period headers come from the document
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        ws.append([xlsx_value(v) for v in row])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(header, 14)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = number_format(cell.value)
            elif isinstance(cell.value, str):
                cell.alignment = _WRAP
                xlsx_text(cell)  # a name like =HYPERLINK(…) is stored as text, never as a formula
    frozen = 4 if "指標名" in headers or "事業名" in headers else 1
    ws.freeze_panes = ws.cell(row=2, column=min(frozen, len(headers)))
    ws.auto_filter.ref = ws.dimensions


def _path_of(sections: list[ix.Section], parent: str = "") -> Iterator[tuple[str, ix.Section]]:
    for s in sections:
        part = f"{s.level}{s.number or ''} {s.title}"
        path = f"{parent}{SEP}{part}" if parent else part
        yield path, s
        yield from _path_of(s.sections, path)


def _period_columns(indicators: list[tuple[str, ix.Indicator]]) -> list[str]:
    """One column per point in time, in an order that keeps every indicator's own order.

    Labels printed with and without a space (H28末現在 / H28 末現在) share a column, headed by the
    first; each observation's exact label stays on the 実績値の詳細 sheet.
    """
    labels: list[str] = []
    for _, k in indicators:
        previous = -1
        for o in k.observations:
            keys = [key(label) for label in labels]
            if key(o.period.label) not in keys:
                labels.insert(previous + 1, o.period.label)
                keys = [key(label) for label in labels]
            previous = keys.index(key(o.period.label))
    return labels


def write_workbook(doc: ix.PlanDocument) -> bytes:
    """The plan as an .xlsx a city would recognise (Japanese headers, one row per KPI / project)."""
    wb = Workbook()
    wb.remove(wb.active)
    _write_plan(wb, doc)
    paths = list(_path_of(doc.sections))
    _sheet(
        wb,
        SECTIONS,
        ["施策体系", "区分", "番号", "名称", "ページ"],
        ([path, s.level, s.number, s.title, s.pages] for path, s in paths),
        {"施策体系": 60, "名称": 40},
    )
    indicators = [("", k) for k in doc.indicators] + [(path, k) for path, s in paths for k in s.indicators]
    labels = _period_columns(indicators)
    kpi_rows, detail_rows = [], []
    for path, k in indicators:
        b, t = k.baseline or ix.Baseline(), k.target or ix.Target()
        cells = {
            key(o.period.label): _placeholder(o.status, o.text) if o.value is None else o.value for o in k.observations
        }
        kpi_rows.append(
            [path, k.project_number, k.name, k.unit, DIRECTIONS[k.direction]]
            + [b.value if b.value is not None else b.text, b.period and b.period.label]
            + [t.value, t.text, t.period and t.period.label]
            + [cells.get(key(label)) for label in labels]
            + [k.stated_delta and k.stated_delta.text, _joined(k.notes), k.definition, k.source]
        )
        detail_rows += [
            [path, k.project_number, k.name, o.period.label, o.value, STATUSES[o.status], o.text, o.note]
            for o in k.observations
        ]
    widths = {"施策体系": 40, "指標名": 30, "目標（表記）": 16, "注記": 40, "定義": 30, "出典": 30}
    _sheet(wb, KPIS, KPI_COLUMNS + labels + KPI_TAIL, kpi_rows, widths)
    _sheet(wb, DETAILS, DETAIL_COLUMNS, detail_rows, {"施策体系": 30, "指標名": 30, "表記": 30, "注": 30})
    _write_projects(wb, paths)
    if doc.benchmarks:
        rows = [[b.indicator, b.area, b.value, b.unit, b.period and b.period.label, b.source] for b in doc.benchmarks]
        _sheet(wb, BENCHMARKS, BENCHMARK_COLUMNS, rows, {"指標": 24, "出典": 40})
    if doc.revisions:
        rows = [[r.section, r.pages, _joined(r.points), _joined(r.notes)] for r in doc.revisions]
        _sheet(wb, REVISIONS, REVISION_COLUMNS, rows, {"対象": 24, "改定ポイント": 80, "注記": 40})
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_plan(wb: Workbook, doc: ix.PlanDocument) -> None:
    ws = wb.create_sheet(PLAN)
    m, p, scheme = doc.municipality, doc.plan, doc.evaluation_scheme
    fy = format_fiscal_year
    rows: list[list[Any]] = [
        ["項目", "内容"],
        ["団体コード", m.code],
        ["団体名", m.name],
        ["都道府県", m.prefecture],
        ["計画名", p.title],
        ["計画の種類", KINDS[p.kind]],
        ["版", p.version or None],
        ["開始年度", fy(p.start_fy) if p.start_fy else None],
        ["終了年度", fy(p.end_fy) if p.end_fy else None],
        ["施策の階層", SEP.join(p.section_levels) or None],
        ["出典", p.source],
        ["注記", _joined(p.notes)],
    ]
    if scheme is not None:
        rows += [
            ["評価基準（凡例）", scheme.legend_text],
            [],
            ["評価基準", "記号", "内容", "下限（％以上）", "上限（％未満）"],
        ]
        rows += [["評価", g.code, g.label] for g in scheme.grades]
        rows += [["達成度", a.code, a.label, a.min_percent, a.max_percent] for a in scheme.achievement_levels]
    for row in rows:
        ws.append([xlsx_value(v) for v in row])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = _WRAP
            xlsx_text(cell)
            if isinstance(cell.value, str) and cell.value in ("項目", "評価基準"):
                for c in row:
                    c.font, c.fill = Font(bold=True), _HEADER_FILL
    for col, width in zip("ABCDE", (18, 60, 30, 14, 14), strict=True):
        ws.column_dimensions[col].width = width


def _write_projects(wb: Workbook, paths: list[tuple[str, ix.Section]]) -> None:
    projects = [(path, p) for path, s in paths for p in s.projects]
    years = sorted({e.fiscal_year for _, p in projects for e in p.evaluations})
    used = {
        (e.fiscal_year, f)
        for _, p in projects
        for e in p.evaluations
        for f, v in zip(EVAL_FIELDS, _eval_cells(e), strict=True)
        if v
    }
    eval_columns = [(y, f) for y in years for f in EVAL_FIELDS if (y, f) in used or f in EVAL_FIELDS[:3]]
    rows, metrics = [], []
    for path, p in projects:
        by_year = {e.fiscal_year: dict(zip(EVAL_FIELDS, _eval_cells(e), strict=True)) for e in p.evaluations}
        rows.append(
            [path, p.number, p.name, p.status, "、".join(p.departments) or None]
            + [_joined(f"{b.code or '-'} {b.name} {b.department or '-'}" for b in p.budget_items)]
            + ["、".join(p.policy_refs) or None, p.description, _joined(p.notes)]
            + [_joined(_attachment(a) for a in p.attachments)]
            + [by_year.get(y, {}).get(f) for y, f in eval_columns]
        )
        for e in p.evaluations:
            for x in e.metrics:
                before = x.before
                metrics.append(
                    [p.number, p.name, format_fiscal_year(e.fiscal_year), x.name, x.value, x.unit]
                    + [x.period and x.period.label, x.text, x.delta_text]
                    + (
                        [before.value, before.period.label, STATUSES[before.status], before.text, before.note]
                        if before
                        else [None] * 5
                    )
                )
    headers = PROJECT_COLUMNS + [f"{f}（{format_fiscal_year(y)}）" for y, f in eval_columns]
    widths = {"施策体系": 40, "事業名": 30, "予算事務事業": 40, "事業内容": 60, "注記": 30}
    widths |= {h: 50 for h in headers if h.startswith(("実績", "今後"))}
    _sheet(wb, PROJECTS, headers, rows, widths)
    if metrics:
        _sheet(wb, METRICS, METRIC_COLUMNS + BEFORE_COLUMNS, metrics, {"事業名": 30, "指標名": 30, "表記": 30})


def _eval_cells(e: ix.Evaluation) -> list[str | None]:
    state = EVAL_STATES[e.state] if e.state else None
    return [e.grade, e.achievement, e.narrative, e.future_direction, _joined(e.references), state]


def _attachment(a: ix.Attachment) -> str:
    return a.title if a.kind == "image" and not a.uri else f"{a.title}｜{a.kind}｜{a.uri or ''}"


# ---------------------------------------------------------------- reading

_EVAL_HEADER = re.compile(rf"^({'|'.join(map(re.escape, EVAL_FIELDS))})[（(](.+)[）)]$")
_SECTION_PART = re.compile(r"^(?P<level>.+?)(?P<number>[0-9０-９Ⅰ-Ⅻ①-⑳]+(?:[-－.・][0-9０-９]+)*)?\s+(?P<title>\S.*)$")


class _Table:
    """One sheet as header → column index, with rows numbered as Excel numbers them."""

    def __init__(self, name: str, rows: list[tuple[Any, ...]], source: str):
        self.name, self.source = name, source
        self.header = [cell_text(v) or "" for v in (rows[0] if rows else ())]
        self.index = {h: i for i, h in enumerate(self.header) if h}
        self.rows = [(n, row) for n, row in enumerate(rows[1:], start=2) if any(v not in (None, "") for v in row)]

    def get(self, row: tuple[Any, ...], column: str) -> Any:
        i = self.index.get(column)
        return row[i] if i is not None and i < len(row) else None

    def text(self, row: tuple[Any, ...], column: str) -> str | None:
        return cell_text(self.get(row, column))

    def place(self, n: int, column: str) -> Place:
        return Place(self.source, sheet=self.name, cell=f"{get_column_letter(self.index.get(column, 0) + 1)}{n}")


def open_workbook(data: bytes, source: str, *, read_only: bool = True, limits: Limits | None = None) -> Any:
    """openpyxl's read-only workbook, or IngestError naming the file when it is not an .xlsx or passes a limit.

    The zip directory is checked before any part is decompressed (`check_archive`), and every part is
    opened through `_GuardedZip`, so nothing openpyxl reads can grow past its limit. Read-only mode
    streams sheets; `read_only=False` is refused because it would build every cell at once.
    """
    if not read_only:
        raise ValueError("open_workbook reads in read-only mode only (a whole workbook in memory is unbounded)")
    limits = limits or configured()
    if not data:
        raise IngestError(source, "the file is empty")
    if not data.startswith(b"PK\x03\x04"):
        raise IngestError(source, "not an Excel .xlsx file (it is not a zip archive; a CSV or old .xls renamed?)")
    check_size(data, source, limits)
    check_archive(data, source, limits)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.archive = _GuardedZip(io.BytesIO(data), source, limits)
        reader.read()
        reader.archive.loaded = True  # from now on only worksheets are opened, streamed
        return reader.wb
    except Exception as e:  # zipfile.BadZipFile, KeyError, XML errors: all mean a broken file
        raise _limit_error(e) or IngestError(source, f"not a readable .xlsx file (truncated or damaged: {e})") from e


def _limit_error(e: BaseException) -> IngestError | None:
    """The IngestError a guard raised, which openpyxl may have wrapped in its own ValueError."""
    seen: BaseException | None = e
    for _ in range(10):  # a chain, not a cycle: a few links at most
        if seen is None or isinstance(seen, IngestError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def check_archive(data: bytes, source: str, limits: Limits) -> None:
    """The zip directory against the limits, before anything is decompressed: part count, sizes, ratios.

    The count comes from the end record, so a directory of a million entries is refused before
    zipfile builds a million ZipInfo objects. Declared sizes can be trusted as bounds: zipfile stops
    a part whose data runs past its declared size (and then fails its CRC check).
    """
    entries, directory_bytes = _end_record(data)
    if entries > limits.xlsx_entries or directory_bytes > limits.xlsx_entries * 1024:
        raise exceeded(source, f"the .xlsx archive has {entries:,} parts", "xlsx_entries", limits.xlsx_entries)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise IngestError(source, f"not a readable .xlsx file (truncated or damaged: {e})") from e
    if len(infos) > limits.xlsx_entries:
        raise exceeded(source, f"the .xlsx archive has {len(infos):,} parts", "xlsx_entries", limits.xlsx_entries)
    biggest = max(limits.xlsx_sheet_bytes, limits.xlsx_strings_bytes, limits.xlsx_part_bytes)
    total = 0
    for info in infos:
        where = f"{source}:{info.filename}"
        if info.file_size > biggest:
            raise exceeded(where, f"the part expands to {info.file_size:,} bytes", "xlsx_sheet_bytes", biggest)
        if info.file_size > MB and info.file_size > limits.xlsx_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise exceeded(where, f"the part expands {ratio:,}-fold", "xlsx_ratio", limits.xlsx_ratio)
        total += info.file_size
        if total > limits.xlsx_total_bytes:
            what = f"the parts expand to more than {limits.xlsx_total_bytes:,} bytes"
            raise exceeded(where, what, "xlsx_total_bytes", limits.xlsx_total_bytes)


def _end_record(data: bytes) -> tuple[int, int]:
    """(entries, central directory bytes) from the zip's end record (zip64 too); (0, 0) if there is none."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if at < 0 or at + 22 > len(data):
        return 0, 0  # zipfile will say what is wrong
    entries, size = struct.unpack_from("<HL", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        at64 = data.rfind(b"PK\x06\x06", 0, at)
        if at64 >= 0 and at64 + 56 <= len(data):
            entries, size = struct.unpack_from("<QQ", data, at64 + 32)
    return entries, size


class _GuardedZip(zipfile.ZipFile):
    """The archive openpyxl reads through: no part is inflated past its own limit.

    openpyxl `read()`s the parts it parses whole (workbook, styles, relationships) and `open()`s
    the ones it streams: shared strings and the start of each sheet while loading (chart sheets
    too, which it then parses whole), whole sheets afterwards. A `read()` is refused past the small
    part limit before anything is inflated; an `open()` is refused past the sheet limit, and while
    loading the stream itself stops after the part limit (shared strings: their own limit). So no
    part can be turned into a large in-memory XML tree by calling it a sheet.
    """

    def __init__(self, file: io.BytesIO, source: str, limits: Limits):
        super().__init__(file)
        self.source, self.limits, self.loaded = source, limits, False
        self.strings_part: str | None = None
        self.opened = 0  # parts streamed while loading, shared strings aside: one per sheet listed

    def read(self, name: Any, pwd: bytes | None = None) -> bytes:
        self._check(name, self.limits.xlsx_part_bytes, "xlsx_part_bytes")
        return super().read(name, pwd)

    def open(self, name: Any, mode: str = "r", pwd: bytes | None = None, **kwargs: Any) -> Any:
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        if self._is_strings(name):
            limit, setting = self.limits.xlsx_strings_bytes, "xlsx_strings_bytes"
        elif not self.loaded and self._opened() > self.limits.xlsx_sheets:
            stream.close()  # openpyxl opens each sheet's part as it lists it: a workbook of 100,000 sheets stops here
            raise exceeded(self.source, "the workbook lists too many sheets", "xlsx_sheets", self.limits.xlsx_sheets)
        elif self.loaded:
            limit, setting = self.limits.xlsx_sheet_bytes, "xlsx_sheet_bytes"
        else:
            limit, setting = self.limits.xlsx_part_bytes, "xlsx_part_bytes"
        try:
            if setting == "xlsx_strings_bytes":
                self._check(name, limit, setting)
            else:  # a sheet's start is read while loading: its declared size may be a sheet's
                self._check(name, max(limit, self.limits.xlsx_sheet_bytes), "xlsx_sheet_bytes")
        except IngestError:
            stream.close()
            raise
        return _Budget(stream, limit, setting, f"{self.source}:{_name(name)}")

    def _opened(self) -> int:
        self.opened += 1
        return self.opened

    def _is_strings(self, name: Any) -> bool:
        if self.strings_part is None:
            self.strings_part = ""  # while the manifest itself is read
            self.strings_part = _strings_part(self)
        return _name(name) == self.strings_part

    def _check(self, name: Any, limit: int, setting: str) -> None:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.file_size > limit:
            where = f"{self.source}:{info.filename}"
            raise exceeded(where, f"the part expands to {info.file_size:,} bytes", setting, limit)


class _Budget(io.RawIOBase):
    """A part's stream that stops with IngestError once more than `limit` bytes have been read from it."""

    def __init__(self, stream: Any, limit: int, setting: str, where: str):
        super().__init__()
        self.stream, self.limit, self.setting, self.where, self.count = stream, limit, setting, where, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise exceeded(self.where, f"the part expands past {self.limit:,} bytes", self.setting, self.limit)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def _strings_part(archive: zipfile.ZipFile) -> str:
    """The shared strings part as openpyxl finds it: by content type in [Content_Types].xml."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    except KeyError:
        return ""  # openpyxl will say the manifest is missing
    found = manifest.find(SHARED_STRINGS)
    return found.PartName[1:] if found is not None else ""


def _name(name: Any) -> str:
    return name.filename if isinstance(name, zipfile.ZipInfo) else str(name)


def sheet_rows(ws: Any, source: str, limits: Limits, cells: list[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only sheet as openpyxl streams them, refused at the first limit they pass.

    Rows are counted by their number (a stray cell on row 1,048,576 counts as that many rows),
    columns by the row's last cell, cells as the positions rows hold; `cells` ([count]) carries the
    workbook's total across sheets. The sheet's own <dimension> is ignored: a claimed A1:XFD1048576
    would otherwise pad every row to 16,384 columns.
    """
    ws.reset_dimensions()
    name, total = ws.title, cells if cells is not None else [0]
    count = 0
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > limits.rows:
            raise exceeded(Place(source, sheet=name, cell=f"A{number}"), "too many rows", "rows", limits.rows)
        if len(row) > limits.columns:
            beyond = row[limits.columns :]
            if beyond.count(None) != len(beyond):  # counted in C: a row padded with empty cells is cut, not read
                last = max(i for i, v in enumerate(row) if v is not None) + 1
                cell = f"{get_column_letter(last)}{number}"
                raise exceeded(Place(source, sheet=name, cell=cell), "too many columns", "columns", limits.columns)
            row = row[: limits.columns]
        count += len(row)
        total[0] += len(row)
        if count > limits.sheet_cells:
            raise exceeded(
                Place(source, sheet=name, cell=f"A{number}"), "too many cells", "sheet_cells", limits.sheet_cells
            )
        if total[0] > limits.workbook_cells:
            where = Place(source, sheet=name, cell=f"A{number}")
            raise exceeded(where, "too many cells in the workbook", "workbook_cells", limits.workbook_cells)
        for column, value in enumerate(row, start=1):
            if type(value) is str and len(value) > limits.cell_chars:
                where = Place(source, sheet=name, cell=f"{get_column_letter(column)}{number}")
                raise exceeded(where, f"the cell has {len(value):,} characters", "cell_chars", limits.cell_chars)
        yield row


def read_workbook(data: bytes, source: str, limits: Limits | None = None) -> ReadResult:
    """A workbook written by write_workbook (or edited by a city) → the same PlanDocument."""
    limits = limits or configured()
    wb = open_workbook(data, source, limits=limits)
    try:
        cells = [0]
        sheets = {ws.title: list(sheet_rows(ws, source, limits, cells)) for ws in wb.worksheets}
    except IngestError:
        raise
    except Exception as e:  # a damaged part inside a well-formed zip
        raise _limit_error(e) or IngestError(source, f"not a readable .xlsx file ({e})") from e
    finally:
        wb.close()
    if PLAN not in sheets:
        raise IngestError(source, f"not a Hyoka workbook: no sheet {PLAN}")
    reader = _Reader(sheets, source)
    try:
        doc = reader.read()
        doc = ix.PlanDocument.model_validate(doc.model_dump(by_alias=True))
    except ValidationError as e:
        problems = "; ".join(f"{ix.json_path(err['loc'])}: {err['msg']}" for err in e.errors())
        raise IngestError(source, f"the workbook does not make a valid plan: {problems}") from e
    return ReadResult(doc, reader.warnings, layout="hyoka workbook")


class _Reader:
    def __init__(self, sheets: dict[str, list[tuple[Any, ...]]], source: str):
        self.sheets, self.source = sheets, source
        self.warnings: list[Warning] = []
        self.sections: dict[str, ix.Section] = {}
        self.top: list[ix.Section] = []

    def table(self, name: str) -> _Table:
        return _Table(name, self.sheets.get(name, []), self.source)

    def warn(self, place: Place, message: str) -> None:
        self.warnings.append(Warning(place, message))

    def read(self) -> ix.PlanDocument:
        municipality, plan, scheme = self.plan()
        for n, row in (t := self.table(SECTIONS)).rows:
            path, title = t.text(row, "施策体系"), t.text(row, "名称")
            if not path or not title:
                self.warn(t.place(n, "施策体系"), "a section row needs 施策体系 and 名称; skipped")
                continue
            level = t.text(row, "区分") or "施策"
            section = ix.Section(level=level, number=t.text(row, "番号"), title=title, pages=t.text(row, "ページ"))
            self.attach(path, section)
        indicators = self.indicators()
        self.projects()
        return ix.PlanDocument(
            schema="hyoka.plan/1",
            municipality=municipality,
            plan=plan,
            evaluation_scheme=scheme,
            indicators=indicators,
            sections=self.top,
            benchmarks=self.benchmarks(),
            revisions=self.revisions(),
        )

    def attach(self, path: str, section: ix.Section) -> ix.Section:
        parent_path, _, _ = path.rpartition(SEP)
        siblings = self.section(parent_path).sections if parent_path else self.top
        siblings.append(section)
        self.sections[path] = section
        return section

    def section(self, path: str) -> ix.Section:
        """The section of a 施策体系 path, made from the path itself when the 施策体系 sheet lacks it."""
        if path in self.sections:
            return self.sections[path]
        part = path.rpartition(SEP)[2].strip()
        m = _SECTION_PART.match(part)
        level, number, title = (m["level"], m["number"], m["title"]) if m else ("施策", None, part)
        return self.attach(path, ix.Section(level=level.strip(), number=number, title=title))

    def plan(self) -> tuple[ix.Municipality, ix.PlanInfo, ix.EvaluationScheme | None]:
        items: dict[str, Any] = {}
        grades, levels, in_scheme = [], [], False
        for row in self.sheets[PLAN]:
            first = cell_text(row[0]) if row else None
            if first == "評価基準" and len(row) > 1 and cell_text(row[1]) == "記号":
                in_scheme = True
            elif in_scheme and first in ("評価", "達成度") and cell_text(row[1]):
                cells = list(row) + [None] * 5
                if first == "評価":
                    grades.append(ix.Grade(code=cell_text(cells[1]), label=cell_text(cells[2])))
                else:
                    low, high = cell_number(cells[3]), cell_number(cells[4])
                    code, label = cell_text(cells[1]), cell_text(cells[2])
                    levels.append(ix.AchievementLevel(code=code, label=label, min_percent=low, max_percent=high))
            elif first and not in_scheme:
                items[first] = cell_text(row[1]) if len(row) > 1 else None
        try:
            municipality = ix.Municipality(
                code=items.get("団体コード") or "",
                name=items.get("団体名") or "",
                prefecture=items.get("都道府県") or "",
            )
        except ValidationError as e:
            raise IngestError(
                Place(self.source, sheet=PLAN), f"団体コード/団体名/都道府県: {e.errors()[0]['msg']}"
            ) from e
        if not items.get("計画名"):
            raise IngestError(Place(self.source, sheet=PLAN), "計画名 is missing")
        kind = {v: k for k, v in KINDS.items()}.get(items.get("計画の種類") or "", "other")
        plan = ix.PlanInfo(
            title=items["計画名"],
            kind=kind if items.get("計画の種類") else "comprehensive_strategy",
            version=items.get("版") or "",
            start_fy=self.fiscal_year(items.get("開始年度")),
            end_fy=self.fiscal_year(items.get("終了年度")),
            section_levels=[s.strip() for s in (items.get("施策の階層") or "").split(SEP.strip()) if s.strip()],
            source=items.get("出典"),
            notes=_lines(items.get("注記")),
        )
        legend = items.get("評価基準（凡例）")
        scheme = None
        if legend or grades or levels or "評価基準（凡例）" in items:
            scheme = ix.EvaluationScheme(legend_text=legend, grades=grades, achievement_levels=levels)
        return municipality, plan, scheme

    @staticmethod
    def fiscal_year(label: str | None) -> int | None:
        if not label:
            return None
        return int(label) if label.isdigit() else parse_period(label).fiscal_year

    def indicators(self) -> list[ix.Indicator]:
        t = self.table(KPIS)
        known = set(KPI_COLUMNS) | set(KPI_TAIL)
        periods = [h for h in t.header if h and h not in known]
        d = self.table(DETAILS)
        details = {(d.text(r, "指標名"), d.text(r, "No."), key(d.text(r, "時点"))): r for _, r in d.rows}
        top: list[ix.Indicator] = []
        for n, row in t.rows:
            name = t.text(row, "指標名")
            if not name:
                self.warn(t.place(n, "指標名"), "a KPI row without 指標名; skipped")
                continue
            unit, number = t.text(row, "単位"), t.text(row, "No.")
            baseline = self.baseline(t, n, row)
            target = self.target(t, n, row, baseline)
            observations = []
            for label in periods:
                detail = details.get((name, number, key(label)))
                o = self.observation(t, n, row, label, (d, detail) if detail else None)
                if o is not None:
                    observations.append(o)
            direction = {v: k for k, v in DIRECTIONS.items()}.get(t.text(row, "方向") or "", t.text(row, "方向"))
            delta_text = t.text(row, "記載の増減")
            indicator = ix.Indicator(
                name=name,
                unit=unit,
                direction=direction if direction in DIRECTIONS else "increase",
                baseline=baseline,
                target=target,
                observations=observations,
                stated_delta=ix.StatedDelta(value=_delta(delta_text, unit), text=delta_text) if delta_text else None,
                project_number=number,
                definition=t.text(row, "定義"),
                source=t.text(row, "出典"),
                notes=_lines(t.text(row, "注記")),
            )
            path = t.text(row, "施策体系")
            (self.section(path).indicators if path else top).append(indicator)
        return top

    def number(self, t: _Table, n: int, row: tuple[Any, ...], column: str) -> tuple[Decimal | None, str | None]:
        """(value, text) of a number column; a malformed number is a warning and no value."""
        raw = t.get(row, column)
        if (value := cell_number(raw)) is not None:
            return value, None
        text = cell_text(raw)
        if text is None:
            return None, None
        try:
            return parse_quantity(text).value, text
        except QuantityError as e:
            self.warn(t.place(n, column), f"not a number: {e}")
            return None, text

    def baseline(self, t: _Table, n: int, row: tuple[Any, ...]) -> ix.Baseline | None:
        value, text = self.number(t, n, row, "基準値")
        period = to_period(t.text(row, "基準時点"))
        if value is None and text is None and period is None:
            return None
        return ix.Baseline(value=value, text=text if value is None else None, period=period)

    def target(self, t: _Table, n: int, row: tuple[Any, ...], baseline: ix.Baseline | None) -> ix.Target | None:
        value, _ = self.number(t, n, row, "目標値")
        text, period = t.text(row, "目標（表記）"), to_period(t.text(row, "目標時点"))
        if value is None and text is None and period is None:
            return None
        spec = parse_target(text or str(value or ""), baseline=baseline.value if baseline else None)
        return ix.Target(value=value, comparator=spec.comparator, text=text, period=period)

    def observation(
        self, t: _Table, n: int, row: tuple[Any, ...], label: str, detail: tuple[_Table, tuple[Any, ...]] | None
    ) -> ix.Observation | None:
        raw = t.get(row, label)
        value, text = cell_number(raw), cell_text(raw)
        if value is None and text is None:
            return None
        if detail:
            d, drow = detail
            d_value, d_text = cell_number(d.get(drow, "値")), d.text(drow, "表記")
            d_status = {v: k for k, v in STATUSES.items()}.get(d.text(drow, "状態") or "", "final")
            if d_value == value if value is not None else d_value is None and _placeholder(d_status, d_text) == text:
                period = to_period(d.text(drow, "時点") or label)  # the label exactly as printed
                return ix.Observation(
                    value=d_value, period=period, status=d_status, text=d_text, note=d.text(drow, "注")
                )
        if value is not None:
            return ix.Observation(value=value, period=to_period(label))
        try:
            q = parse_quantity(text or "")
        except QuantityError as e:
            self.warn(t.place(n, label), f"{label}: not a number, left out: {e}")
            return None
        status = {"value": "final", "none": "not_applicable", "pending": "pending"}[q.status]
        return ix.Observation(value=q.value, period=to_period(label), status=status, text=text)

    def projects(self) -> None:
        t = self.table(PROJECTS)
        years = {h: (m[1], parse_period(m[2]).fiscal_year) for h in t.header if (m := _EVAL_HEADER.match(h))}
        by_key: dict[tuple[str | None, str], ix.Project] = {}
        for n, row in t.rows:
            name = t.text(row, "事業名")
            if not name:
                self.warn(t.place(n, "事業名"), "a project row without 事業名; skipped")
                continue
            evaluations: dict[int, dict[str, str]] = {}
            for header, (field, fy) in years.items():
                if fy is not None and (value := t.text(row, header)):
                    evaluations.setdefault(fy, {})[field] = value
            project = ix.Project(
                number=t.text(row, "No."),
                name=name,
                status=t.text(row, "区分"),
                departments=[d.strip() for d in (t.text(row, "所管課") or "").split("、") if d.strip()],
                budget_items=[_budget_item(line) for line in _lines(t.text(row, "予算事務事業"))],
                policy_refs=[r.strip() for r in (t.text(row, "施策番号") or "").split("、") if r.strip()],
                description=t.text(row, "事業内容"),
                notes=_lines(t.text(row, "注記")),
                attachments=[_parse_attachment(line) for line in _lines(t.text(row, "添付"))],
                evaluations=[
                    ix.Evaluation(
                        fiscal_year=fy,
                        grade=e.get("評価"),
                        achievement=e.get("達成度"),
                        narrative=e.get("実績・取組状況"),
                        future_direction=e.get("今後の方針"),
                        references=_lines(e.get("参照資料")),
                        state={v: k for k, v in EVAL_STATES.items()}.get(e.get("評価の状態") or ""),
                    )
                    for fy, e in evaluations.items()
                ],
            )
            self.section(t.text(row, "施策体系") or "施策 （未分類）").projects.append(project)
            by_key[(project.number, name)] = project
        self.metrics(by_key)

    def metrics(self, projects: dict[tuple[str | None, str], ix.Project]) -> None:
        t = self.table(METRICS)
        for n, row in t.rows:
            project = projects.get((t.text(row, "No."), t.text(row, "事業名") or ""))
            fy = self.fiscal_year(t.text(row, "年度"))
            name = t.text(row, "指標名")
            if project is None or fy is None or not name:
                self.warn(t.place(n, "事業名"), "a metric row needs a known 事業名 (and No.), 年度 and 指標名; skipped")
                continue
            value, _ = self.number(t, n, row, "値")
            before = None
            if (before_period := to_period(t.text(row, "前の時点"))) is not None:
                b_value, _ = self.number(t, n, row, "前の値")
                b_status = {v: k for k, v in STATUSES.items()}.get(t.text(row, "前の状態") or "", "final")
                if b_value is None and b_status in ("final", "provisional"):
                    b_status = "pending"
                before = ix.Observation(
                    value=b_value,
                    period=before_period,
                    status=b_status,
                    text=t.text(row, "前の表記"),
                    note=t.text(row, "前の注"),
                )
            metric = ix.Metric(
                name=name,
                value=value,
                unit=t.text(row, "単位"),
                period=to_period(t.text(row, "時点")),
                text=t.text(row, "表記"),
                before=before,
                delta_text=t.text(row, "増減の表記"),
            )
            evaluation = next((e for e in project.evaluations if e.fiscal_year == fy), None)
            if evaluation is None:
                evaluation = ix.Evaluation(fiscal_year=fy)
                project.evaluations.append(evaluation)
            evaluation.metrics.append(metric)

    def benchmarks(self) -> list[ix.Benchmark]:
        t, found = self.table(BENCHMARKS), []
        for n, row in t.rows:
            value, _ = self.number(t, n, row, "値")
            indicator, area = t.text(row, "指標"), t.text(row, "地域")
            if value is None or not indicator or not area:
                self.warn(t.place(n, "値"), "a benchmark needs 指標, 地域 and a numeric 値; skipped")
                continue
            period = to_period(t.text(row, "時点"))
            found.append(
                ix.Benchmark(
                    indicator=indicator,
                    area=area,
                    value=value,
                    unit=t.text(row, "単位"),
                    period=period,
                    source=t.text(row, "出典"),
                )
            )
        return found

    def revisions(self) -> list[ix.Revision]:
        t, found = self.table(REVISIONS), []
        for n, row in t.rows:
            section = t.text(row, "対象")
            if not section:
                self.warn(t.place(n, "対象"), "a revision row without 対象; skipped")
                continue
            points, notes = _lines(t.text(row, "改定ポイント")), _lines(t.text(row, "注記"))
            found.append(ix.Revision(section=section, pages=t.text(row, "ページ"), points=points, notes=notes))
        return found


def _placeholder(status: str, text: str | None) -> str:
    """What a wide KPI cell shows for an observation without a value."""
    return text or ("—" if status == "not_applicable" else "未確定")


def _delta(text: str | None, unit: str | None) -> Decimal | None:
    try:
        return parse_delta_phrase(text, unit=unit)[0] if text else None
    except (QuantityError, ValueError):
        return None


def _budget_item(line: str) -> ix.BudgetItem:
    """'0104010242 妊婦健康診査事業 健康推進課' (code or -, name, department or -)."""
    parts = line.split()
    code = parts[0] if parts and re.fullmatch(r"\d{10}|-", parts[0]) else None
    rest = parts[1:] if code else parts
    department = rest[-1] if len(rest) >= 2 else None
    name = " ".join(rest[:-1] if department else rest)
    return ix.BudgetItem(
        code=None if code in (None, "-") else code, name=name, department=None if department == "-" else department
    )


def _parse_attachment(line: str) -> ix.Attachment:
    title, _, rest = line.partition("｜")
    kind, _, uri = rest.partition("｜")
    return ix.Attachment(title=title, kind=kind if kind in ("image", "document", "link") else "image", uri=uri or None)
