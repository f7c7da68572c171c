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
from hyoka.ingest.limits import Limits, exceeded
from hyoka.ingest.readers.csv import Grid, read_grids
from hyoka.ingest.readers.workbook import PLAN, cell_number, cell_text, open_workbook, read_workbook, sheet_rows

_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_CHUNK = 1 << 20


def read_xlsx(data: bytes, context: Context | None, source: str) -> ReadResult:
    """Hyoka's workbook → read_workbook (no context needed); any other workbook → KPI tables (context needed)."""
    context = context or Context(source=source)
    limits = context.limits
    wb = open_workbook(data, source, limits=limits)
    try:
        if PLAN in wb.sheetnames and "指標" in wb.sheetnames:
            wb.close()
            return read_workbook(data, source, limits)
        cells = [0]
        grids = [_grid(ws, source, limits, cells) for ws in wb.worksheets]
    except IngestError:
        raise
    except Exception as e:  # a damaged part inside a well-formed zip
        raise IngestError(source, f"not a readable .xlsx file ({e})") from e
    finally:
        wb.close()
    return read_grids(grids, context, source, layout="excel kpi tables")


def _grid(ws: Any, source: str, limits: Limits, cells: list[int]) -> Grid:
    """The sheet as rows of strings, merged ranges filled with their top-left value.

    A merge fills at most the rows the sheet has and the columns the limits allow, and the cells it
    fills count against the sheet's cell limit: A1:XFD1048576 on a small sheet is no bomb.
    """
    rows = [[_text(v) for v in row] for row in sheet_rows(ws, source, limits, cells)]
    name = ws.title
    filled = sum(len(row) for row in rows)
    for ref in _merges(ws, limits.sheet_cells):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except ValueError:
            continue  # not a range openpyxl can read; the cells keep their own values
        if min_row > len(rows) or min_col > limits.columns:
            continue
        max_col, max_row = min(max_col, limits.columns), min(max_row, len(rows))
        top_row = rows[min_row - 1]
        value = top_row[min_col - 1] if min_col - 1 < len(top_row) else ""
        for r in range(min_row, max_row + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                filled += max_col - len(row)
                if filled > limits.sheet_cells:
                    where = Place(source, sheet=name, cell=ref)
                    raise exceeded(where, "merged cells fill too many cells", "sheet_cells", limits.sheet_cells)
                row.extend([""] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = row[c - 1] or value

    def place(row: int, column: int) -> tuple[Place, str]:
        cell = f"{get_column_letter(column)}{row}"
        return Place(source, sheet=name, cell=cell), f"{name}!{cell}"

    return Grid(name, rows, place)


def _merges(ws: Any, limit: int) -> list[str]:
    """Merge ranges of a read-only sheet, from its XML (they follow the rows, at the end of the part).

    The part is streamed in chunks, never held whole; past `limit` ranges the sheet is refused.
    """
    path = getattr(ws, "_worksheet_path", None)
    if path is None:
        return [str(r) for r in getattr(ws, "merged_cells", {}).ranges] if hasattr(ws, "merged_cells") else []
    refs: list[str] = []
    pending, after_rows = b"", False
    with ws.parent._archive.open(path) as part:
        while True:
            chunk = part.read(_CHUNK)
            data = pending + chunk
            if not after_rows:
                at = data.find(b"</sheetData>")
                if at < 0:
                    pending = data[-16:]  # the closing tag may straddle two chunks
                    if not chunk:
                        return refs
                    continue
                after_rows, data = True, data[at:]
            cut = data.rfind(b">") + 1 if chunk else len(data)  # complete tags only; the rest waits
            refs += [m.decode() for m in _MERGE.findall(data, 0, cut)]
            if len(refs) > limit:
                raise exceeded(
                    Place(ws.parent._archive.source, sheet=ws.title), "too many merged ranges", "sheet_cells", limit
                )
            pending = data[cut:][-_CHUNK:]
            if not chunk:
                return refs


def _text(value: Any) -> str:
    """A cell as the string the shared table reader parses (numbers exactly, 1.18 stays 1.18)."""
    number = cell_number(value)
    if number is not None:
        return format(number, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return cell_text(value) or ""
