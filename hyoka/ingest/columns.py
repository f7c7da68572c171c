"""Column meaning by vocabulary, not by position: a table header → what each column holds.

A city's KPI table may put a code or 項目 first, print 基準値 as 策定時 or 現状値, add 見込 and
達成率 columns, or label years only (H26, 平成28年度). Each header cell is read after NFKC with
its spaces removed (justified PDF text prints 基 準 値) and its period cut out
(目標値（H31） → target, period H31). Then the table as a whole settles what a word alone cannot:

- 現状値 / 従前値 / 現況 are the baseline where no 基準 column exists, else the latest actual;
- bare year columns are actuals, except the first one left of the actuals when there is no
  baseline column: that one is the baseline;
- of several target columns, the one with the latest period is the target, the others are
  interim targets (目標値26年度 / 目標値31年度).

A column whose cells hold periods rather than figures (目標年度, 目標年月 H29.3, 基準年度) keeps
its kind and is flagged `period_cells`: a consumer must read `H29.3` there as a date
(`cell_period`), never as the number 29.3.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from hyoka.jp import parse_period

KINDS = (
    "kpi_name",
    "project_name",
    "department",
    "unit",
    "baseline",
    "target",
    "interim_target",
    "actual",
    "projection",
    "derived",
    "grade",
    "direction",
    "note",
    "ignore",
    "unknown",
)
NAME_KINDS = frozenset({"kpi_name", "project_name"})
VALUE_KINDS = frozenset({"baseline", "target", "interim_target", "actual", "projection", "derived"})


@dataclass(frozen=True)
class ColumnMeaning:
    kind: str  # one of KINDS
    period_label: str | None  # the period printed in the header (H26, 平成20年, 令和2年度末), NFKC, no spaces
    header: str  # as printed
    period_cells: bool = False  # the cells hold periods (目標年度 / 目標年月), not figures


_ERA = r"(?:令和|平成|昭和|(?<![A-Za-z])[RHSrhs])\s*(?:\d{1,2}|元)"
_YEAR_SUFFIX = r"(?:\s*(?:年度末|年度|年))?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:\s*末)?(?:\s*(?:現在|時点))?"
# A period printed in a header: 平成20年, H26, 27年度, 令和2年度末, 2020年度, H28末現在, R5.3.
PERIOD_RE = re.compile(
    rf"(?:{_ERA}(?:\.\d{{1,2}}(?:\.\d{{1,2}})?)?|(?<!\d)(?:19|20)\d\d(?!\d)|(?<![\d.ヵカケか箇])\d{{1,2}}(?=\s*年(?![間後前]))){_YEAR_SUFFIX}"
)
_BRACKETS = "()（）[]［］【】〔〕<>＜＞《》「」"
_MARKS = "①②③④⑤⑥⑦⑧⑨⑩※*＊"

# A header word ends in a kanji or katakana; one ending in hiragana is a phrase (指標の性質で, 説明です),
# except these words.
_HIRAGANA_END_RE = re.compile(r"[ぁ-ゖ]$")
_KANA_WORDS = ("見込み", "取り組み", "見通し", "取組み", "仕組み")
# Ordered: the first rule whose pattern matches the header's core decides its kind.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "ignore",
        re.compile(r"^(?:No\.?|NO\.?|no\.?|№|#|番号|コード|区分|確認方法|確認時期|掲載頁|掲載ページ|頁|ページ|P\.?)$"),
    ),
    (
        "ignore",
        re.compile(r"(?:コード|番号|掲載|確認方法|確認時期)$|^(?:事業|施策|予算)?(?:区分|番号|コード)|分類$|種別$"),
    ),
    ("derived", re.compile(r"^(?:目標)?達成率|進捗率|^増減|^伸び?率|^差|との差|前年比|対前年|^比較|乖離")),
    ("direction", re.compile(r"今後の方向性|今後の方針|方向性|今後の取組方針|今後の展開")),
    # KPI所管課, 指標担当課: the department that owns the KPI, though the word opens like a KPI name
    ("department", re.compile(r"(?:所管課|担当課|所管部署|担当部署|担当部局|所管部局)$")),
    ("kpi_name", re.compile(r"^(?:評価指標|成果指標|活動指標|目標指標|業績指標|重要業績評価指標)")),
    ("target", re.compile(r"^指標値")),
    ("kpi_name", re.compile(r"^(?:指標|数値目標|KPI|kpi|項目|指標名|指標項目)")),
    ("grade", re.compile(r"評価|達成度|達成状況|進捗状況|判定|実施状況|進捗度")),
    ("note", re.compile(r"備考|説明|出典|定義|算定|根拠|摘要|内容|概要|^注")),
    ("unit", re.compile(r"^単位")),
    ("projection", re.compile(r"見込|見通し")),
    ("interim_target", re.compile(r"目安|期待値|中間目標|中間値")),
    (
        "project_name",
        re.compile(r"事務事業名|事業名|^取組名?$|^取り組み名?$|^主な(?:事業|取組)|交付対象事業|^施策名$|^事業$"),
    ),
    ("ignore", re.compile(r"氏名|長名|者名$")),  # a person's name: 担当課長名, 担当者名
    ("department", re.compile(r"担当|所管|課名|部署|部局")),
    ("target", re.compile(r"目標|計画値|計画数値")),
    ("baseline", re.compile(r"基準|策定時|当初|計画前")),
    ("actual", re.compile(r"実績|現在値|直近値|最新値")),
    ("current", re.compile(r"現状|従前|現況")),  # settled by the table: baseline or actual
]
# The header words as printed most often, for cutting a run of spaced-out characters into cells.
VOCABULARY = (
    "指標", "指標名", "成果指標", "活動指標", "数値目標", "KPI", "項目", "事業名", "事務事業名", "取組", "取組名",
    "担当課", "所管課", "担当部局課名", "担当", "担当部署", "単位", "基準値", "策定時", "当初", "現状値", "現状",
    "従前値", "現況", "目標値", "目標", "計画値", "計画数値", "指標値", "実績", "実績値", "見込", "見込み", "目安値",
    "期待値", "中間目標", "達成率", "差", "進捗率", "増減", "評価", "達成度", "進捗状況", "今後の方向性",
    "今後の方針", "備考", "説明", "掲載頁", "頁", "番号", "コード", "区分", "確認方法", "確認時期", "No.",
)  # fmt: skip
# Words for recovering dropped characters of spaced-out headers (目 値 → 目標値).
_CANONICAL = (
    "基準値",
    "目標値",
    "実績値",
    "現状値",
    "指標名",
    "事業名",
    "担当課",
    "所管課",
    "達成率",
    "策定時",
    "計画値",
)
_PERIOD_COLUMN_RE = re.compile(r"^(?:目標|基準|計画|達成|実績)?(?:年度|年月|年次|時期|時点|期限|期間)$")


def nfkc_compact(text: str) -> str:
    """NFKC with all spaces removed: 基 準 値 → 基準値, Ｈ２６ → H26."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)
def header_period(header: str) -> str | None:
    """The period printed in a header cell (基準値（H26） → H26), NFKC and without spaces, or None."""
    m = PERIOD_RE.search(unicodedata.normalize("NFKC", header))
    return re.sub(r"\s+", "", m[0]) if m else None


_DROPPED = str.maketrans("", "", _BRACKETS + _MARKS)
_SPACE_RE = re.compile(r"\s+")
# Any rule's pattern: a core none of them matches is no header word, and most body cells are that.
_ANY_RULE_RE = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in _RULES))


def _core(header: str) -> str:
    """The header's words: NFKC, no spaces, no period, no brackets or marks (目標値（H31）※1 → 目標値)."""
    s = unicodedata.normalize("NFKC", header)
    s = PERIOD_RE.sub("", s)
    s = _SPACE_RE.sub("", s).translate(_DROPPED)
    return s.strip("・:：-~〜/／")


@lru_cache(maxsize=8192)  # a document repeats its header words on every page
def word_kind(header: str) -> str | None:
    """The kind one header cell's words say alone; `current` and `year` are settled by `column_meanings`.

    None when the cell says nothing a header says (a KPI name, a figure): that is how a
    header run is told from body cells.
    """
    core = _core(header)
    if (
        len(core) > 12
        or _HIRAGANA_END_RE.search(core)
        and not core.endswith(_KANA_WORDS)
        or "「" in header
        or "。" in header
    ):
        return None  # a header says a word or two; longer cells, phrases and quotes are names or prose
    if not core:
        return "year" if header_period(header) else None
    if _ANY_RULE_RE.search(core):
        for kind, rx in _RULES:
            if rx.search(core):
                return kind
    if len(core) == 2:
        for word in _CANONICAL:
            if len(word) == len(core) + 1 and _subsequence(core, word):
                return word_kind(word)
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def is_header_cell(text: str) -> bool:
    """A cell a table header prints: vocabulary (指標名, 基準値, 担当課 …) or a bare period (H26)."""
    return word_kind(text) is not None


def column_meanings(header: list[str], rows: list[list[str]] | None = None) -> list[ColumnMeaning]:
    """The meaning of each column of a table whose header row is `header` (one cell per column).

    With the table's `rows`, what the cells hold settles two words that depend on it: a
    grade-like column (進捗状況, 評価) holding sentences is a note, and a column whose header
    says nothing but whose cells are all marks (A, B+, ◎, ○, △) is a grade.
    """
    kinds = [word_kind(h) or "unknown" for h in header]
    if rows:
        kinds = [_by_cells(kind, [r[i] for r in rows if i < len(r) and r[i].strip()]) for i, kind in enumerate(kinds)]
    periods = [header_period(h) for h in header]
    period_cells = [bool(_PERIOD_COLUMN_RE.match(_core(h))) for h in header]
    has_baseline = "baseline" in kinds
    for i, kind in enumerate(kinds):
        if kind == "current":
            kinds[i] = "actual" if has_baseline else "baseline"
            has_baseline = True
    years = [i for i, k in enumerate(kinds) if k == "year"]
    if years and not has_baseline:
        first = years[0]
        later_values = any(k in ("actual", "year", "projection") for k in kinds[first + 1 :])
        target_after = any(k == "target" for k in kinds[first + 1 :])
        if later_values or target_after:
            kinds[first] = "baseline"
    kinds = ["actual" if k == "year" else k for k in kinds]
    targets = [i for i, k in enumerate(kinds) if k == "target" and not period_cells[i]]
    if len(targets) > 1:
        latest = max(targets, key=lambda i: (_period_order(periods[i]), i))
        for i in targets:
            if i != latest:
                kinds[i] = "interim_target"
    return [
        ColumnMeaning(kind, period, h, cells)
        for kind, period, h, cells in zip(kinds, periods, header, period_cells, strict=True)
    ]


_MARK_RE = re.compile(r"^(?:[SA-E][+\-]?|[◎○〇△×▲●■□☆★◯✕]|[1-5]|[ⅠⅡⅢⅣⅤ])$")


def is_mark(text: str) -> bool:
    """A grade as printed in a cell: A–E or S with + or -, ◎ ○ △ ×, 1–5, Ⅰ–Ⅴ."""
    return bool(_MARK_RE.match(unicodedata.normalize("NFKC", text).strip()))


def _by_cells(kind: str, cells: list[str]) -> str:
    if not cells:
        return kind
    if kind == "grade" and sum(1 for c in cells if len(c) > 12 or "。" in c) > len(cells) / 2:
        return "note"
    if kind == "unknown" and all(is_mark(c) for c in cells):
        return "grade"
    return kind


def _period_order(label: str | None) -> int:
    """A sortable year for a header period; bare 26年度 (no era) counts in its own small numbers."""
    if label is None:
        return -1
    p = parse_period(label)
    if p.fiscal_year is not None:
        return p.fiscal_year
    if p.year is not None:
        return p.year
    m = re.search(r"\d+", label)
    return int(m[0]) if m else -1


_CELL_PERIOD_RE = re.compile(
    rf"^[(（]?\s*(?:{_ERA}(?:\s*[.．]\s*\d{{1,2}}(?:\s*[.．]\s*\d{{1,2}})?)?|(?:19|20)\d\d(?:\s*[./]\s*\d{{1,2}})?)"
    rf"{_YEAR_SUFFIX}\s*[)）]?$"
)


def cell_period(text: str) -> str | None:
    """The period a value cell holds (H29.3, 令和5年度, 2023年3月), or None: a date, never a number."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not _CELL_PERIOD_RE.match(s):
        return None
    return s.strip("()")
