"""Text that spreadsheets show as text: no cell Hyoka writes can run as a formula (CSV and .xlsx injection).

A project named `=HYPERLINK("http://…","click")` must reach a city's Excel as those characters,
not as a live link. Excel and LibreOffice start a formula at `=`, `+`, `-` or `@` (and tab or
carriage return before one of them), so every text cell starting with one of those six is
guarded, in every download and export:

- CSV (`csv_value`): a single quote in front, as OWASP recommends; spreadsheets show the text
  from the next character, and Hyoka's own CSV reader takes the quote off again (`unguard`).
- .xlsx (`xlsx_text`): the cell is stored as a string (data type "s"), never as a formula;
  openpyxl would otherwise store any string starting with "=" as one. Nothing is added, so the
  workbook round trip gives the text back unchanged.

Numbers stay numbers: a Decimal, int or float is never touched, and neither is a string that is a
plain number ("-24", "+1.5", "-3e2"), which a spreadsheet reads as that number and never runs.
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?")
_DASHES = re.compile(r"-+")


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with a trigger and is no plain number.

    Dashes alone ("-", "--", the tables' "none") cannot call or reference anything and stay as written.
    """
    if not text.startswith(TRIGGERS) or _DASHES.fullmatch(text):
        return False
    return not (_PLAIN_NUMBER.fullmatch(text) and any(c.isdigit() for c in text))


def csv_value(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as written: risky text gets a leading single quote."""
    if isinstance(value, str) and needs_guard(value):
        return "'" + value
    return value


def unguard(text: str) -> str:
    """The text a guarded CSV cell stood for (the quote `csv_value` added, taken off); others unchanged."""
    if text.startswith("'") and needs_guard(text[1:]):
        return text[1:]
    return text


_ILLEGAL_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_value(value: Any) -> Any:
    """A value openpyxl accepts: text without the control characters XML cannot hold.

    openpyxl raises IllegalCharacterError on them, so one stray \\x01 in a stored name would make a
    download fail; they carry no meaning, so they are left out. Other values pass unchanged.
    """
    return _ILLEGAL_IN_XLSX.sub("", value) if isinstance(value, str) else value


def xlsx_text(cell: Any) -> Any:
    """Make an openpyxl cell that holds text a string cell, whatever it starts with; returns the cell.

    openpyxl types a str starting with "=" as a formula ("f") and one like "#N/A" as an error ("e");
    Hyoka writes no formulas, so any str value is stored as a string.
    """
    if isinstance(cell.value, str) and cell.data_type != "s":
        cell.data_type = "s"
    return cell
