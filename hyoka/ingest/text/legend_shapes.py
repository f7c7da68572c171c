"""The shapes a rating legend (評価基準・凡例) is printed in, each found by its own small finder.

Every finder reads the NFKC-aligned text (same length as the printed text, so positions map back)
and returns `Entry`s with their span; `legend.py` runs them in order and masks what one found so the
next does not read it again.  Shapes, with invented examples in the real style:

- colon entries: `A：順調 B：遅れ`, `B+：…`, `-：評価不能`, `達成：…`, `「A」：…`;
- numbered names: `(1)順調=計画どおり (2)遅れ=…`, `①拡充 ②維持 ③縮小`, `1. 継続 合計点 11点以上`;
- bracketed entries: `S(目標値を超えている)・A(基準値を超えている)・B(…)`;
- quoted entries: `「A」順調に進んでいる 「B」一部遅れ`;
- label before symbol in prose: `目標値以上を◎、目標値と同等を○、目標値未満を△とした`;
- symbol runs: `◎順調 ○概ね順調 △遅れ` and `改善○,維持△,悪化×`;
- lines without a colon: `A 順調 計画どおり進んでいる`, `現状維持 現状の計画に沿って進めることが妥当`;
- labels before bracketed codes: `効果的なもの(A)が22個、おおむね効果的なもの(B)が14個`;
- legend tables: codes in one row and descriptions in the next (`評価 | A | B | C`), or one cell per line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

SYMBOLS = "◎○◯〇△×✕▲●■□◇◆☆★"
MASK = "\x00"  # what an entry already read is overwritten with, so the next finder skips it
LABEL_MAX = 60  # a label running on past this is prose, not a legend entry
# Symbols that rate; ● ◆ ◇ ■ □ ☆ ★ are bullets or check boxes unless a colon says otherwise.
RATING_SYMBOLS = "◎○◯〇△×✕▲"
DASH_CODES = "-−‐―—"
LEGEND_CUE_RE = re.compile(r"評価|達成|凡例|基準|判定|区分|進捗|方向性|状況|段階")
# Words that rate: a word code (達成：…) counts only when the legend has a cue or one of these.
RATING_WORD_RE = re.compile(
    r"達成|順調|遅れ|着手|完了|実施|改善|維持|悪化|拡充|拡大|縮小|縮減|廃止|継続|休止|統合|見直|良好|横ばい|概ね|おおむね"
    r"|未|やや|大幅|終了|現状|効果的"
)
# Keys of metadata lines (更新日：…, ページ番号：…, 単位：円), never grades.
META_CODE_RE = re.compile(
    r"(日|日付|日時|番号|単位|頁|ページ|課|部|係|室|者|名|先|費|額|数|率|値|年度|期間|時点|目的|概要|内容|対象"
    r"|備考|出典|注|資料|電話|住所|場所|作成|更新|発行|問合せ|問い合わせ|担当|所管|根拠|目標|指標|事業|施策)$"
)
_SEP = r"\s【】\[\]・、,，/／"
_LETTER = r"[A-Za-z]\+?"
_CODE = rf"{_LETTER}|[0-9]|[{SYMBOLS}]|[{DASH_CODES}]|[^\s:：=【】\[\]()（）「」、,，・/／{SYMBOLS}0-9A-Za-z+\-]{{2,6}}"
_COLON_RE = re.compile(rf"(?:(?<=^)|(?<=[{_SEP})）]))(?:「(?P<qcode>{_CODE})」|(?P<code>{_CODE}))\s*[:：=]\s*")
_NUMBERED_RE = re.compile(
    rf"(?:(?<=^)|(?<=[{_SEP}(（]))(?:\((?P<p>\d{{1,2}})\)|(?P<c>[①-⑳])|(?P<d>\d)\.(?=\s*[^\d\s.])|(?P<s>\d)(?=[ \u3000]+[^\d\s]))\s*"
    r"(?P<name>[^\s=＝:：()（）①-⑳、,，]{1,12})\s*(?P<eq>[=＝:：])?\s*"
)
_BRACKETED_RE = re.compile(rf"(?:(?<=^)|(?<=[{_SEP}「]))(?P<code>{_LETTER}|[{RATING_SYMBOLS}]|[{DASH_CODES}])[(（]")
_QUOTED_RE = re.compile(rf"「(?P<code>{_LETTER}|[0-9]|[{RATING_SYMBOLS}]|[{DASH_CODES}])」\s*(?:は|[:：=])?\s*")
_PROSE_RE = re.compile(
    rf"(?:(?<=^)|(?<=[\s、,，。・:：「]))(?P<label>[^\s、,，。を]{{1,30}}?)を\s*[「『]?"
    rf"(?P<code>[{RATING_SYMBOLS}]|{_LETTER})[」』]?(?=\s*(?:[、,，。]|と|$))",
    re.M,
)
_SYMBOL_AT_RE = re.compile(rf"[{RATING_SYMBOLS}]")
_SEPARATOR_GAP = re.compile(r"[\s、,，・/／]*")
_PROSE_GAP = re.compile(r"[\s、,，。・]*")
_SENTENCE_GAP = re.compile(r"[^。\n]{0,40}")  # 効果的なもの(A)が22個、おおむね…(B)
_QUOTED_SCORE_RE = re.compile(
    r"「(?P<label>[^「」\n]{1,20})」\s*[(（](?P<score>\d+(?:\.\d+)?\s*(?:点|ポイント|pt))[)）]"
)
_RUN_SEPARATORS = " \t\n\r\u3000、,，・/／"
_LINE_RE = re.compile(
    rf"^[ \t\u3000]*(?P<code>{_LETTER}|[0-9]|[{RATING_SYMBOLS}])[ \t\u3000]+(?P<rest>\S.*?)\s*$", re.M
)
_WORD_LINE_RE = re.compile(
    r"^[ \t\u3000]*(?P<code>[^\s\d:：=()（）【】A-Za-z]{2,6})[ \t\u3000]+(?P<rest>[^\s\d].{5,}?)\s*$", re.M
)
_BRACKETED_CODE_RE = re.compile(rf"[(（](?P<code>{_LETTER})[)）]")
_LABEL_STOPS = " \t\n\r\u3000、,，。()（）" + MASK
_BODY = rf"[^\s:：={SYMBOLS}]{{1,15}}"
_SYMBOL_FIRST_RE = re.compile(rf"(?P<code>[{RATING_SYMBOLS}])(?P<label>{_BODY})")
_SYMBOL_LAST_RE = re.compile(rf"(?P<label>{_BODY})(?P<code>[{RATING_SYMBOLS}])")
_HAS_CODE_RE = re.compile(rf"[A-Za-z{RATING_SYMBOLS}]")
_CELL_SPLIT_RE = re.compile(r"\s*[\t|｜]\s*|[ \u3000]+")


@dataclass
class Entry:
    code: str  # NFKC, as the rows print it after normalisation
    raw_code: str  # as printed
    label: str | None  # the grade's name (順調) or, when the legend names none, its description
    start: int
    end: int
    shape: str  # which finder found it (for the kind rules and for debugging)
    header: str = ""  # the 【…】 heading it falls under
    detail: str | None = None  # a description beside the name (`(1)順調=計画どおり` → 計画どおり)

    @property
    def printed(self) -> str:
        detail = f"（{self.detail}）" if self.detail else ""
        return f"{self.raw_code}：{self.label or ''}{detail}"


Finder = Callable[[str, str], list[Entry]]


def _squash(text: str) -> str:
    """Whitespace removed, cut where another entry (masked) begins, at a sentence end or a footnote
    (`A:目標達成 *中学生は…`); a run-on label stops at LABEL_MAX characters."""
    text = re.split(r"。|\s[*※]", text.split(MASK)[0])[0]
    return re.sub(r"\s+", "", text)[:LABEL_MAX].rstrip("、,・/／。")


def cut_label(raw: str) -> tuple[str, int]:
    """The label and how many characters it used: it ends at the line end unless a bracket is still
    open (a wrapped `(95％～` + `105％)`)."""
    out = []
    depth = 0
    used = 0
    for line in raw.split("\n")[:3]:
        out.append(line)
        used += len(line) + 1
        depth += sum(line.count(c) for c in "(（") - sum(line.count(c) for c in ")）")
        if depth <= 0:
            break
    return _squash("".join(out)), min(used, len(raw))


def _until_next(text: str, norm: str, matches: list[re.Match[str]]) -> list[tuple[re.Match[str], str]]:
    """Each match with the printed text up to the next match, a 【heading】 or the end."""
    stops = sorted([m.start() for m in matches] + [h.start() for h in re.finditer("【", norm)])
    out = []
    for m in matches:
        i = bisect_left(stops, m.end())
        out.append((m, text[m.end() : stops[i] if i < len(stops) else len(norm)]))
    return out


def colon_entries(text: str, norm: str) -> list[Entry]:
    """`A：順調`, `「A」：…`, `B+：…`, `-：評価不能`, `達成：目標を達成`."""
    found = []
    matches = list(_COLON_RE.finditer(norm))
    for i, (m, raw) in enumerate(_until_next(text, norm, matches)):
        group = "qcode" if m.group("qcode") else "code"
        code = m.group(group)
        if i and "\n" not in norm[matches[i - 1].end() : m.start()]:
            raw = _end_of_run(raw)
        label, used = cut_label(raw)
        start = m.start(group)
        found.append(Entry(code, text[start : start + len(code)], label or None, m.start(), m.end() + used, "colon"))
    return found


def _end_of_run(raw: str) -> str:
    """The last entry of a one-line legend ends at the first space when a long text follows on the line
    (`… X:当該年度の実績値なし 合計特殊出生率については、…`): that text is the page, not the label."""
    first = raw.split("\n")[0]
    m = re.search(r"\s+", first.strip())
    if m and len(first.strip()) - m.end() >= 20 and "(" not in first[: m.start()] and "（" not in first[: m.start()]:
        return first.strip()[: m.start()]
    return raw


def numbered_entries(text: str, norm: str) -> list[Entry]:
    """`(1)順調=計画どおり (2)遅れ=…`, numbered options `①拡充 ②維持 ③縮小` and `1.順調 2.遅れ`.

    Numbers must run 1, 2, 3…; without `=` or `：` most names must be rating words (継続, 改善, 縮小 …),
    since numbered headings (`1.事業の位置付け`, `(1)基準表`) look the same."""
    matches = sorted(
        [m for m in _NUMBERED_RE.finditer(norm) if not m.group("c")]
        + [m for m in _NUMBERED_RE.finditer(text) if m.group("c")],
        key=lambda m: m.start(),
    )
    found = []
    for m, raw in _until_next(text, norm, matches):
        number = m.group("p") or m.group("d") or m.group("s") or str(ord(m.group("c")) - ord("①") + 1)
        detail, used = cut_label(raw) if m.group("eq") else ("", len(raw.split("\n")[0]))
        code_end = m.start("name")
        name = text[m.start("name") : m.end("name")]
        found.append(
            Entry(
                number,
                text[m.start() : code_end].strip(),
                _squash(name),
                m.start(),
                m.end() + used,
                "numbered",
                detail=detail or None,
            )
        )
    runs: list[list[Entry]] = []
    for e in found:
        if runs and e.code == str(len(runs[-1]) + 1):
            runs[-1].append(e)
        elif e.code == "1":
            runs.append([e])
    out = []
    for run in runs:
        if len(run) < 2:
            continue
        if any(e.detail for e in run) or rates([e.label or "" for e in run]):
            out += run
    return out


def bracketed_entries(text: str, norm: str) -> list[Entry]:
    """`S(…)・A(…)・B(…)・−(…)`: a code, its description in balanced brackets, joined by ・ or 、."""
    found = []
    for m in _BRACKETED_RE.finditer(norm):
        close = _closing(norm, m.end() - 1)
        if close is None:
            continue
        code = m.group("code")
        found.append(
            Entry(
                code,
                text[m.start() : m.start() + len(code)],
                _squash(text[m.end() : close]),
                m.start(),
                close + 1,
                "bracketed",
            )
        )
    # keep only runs of two or more joined by a separator (A(a) alone in prose is not a legend)
    kept: list[Entry] = []
    for a, b in pairwise(found):
        if re.fullmatch(r"[\s・、,，/／]*", norm[a.end : b.start]):
            kept += [e for e in (a, b) if e not in kept]
    return kept


def _closing(norm: str, open_at: int) -> int | None:
    """Where the bracket opened at `open_at` closes (nested brackets balanced); None past 200 characters."""
    depth = 0
    for i in range(open_at, min(len(norm), open_at + 200)):
        if norm[i] in "(（":
            depth += 1
        elif norm[i] in ")）":
            depth -= 1
            if depth == 0:
                return i
    return None


def quoted_entries(text: str, norm: str) -> list[Entry]:
    """`「A」順調に進んでいる 「B」…` or `「A」は…`; the label runs to the next quoted code or the line end."""
    found = []
    for m, raw in _until_next(text, norm, list(_QUOTED_RE.finditer(norm))):
        first = raw.split("\n")[0]
        if first[:1] in "をがのとにで":
            continue
        code = m.group("code")
        found.append(
            Entry(
                code,
                text[m.start("code") : m.end("code")],
                _squash(first) or None,
                m.start(),
                m.end() + len(first),
                "quoted",
            )
        )
    return _runs(found, norm, _SEPARATOR_GAP)


def prose_entries(text: str, norm: str) -> list[Entry]:
    """`目標値以上を◎、目標値と同等を○、目標値未満を△とした`: the label stands before を and the symbol."""
    found = []
    for m in _PROSE_RE.finditer(norm):
        label = text[m.start("label") : m.end("label")]
        code = m.group("code")
        found.append(Entry(code, text[m.start("code") : m.end("code")], _squash(label), m.start(), m.end(), "prose"))
    return _runs(found, norm, _PROSE_GAP)


def symbol_run_entries(text: str, norm: str) -> list[Entry]:
    """`◎順調 ○概ね順調 △遅れ` (symbol first) and `改善○,維持△,悪化×` (symbol last), two or more in a run."""
    found = []
    last_end = -1
    for sym in _SYMBOL_AT_RE.finditer(norm):
        if sym.start() < last_end:
            continue  # same token as the previous symbol
        start = max(norm.rfind(c, 0, sym.start()) for c in _RUN_SEPARATORS) + 1
        ends = [i for c in _RUN_SEPARATORS if (i := norm.find(c, sym.end())) >= 0]
        pos = last_end = min(ends, default=len(norm))
        token = norm[start:pos]
        if len(token) < 2:
            continue
        if m := _SYMBOL_FIRST_RE.fullmatch(token):
            shape = "symbol_first"
        elif m := _SYMBOL_LAST_RE.fullmatch(token):
            shape = "symbol_last"
        else:
            continue
        code_at = start + m.start("code")
        label = text[start + m.start("label") : start + m.end("label")]
        found.append(Entry(m.group("code"), text[code_at], label, start, pos, shape))
    found = _runs(found, norm, _SEPARATOR_GAP)
    return found if len({e.shape for e in found}) == 1 else []


def line_entries(text: str, norm: str) -> list[Entry]:
    """`A 順調 計画どおり進んでいる`, one per line, no colon: the first word is the name, the rest its detail."""
    found = []
    for m in _LINE_RE.finditer(norm):
        words = m.group("rest").split()
        if not re.search(r"[^\W\d_]", words[0]) or words[0][0].isdigit():
            continue
        name_at = m.start("rest")
        name = text[name_at : name_at + len(words[0])]
        detail_text = text[name_at + len(words[0]) : m.end("rest")]
        code = m.group("code")
        found.append(
            Entry(
                code,
                text[m.start("code") : m.end("code")],
                name,
                m.start(),
                m.end(),
                "line",
                detail=_squash(detail_text) or None,
            )
        )
    out = []
    for run in _consecutive_runs(found, norm):
        codes = [e.code for e in run]
        if kind(codes[0]) == "digit" and not rates([e.label or "" for e in run]):
            continue  # 1 産後ケア対策の充実強化 / 2 多様な保育サービス: numbered rows, not options
        if LEGEND_CUE_RE.search(norm) or scale_like(codes):
            out += run
    return out + _word_line_entries(text, norm)


def _word_line_entries(text: str, norm: str) -> list[Entry]:
    """`現状維持 現状の計画に沿って進めることが妥当` / `拡大・拡充 …`: a word code, a space, its description,
    three or more lines in a row, most codes rating words (direction legends under 評価基準)."""
    found = []
    for m in _WORD_LINE_RE.finditer(norm):
        code = m.group("code")
        found.append(
            Entry(
                code,
                text[m.start("code") : m.end("code")],
                _squash(text[m.start("rest") : m.end("rest")]),
                m.start(),
                m.end(),
                "word_line",
            )
        )
    runs: list[list[Entry]] = []
    for e in found:
        if runs and not norm[runs[-1][-1].end : e.start].strip():
            runs[-1].append(e)
        else:
            runs.append([e])
    kept = [r for r in runs if len(r) >= 3 and rates([e.code for e in r])]
    return [e for r in kept for e in [*r, *_pushed_row(text, norm, r[-1].end)]]


# the code alone on its line, then (after blank lines) its description alone on its own
_PUSHED_ROW_RE = re.compile(
    r"(?P<code>[^\s\d:：=()（）【】A-Za-z]{2,6})[ \t\u3000]*\n(?:[ \t\u3000]*\n){0,3}[ \t\u3000]*"
    r"(?P<rest>[^\s\d][^\n]{5,}?)[ \t\u3000]*(?=\n|$)"
)


def _pushed_row(text: str, norm: str, end: int) -> list[Entry]:
    """The row after a legend table whose description a web page pushed into the next paragraph
    (`民間` / blank lines / `   行政の役割は終了し、…`): one more entry of the run."""
    at = end
    while at < len(norm) and norm[at] in " \t\u3000\n":
        at += 1
    m = _PUSHED_ROW_RE.match(norm, at)
    if m is None or re.match(r"\S{2,6}[ \t\u3000]+\S", m["rest"]):
        return []  # `拡充 事業を拡大する`: a row of its own, not a pushed description
    rest = _squash(text[m.start("rest") : m.end("rest")])
    return [Entry(m["code"], text[m.start("code") : m.end("code")], rest, m.start(), m.end(), "word_line")]


def rates(words: list[str]) -> bool:
    """Most of these words rate (継続, 改善, 概ね順調 …): what tells options from numbered headings."""
    return bool(words) and 2 * sum(1 for w in words if RATING_WORD_RE.search(w)) > len(words)


def label_bracket_entries(text: str, norm: str) -> list[Entry]:
    """`効果的なもの(A)が22個、おおむね効果的なもの(B)が14個`: the label stands before its code in brackets;
    three or more codes reading as a scale."""
    found = []
    for m in _BRACKETED_CODE_RE.finditer(norm):
        label_start = m.start()
        while label_start > 0 and m.start() - label_start < 30 and norm[label_start - 1] not in _LABEL_STOPS:
            label_start -= 1
        if m.start() - label_start < 2:
            continue
        code = m.group("code")
        label = _squash(text[label_start : m.start()])
        found.append(Entry(code, text[m.start("code") : m.end("code")], label, label_start, m.end(), "label_bracket"))
    found = _runs(found, norm, _SENTENCE_GAP, least=3)
    codes = [e.code for e in found]
    if len(set(codes)) != len(codes) or not scale_like(codes):
        return []
    return found


def _runs(found: list[Entry], norm: str, gap: re.Pattern[str], least: int = 2) -> list[Entry]:
    """The entries that stand in runs of `least` or more, each joined to the next by text matching `gap`
    (separators only): two ○ headings forty lines apart are bullets, not a legend."""
    runs: list[list[Entry]] = []
    for e in found:
        if runs and gap.fullmatch(norm[runs[-1][-1].end : e.start]):
            runs[-1].append(e)
        else:
            runs.append([e])
    return [e for r in runs if len(r) >= least for e in r]


def quoted_score_entries(text: str, norm: str) -> list[Entry]:
    """`「全て達成」(3ポイント)、…「一部未達成」(2ポイント)`: a named outcome and the score it earns."""
    found = []
    for m in _QUOTED_SCORE_RE.finditer(norm):
        score = re.sub(r"\s+", "", m.group("score"))
        label = _squash(text[m.start("label") : m.end("label")])
        found.append(Entry(score, score, label, m.start(), m.end(), "quoted_score"))
    return _runs(found, norm, _SENTENCE_GAP)


def _consecutive_runs(found: list[Entry], norm: str) -> list[list[Entry]]:
    """Runs of entries on neighbouring lines (blank lines allowed), distinct codes of one kind, two or more."""
    runs: list[list[Entry]] = []
    for e in found:
        if runs and not norm[runs[-1][-1].end : e.start].strip() and kind(e.code) == kind(runs[-1][-1].code):
            runs[-1].append(e)
        else:
            runs.append([e])
    return [r for r in runs if len(r) >= 2 and len({e.code for e in r}) == len(r)]


def table_entries(text: str, norm: str) -> list[Entry]:
    """Legend tables: a row of codes and, on the next line, as many descriptions (`評価 | A | B | C` then
    `内容 | 順調 | 概ね順調 | 遅れ`); or one cell per line, codes then descriptions, or code and description
    alternating."""
    lines = _lines(norm)
    found: list[Entry] = []
    for i, (start, line) in enumerate(lines):
        codes = _code_cells(line)
        if codes is None:
            continue
        nxt = next(((s, ln) for s, ln in lines[i + 1 :] if ln.strip()), None)
        if nxt is None:
            continue
        cells = _cells(nxt[1])
        if len(cells) == len(codes) + 1 and _code_cells(nxt[1]) is None:
            cells = cells[1:]  # a row heading (内容, 説明) before the descriptions
        if len(cells) != len(codes) or _code_cells(nxt[1]) is not None:
            continue
        for (code, at), (cell, cat) in zip(codes, cells, strict=True):
            s, n = start + at, nxt[0] + cat
            found.append(
                Entry(code, text[s : s + len(code)], _squash(text[n : n + len(cell)]), s, n + len(cell), "table")
            )
    if found:
        return found if LEGEND_CUE_RE.search(norm) or scale_like([e.code for e in found]) else []
    # one cell per line is the weakest shape (N / o / 担当課 is a broken header): scales only
    found = _column_entries(text, norm, lines)
    plain = all(e.label and len(e.label) <= 30 and not re.search(r"\d", e.label) for e in found)
    return found if len(found) <= 6 and scale_like([e.code for e in found]) and plain else []


def _column_entries(text: str, norm: str, lines: list[tuple[int, str]]) -> list[Entry]:
    """One cell per line: `A`,`B`,`C` then `順調`,`概ね順調`,`遅れ`; or `A`,`順調`,`B`,`概ね順調`."""
    cells = [(s + len(ln) - len(ln.lstrip()), ln.strip()) for s, ln in lines if ln.strip()]
    is_code = [_is_bare_code(c) for _, c in cells]
    found: list[Entry] = []
    i = 0
    while i < len(cells):
        j = i
        while j < len(cells) and is_code[j]:
            j += 1
        n = j - i
        if n >= 2 and j + n <= len(cells) and not any(is_code[j : j + n]) and _distinct(cells[i:j]):
            found += [_cell_entry(text, c, d) for c, d in zip(cells[i:j], cells[j : j + n], strict=True)]
            i = j + n
            continue
        # alternating: code, description, code, description …
        k = i
        pairs = []
        while k + 1 < len(cells) and is_code[k] and not is_code[k + 1]:
            pairs.append((cells[k], cells[k + 1]))
            k += 2
        if len(pairs) >= 2 and _distinct([c for c, _ in pairs]):
            found += [_cell_entry(text, c, d) for c, d in pairs]
            i = k
            continue
        i += 1
    return found


def _cell_entry(text: str, code: tuple[int, str], desc: tuple[int, str]) -> Entry:
    (cs, c), (ds, d) = code, desc
    return Entry(c, text[cs : cs + len(c)], _squash(text[ds : ds + len(d)]), cs, ds + len(d), "table")


def _distinct(cells: list[tuple[int, str]]) -> bool:
    codes = [c for _, c in cells]
    return len(set(codes)) == len(codes) and len({kind(c) for c in codes}) == 1


def _lines(norm: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in norm.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _cells(line: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for part in _CELL_SPLIT_RE.split(line):
        if not part:
            continue
        at = line.find(part, pos)
        out.append((part, at))
        pos = at + len(part)
    return out


def _is_bare_code(cell: str) -> bool:
    return bool(re.fullmatch(rf"{_LETTER}|[{RATING_SYMBOLS}]", cell))


def _code_cells(line: str) -> list[tuple[str, int]] | None:
    """The codes of a legend-table row (`評価 A B C D`, `| S | A | B(標準) |`), or None."""
    if not _HAS_CODE_RE.search(line):
        return None
    cells = _cells(line)
    if cells and not _is_bare_code(re.sub(r"[(（].*$", "", cells[0][0])):
        cells = cells[1:]  # the row heading (評価, 区分)
    codes = [(re.sub(r"[(（].*$", "", c), at) for c, at in cells]
    if len(codes) < 2 or not all(_is_bare_code(c) for c, _ in codes) or not _distinct([(at, c) for c, at in codes]):
        return None
    return codes


def scale_like(codes: list[str]) -> bool:
    """S/A/B/C, A/B+/B/C or ◎○△×: a sequence that reads as a rating scale even without a heading."""
    if not codes:
        return False
    if all(c in RATING_SYMBOLS for c in codes):
        return True
    letters = [c.rstrip("+").upper() for c in codes]
    if not all(len(c) == 1 and c.isalpha() for c in letters):
        return False
    order = [-1 if c == "S" else ord(c) - ord("A") for c in letters]
    return order[0] <= 0 and all(b - a in (0, 1) for a, b in pairwise(order))


def kind(code: str) -> str:
    """letter, digit, symbol, dash or word: two kinds in one legend are two schemes (grades and levels)."""
    if re.fullmatch(_LETTER, code):
        return "letter"
    if code.isdigit():
        return "digit"
    if code in SYMBOLS:
        return "symbol"
    if code in DASH_CODES:
        return "dash"
    return "word"


_CODE_RUN_RE = re.compile(r"(?<![^\s])[①-⑩](?:[ \u3000]+[①-⑩])+(?![^\s])")
_OPEN_FRAGMENT_RE = re.compile(r"[(（][^()（）\s]*(?=\s|$)")
_FRAGMENT_TAIL_RE = re.compile(r"(?<![^\s])[^()（）\s]{0,12}[)）](?=\s|$)")
_HEADING_RE = re.compile(r"(?<![^\s])[(（]\d{1,2}[)）]")


def interleaved_entries(text: str, norm: str) -> list[Entry]:
    """A legend table flattened with its columns interleaved (PDF text of a two-column legend):

        評価基準 ① ② 委員会の評価 <rule ①> 目標値の達成に向けて、着実 (<rule ① wrapped> に進んでいる。 …

    Codes ①②… printed as a run under a legend cue, and after the run as many sentences ending in
    `。` as there are codes: the label cells. What the other column wrapped into a label (an
    unclosed `(…` piece and its `…)` tail) is cut out; each label starts at the phrase all labels
    open with (they share it, being one column's cells), and the n-th code takes the n-th label.
    """
    found: list[Entry] = []
    for run in _CODE_RUN_RE.finditer(text):
        if not LEGEND_CUE_RE.search(norm[max(run.start() - 20, 0) : run.start()]):
            continue
        end = len(text)
        if heading := _HEADING_RE.search(norm, run.end()):
            end = heading.start()
        region = text[run.end() : end]
        codes = [c for c in re.findall(r"[①-⑩]", text[run.start() : end])]
        if codes != [chr(ord("①") + i) for i in range(len(codes))]:
            continue
        sentences = region.split("。")[: len(codes)]
        if len(sentences) < len(codes) or not all(sentences):
            continue
        cleaned = [_FRAGMENT_TAIL_RE.sub(" ", _OPEN_FRAGMENT_RE.sub(" ", s)) for s in sentences]
        opening = _shared_opening(cleaned)
        if opening is None:
            continue
        at = run.end()
        for code, sentence, clean in zip(codes, sentences, cleaned, strict=True):
            label = re.sub(r"\s+", "", clean[clean.rfind(opening) :])
            found.append(
                Entry(str(ord(code) - ord("①") + 1), code, label[:LABEL_MAX], at, at + len(sentence), "interleaved")
            )
            at += len(sentence) + 1
    return found


def _shared_opening(sentences: list[str]) -> str | None:
    """The phrase (6+ characters) every sentence holds that ends last in the first sentence, as long
    as it goes: where the label cells begin (the rule column's shared words come before it)."""
    first = sentences[0]
    best: tuple[int, int, str] | None = None
    for i in range(len(first)):
        for j in range(i + 6, min(i + 30, len(first)) + 1):
            phrase = first[i:j]
            if not phrase.strip() or not all(phrase in s for s in sentences[1:]):
                break
            score = (j, j - i, phrase)
            if best is None or score > best:
                best = score
    if best is None:
        return None
    phrase = best[2]
    tail = re.split(r"\s", phrase)[-1]
    return tail if len(tail) >= 4 else phrase  # a cell starts after a space: `場合 目標値の…` → `目標値の…`


FINDERS: list[tuple[str, Finder]] = [
    ("numbered", numbered_entries),
    ("colon", colon_entries),
    ("bracketed", bracketed_entries),
    ("quoted", quoted_entries),
    ("prose", prose_entries),
    ("symbol_run", symbol_run_entries),
    ("line", line_entries),
    ("label_bracket", label_bracket_entries),
    ("quoted_score", quoted_score_entries),
    ("table", table_entries),
    ("interleaved", interleaved_entries),
]
