"""One cell's text: undoing PDF spacing and wrapping, and whether it can stand in a column.

Cells that arrive one per line carry no column number: a row is rebuilt by counting the
header, and a cell wrapped onto two lines (1,350 then (H28年), or a name broken mid-word)
is told from the next cell by whether the next line could stand in the next column. These
checks are deliberately loose about what a value may be (基準値以上, 確報値待ち, 年間15件)
and strict about what it may not be (prose, a heading, a header word).
"""

from __future__ import annotations

import re
import unicodedata

from hyoka.ingest.columns import is_header_cell
from hyoka.ingest.text.lines import nfkc  # the one NFKC of the text layouts
from hyoka.jp import QuantityError, parse_quantity

_SPACES_RE = re.compile(r"[ \u3000]+")
_PAGE_RE = re.compile(r"^(?:[-－―ー‐]\s*\d{1,3}\s*[-－―ー‐]|\d{1,3}\s*/\s*\d{1,3}|P\.?\s*\d{1,3})$")
_PAGE_STARTS = "-－―ー‐\u2011ｰPpＰｐ"  # what a page number opens with, besides a digit (full-width ones too)
_BRACKETED_RE = re.compile(r"^[(（［\[〔<＜][^()（）]{1,30}[)）］\]〕>＞]$")
_TAIL_STARTS = "(（［[〔<＜※＊*"  # a bracketed tail or a footnote mark opens with one of these
_FOOTNOTE_RE = re.compile(r"^[※＊*]\s*\d*\S{0,20}$")
_NUMBER_RE = re.compile(r"^[△▲+\-−]?\s*\d[\d,]*(?:\.\d+)?$")
_DIGIT_RE = re.compile(r"\d")
_FIGURE_START_RE = re.compile(r"^(?:約|年間|毎年)?[△▲+\-−]?\s*\d")
_TEXT_VALUES = (
    "基準値",
    "現状",
    "維持",
    "増加",
    "減少",
    "向上",
    "上昇",
    "低下",
    "以上",
    "以下",
    "以内",
    "未満",
    "待ち",
    "未",
    "皆減",
    "集計中",
    "調査中",
    "実施",
    "完了",
    "達成",
    "該当",
    "なし",
    "無し",
    "検討",
    "増",
    "減",
)
_DASHES = set("-—―‐−–ー－")
_HEADING_RE = re.compile(
    r"^(?:基本目標|基本施策|基本方針|施策の方向|施策\s*\d|政策\s*\d|第\s*\d+\s*[章節部]|[■□◆◇●【])"
)
_HEADING_STARTS = "基施政第■□◆◇●【"
_PLAIN_FIRST_RE = re.compile(r"[\x21-\x7e\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")  # NFKC keeps these as they are
_DEPARTMENT_RE = re.compile(
    r"(?:課|室|係|部|局|センター|館|所|園|署|会|グループ|担当|本部|事務局|事務所|公社|協議会)[）)]?$"
)
_GRADE_RE = re.compile(r"^(?:[SA-Ea-e][+\-]?|[◎○〇△×▲●■□☆★◯✕]|[1-5]|[ⅠⅡⅢⅣⅤ])$")


def is_spaced_out(text: str) -> bool:
    """Justified PDF text: 図 書 館 利 用 者 数, every character on its own (a few pairs allowed)."""
    parts = text.split()
    if len(parts) < 3:
        return len(parts) == 2 and all(len(p) == 1 and _wide(p) for p in parts)
    if all(len(p) == 1 for p in parts):
        return True
    singles = sum(1 for p in parts if len(p) == 1)
    wide_singles = sum(1 for p in parts if len(p) == 1 and _wide(p))
    return singles >= 0.75 * len(parts) and wide_singles >= 0.5 * len(parts)  # not a row of 人 - - -


def despace(text: str) -> str:
    """図 書 館 利 用 者 数 → 図書館利用者数; text that is not spaced out is only stripped."""
    text = text.strip()
    if (" " in text or "\u3000" in text) and is_spaced_out(text):  # most cells have no space at all
        return _SPACES_RE.sub("", text)
    return text


def join_wrapped(parts: list[str]) -> str:
    """Rejoin a cell's lines: 商工観光 + 課 → 商工観光課, H2 + 8年) → H28年), but 'T-1' + 'Grand' keeps a space."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_wide(text[-1]) or _wide(part[0]) or _glued(text[-1], part[0])):
            text += " "
        text += part
    return text


def _glued(last: str, first: str) -> bool:
    """No space across a break inside a figure or bracket: 1,3|50, H2|8年), (|H28年), 1,350|(H28年)."""
    return (
        last in "(（" or first in "(（)）.,%" or first.isdigit() and (last.isascii() and last.isalnum() or last in ",.")
    )


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def is_page_number(text: str) -> bool:
    """A page number a PDF prints on every page: - 3 -, 3/10, P.3 (a bare 3 is left to the caller)."""
    t = text.strip()
    if not t or len(t) > 40 or not (t[0].isdigit() or t[0] in _PAGE_STARTS):
        return False  # the common case, told by its first character
    return bool(_PAGE_RE.match(nfkc(t)))


def is_bare_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(nfkc(text).strip()))


def starts_figure(text: str) -> bool:
    """Text that opens with a figure (1,350, △24, 約3, 年間15件) or is a dash."""
    t = nfkc(text).strip()
    return bool(_FIGURE_START_RE.match(t)) or is_dash(t)


def is_quantity(text: str) -> bool:
    """A figure as printed (1,350人, 0.5(H28年), △24, —): never a name, even one with a digit (公園その1数)."""
    t = nfkc(text).strip()
    if not _FIGURE_START_RE.match(t):
        return is_dash(t)
    try:
        return parse_quantity(text).status != "pending"
    except QuantityError:
        return False


def is_bracketed(text: str) -> bool:
    """(H28年), （人）: a wrapped tail that belongs to the cell above."""
    return bool(_BRACKETED_RE.match(text.strip()))


def is_footnote_mark(text: str) -> bool:
    return bool(_FOOTNOTE_RE.match(text.strip()))


def is_prose(text: str) -> bool:
    return "。" in text or len(text) > 80


def is_heading(text: str) -> bool:
    t = text.lstrip()
    if not t:
        return False
    first = t[0]
    if first not in _HEADING_STARTS and (
        _PLAIN_FIRST_RE.match(first) or nfkc(first).lstrip()[:1] not in _HEADING_STARTS
    ):
        return False  # most lines: the first character, which NFKC leaves alone, opens no heading
    return bool(_HEADING_RE.match(nfkc(text).strip()))


def is_dash(text: str) -> bool:
    t = text.strip()
    if not t or t[0] not in _DASHES:
        return False  # the common case, without joining the text
    t = "".join(t.split())
    return all(c in _DASHES for c in t)


def is_value(text: str) -> bool:
    """A figure or what stands in for one: 1,350, △24, 35.2%, 1,350人(H28年), —, 基準値以上, 確報値待ち."""
    t = nfkc(text).strip()
    if not t or is_dash(t):
        return bool(t)
    if len(t) > 30 or is_prose(t):
        return False
    if _DIGIT_RE.search(t):
        return True
    return len(t) <= 12 and any(word in t for word in _TEXT_VALUES)


def fits(kind: str, text: str, *, explicit_empty: bool = False) -> bool:
    """Whether `text` can stand in a column of `kind` (see hyoka.ingest.columns.KINDS).

    An empty cell fits only where the source printed it (a bare `|`), and never as a name.
    """
    t = text.strip()
    if not t:
        return explicit_empty and kind not in ("kpi_name", "project_name")
    if kind in ("baseline", "target", "interim_target", "actual", "projection", "derived"):
        return is_value(t)
    if is_header_cell(t) and not is_value(t):
        return False  # a header word here means a new table
    if kind in ("kpi_name", "project_name"):
        return not is_quantity(t) and not is_heading(t) and not is_prose(t)
    if kind == "unit":
        return len(t) <= 8 and not _DIGIT_RE.search(nfkc(t).replace("㎡", "")) or is_dash(t)
    if kind == "department":
        parts = [p for p in re.split(r"[、,，/／・\s]+", t) if p]
        return is_dash(t) or (bool(parts) and all(_DEPARTMENT_RE.search(p) for p in parts))
    if kind == "grade":  # a mark or a word (A, ◎, 順調); a figure (90%以上, 63.4%) is another column's
        return bool(_GRADE_RE.match(nfkc(t))) or len(t) <= 12 and not is_prose(t) and not starts_figure(t)
    if kind == "ignore":
        return len(t) <= 30 and not is_prose(t)
    return not is_heading(t)  # note, direction, unknown


def can_continue(kind: str, text: str) -> bool:
    """Whether a line may be the wrapped tail of a cell of `kind` (the caller checks the joined cell fits)."""
    t = text.strip()
    if not t:
        return False
    if t[0] in _TAIL_STARTS and (is_bracketed(t) or is_footnote_mark(t)):
        return True
    if kind in ("baseline", "target", "interim_target", "actual", "projection", "derived", "grade", "ignore", "unit"):
        return False
    if is_bare_number(t) or is_heading(t) or is_header_cell(t) and not is_value(t):
        return False
    return kind not in ("kpi_name", "project_name", "department") or not is_quantity(t)  # 57.6% is no name's tail
