"""City-made KPI tables as CSV, and the table reading shared with the .xlsx reader.

`read_grids` takes rows of cell strings with a way to name each cell's place (sheet!B7 for
Excel, line N column M for CSV) and finds the KPI table by its headers — never by a
city's strings: a name column (指標名/指標/KPI), 単位, 基準値, 目標値, era-year columns
(H28, 平成29年度, R2, 令和3年度実績, 2021年度), a header spread over two rows (実績値 over
H28 | H29), section columns (基本目標, 施策) whose blank cells continue the value above
(merged cells), section heading rows, ※ note rows, repeated header rows.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pydantic import ValidationError

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, Place, ReadResult, Warning, require_municipality, require_title
from hyoka.ingest.encoding import decode
from hyoka.ingest.limits import exceeded, strip_controls
from hyoka.jp import Quantity, QuantityError, infer_direction, parse_period, parse_quantity, parse_target
from hyoka.safecells import unguard

Placer = Callable[[int, int], tuple[Place, str]]  # (row, column) 1-based → place and how to name the cell


@dataclass
class Grid:
    """One sheet (or one CSV file): rows of stripped cell strings, numbered from 1."""

    name: str | None  # the sheet name; None for CSV
    rows: list[list[str]]
    place: Placer
    numbers: list[int] = field(default_factory=list)  # the row (line) number of each row; default 1, 2, …

    def number(self, i: int) -> int:
        return self.numbers[i] if i < len(self.numbers) else i + 1


_NAME = re.compile(r"^(指標名?|指標の名称|KPI.*|重要業績評価指標.*|数値目標|成果指標|評価指標|目標指標|項目名?)$", re.I)
_SECTION = re.compile(r"^(基本目標|基本施策|施策の方向|施策|政策|分野|基本方針|施策体系)$")
_SECTION_VALUE = re.compile(
    r"^(?P<level>基本目標|基本施策|施策の方向|施策|政策|分野|基本方針)\s*"
    r"(?P<number>[0-9０-９Ⅰ-Ⅻ①-⑳]+(?:[-－.][0-9０-９]+)*)?[\s.．:：　]*(?P<title>.*)$"
)
_KINDS = [
    ("unit", re.compile(r"^単位$")),
    ("number", re.compile(r"^(No\.?|NO\.?|№|番号|事業番号)$")),
    ("delta", re.compile(r".*増減.*")),
    ("baseline", re.compile(r"^(基準値|基準年|基準)(?P<rest>.*)$")),
    ("target", re.compile(r"^(目標値|目標)(?P<rest>.*)$")),
    ("current", re.compile(r"^(現状値|現状|実績値|実績|直近値)(?P<rest>.*)$")),
    ("note", re.compile(r"^(備考|注記|注|特記事項)$")),
    ("definition", re.compile(r"^(定義|算出方法|指標の説明)$")),
    ("source", re.compile(r"^(出典|データ出典|出所)$")),
]
_STATUS = {"value": "final", "none": "not_applicable", "pending": "pending"}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _inner(rest: str) -> str:
    """The period part of 基準値（H26） / 目標値 R1 / 現状値(令和2年度)."""
    return re.sub(r"^[\s(（［\[]+|[\s)）］\]]+$", "", rest)


@functools.lru_cache(maxsize=4096)
def _has_time(label: str) -> bool:
    """A header naming a year (H28, 令和3年度実績, 2021年度); bare numbers only as plausible years."""
    p = parse_period(label)
    year = p.fiscal_year or p.year
    return bool(p.date or (year and 1900 <= year <= 2100))


@dataclass
class Column:
    kind: str  # name, unit, baseline, target, observation, section, …
    label: str = ""  # a period label (baseline, target, observation) or a section level


def classify(header: str) -> Column | None:
    h = compact(header)
    if not h:
        return None
    if _NAME.match(h):
        return Column("name")
    if _SECTION.match(h):
        return Column("section", header.strip())
    for kind, pattern in _KINDS:
        if m := pattern.match(h):
            rest = _inner(header.strip()[len(header.strip()) - len(m.groupdict().get("rest") or "") :])
            if kind == "current":
                return Column("observation", rest) if rest and _has_time(rest) else Column("current")
            return Column(kind, rest if rest and _has_time(rest) else "")
    if _has_time(h):
        return Column("observation", header.strip())
    return None


def _combine(upper: str, lower: str) -> Column | None:
    """The column of a two-row header: 実績値 over H28 → observation H28; 基準値 over H26 → baseline H26."""
    top, bottom = classify(upper), classify(lower)
    if not lower or compact(lower) == compact(upper):
        return top
    if bottom and bottom.kind == "observation" and top and top.kind in ("baseline", "target"):
        return Column(top.kind, bottom.label)
    return bottom or top


@dataclass
class _Table:
    grid: Grid
    header_rows: int  # index of the last header row in grid.rows
    columns: dict[int, Column]
    title_cells: list[str] = field(default_factory=list)  # non-empty cells above the header


def find_table(grid: Grid) -> _Table | None:
    """The header row(s): a row with a name column and at least one value column (two rows if the next is years)."""
    for i, row in enumerate(grid.rows[:40]):
        columns = {j: c for j, cell in enumerate(row) if (c := classify(cell))}
        kinds = {c.kind for c in columns.values()}
        if "name" not in kinds or not kinds & {"unit", "baseline", "target", "observation", "current"}:
            continue
        below = grid.rows[i + 1] if i + 1 < len(grid.rows) else []
        name_col = next(j for j, c in columns.items() if c.kind == "name")
        below_name = below[name_col] if name_col < len(below) else ""
        if (not below_name or below_name == row[name_col]) and any(cell and _has_time(cell) for cell in below):
            width = max(len(row), len(below))
            upper = _fill_right(row + [""] * (width - len(row)), below)
            lower = below + [""] * (width - len(below))
            columns = {j: c for j in range(width) if (c := _combine(upper[j], lower[j]))}
            end = i + 1
        else:
            end = i
        titles = [cell for r in grid.rows[:i] for cell in r if cell]
        return _Table(grid, end, columns, titles)
    return None


def _fill_right(upper: list[str], lower: list[str]) -> list[str]:
    """A group header merged across years (実績値 over H28 | H29 | H30) names every column under it."""
    filled, last = [], ""
    for j, cell in enumerate(upper):
        if cell:
            last = cell
        filled.append(cell or (last if j < len(lower) and lower[j] else ""))
    return filled


class _Builder:
    """Turns the rows of found tables into one PlanDocument."""

    def __init__(self, context: Context, source: str):
        self.context, self.source = context, source
        self.warnings: list[Warning] = []
        self.top: list[ix.Section] = []
        self.plan_indicators: list[ix.Indicator] = []
        self.seen: set[tuple[str, str | None]] = set()
        self.title: str | None = None

    def warn(self, place: Place, message: str) -> None:
        self.warnings.append(Warning(place, message))

    def section(self, parents: list[ix.Section], level: str, text: str) -> ix.Section:
        m = _SECTION_VALUE.match(text.strip())
        number = m["number"] if m and m["number"] else None
        title = (m["title"].strip() if m else "") or text.strip()
        level = m["level"] if m else level
        siblings = parents[-1].sections if parents else self.top
        for s in siblings:
            if (s.level, s.number, s.title) == (level, number, title) or (
                number and (s.level, s.number) == (level, number)
            ):
                return s
        s = ix.Section(level=level, number=number, title=title)
        siblings.append(s)
        return s

    def read(self, table: _Table, sheet_section: str | None) -> int:
        grid, cols = table.grid, table.columns
        name_col = next(j for j, c in cols.items() if c.kind == "name")
        section_cols = [j for j, c in cols.items() if c.kind == "section"]
        base = [self.section([], "基本目標", sheet_section)] if sheet_section else []
        current: list[str] = [""] * len(section_cols)
        heading: ix.Section | None = None
        last: ix.Indicator | None = None
        marked: ix.Indicator | None = None
        count = 0
        for i in range(table.header_rows + 1, len(grid.rows)):
            row = grid.rows[i]
            n = grid.number(i)
            cells = [c for c in row if c]
            if not cells:
                continue
            if cells[0].startswith(("※", "＊", "*")) and len(cells) == 1:
                if target := marked or last:
                    target.notes.append(cells[0])
                continue
            name = row[name_col] if name_col < len(row) else ""
            if name and (c := classify(name)) and c.kind == "name":
                continue  # the header again (a table continued on the next page)
            for k, j in enumerate(section_cols):
                if j < len(row) and row[j]:
                    current[k] = row[j]
                    current[k + 1 :] = [""] * (len(current) - k - 1)
                    heading = None
            if not name:
                if len(cells) == 1 and _SECTION_VALUE.match(cells[0]) and _SECTION_VALUE.match(cells[0])["number"]:
                    heading = self.section(self.parents(base, table, current), "基本目標", cells[0])
                continue
            parents = self.parents(base, table, current)
            if heading is not None:
                parents = [*parents, heading] if heading not in parents else parents
            indicator = self.indicator(table, row, n)
            key = (indicator.name, indicator.project_number)
            if key in self.seen:
                self.warn(grid.place(n, name_col + 1)[0], f"{indicator.name}: the same KPI again; this row is left out")
                continue
            self.seen.add(key)
            (parents[-1].indicators if parents else self.plan_indicators).append(indicator)
            last, count = indicator, count + 1
            marked = indicator if any("※" in c for c in row) else marked
        return count

    def parents(self, base: list[ix.Section], table: _Table, current: list[str]) -> list[ix.Section]:
        """The section path of a row: the sheet's section, then one section per section column."""
        parents = list(base)
        levels = [c.label for c in table.columns.values() if c.kind == "section"]
        for level, text in zip(levels, current, strict=True):
            if text:
                parents.append(self.section(parents, level, text))
        return parents

    def indicator(self, table: _Table, row: list[str], n: int) -> ix.Indicator:
        values: dict[str, str] = {}
        baseline: ix.Baseline | None = None
        target_text, target_label = "", ""
        observations: list[ix.Observation] = []
        unit: str | None = None
        for j, col in table.columns.items():
            text = row[j] if j < len(row) else ""
            if not text:
                continue
            if col.kind in ("baseline", "observation", "current"):
                try:
                    q = _parse_quantity(text)
                except QuantityError as e:
                    place, cell = table.grid.place(n, j + 1)
                    self.warn(place, f"{cell}: malformed number, left out: {e}")
                    continue
                unit = unit or q.unit
                if col.kind == "baseline":
                    period = _period(col.label)
                    baseline = ix.Baseline(value=q.value, text=None if q.value is not None else text, period=period)
                else:
                    status = _STATUS[q.status]
                    text_kept = None if q.value is not None and compact(text) == compact(str(q.value)) else text
                    label = col.label or table.grid.rows[table.header_rows][j] or "現状値"
                    observations.append(
                        ix.Observation(value=q.value, period=_period(label), status=status, text=text_kept)
                    )
            elif col.kind == "target":
                target_text, target_label = text, col.label
            else:
                values[col.kind] = text
        unit = values.get("unit") or unit
        target = None
        if target_text or target_label:
            spec = parse_target(target_text, baseline=baseline.value if baseline else None)
            shown = None if spec.value is not None and compact(target_text) == compact(str(spec.value)) else target_text
            target = ix.Target(value=spec.value, comparator=spec.comparator, text=shown, period=_period(target_label))
        direction = "increase"
        if target_text:
            direction = infer_direction(spec, baseline.value if baseline else None, unit)
        delta = values.get("delta")
        return ix.Indicator(
            name=values["name"],
            unit=unit,
            direction=direction,
            baseline=baseline,
            target=target,
            observations=observations,
            stated_delta=ix.StatedDelta(text=delta, value=_quantity(delta)) if delta else None,
            project_number=values.get("number"),
            definition=values.get("definition"),
            source=values.get("source"),
            notes=[values["note"]] if values.get("note") else [],
        )


@functools.lru_cache(maxsize=1024)
def _period(label: str) -> ix.Period | None:
    """One shared Period per column label (parsed once, not once per row)."""
    if not label:
        return None
    p = parse_period(label)
    return ix.Period(label=label, fiscal_year=p.fiscal_year, year=p.year, date=p.date)


_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def _parse_quantity(text: str) -> Quantity:
    """parse_quantity, with a fast path for the plain numbers an .xlsx numeric cell becomes."""
    if _PLAIN.fullmatch(text):
        return Quantity(Decimal(text), None, "value", text)
    return parse_quantity(text)


def _quantity(text: str) -> ix.Number | None:
    try:
        return parse_quantity(text).value
    except QuantityError:
        return None


_TITLE = re.compile(r"(計画|戦略|プラン|ビジョン)")


def read_grids(grids: list[Grid], context: Context, source: str, layout: str) -> ReadResult:
    """Every KPI table found in `grids` → one plan; sheets without a table are warnings, none at all an error."""
    builder = _Builder(context, source)
    found = [(g, t) for g in grids if (t := _table_or_warn(g, builder))]
    if not found:
        raise IngestError(
            source,
            "no KPI table found: expected a header row with 指標名 (or 指標/KPI) and 単位, 基準値, 目標値 or year columns",
        )
    municipality = require_municipality(context)
    titles = [cell for _, t in found for cell in t.title_cells]
    title = require_title(
        replace(context, source=source), next((c for c in titles if _TITLE.search(c) and not _section_title(c)), None)
    )
    sheet_sections = len(found) > 1 or any(_section_title(c) for c in titles)
    for grid, table in found:
        section = next((c for c in table.title_cells if _section_title(c)), None)
        if section is None and sheet_sections and grid.name and not re.fullmatch(r"(?i)sheet\d*", grid.name):
            section = grid.name
        if builder.read(table, section) == 0:
            builder.warn(grid.place(grid.number(table.header_rows), 1)[0], "the KPI table has no rows")
    levels = list(dict.fromkeys(s.level for s in _walk(builder.top)))
    try:
        doc = ix.PlanDocument(
            schema="hyoka.plan/1",
            municipality=municipality,
            plan=ix.PlanInfo(title=title, version=context.plan_version or "", section_levels=levels, source=source),
            indicators=builder.plan_indicators,
            sections=builder.top,
        )
    except ValidationError as e:  # sections and KPIs were built valid and unique; this is the plan itself
        problems = "; ".join(f"{ix.json_path(err['loc'])}: {err['msg']}" for err in e.errors())
        raise IngestError(source, f"the table does not make a valid plan: {problems}") from e
    return ReadResult(doc, builder.warnings, layout=layout)


def _walk(sections: list[ix.Section]) -> list[ix.Section]:
    return [x for s in sections for x in [s, *_walk(s.sections)]]


def _section_title(text: str) -> bool:
    m = _SECTION_VALUE.match(text.strip())
    return bool(m and m["number"])


def _table_or_warn(grid: Grid, builder: _Builder) -> _Table | None:
    where = grid.place(1, 1)[0] if grid.name is None else Place(builder.source, sheet=grid.name)
    if not any(cell for row in grid.rows for cell in row):
        builder.warn(where, "the sheet is empty; skipped" if grid.name else "the file has no cells")
        return None
    table = find_table(grid)
    if table is None:
        builder.warn(where, "no KPI table (no header row with 指標名 and 単位/基準値/目標値/year columns); skipped")
    return table


def read_csv(data: bytes, context: Context, source: str) -> ReadResult:
    """A KPI table saved as CSV or TSV (UTF-8, UTF-8 with BOM or CP932), read like a sheet.

    Rows, columns, cells and characters per cell are counted as the rows are parsed; past a limit
    the file is refused naming the line. A cell guarded against formula injection ('=…, as Hyoka's
    own downloads write it) is read as the text it stands for.
    """
    limits = context.limits
    text = decode(data, source, limits)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    line, cells, controls = 1, 0, 0
    first_control: int | None = None
    try:
        for row in reader:
            if len(rows) >= limits.rows:
                raise exceeded(Place(source, line=line), "too many rows", "rows", limits.rows)
            if len(row) > limits.columns:
                raise exceeded(Place(source, line=line), f"the row has {len(row):,} columns", "columns", limits.columns)
            cells += len(row)
            if cells > limits.sheet_cells:
                raise exceeded(Place(source, line=line), "too many cells", "sheet_cells", limits.sheet_cells)
            cleaned = []
            for column, cell in enumerate(row, start=1):
                if len(cell) > limits.cell_chars:
                    where = Place(source, line=line)
                    what = f"column {column} has {len(cell):,} characters"
                    raise exceeded(where, what, "cell_chars", limits.cell_chars)
                cell, removed = strip_controls(cell)
                if removed:
                    controls += removed
                    first_control = first_control or line
                cleaned.append(unguard(cell.strip()))
            rows.append(cleaned)
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as e:  # a field past the csv module's own limit, and the like
        raise IngestError(Place(source, line=line), f"not readable as CSV: {e}") from e

    def place(row: int, column: int) -> tuple[Place, str]:
        return Place(source, line=row), f"column {column}"

    result = read_grids([Grid(None, rows, place, numbers)], context, source, layout="csv kpi table")
    if controls:
        where = Place(source, line=first_control)
        result.warnings.append(Warning(where, f"{controls:,} control characters removed (first on this line)"))
    return result
