"""The evaluation legend a document prints (評価基準 / 達成度基準 / 凡例), as the plan's EvaluationScheme.

Cities print it anywhere (a page's header, a footnote, a page of its own) and in many shapes, each read
by a finder in `legend_shapes.py`: `【評価基準】 A：定常的実施 B：一部着手`, `S(…)・A(…)・B(…)`,
`「A」…`, `A 順調 説明`, `(1)順調=…`, `目標値以上を◎、…`, `改善○,維持△,悪化×`, legend tables, and
percent bands (`100%未満〜90%：6点`, `legend_bands.py`).  PDF extraction often puts two legend columns
side by side and wraps a label over lines, so entries are found by their shape rather than by line.

What is never a grade: metadata lines (`更新日：…`, `ページ番号：…`, `単位：円`), bullets (a symbol that
starts several different lines), and check boxes (`□拡充 ■維持`), which are the 今後の方向性 choices and
are read by `parse_directions`.  Two kinds of code in one legend (A/B + 1/2, or ○△× + A/B/-) are two
schemes: grades and achievement levels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from hyoka.ingest.text.legend_bands import BAND_SCORE_RE, percent_bounds
from hyoka.ingest.text.legend_shapes import (
    FINDERS,
    MASK,
    META_CODE_RE,
    SYMBOLS,
    Entry,
    kind,
    rates,
)
from hyoka.interchange import AchievementLevel, EvaluationScheme, Grade

__all__ = [
    "SYMBOLS",
    "DirectionChoice",
    "grade_bounds",
    "nfkc_aligned",
    "parse_directions",
    "parse_legend",
    "percent_bounds",
]

_HEADER_RE = re.compile(r"【([^】]*)】")
_CHECK_BOXES = "□■☐☑☒✓✔"
_CHECK_RE = re.compile(rf"(?P<box>[{_CHECK_BOXES}])[ \t\u3000]*(?P<label>[^\s{_CHECK_BOXES}、,，/／:：]{{1,12}})")
_CHECKED = "■☑☒✓✔"
_SCORED = ("band", "quoted_score")  # codes that are scores (6点, 3ポイント), outside the kind rules
_CLOCK_RE = re.compile(r"\d+([:.]\d+)?")


def _figure_first(label: str | None) -> bool:
    """A label that starts with a figure (2016年10月26日, 4路線) is metadata or data, unless it is a
    threshold (8割未満, 80%以上)."""
    return bool(label) and label[0].isdigit() and not re.search(r"[%％割]|以上|未満|以下", label)


@dataclass(frozen=True)
class DirectionChoice:
    """One check box of a 今後の方向性 row (`□拡充 ■維持 □縮小`): its label and whether it is ticked."""

    label: str
    checked: bool


def nfkc_aligned(text: str) -> str:
    """NFKC per character where it keeps the length, so positions map back to the printed text."""
    table = {}
    for ch in set(text):
        if ch.isascii():
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1 and n != ch:
            table[ord(ch)] = n
    return text.translate(table)


def parse_directions(text: str) -> list[DirectionChoice]:
    """`□拡充 ■維持 □縮小 □廃止` → the four choices, 維持 ticked; [] when the text holds no check-box run.

    A run is two or more boxes separated only by spaces or commas, at least one of them empty (□), so a
    list of ■ bullets is not mistaken for a choice."""
    return [choice for run in _check_runs(text) for choice, _ in run]


def _check_runs(text: str) -> list[list[tuple[DirectionChoice, tuple[int, int]]]]:
    runs: list[list[tuple[DirectionChoice, tuple[int, int]]]] = []
    last_end = -1
    for m in _CHECK_RE.finditer(text):
        choice = (DirectionChoice(m.group("label"), m.group("box") in _CHECKED), m.span())
        if runs and re.fullmatch(r"[\s、,，・/／]*", text[last_end : m.start()]):
            runs[-1].append(choice)
        else:
            runs.append([choice])
        last_end = m.end()
    return [r for r in runs if len(r) >= 2 and any(not c.checked for c, _ in r)]


def grade_bounds(scheme: EvaluationScheme, code: str) -> tuple[Decimal | None, Decimal | None]:
    """The percent threshold the legend prints for a grade (`A：既達成(100%以上)` → (100, None)).

    Grade has a code and a label only, so a letter grade with a threshold keeps its name as the label
    and its threshold in the legend text, read back here."""
    legend = nfkc_aligned(scheme.legend_text or "").replace(":", "：")
    for m in re.finditer(rf"(?:^|[\s】]){re.escape(code)}：(?P<label>[^\s]*)", legend):
        low, high, _ = percent_bounds(m.group("label"))
        return low, high
    return None, None


def _grade_label(label: str | None) -> str | None:
    """`既達成(100%以上)` → 既達成; a label that is only a threshold (80%未満) stays as printed."""
    if not label:
        return label
    _, _, name = percent_bounds(label)
    return name or label


def parse_legend(text: str) -> EvaluationScheme | None:
    """Read the grades and achievement levels a legend states; None when the text states none."""
    for run in _check_runs(text):  # direction check boxes are not grades
        for _, (start, end) in run:
            text = text[:start] + _mask(text[start:end]) + text[end:]
    norm = nfkc_aligned(text)
    headers = [(m.start(), m.group(1).strip()) for m in _HEADER_RE.finditer(norm)]
    code_lists = [c for _, h in headers if (c := _code_list(h)) is not None]
    section_headers = [(pos, h) for pos, h in headers if _code_list(h) is None and h]
    entries = _keep_grades(_all_entries(text, norm), norm)
    for e in entries:
        e.header = next((h for pos, h in reversed(section_headers) if pos < e.start), "")
    if len({e.code for e in entries}) < 2 and not code_lists:
        return None
    grades: dict[str, Grade] = {}
    levels: dict[str, AchievementLevel] = {}
    achievement_kind = None if _headings_split_kinds(entries) else _achievement_kind(entries, code_lists)
    for e in entries:
        if _is_achievement(e, _kind_of(e, entries), achievement_kind, section_headers):
            levels.setdefault(e.code, _level(e))
        else:
            grades.setdefault(e.code, Grade(code=e.code, label=_grade_label(e.label)))
    for cl in code_lists:
        for code in cl:
            entry = Entry(code, code, None, 0, 0, "code_list")
            if _is_achievement(entry, kind(code), achievement_kind, section_headers):
                levels.setdefault(code, AchievementLevel(code=code))
            else:
                grades.setdefault(code, Grade(code=code))
    return EvaluationScheme(
        legend_text=_legend_text(entries, section_headers) or None,
        grades=list(grades.values()),
        achievement_levels=list(levels.values()),
    )


def _mask(span: str) -> str:
    return "".join(c if c == "\n" else MASK for c in span)


def _masked(text: str, entries: list[Entry]) -> str:
    """The text with every entry's span overwritten by MASK (newlines kept, so lines stay lines)."""
    out, pos = [], 0
    for e in sorted(entries, key=lambda e: e.start):
        start = max(e.start, pos)
        if e.end <= start:
            continue
        out += [text[pos:start], _mask(text[start : e.end])]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _all_entries(text: str, norm: str) -> list[Entry]:
    """Percent bands first, then each shape in turn; what one finder read is masked for the next."""
    found = _band_entries(text, norm)
    new = found
    for _, finder in FINDERS:
        if new:
            text, norm = _masked(text, new), _masked(norm, new)
        new = finder(text, norm)
        found += new
    return sorted(found, key=lambda e: e.start)


def _band_entries(text: str, norm: str) -> list[Entry]:
    """`110%以上：10点`, `100%未満〜90%：6点`, `100% 7ポイント`: the score is the code, the band its label
    and its thresholds."""
    found = []
    for m in BAND_SCORE_RE.finditer(norm):
        which = ("band", "score") if m.group("band") else ("band2", "score2")
        band = re.sub(r"\s+", "", text[m.start(which[0]) : m.end(which[0])])
        score = re.sub(r"\s+", "", m.group(which[1]))
        found.append(Entry(score, score, band, m.start(), m.end(), "band", detail=None))
    return found if len(found) >= 2 else []


def _keep_grades(entries: list[Entry], norm: str) -> list[Entry]:
    """Drop metadata lines, clock times and bullets; keep word codes only where the text rates."""
    kept = []
    for e in entries:
        if e.shape != "band" and e.label and _CLOCK_RE.fullmatch(e.label):
            continue  # 9:30, ページ：12
        if (
            kind(e.code) == "word"
            and e.shape not in _SCORED
            and (META_CODE_RE.search(e.code) or _figure_first(e.label))
        ):
            continue  # 更新日：2016年10月26日, 単位：円, 担当課：企画課
        kept.append(e)
    words = [e.code for e in kept if kind(e.code) == "word" and e.shape not in _SCORED]
    if len(words) < 2 or not rates(words):  # 千歳町：4路線, 委託：3セク: most word codes must rate
        kept = [e for e in kept if kind(e.code) != "word" or e.shape in _SCORED]
    # a symbol starting several different lines is a bullet (● 子育て支援 / ● 保育所の整備)
    seen: dict[tuple[str, str], set[str | None]] = {}
    for e in kept:
        seen.setdefault((e.code, _header_at(norm, e.start)), set()).add(e.label)
    bullets = {key for key, labels in seen.items() if key[0] in SYMBOLS and len(labels) > 1}
    return [e for e in kept if (e.code, _header_at(norm, e.start)) not in bullets]


def _header_at(norm: str, pos: int) -> int:
    return norm.rfind("【", 0, pos)


def _code_list(header: str) -> list[str] | None:
    """【A・B・C・D】 → [A, B, C, D]; None for a heading such as 【評価基準】."""
    parts = [p.strip() for p in re.split(r"[・,、/／\s]+", header) if p.strip()]
    if len(parts) < 2:
        return None
    if all(len(p) == 1 for p in parts):
        return parts
    if all(len(p) <= 6 and not re.search("基準|評価|状況|度|課|[:：]", p) for p in parts) and rates(parts):
        return parts  # 【達成・概ね達成・未達成】, not 【委託: 3セク・財団 企業 NPO】
    return None


def _kind_of(e: Entry, entries: list[Entry]) -> str:
    k = kind(e.code)
    if k == "dash":  # − (評価できない) belongs with the codes printed before it
        before = [kind(x.code) for x in entries if x.start < e.start and kind(x.code) != "dash"]
        return before[-1] if before else "letter"
    return "score" if e.shape in _SCORED else k


def _achievement_kind(entries: list[Entry], code_lists: list[list[str]]) -> str | None:
    """With two kinds of code, which kind is the achievement level: digits (A/B + 1/2); else the kind
    other than letters whose labels carry %; else symbols beside letters (○△× for the KPI, A/B/- for
    the project).  Letters are never levels by this rule: a letter with a % stays a grade."""
    kinds = {_kind_of(e, entries) for e in entries} | {kind(c) for cl in code_lists for c in cl}
    kinds.discard("score")
    if len(kinds) < 2:
        return None
    if "digit" in kinds:
        return "digit"
    with_percent = {_kind_of(e, entries) for e in entries if "%" in nfkc_aligned(_full_label(e))}
    with_percent = (with_percent & kinds) - {"letter"}
    if len(with_percent) == 1:
        return next(iter(with_percent))
    if "symbol" in kinds:
        return "symbol"
    return None


def _headings_split_kinds(entries: list[Entry]) -> bool:
    """Each kind of code under a heading of its own (【評価】○△× / 【達成度】A B C): the headings
    decide.  Side-by-side columns put every entry under the last heading, so they do not."""
    headers: dict[str, set[str]] = {}
    for e in entries:
        if e.shape not in _SCORED:
            headers.setdefault(_kind_of(e, entries), set()).add(e.header)
    named = [h for hs in headers.values() for h in hs]
    return len(headers) >= 2 and all(len(hs) == 1 for hs in headers.values()) and len(set(named)) == len(named)


def _full_label(e: Entry) -> str:
    return f"{e.label or ''}{e.detail or ''}"


def _is_achievement(
    e: Entry, code_kind: str, achievement_kind: str | None, section_headers: list[tuple[int, str]]
) -> bool:
    """Bands are achievement levels; with two kinds of code the kind rule decides; otherwise the heading
    (達成度 → achievement levels), and digits with percent thresholds.  A letter, symbol or word whose
    description has a % stays a grade (its threshold is read back with `grade_bounds`)."""
    if e.shape in _SCORED:  # bands are levels; named outcomes with a score (「全て達成」(3点)) are grades
        return e.shape == "band"
    if achievement_kind is not None:
        return code_kind == achievement_kind
    named = [h for _, h in section_headers]
    if e.header:
        return "達成" in e.header and "評価" not in e.header.replace("達成度", "")
    if named and all("達成" in h for h in named):
        return True
    return code_kind == "digit" and "%" in nfkc_aligned(_full_label(e))


def _level(e: Entry) -> AchievementLevel:
    if e.shape == "band":
        low, high, _ = percent_bounds(e.label or "")
        return AchievementLevel(code=e.code, label=e.label, min_percent=low, max_percent=high)
    if not e.label:
        return AchievementLevel(code=e.code)
    low, high, name = percent_bounds(e.label)
    if low is None and high is None and e.detail:
        low, high, _ = percent_bounds(e.detail)
    return AchievementLevel(code=e.code, label=name or None, min_percent=low, max_percent=high)


def _legend_text(entries: list[Entry], section_headers: list[tuple[int, str]]) -> str:
    """The legend regrouped by column: each heading followed by its own entries."""
    groups: dict[str, list[str]] = {}
    for e in entries:
        groups.setdefault(e.header, []).append(e.printed)
    if len(section_headers) >= 2 and len(groups) == 1 and len({e.code.isdigit() for e in entries}) == 2:
        # side-by-side columns: letters belong to the first heading, digits to the second
        first, second = section_headers[0][1], section_headers[1][1]
        groups = {first: [], second: []}
        for e in entries:
            groups[second if e.code.isdigit() else first].append(e.printed)
    return "　".join((f"【{h}】" if h else "") + "　".join(items) for h, items in groups.items() if items)
