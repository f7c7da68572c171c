"""Excel workbooks: Hyoka's own layout (sheet 計画) or a city-made KPI workbook, read generally.

openpyxl's read_only mode streams rows (a 10,000-row sheet in a few seconds and little
memory) but does not expose merged cells, so the merge ranges are read from the sheet's
own XML (<mergeCell ref="A3:A6"/>) and the top-left value is copied into every cell of a
range: a 基本目標 merged down several rows applies to each row, and 実績値 merged across
H28 | H29 | H30 names each year column. The table reading itself is shared with CSV
(`hyoka.ingest.readers.csv.read_grids`).
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from hyoka.ingest.base import Context, IngestError, Place, ReadResult
from hyoka.ingest.readers.csv import Grid, read_grids
from hyoka.ingest.workbook import PLAN, cell_number, cell_text, open_workbook, read_workbook

_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def read_xlsx(data: bytes, context: Context | None, source: str) -> ReadResult:
    """Hyoka's workbook → read_workbook (no context needed); any other workbook → KPI tables (context needed)."""
    wb = open_workbook(data, source, read_only=True)
    try:
        if PLAN in wb.sheetnames and "指標" in wb.sheetnames:
            wb.close()
            return read_workbook(data, source)
        grids = [_grid(ws, source) for ws in wb.worksheets]
    except IngestError:
        raise
    except Exception as e:  # a damaged part inside a well-formed zip
        raise IngestError(source, f"not a readable .xlsx file ({e})") from e
    finally:
        wb.close()
    return read_grids(grids, context or Context(source=source), source, layout="excel kpi tables")


def _grid(ws: Any, source: str) -> Grid:
    """The sheet as rows of strings, merged ranges filled with their top-left value."""
    rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for ref in _merges(ws):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_row > len(rows):
            continue
        top_row = rows[min_row - 1]
        value = top_row[min_col - 1] if min_col - 1 < len(top_row) else ""
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = row[c - 1] or value
    name = ws.title

    def place(row: int, column: int) -> tuple[Place, str]:
        cell = f"{get_column_letter(column)}{row}"
        return Place(source, sheet=name, cell=cell), f"{name}!{cell}"

    return Grid(name, rows, place)


def _merges(ws: Any) -> list[str]:
    """Merge ranges of a read-only sheet, from its XML (they follow the rows, at the end of the part)."""
    path = getattr(ws, "_worksheet_path", None)
    if path is None:
        return [str(r) for r in getattr(ws, "merged_cells", {}).ranges] if hasattr(ws, "merged_cells") else []
    with ws.parent._archive.open(path) as part:
        xml = part.read()
    start = xml.rfind(b"</sheetData>")
    return [m.decode() for m in _MERGE.findall(xml, max(start, 0))]


def _text(value: Any) -> str:
    """A cell as the string the shared table reader parses (numbers exactly, 1.18 stays 1.18)."""
    number = cell_number(value)
    if number is not None:
        return format(number, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return cell_text(value) or ""
