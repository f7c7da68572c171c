"""When a column's meaning is still ambiguous, the user decides, once.

The vocabulary (`hyoka.ingest.columns`) gives each column of a table a meaning from its header's
words; a city's own words can still mislead it (a bare `R7` column is read as an actual when the
city means its target year). The preview shows each table with the meaning of each column, and
the user may say otherwise: `--column 3=目標値` on the command line, a select per column in the
browser. A choice is kept per table *layout*, named by `table_signature` (its header cells, NFKC,
without spaces), so the city's next import of the same layout reads the same way without asking.

Pure Python, no Django: the importer loads and saves the remembered choices.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hyoka.ingest.base import FoundColumn, FoundTable
from hyoka.ingest.columns import KINDS, ColumnMeaning, word_kind

if TYPE_CHECKING:
    from hyoka.ingest.layout import Table

Choices = Mapping[str, Mapping[int, str]]  # table signature → {0-based column → kind}


def gettext_noop(message: str) -> str:
    """Marks a label for Django's makemessages; the web shows it translated, the CLI as written."""
    return message


# What a user may say a column means, as the preview names each meaning (in this order).
LABELS: dict[str, str] = {
    "kpi_name": gettext_noop("指標名"),
    "project_name": gettext_noop("事業名"),
    "department": gettext_noop("担当課"),
    "unit": gettext_noop("単位"),
    "baseline": gettext_noop("基準値"),
    "target": gettext_noop("目標値"),
    "interim_target": gettext_noop("中間目標"),
    "actual": gettext_noop("実績値"),
    "projection": gettext_noop("見込"),
    "derived": gettext_noop("達成率など(計算値)"),
    "grade": gettext_noop("評価"),
    "direction": gettext_noop("今後の方向性"),
    "note": gettext_noop("備考"),
    "ignore": gettext_noop("無視"),
}
UNKNOWN_LABEL = gettext_noop("不明")  # a column whose header says nothing the vocabulary knows
ORIGIN_LABELS = {"chosen": gettext_noop("指定"), "remembered": gettext_noop("前回の指定")}
assert set(LABELS) <= set(KINDS)

# Words a user may type besides the labels and the kind names: 実績, 目標, 見込み … (any header word
# the vocabulary reads as one kind) and these.
_WORDS = {"無視": "ignore", "除外": "ignore", "不要": "ignore", "計算値": "derived", "達成率": "derived"}


class ChoiceError(ValueError):
    """A choice the user gave that names no meaning, table or column."""


def label(kind: str) -> str:
    """A meaning as the preview names it (Japanese; the web translates it)."""
    return LABELS.get(kind, UNKNOWN_LABEL)


def table_signature(header: Sequence[str]) -> str:
    """A short stable name of a table's layout: its header cells after NFKC without spaces.

    The same layout printed again (next year, another page, full-width digits, spaced-out
    characters 基 準 値) has the same signature; another column, or another order, does not.
    """
    cells = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", h)) for h in header]
    return hashlib.sha1("\x1f".join(cells).encode("utf-8")).hexdigest()[:12]


def parse_kind(word: str) -> str:
    """A user's word for a column's meaning → its kind: 目標値, 基準値, 実績, 無視, or a kind name (target)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", word))
    if text in LABELS:
        return text
    for kind, name in LABELS.items():
        if re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)) == text:
            return kind
    if text in _WORDS:
        return _WORDS[text]
    kind = word_kind(text) if text else None
    if kind in LABELS:
        return kind
    if kind == "current":
        raise ChoiceError(f"{word!r} may be the baseline or the latest actual: say 基準値 or 実績値")
    words = "、".join(LABELS.values())
    raise ChoiceError(f"{word!r} is not a column meaning; say one of {words} (or target, baseline, actual …)")


@dataclass(frozen=True)
class Choice:
    """`--column [TABLE:]COLUMN=MEANING`: 1-based numbers as the preview prints them; no table: every table."""

    table: int | None
    column: int
    kind: str


_SPEC = re.compile(r"^\s*(?:(?:表)?(\d+)\s*[:：]\s*)?(\d+)\s*[=＝]\s*(.+?)\s*$")


def parse_choice(spec: str) -> Choice:
    """`3=目標値` (column 3 of every table) or `2:3=目標値` (table 2 only) → a Choice."""
    m = _SPEC.match(unicodedata.normalize("NFKC", spec))
    if m is None:
        raise ChoiceError(f"{spec!r}: write COLUMN=MEANING or TABLE:COLUMN=MEANING, e.g. 3=目標値 or 2:3=目標値")
    table, column = (int(m[1]) if m[1] else None), int(m[2])
    if column < 1 or (table is not None and table < 1):
        raise ChoiceError(f"{spec!r}: tables and columns are numbered from 1, as the preview prints them")
    try:
        return Choice(table, column, parse_kind(m[3]))
    except ChoiceError as e:
        raise ChoiceError(f"{spec!r}: {e}") from e


def resolve(choices: Iterable[Choice], tables: Sequence[FoundTable]) -> dict[str, dict[int, str]]:
    """Numbered choices → choices by layout, for the tables a first reading found.

    Raises ChoiceError for a table the document does not have, or a column no such table has.
    """
    out: dict[str, dict[int, str]] = {}
    for choice in choices:
        if choice.table is not None:
            chosen = [t for t in tables if t.number == choice.table]
            if not chosen:
                raise ChoiceError(f"table {choice.table}: the document has {_tables(tables)}")
        else:
            chosen = [t for t in tables if choice.column <= len(t.columns)]
            if not chosen:
                raise ChoiceError(f"column {choice.column}: no table has that many columns ({_widths(tables)})")
        for table in chosen:
            if choice.column > len(table.columns):
                raise ChoiceError(f"table {table.number} has {len(table.columns)} columns, not {choice.column}")
            out.setdefault(table.signature, {})[choice.column - 1] = choice.kind
    return out


def _tables(tables: Sequence[FoundTable]) -> str:
    return f"{len(tables)} table{'s' if len(tables) != 1 else ''}" if tables else "no table read with column meanings"


def _widths(tables: Sequence[FoundTable]) -> str:
    return ", ".join(f"table {t.number}: {len(t.columns)}" for t in tables) or "no table read with column meanings"


def merge(*layers: Choices) -> dict[str, dict[int, str]]:
    """Choices of several sources, the later winning column by column (remembered, then this import's)."""
    out: dict[str, dict[int, str]] = {}
    for layer in layers:
        for signature, columns in layer.items():
            out.setdefault(signature, {}).update({int(c): k for c, k in columns.items()})
    return out


def mark_remembered(tables: Sequence[FoundTable], explicit: Choices) -> list[FoundTable]:
    """The tables with each chosen column that this import did not choose marked as remembered."""
    out = []
    for t in tables:
        mine = explicit.get(t.signature, {})
        columns = tuple(
            replace(c, origin="remembered") if c.origin == "chosen" and i not in mine else c
            for i, c in enumerate(t.columns)
        )
        out.append(replace(t, columns=columns))
    return out


def changed(tables: Sequence[FoundTable], submitted: Mapping[tuple[str, int], str]) -> dict[str, dict[int, str]]:
    """This import's choices after the user's form: the columns they changed, and those chosen before.

    A select left as it was changes nothing: a remembered meaning stays remembered (not chosen
    again), a vocabulary meaning stays the vocabulary's. A column set back to what its words say
    is still a choice: it overrides a remembered one, which applying then forgets.
    """
    out: dict[str, dict[int, str]] = {}
    for t in tables:
        for i, c in enumerate(t.columns):
            kind = submitted.get((t.signature, i), c.kind)
            if kind != c.kind or c.origin == "chosen":
                out.setdefault(t.signature, {})[i] = kind
    return out


def describe(table: FoundTable) -> str:
    """One table as the CLI preview prints it: `表1 (line 12, one-cell-per-line): 1 指標名 → 指標名, 2 H26 → 基準値`."""
    where = [f"page {table.place.page}"] if table.place.page is not None else []
    where += [f"line {table.place.line}"] if table.place.line is not None else []
    where += [table.place.sheet] if table.place.sheet else []
    where += [table.how] if table.how else []
    columns = []
    for i, c in enumerate(table.columns, start=1):
        origin = f"（{ORIGIN_LABELS[c.origin]}）" if c.origin in ORIGIN_LABELS else ""
        columns.append(f"{i} {c.header.strip() or '（空欄）'} → {label(c.kind)}{origin}")
    return f"表{table.number} ({', '.join(where)}): " + ", ".join(columns)


class TableLog:
    """The tables a reader reads with column meanings, numbered in document order, each read with the
    user's choices over the vocabulary's meanings (the hook of `hyoka.ingest.meaning.document`)."""

    def __init__(self, choices: Choices):
        self.choices = choices
        self.tables: list[FoundTable] = []

    def meanings(self, table: Table, meanings: list[ColumnMeaning]) -> list[ColumnMeaning]:
        """`meanings` with the chosen columns changed; the table is logged unless nothing in its header is
        vocabulary and nothing is chosen (then it is no table header the user would recognise)."""
        signature = table_signature(table.header)
        chosen = self.choices.get(signature, {})
        if not chosen and all(m.kind == "unknown" for m in meanings):
            return meanings
        first = table.rows[0] if table.rows else []
        out, columns = [], []
        for i, m in enumerate(meanings):
            kind = chosen.get(i, m.kind)
            out.append(replace(m, kind=kind) if kind != m.kind else m)
            example = first[i].strip() if i < len(first) else ""
            columns.append(FoundColumn(m.header, kind, m.kind, "chosen" if i in chosen else "vocabulary", example))
        number = len(self.tables) + 1
        self.tables.append(FoundTable(number, signature, tuple(columns), table.place, table.how, table.title))
        return out
