"""How much of a document the readers will read: sizes, counts and depths, checked while reading.

A hostile or broken file must not take the server's memory or time: a 1 MB xlsx can expand
to gigabytes, a sheet can claim a million rows, a JSON file can nest a thousand levels. Every
reader checks these limits as it goes (the zip directory before any part is opened, rows and
cells as they stream, JSON depth before `json.loads`) and stops with an IngestError naming the
limit and the place. The defaults keep any file the upload limit allows under 500 MB of memory;
`settings.HYOKA_IMPORT_LIMITS` (a dict of field → value) overrides them where Django is set up.

Pure Python: `configured()` reads Django settings only if Django is configured, so the readers
and their tests run without it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hyoka.ingest.base import IngestError, Place

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one document; each name is also its key in settings.HYOKA_IMPORT_LIMITS."""

    file_bytes: int = 20 * MB  # the upload limit, applied to `hyoka import` too
    xlsx_entries: int = 1_000  # parts in the zip archive
    xlsx_sheets: int = 255  # sheets listed by the workbook (several may name one part)
    xlsx_total_bytes: int = 200 * MB  # decompressed size of all parts together
    xlsx_sheet_bytes: int = 100 * MB  # decompressed size of one worksheet (streamed)
    xlsx_strings_bytes: int = 10 * MB  # sharedStrings.xml: openpyxl holds every string (~0.4 s and 8 MB per MB)
    xlsx_part_bytes: int = 10 * MB  # any other XML part (openpyxl parses these whole)
    xlsx_ratio: int = 200  # decompressed ÷ compressed size of a part larger than 1 MB
    rows: int = 50_000  # per sheet or CSV file (the row number, so a stray cell far below counts)
    columns: int = 1_000  # per row
    sheet_cells: int = 1_000_000  # non-empty cells per sheet or CSV file
    workbook_cells: int = 2_000_000  # non-empty cells of all sheets together
    cell_chars: int = 32_767  # characters in one cell or JSON string (Excel's own limit)
    text_chars: int = 500_000  # of a text, CSV or PDF: the text layouts need ~0.6 KB and 25 µs a character
    pdf_pages: int = 1_000
    json_depth: int = 64  # nesting of objects and arrays

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any]) -> Limits:
        """Defaults with `overrides` applied; an unknown name or a value that is not a positive int is refused."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise ValueError(
                f"HYOKA_IMPORT_LIMITS: unknown limit {', '.join(unknown)} (known: {', '.join(sorted(names))})"
            )
        for name, value in overrides.items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"HYOKA_IMPORT_LIMITS[{name!r}]: expected a positive whole number, got {value!r}")
        return cls(**overrides)


def configured() -> Limits:
    """The defaults, with settings.HYOKA_IMPORT_LIMITS applied when Django is configured (web and CLI)."""
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a dependency; pure use needs no settings
        return Limits()
    if not settings.configured:
        return Limits()
    return Limits.from_mapping(getattr(settings, "HYOKA_IMPORT_LIMITS", {}) or {})


def exceeded(place: Place | str, what: str, name: str, limit: int) -> IngestError:
    """The error for a limit passed: what was too much, the limit's value and its settings name."""
    from hyoka.ingest.base import IngestError

    return IngestError(place, f"{what}: more than the limit of {limit:,} ({name}; HYOKA_IMPORT_LIMITS['{name}'])")


def check_size(data: bytes, source: str, limits: Limits) -> None:
    if len(data) > limits.file_bytes:
        raise exceeded(source, f"the file has {len(data):,} bytes", "file_bytes", limits.file_bytes)


# ---------------------------------------------------------------- JSON

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes) -> tuple[int, int]:
    """(deepest nesting, byte offset where it is reached), without parsing: strings removed, brackets counted.

    Cheap enough to run before json.loads, which would otherwise recurse until Python's stack runs out.
    An unbalanced document is left for json.loads to describe.
    """
    depth = deepest = where = position = 0
    for string in _JSON_STRING.finditer(data):
        depth, deepest, where = _brackets(data, position, string.start(), depth, deepest, where)
        position = string.end()
    depth, deepest, where = _brackets(data, position, len(data), depth, deepest, where)
    return deepest, where


def _brackets(data: bytes, start: int, end: int, depth: int, deepest: int, where: int) -> tuple[int, int, int]:
    for m in _JSON_BRACKET.finditer(data, start, end):
        if m.group() in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest, where = depth, m.start()
        else:
            depth -= 1
    return depth, deepest, where


# ---------------------------------------------------------------- control characters

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> tuple[str, int]:
    """`text` without NUL and the other C0 control characters (tab and line breaks kept), and how many went.

    PostgreSQL refuses NUL in text and no city writes the others on purpose: they are copy-paste debris.
    """
    cleaned, count = _CONTROL.subn("", text)
    return cleaned, count
