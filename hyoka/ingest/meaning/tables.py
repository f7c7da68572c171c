"""A recovered table plus the meaning of its columns → indicators (指標) and projects (事業).

The columns' meanings come from `hyoka.ingest.columns.column_meanings` (vocabulary, never
position); this module decides what each row says:

- a KPI row: baseline (value + the header's period, else the cell's), the target (with two
  target columns the later one; the earlier is an interim target kept in the notes with its
  period, never an actual), actuals as observations with their column's period, 見込 (a
  projection) as a note, text cells (—, 集計中, 増加) kept as text with value None;
- one KPI spread over rows (`<KPI> 期待値 …` / `実績値 …` / `達成率 …` across a year grid): the
  row's role word decides what its year cells are, and the rows make one indicator;
- a name repeated under row groups (`①需要量` under each of four services) becomes
  `<group> <name>`, so each stays its own indicator;
- derived columns (達成率, 差, 進捗率) are checked against what Hyoka computes
  (`hyoka.engine.progress`) and a mismatch is a warning with the row's place, never a value;
- project rows (事業名 + 担当課) become projects with their departments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from hyoka import interchange as ix
from hyoka.engine.progress import achievement_ratio, progress_ratio
from hyoka.ingest.base import Place, Warning
from hyoka.ingest.columns import word_kind
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.arrows import ARROWS, find_arrows
from hyoka.ingest.meaning.values import (
    CellValue,
    find_period,
    has_time,
    header_unit,
    is_plain,
    read_cell,
    to_period,
)
from hyoka.jp import infer_direction, parse_target
from hyoka.jp.numbers import nfkc
from hyoka.jp.targets import RANK, TargetSpec

VALUE_KINDS = ("baseline", "target", "interim_target", "actual", "projection", "derived")
# Row role words of a year grid, most specific first: the word a row's label cell holds.
ROW_ROLES: tuple[tuple[str, str], ...] = (
    ("中間目標", "interim_target"),
    ("目安値", "interim_target"),
    ("期待値", "interim_target"),
    ("達成率", "derived"),
    ("達成度", "derived"),
    ("進捗率", "derived"),
    ("見込", "projection"),
    ("基準値", "baseline"),
    ("目標値", "target"),
    ("計画値", "target"),
    ("目標", "target"),
    ("計画", "target"),
    ("実績値", "actual"),
    ("実績", "actual"),
    ("現状値", "actual"),
    ("差", "derived"),
)
_ROLE_RE = re.compile(rf"^(?P<name>.*?)\s*[(（]?(?P<role>{'|'.join(w for w, _ in ROW_ROLES)})[)）]?\s*$")
_MARK_RE = re.compile(r"\s*[※＊*]\d*\s*$")
_ARROW_RE = re.compile(f"[{re.escape(ARROWS)}]")  # one scan of a cell, not one per arrow
# 【新規】【拡充】 after a KPI name tag the row, they are not part of the name.
_TAG_RE = re.compile(r"\s*【(?:新規|拡充|継続|追加|重点|改定|変更|見直し|再掲|統合)】\s*")
_DEPT_SPLIT_RE = re.compile(r"[、,，/／;；・]\s*|\s{2,}|\n")
_GROUP_NUMBER_RE = re.compile(r"^[①-⑳]|^[(（]?\d{1,2}[)）.]")


class Meaning(Protocol):
    """What `hyoka.ingest.columns.ColumnMeaning` gives for a column."""

    kind: str
    period_label: str | None
    header: str


@dataclass
class TableReading:
    """What one table said: indicators and projects in row order, and what was not understood."""

    indicators: list[ix.Indicator] = field(default_factory=list)
    projects: list[ix.Project] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class _Cell:
    kind: str  # one of VALUE_KINDS
    column: int
    header: str
    period: ix.Period | None
    cell: CellValue
    place: Place


@dataclass
class _Row:
    name: str
    group: str | None
    place: Place
    cells: list[_Cell] = field(default_factory=list)
    unit: str | None = None
    notes: list[str] = field(default_factory=list)


def read_table(
    table: Table,
    meanings: Sequence[Meaning],
    *,
    era_hint: str | None = None,
    unit: str | None = None,
    name_hint: str | None = None,
    fiscal_year: int | None = None,
) -> TableReading:
    """Indicators and projects of one table; `unit` is one printed above it (単位：千円), `name_hint`
    the KPI a one-row 指標名 table just above names, for a values table whose rows say only 数値;
    `fiscal_year` the year a project row's grade (評価) and 今後の方向性 evaluate."""
    reader = _TableReader(table, list(meanings), era_hint, unit, name_hint)
    reader.fiscal_year = fiscal_year
    return reader.read()


def is_meaningful(meanings: Sequence[Meaning]) -> bool:
    """A table worth reading: a KPI name with values, or a project name."""
    kinds = {m.kind for m in meanings}
    return ("project_name" in kinds) or ("kpi_name" in kinds and bool(kinds & set(VALUE_KINDS)))


class _TableReader:
    def __init__(
        self, table: Table, meanings: list[Meaning], era_hint: str | None, unit: str | None, name_hint: str | None
    ):
        self.name_hint = name_hint
        self.fiscal_year: int | None = None
        self.table = table
        self.meanings = meanings + [_Unknown("")] * max(0, table.width - len(meanings))
        self.era = era_hint
        # a unit printed above the table or in its title is every row's; one in a header only its column's
        self.unit = unit or header_unit(table.title)
        self.out = TableReading()
        kinds = [m.kind for m in self.meanings]
        self.name_col = _first(kinds, "kpi_name")
        self.project_col = _first(kinds, "project_name")
        if self.name_col is None and self.project_col is None and set(kinds) & set(VALUE_KINDS):
            self.name_col = next((i for i, k in enumerate(kinds) if k in ("unknown", "note", "ignore")), None)
        # each column's period, shared by its cells: the document is validated (and so copied) once at the end
        self.periods = [self._column_period(i) for i in range(len(self.meanings))]
        self.role_col = self._role_column()
        self.group_col = self._group_column()
        # the columns a row's figures (and arrow pairs) may stand in, read once per table, not per row
        skipped = (self.name_col, self.project_col, self.role_col, self.group_col)
        self.other_columns = [
            (i, m.kind, m.header, self.periods[i]) for i, m in enumerate(self.meanings) if i not in skipped
        ]

    # ---- columns ------------------------------------------------------------------------
    def _role_column(self) -> int | None:
        """A 区分 column whose cells say 目標 / 実績 / 達成率: each row is one role of a year grid."""
        for i, m in enumerate(self.meanings):
            if i == self.name_col or m.kind in VALUE_KINDS:
                continue
            words = [_row_role(c[i])[1] for c in self.table.rows if i < len(c) and c[i].strip()]
            if len(words) >= 2 and sum(w is not None for w in words) >= 0.8 * len(words):
                return i
        return None

    def _group_column(self) -> int | None:
        """A text column left of the name column whose values repeat (a merged group cell)."""
        if self.name_col is None or self.name_col == 0:
            return None
        for i in range(self.name_col):
            if self.meanings[i].kind in VALUE_KINDS or i == self.role_col:
                continue
            values = [c[i].strip() for c in self.table.rows if i < len(c)]
            texts = [v for v in values if v and read_cell(v).value is None]
            if texts and len(texts) >= len([v for v in values if v]) * 0.8 and len(set(texts)) < len(values):
                return i
        return None

    def _column_period(self, column: int) -> ix.Period | None:
        m = self.meanings[column]
        if m.period_label:
            p = to_period(m.period_label, self.era)
            if p is not None:
                return p
        return find_period(self.table.header[column] if column < self.table.width else "", self.era)

    def _place(self, r: int) -> Place:
        return self.table.row_places[r] if r < len(self.table.row_places) else self.table.place

    # ---- rows ---------------------------------------------------------------------------
    def read(self) -> TableReading:
        if self.project_col is not None:
            self._projects()
        if self.name_col is not None:
            rows = self._rows()
            self._qualify(rows)
            for row in self._merge(rows):
                indicator = self._indicator(row)
                if indicator is not None:
                    self.out.indicators.append(indicator)
        return self.out

    def _rows(self) -> list[_Row]:
        rows: list[_Row] = []
        group: str | None = None
        last: _Row | None = None
        for r, cells in enumerate(self.table.rows):
            cells = cells + [""] * (self.table.width - len(cells))
            place = self._place(r)
            name = _MARK_RE.sub("", cells[self.name_col]).strip() if self.name_col is not None else ""
            name = _TAG_RE.sub("", name).strip()
            arrow = find_arrows(name, self.era) if _ARROW_RE.search(name) else []
            if arrow and arrow[0].name:  # 市民の満足度：54.2%（H26）→ 60%（H31） in the name cell
                name = arrow[0].name
                header = self.meanings[self.name_col].header if self.name_col is not None else ""
                cells_of_arrow = [
                    _Cell("baseline", self.name_col or 0, header, None, arrow[0].before, place),
                    _Cell("target", self.name_col or 0, header, None, arrow[0].after, place),
                ]
            else:
                cells_of_arrow = []
            role = None
            if self.role_col is not None:
                role = _row_role(cells[self.role_col])[1]
            else:
                base, role = _row_role(name)
                if role is not None and base:
                    name = base
                elif role is not None:
                    name = ""
            if self.group_col is not None and cells[self.group_col].strip():
                group = cells[self.group_col].strip()
            if name in PERIOD_ROW_LABELS and last is not None:
                _periods_below(last, cells, self.era)  # 時点 | 平成26年度 | 令和3年度 …: the periods of the row above
                continue
            if name in VALUE_ROW_LABELS and self.name_hint:
                name = self.name_hint  # 数値 | 44% | …: the values of the KPI named just above the table
            values = cells_of_arrow + self._cells(cells, place, role)
            if not values and name and not _has_other(cells, self.meanings, self.name_col):
                group = name  # a row with a name and nothing else heads the rows under it
                continue
            if name and not plausible_name(name):
                if values:
                    self.out.warnings.append(Warning(place, f"not read as a KPI name: {name!r}"))
                continue
            if not name:
                if last is not None and (role is not None or values):
                    last.cells.extend(values)  # the same KPI goes on (year grid rows, a wrapped row)
                    continue
                if values:
                    self.out.warnings.append(Warning(place, "a row with values but no indicator name is skipped"))
                continue
            if role is not None and last is not None and last.name == name and last.group == group:
                last.cells.extend(values)
                continue
            row = _Row(name=name, group=group, place=place, cells=values)
            for i, m in enumerate(self.meanings):
                text = cells[i].strip()
                if not text:
                    continue
                if m.kind == "unit":
                    row.unit = text
                elif m.kind in ("note", "grade", "direction") and i not in (self.group_col, self.role_col):
                    row.notes.append(f"{m.header.strip() or m.kind}: {text}")
            rows.append(row)
            last = row
        return rows

    def _cells(self, cells: list[str], place: Place, role: str | None) -> list[_Cell]:
        found: list[_Cell] = []
        for i, kind, header, period in self.other_columns:
            text = cells[i]
            if not text or text.isspace():
                continue
            if role is not None and (kind in VALUE_KINDS or kind == "unknown") and period is not None:
                kind = role  # a year column of a grid row: the row says what it holds
            if _ARROW_RE.search(text) and (arrows := find_arrows(text, self.era)):
                found.append(_Cell("baseline", i, header, None, arrows[0].before, place))
                found.append(_Cell("target", i, header, None, arrows[0].after, place))
                continue
            if kind not in VALUE_KINDS:
                continue
            found.append(_Cell(kind, i, header, period, read_cell(text, self.era), place))
        return found

    def _qualify(self, rows: list[_Row]) -> None:
        """Names repeated under row groups (①需要量 under each service) become `<group> <name>`."""
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.name] = counts.get(row.name, 0) + 1
        if not any(n > 1 for n in counts.values()):
            return
        for row in rows:
            if row.group and counts[row.name] > 1:
                row.name = f"{row.group} {row.name}"

    def _merge(self, rows: list[_Row]) -> list[_Row]:
        by_name: dict[str, _Row] = {}
        for row in rows:
            if row.name in by_name:
                first = by_name[row.name]
                first.cells.extend(row.cells)
                first.notes.extend(row.notes)
                first.unit = first.unit or row.unit
                continue
            by_name[row.name] = row
        return list(by_name.values())

    # ---- one indicator -------------------------------------------------------------------
    def _indicator(self, row: _Row) -> ix.Indicator | None:
        unit = row.unit
        baseline: ix.Baseline | None = None
        targets: list[_Cell] = []
        observations: list[ix.Observation] = []
        notes = list(row.notes)
        derived: list[_Cell] = []
        for c in row.cells:
            period = c.period if has_time(c.period) else (c.cell.period or c.period)
            if c.cell.unit and not unit:
                unit = c.cell.unit
            if c.kind == "baseline":
                if baseline is None or (baseline.value is None and c.cell.value is not None):
                    baseline = ix.Baseline(
                        value=c.cell.value,
                        text=c.cell.text.strip() if c.cell.value is None else None,
                        period=c.cell.period or period,
                    )
            elif c.kind == "target":
                targets.append(c)
            elif c.kind == "interim_target":
                notes.append(f"中間目標{_label(period)}: {c.cell.text.strip()}")
            elif c.kind == "projection":
                notes.append(f"見込{_label(period)}: {c.cell.text.strip()}")
            elif c.kind == "derived":
                derived.append(c)
            elif c.kind == "actual":
                obs = self._observation(row, c, period, observations)
                if obs is not None:
                    observations.append(obs)
        unit = unit or next((u for c in row.cells if (u := header_unit(c.header))), None) or self.unit
        target, spec, plain = self._target(row, targets, baseline, notes)
        if spec is not None and spec.unit and not unit:
            unit = spec.unit
        direction = _direction(spec, baseline.value if baseline else None, unit, plain=plain)
        figures = [x.value for x in (baseline, target) if x is not None] + [o.value for o in observations]
        pending = any(o.status == "pending" for o in observations)
        if not (any(v is not None for v in figures) or pending or (target and target.text)):
            return None  # words in every cell (根拠となる計画等 | その他計画の名称): not a KPI row
        indicator = ix.Indicator(
            name=row.name,
            unit=unit,
            direction=direction,
            baseline=baseline,
            target=target,
            observations=observations,
            notes=notes,
        )
        for c in derived:
            self._check_derived(indicator, c)
        return indicator

    def _observation(
        self, row: _Row, c: _Cell, period: ix.Period | None, done: list[ix.Observation]
    ) -> ix.Observation | None:
        label = period.label if period else (c.header.strip() or "実績")
        period = period or ix.Period(label=label)
        if any(o.period.label == period.label for o in done):
            self.out.warnings.append(
                Warning(c.place, f"{row.name}: a second actual for {period.label} ({c.cell.text!r}) is skipped")
            )
            return None
        text = c.cell.text.strip()
        if c.cell.value is not None:
            return ix.Observation(value=c.cell.value, period=period, status="final", text=text)
        status = "pending" if c.cell.status == "pending" else "not_applicable"
        return ix.Observation(period=period, status=status, text=text)

    def _target(
        self, row: _Row, cells: list[_Cell], baseline: ix.Baseline | None, notes: list[str]
    ) -> tuple[ix.Target | None, TargetSpec | None, bool]:
        """The latest target is the target (its spec, and whether it was a plain figure); earlier
        ones are interim targets (in the notes)."""
        if not cells:
            return None, None, False
        ordered = sorted(
            enumerate(cells),
            key=lambda ic: (_year(ic[1].period or ic[1].cell.period), ic[0]),
        )
        final = ordered[-1][1]
        for _, c in ordered[:-1]:
            notes.append(f"中間目標{_label(c.period or c.cell.period)}: {c.cell.text.strip()}")
        text = final.cell.text.strip()
        if final.cell.status == "date":
            return ix.Target(text=text, period=final.cell.period), None, False
        before = baseline.value if baseline else None
        plain = plain_target(final.cell, before)
        spec = plain or parse_target(_without_period(text), baseline=before)
        value = spec.value if spec.value is not None else final.cell.value
        return (
            ix.Target(
                value=value,
                comparator=spec.comparator,
                text=text,
                period=final.period if has_time(final.period) else final.cell.period,
            ),
            spec,
            plain is not None,
        )

    # ---- derived columns -------------------------------------------------------------------
    def _check_derived(self, k: ix.Indicator, c: _Cell) -> None:
        printed = c.cell.value
        if printed is None:
            return
        actual = _actual_at(k, c.period)
        baseline = k.baseline.value if k.baseline else None
        target = k.target.value if k.target else None
        if actual is None or (target is None and baseline is None):
            return
        header = nfkc(c.header)
        candidates: list[tuple[str, Decimal]] = []
        if "差" in header or "増減" in header:
            if target is not None:
                candidates += [("実績 − 目標", actual - target), ("目標 − 実績", target - actual)]
            if baseline is not None:
                candidates.append(("実績 − 基準", actual - baseline))
        else:
            for label, value in (
                ("実績 ÷ 目標", achievement_ratio(k.direction, baseline, target, actual)),
                ("進捗率", progress_ratio(k.direction, baseline, target, actual, False)),
                ("実績 ÷ 目標", achievement_ratio("increase", None, target, actual)),
            ):
                if value is not None:
                    candidates.append((label, value))
        if not candidates:
            return
        tolerance = Decimal(1).scaleb(printed.as_tuple().exponent if printed.as_tuple().exponent < 0 else 0)
        if any(abs(value - printed) <= tolerance for _, value in candidates):
            return
        how, value = candidates[0]
        self.out.warnings.append(
            Warning(
                c.place,
                f"{k.name}: {c.header.strip()} printed {c.cell.text.strip()} but Hyoka computes "
                f"{value.quantize(Decimal('0.1'))} ({how}); the printed figure is not stored",
            )
        )

    # ---- projects ----------------------------------------------------------------------------
    def _projects(self) -> None:
        seen: set[str] = set()
        for r, cells in enumerate(self.table.rows):
            cells = cells + [""] * (self.table.width - len(cells))
            name = cells[self.project_col].strip() if self.project_col is not None else ""
            if not _project_name(name):
                if name:
                    self.out.warnings.append(Warning(self._place(r), f"not read as a project name: {name!r}"))
                continue
            departments: list[str] = []
            notes: list[str] = []
            number: str | None = None
            grade = direction = None
            for i, m in enumerate(self.meanings):
                text = cells[i].strip()
                if not text or i == self.project_col:
                    continue
                if m.kind == "department":
                    departments += [d.strip() for d in _DEPT_SPLIT_RE.split(text) if d.strip()]
                elif m.kind in ("note", "grade", "direction"):
                    notes.append(f"{m.header.strip() or m.kind}: {text}")
                    if m.kind == "grade" and len(text) <= 6:
                        grade = text  # the last grade column is the final one (1次評価 … 最終評価)
                    elif m.kind == "direction" and len(text) <= 12:
                        direction = text
                elif m.kind == "ignore" and number is None and re.fullmatch(r"[\w\-.]{1,12}", text):
                    number = text if not re.search(r"[\u3040-\u9fff]", text) else None
            departments = [d for d in dict.fromkeys(departments) if read_cell(d).status != "none"]
            if name in seen:
                self.out.warnings.append(Warning(self._place(r), f"project {name!r} is printed twice in one table"))
                continue
            seen.add(name)
            evaluations = []
            if self.fiscal_year is not None and (grade or direction):
                evaluations.append(ix.Evaluation(fiscal_year=self.fiscal_year, grade=grade, future_direction=direction))
            self.out.projects.append(
                ix.Project(number=number, name=name, departments=departments, notes=notes, evaluations=evaluations)
            )


def plain_target(cell: CellValue, baseline: Decimal | None) -> TargetSpec | None:
    """`parse_target` of a cell that is a plain figure (1,500, 35.2%, △24, 12人): most targets, read
    without the target grammar (no 以上 / 基準値 words to find); None for any other cell."""
    if cell.status != "value" or cell.value is None or cell.period is not None or not is_plain(cell.text):
        return None
    comparator = ">=" if baseline is None or cell.value >= baseline else "<="
    return TargetSpec(comparator, cell.value, cell.unit, cell.text.strip(), False, None)


def _direction(spec: TargetSpec | None, baseline: Decimal | None, unit: str | None, *, plain: bool) -> str:
    """`infer_direction`; for a plain figure's spec (no 以上 / 基準値 words) without reading its words again."""
    if spec is None:
        return "increase"
    if not plain or spec.value is None:
        return infer_direction(spec, baseline, unit)
    if baseline is not None:
        return "maintain" if spec.value == baseline else "increase" if spec.value > baseline else "decrease"
    return "decrease" if (unit or spec.unit) == RANK else "increase"


@dataclass(frozen=True)
class _Unknown:
    header: str
    kind: str = "unknown"
    period_label: str | None = None


def _project_name(name: str) -> bool:
    """A project name as a 事業名 cell prints one: not a figure, a fragment, a bulleted line of its
    description (○…の実施), or a header cell (…指標, (KPI))."""
    t = nfkc(name).strip()
    return (
        len(t) >= 3
        and read_cell(t).status not in ("none", "value", "date")
        and not re.match(r"^[○◯●◎◇◆・※]", t)
        and not re.search(r"指標|KPI", t)
        and not _ORGANISATION_RE.fullmatch(t)  # 都市建設部: a department's cell out of place, not a project
        and not _UNOPENED_RE.match(t)  # 進会議」の運営補助: the tail of a cell cut mid-line
    )


_ORGANISATION_RE = re.compile(r"\S{1,12}(?:部|課|室|局)")
_UNOPENED_RE = re.compile(r"^[^「（(『]*[」）)』]")


# Row labels of a transposed KPI block (指標名 table, then 数値 / 時点 rows under value headers).
VALUE_ROW_LABELS = frozenset({"数値", "値", "指標値", "数値目標"})
PERIOD_ROW_LABELS = frozenset({"時点", "年度", "時期", "基準年度", "調査時点", "年次"})


def _periods_below(row: _Row, cells: list[str], era: str | None) -> None:
    for c in row.cells:
        text = cells[c.column].strip() if c.column < len(cells) else ""
        if text and has_time(p := find_period(text, era)):
            c.period = p


def plausible_name(name: str) -> bool:
    """A KPI name as tables print one: a phrase, not a run of cells, a sentence, a cost row or a year.

    Costs (事業費, 人件費, 財源 …) are a project's inputs, never its indicators.
    """
    return (
        2 <= len(name) <= 48
        and not re.search(r"\d,\d{3}|。", name)
        and not re.match(r"^[)）\]】,、.・*＊※]", name)
        and not re.search(r"\d\s*年度?$", name)
        and not _COST_WORDS_RE.search(name)
        and not re.match(r"^[\d.,]+\W*$", name)
        and len(re.findall(r"(?:^|[^A-Za-z])[HR]\d{1,2}", name)) < 2  # H27H28H29: a run of header cells
        and not re.search(r"[HRSＨＲ]\d{1,2}\.\d|【[^】]*(?:課|室)】", name)  # a date (H28.3), a 【担当課】
        and not re.match(r"^(?:備考|資料|出典|注[:：\d])", name)
        and word_kind(name) is None  # a header word (達成状況, 数値, 実績) is not a KPI's name
        and len(set(_VALUE_WORDS_RE.findall(name))) < 2  # …実績値目標年月…: header cells run together
        and not _UNCLOSED_RE.search(name)  # ふるさと給食(毎月: a name cut inside its bracket
        and len(_WORD_CHAR_RE.findall(_BRACKETED_RE.sub("", name))) >= 2  # 人(1.6%), 件%: units, no name
        and not re.search(r"(?:番号|コード)$", name)  # 財務会計上の短縮番号: a code's label, not a measure
        and not re.match(r"[るんっゃゅょを]", name)  # る幼稚園の割合: a name's tail, no word starts so
    )


_VALUE_WORDS_RE = re.compile(r"実績値|目標値?|基準値|現状値|計画値")
_UNCLOSED_RE = re.compile(r"[(（][^)）]*$")
_BRACKETED_RE = re.compile(r"[(（][^()（）]*[)）]")
_WORD_CHAR_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z]")


# a sheet's cost block: amounts, their sources (使用料, 借入金) and budget classes (保健衛生費(目), 款・項・目)
_COST_WORDS_RE = re.compile(
    r"事業費|人件費|財源|決算額|予算額|職員数|支出金|費目|歳出|歳入|使用料|借入金|費\s*[(（][款項目節][)）]"
)


def _first(kinds: list[str], kind: str) -> int | None:
    return kinds.index(kind) if kind in kinds else None


def _row_role(text: str) -> tuple[str, str | None]:
    """`合計特殊出生率 期待値` → (合計特殊出生率, interim_target); `実績値` → ('', actual)."""
    t = nfkc(text).strip()
    if not t or len(t) > 80:
        return t, None
    if m := _ROLE_RE.match(t):
        role = dict(ROW_ROLES)[m["role"]]
        return m["name"].strip(), role
    return t, None


def _has_other(cells: list[str], meanings: list[Meaning], name_col: int | None) -> bool:
    return any(c.strip() for i, c in enumerate(cells) if i != name_col and meanings[i].kind not in ("ignore",))


def _label(period: ix.Period | None) -> str:
    return f"（{period.label}）" if period else ""


def _year(period: ix.Period | None) -> int:
    if period is None:
        return -1
    return period.fiscal_year or period.year or (period.date.year if period.date else -1)


def _without_period(text: str) -> str:
    cell = read_cell(text)
    if cell.period is None:
        return text
    s = nfkc(text)
    s = re.sub(r"[(（\[［][^)）\]］]*[)）\]］]", "", s)
    s = re.sub(r"^\s*(?:令和|平成|昭和|[RHS])\s*(?:\d{1,2}|元)\s*年?度?\s*[:：]?\s*", "", s)
    return s.strip() or text


def _actual_at(k: ix.Indicator, period: ix.Period | None) -> Decimal | None:
    values = [o for o in k.observations if o.value is not None]
    if not values:
        return None
    if period is not None:
        for o in values:
            if o.period.label == period.label or (
                period.fiscal_year is not None and o.period.fiscal_year == period.fiscal_year
            ):
                return o.value
            if period.year is not None and o.period.year == period.year:
                return o.value
        return None
    return values[-1].value
