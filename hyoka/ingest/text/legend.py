"""The evaluation legend a document prints (評価基準 / 達成度基準), as the plan's EvaluationScheme.

Cities print it in many shapes: `【評価基準】 A：定常的実施 B：一部着手`, `【達成度基準】 １：計画以上(105％以上)`,
code lists such as `【A・B・C・D】` that only show which codes exist, `◎：順調 ○：概ね順調 △：遅れ ×：未着手`,
S/A/B/C, or words (`達成：… 概ね達成：…`). PDF extraction often puts two legend columns side by side and
wraps a label over lines (`２：計画どおり(95％～` + `105％)`), so entries are found by their `code：label`
shape rather than by line, and a label with an open bracket continues on the next line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from hyoka.interchange import AchievementLevel, EvaluationScheme, Grade

SYMBOLS = "◎○◯△×✕▲●■□◇◆☆★"
_CODE = rf"[A-Za-z]|[0-9]|[{SYMBOLS}]|[^\s:：【】\[\]()（）、,・/／{SYMBOLS}0-9A-Za-z]{{2,6}}"
# An entry: a code at a boundary, a colon, then its label (up to the next entry, a bracket header or line end).
_ENTRY_RE = re.compile(rf"(?:(?<=^)|(?<=[\s【】\]・、,/]))(?P<code>{_CODE})\s*[:：=]\s*")
# A symbol directly followed by its label (◎順調 ○概ね順調): only where no colon entries exist.
_SYMBOL_ENTRY_RE = re.compile(rf"(?:(?<=^)|(?<=[\s【】・、,/]))(?P<code>[{SYMBOLS}])(?=[^\s:：{SYMBOLS}])")
_HEADER_RE = re.compile(r"【([^】]*)】")
_PERCENT = r"(\d+(?:\.\d+)?)\s*%"
_RANGE_RE = re.compile(_PERCENT + r"?\s*[~〜\-ー―]\s*" + _PERCENT + r"\s*(未満|以下)?")
_BOUND_RE = re.compile(_PERCENT + r"\s*(以上|超|未満|以下|以内)")


@dataclass
class _Entry:
    code: str  # NFKC, as the rows print it after normalisation
    raw_code: str
    label: str | None  # as printed, whitespace removed
    start: int
    header: str  # the 【…】 heading this entry falls under ("" when none)


def nfkc_aligned(text: str) -> str:
    """NFKC per character where it keeps the length, so positions map back to the printed text."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _code_list(header: str) -> list[str] | None:
    """【A・B・C・D】 → [A, B, C, D]; None for a heading such as 【評価基準】."""
    parts = [p.strip() for p in re.split(r"[・,、/／\s]+", header) if p.strip()]
    if len(parts) < 2:
        return None
    if all(len(p) == 1 for p in parts):
        return parts
    if all(len(p) <= 6 and not re.search("基準|評価|状況|度|課", p) for p in parts):
        return parts
    return None


def _is_digit(code: str) -> bool:
    return code.isdigit()


def parse_legend(text: str) -> EvaluationScheme | None:
    """Read the grades and achievement levels a legend states; None when the text states none."""
    norm = nfkc_aligned(text)
    headers = [(m.start(), m.group(1).strip()) for m in _HEADER_RE.finditer(norm)]
    code_lists = [c for _, h in headers if (c := _code_list(h)) is not None]
    section_headers = [(pos, h) for pos, h in headers if _code_list(h) is None and h]
    entries = _entries(text, norm, section_headers)
    if not entries and not code_lists:
        return None
    grades: dict[str, Grade] = {}
    levels: dict[str, AchievementLevel] = {}
    kinds = {_is_digit(e.code) for e in entries} | {_is_digit(c) for cl in code_lists for c in cl}
    for e in entries:
        if _is_achievement(e, kinds, section_headers):
            levels.setdefault(e.code, _level(e.code, e.label))
        else:
            grades.setdefault(e.code, Grade(code=e.code, label=e.label))
    for cl in code_lists:
        for code in cl:
            entry = _Entry(code, code, None, 0, "")
            if _is_achievement(entry, kinds, section_headers):
                levels.setdefault(code, AchievementLevel(code=code))
            else:
                grades.setdefault(code, Grade(code=code))
    return EvaluationScheme(
        legend_text=_legend_text(entries, section_headers) or None,
        grades=list(grades.values()),
        achievement_levels=list(levels.values()),
    )


def _entries(text: str, norm: str, section_headers: list[tuple[int, str]]) -> list[_Entry]:
    matches = list(_ENTRY_RE.finditer(norm))
    if not matches:
        matches = list(_SYMBOL_ENTRY_RE.finditer(norm))
    stops = sorted([m.start() for m in matches] + [m.start() for m in _HEADER_RE.finditer(norm)])
    found: list[_Entry] = []
    for m in matches:
        end = next((s for s in stops if s > m.start()), len(norm))
        label = _cut_label(text[m.end() : end])
        header = next((h for pos, h in reversed(section_headers) if pos < m.start()), "")
        code = m.group("code")
        found.append(_Entry(code, text[m.start() : m.start() + len(code)], label or None, m.start(), header))
    return found


def _cut_label(raw: str) -> str:
    """The label ends at the line end unless a bracket is still open (a wrapped `(95％～` + `105％)`)."""
    out = []
    depth = 0
    for line in raw.split("\n"):
        out.append(line)
        depth += sum(line.count(c) for c in "(（") - sum(line.count(c) for c in ")）")
        if depth <= 0:
            break
    return re.sub(r"\s+", "", "".join(out)).rstrip("、,・/／")


def _is_achievement(e: _Entry, kinds: set[bool], section_headers: list[tuple[int, str]]) -> bool:
    """Digits are achievement levels when the legend also has letter or symbol grades; otherwise the
    heading decides (達成度 → achievement levels), and percent thresholds mark achievement levels."""
    if len(kinds) == 2:
        return _is_digit(e.code)
    named = [h for _, h in section_headers]
    if e.header:
        return "達成" in e.header and "評価" not in e.header.replace("達成度", "")
    if named and all("達成" in h for h in named):
        return True
    return bool(e.label and re.search(r"%|％", e.label))


def _level(code: str, label: str | None) -> AchievementLevel:
    if not label:
        return AchievementLevel(code=code)
    low, high, name = percent_bounds(label)
    return AchievementLevel(code=code, label=name or None, min_percent=low, max_percent=high)


def percent_bounds(label: str) -> tuple[Decimal | None, Decimal | None, str]:
    """`計画どおり(95％～105％)` → (95, 105, 計画どおり); `105％以上` → (105, None, …); `80％未満` → (None, 80, …)."""
    n = unicodedata.normalize("NFKC", label)
    low = high = None
    if m := _RANGE_RE.search(n):
        low, high = Decimal(m.group(1) or m.group(2)), Decimal(m.group(2))
        if m.group(1) is None:  # 95～105％ written with one sign
            low = Decimal(re.findall(r"(\d+(?:\.\d+)?)\s*[~〜\-ー―]", n)[0])
    else:
        for value, word in _BOUND_RE.findall(n):
            if word in ("以上", "超"):
                low = Decimal(value)
            else:
                high = Decimal(value)
    if low is None and high is None:
        return None, None, label
    name = re.sub(r"[(（][^()（）]*%[^()（）]*[)）]|[(（][^()（）]*％[^()（）]*[)）]", "", label).strip()
    if name == label:  # thresholds not in brackets: the label is the thresholds themselves
        name = re.sub(r"(達成率)?\d+(\.\d+)?[%％]?\s*(以上|超|未満|以下|以内)?\s*[～~〜\-ー―]?", "", label).strip()
    return low, high, name


def _legend_text(entries: list[_Entry], section_headers: list[tuple[int, str]]) -> str:
    """The legend regrouped by column: each heading followed by its own entries."""
    groups: dict[str, list[str]] = {}
    for e in entries:
        groups.setdefault(e.header, []).append(f"{e.raw_code}：{e.label or ''}")
    if len(section_headers) >= 2 and len(groups) == 1 and len({e.code.isdigit() for e in entries}) == 2:
        # side-by-side columns: letters belong to the first heading, digits to the second
        first, second = section_headers[0][1], section_headers[1][1]
        groups = {first: [], second: []}
        for e in entries:
            groups[second if e.code.isdigit() else first].append(f"{e.raw_code}：{e.label or ''}")
    return "　".join((f"【{h}】" if h else "") + "　".join(items) for h, items in groups.items() if items)
