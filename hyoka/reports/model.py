"""The report model: what a report says, built once by a layout and rendered to PDF, Excel and HTML.

Plain dataclasses and no Django, so a renderer needs nothing but this module. A report is a
list of parts (one Excel sheet each); a part is a list of blocks in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from hyoka.jp import format_cell


@dataclass(frozen=True)
class Cell:
    """One table cell: text as printed, and the number behind it when there is one (Excel keeps it a number).

    A cell with ``rowspan`` > 1 also covers the cells below it in its column: those rows hold
    ``SPANNED`` there, so every row keeps one cell per column (see ``Table.add_group``).
    """

    text: str
    value: Decimal | None = None
    unit: str = ""
    rowspan: int = 1
    covered: bool = False  # True only for SPANNED: the place of a cell that the cell above spans

    @classmethod
    def quantity(cls, value: Decimal | None, unit: str | None, text: str | None = None) -> Cell:
        return cls(format_cell(value, unit, text), value, unit or "")


SPANNED = Cell("", covered=True)


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 10  # in Excel character widths; PDF and HTML use the proportions
    numeric: bool = False


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 part title, 2 basic goal, 3 policy, 4 project


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "body"  # body, note (※), point (・), small


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    # Header rows above the column titles: (text, span) pairs, e.g. [("基準値", 2), ("目標値", 1)].
    groups: list[tuple[str, int]] = field(default_factory=list)
    caption: str = ""

    @property
    def header_rows(self) -> list[list[tuple[str, int]]]:
        """Every header row as (text, span) pairs; the column titles are the last row."""
        titles = [(c.title, 1) for c in self.columns]
        return [self.groups, titles] if self.groups else [titles]

    def add_group(self, cells: list[Cell | list[Cell]]) -> None:
        """Rows that belong together, e.g. a project and its budget items: per column either one cell,
        which spans all the group's rows, or a list with a cell per row (blank below a shorter list).
        The group has as many rows as the longest list, at least one."""
        n = max((len(c) for c in cells if isinstance(c, list)), default=1) or 1
        for i in range(n):
            row = []
            for c in cells:
                if isinstance(c, list):
                    row.append(c[i] if i < len(c) else Cell(""))
                elif i == 0:
                    row.append(replace(c, rowspan=n) if n > 1 else c)
                else:
                    row.append(SPANNED)
            self.rows.append(row)

    def row_groups(self) -> list[tuple[int, int]]:
        """The body as (first, end) row ranges that a page break must not cut: a row on its own, or the
        rows a spanning cell covers."""
        groups, start, end = [], 0, 0
        for i, row in enumerate(self.rows):
            if i >= end:
                if i:
                    groups.append((start, end))
                start = i
            end = max(end, i + 1, *(i + c.rowspan for c in row))
        if self.rows:
            groups.append((start, min(end, len(self.rows))))
        return groups

    def header_cells(self) -> list[tuple[int, int, str, int, int]]:
        """The header as (row, column, text, rowspan, colspan) cells, for every renderer alike.

        A group with a title spans its columns on the first row; under a blank group each
        column title spans both rows (入間市's 指標 beside 基準値 | 値 · 時点).
        """
        if not self.groups:
            return [(0, i, c.title, 1, 1) for i, c in enumerate(self.columns)]
        cells, col = [], 0
        for text, span in self.groups:
            if text:
                cells.append((0, col, text, 1, span))
                cells += [(1, c, self.columns[c].title, 1, 1) for c in range(col, col + span)]
            else:
                cells += [(0, c, self.columns[c].title, 2, 1) for c in range(col, col + span)]
            col += span
        return cells


@dataclass(frozen=True)
class TrendChart:
    """A KPI over time: points as (label, value), the baseline and the target as horizontal lines."""

    title: str
    unit: str
    points: list[tuple[str, Decimal | None]]
    baseline: Decimal | None = None
    target: Decimal | None = None


@dataclass(frozen=True)
class BarChart:
    """Counts per category, one bar each (KPI status, grade distribution, benchmarks)."""

    title: str
    bars: list[tuple[str, Decimal]]
    unit: str = ""


Block = Heading | Text | Table | TrendChart | BarChart


@dataclass
class Part:
    title: str  # also the Excel sheet name (at most 31 characters there)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Part:
        self.blocks.extend(blocks)
        return self


DRAFT_MARK = "案"  # printed on every page of a report whose year is not published


@dataclass
class Report:
    title: str  # the report's own title, e.g. 令和2年度 主な事業の実績及び評価
    plan_title: str
    municipality: str
    year_label: str  # 令和2年度, or the plan period when the report has no year
    layout: str
    parts: list[Part] = field(default_factory=list)
    legend: str = ""  # printed on every page (the evaluation scheme), blank when none
    landscape: bool = False
    draft: bool = False  # the year is not published (opened, or reopened to correct it): 案 on every page

    @property
    def running_header(self) -> str:
        return f"{self.municipality} {self.plan_title}　{self.year_label}".strip()

    def tables(self) -> list[Table]:
        return [b for p in self.parts for b in p.blocks if isinstance(b, Table)]
