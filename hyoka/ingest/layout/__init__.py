"""Layout recovery: text with positions → tables of cells, whatever way the cells arrived.

The stage between bytes → text (readers) and meaning (which column is a KPI name, a baseline,
a target…). Text from PDFs and web pages seldom has tabs: cells come one per line, ending in
` |`, column by column, all on one line, or with spaced-out characters. Each recovery here
gives the same `Table` back, so the meaning stage reads all of them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hyoka.ingest.base import Place


@dataclass
class Table:
    """A table as recovered: one header row (merged header cells repeated) and body rows of equal width."""

    header: list[str]
    rows: list[list[str]]
    place: Place  # where the table starts in the source
    row_places: list[Place] = field(default_factory=list)  # one per body row, where known
    title: str | None = None  # the heading or caption just above it (〇〇の指標, 基本目標1 …)
    how: str = ""  # which recovery found it: tabs, one-cell-per-line, pipes, columns, one-line, positions
    # the last line holding one of its cells: a row's figures may stand lines below the row's first cell,
    # and what reads the rest of the text must not read them again
    last_line: int | None = None

    @property
    def width(self) -> int:
        return len(self.header)


from hyoka.ingest.layout.recover import recover_tables  # noqa: E402 - needs Table above

__all__ = ["Table", "recover_tables"]
