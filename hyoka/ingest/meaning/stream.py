"""KPI tables read as a stream of tokens, where no layout recovery found their cells.

Text from web pages and PDFs often loses the table: a header (`項目 計画策定時の値 現状値
目標値 (R7年度)`) and then each row as a name followed by its figures, wrapped anywhere
(`毎朝、朝食を食べる子どもの割合 90.3%` / `(R1年度)` / `93.7%` …). What a token *means*
still tells the rows apart: header words (`hyoka.ingest.columns.word_kind`), figures and
text targets (`read_cell`: 90.3%, —, 増加), bracketed periods that belong to the figure
before them, and names (everything else). A name followed by figures is one row; the
figures fill the header's value columns from the right (a missing figure is nearly always
the first one: a new KPI has no baseline). The rows become a `Table` (how = "stream"), read
by `tables.read_table` like any other. A list may print, between a KPI's name and its figures,
a sentence defining how it is measured on a line of its own: that line is not part of the name.

Out of grid order: a name printed after figures owns them only when its own figures do not
follow it and it does not run into a sentence (then it labels that text cell); measures printed
side by side, each with its unit (`会員数 加入者数 人 人 1,624 261 1,800 280`), are as many
rows whose figures come in turn; three or more short words one to a line are a column of row
labels printed apart from their rows, never one name; a table printed column by column as
labelled runs (`単位 団体 人 件 現状 88 2,059 3` … `目標(指標)名 <name> <name> <name>`) is
rebuilt only where one unit run and one value run have the names' count (`read_column_runs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from hyoka.ingest.base import Place
from hyoka.ingest.columns import column_meanings
from hyoka.ingest.columns import word_kind as _word_kind
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.tables import plausible_name
from hyoka.ingest.meaning.values import MEASURE, read_cell
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.headings import match_heading
from hyoka.jp.numbers import nfkc

VALUE_KINDS = {"baseline", "target", "interim_target", "actual", "projection", "derived", "current", "year"}
UNITS = {
    "人", "件", "%", "％", "回", "団体", "カ所", "か所", "箇所", "ヶ所", "校", "社", "世帯", "戸", "円", "千円",
    "万円", "施設", "園", "組", "台", "本", "冊", "ha", "km", "時間", "日", "事業所", "店舗", "ポイント", "点",
    "位", "倍", "人/年", "件/年", "回/年", "g", "kg", "t", "m", "㎡", "人日", "経営体", "地区", "路線", "講座",
}  # fmt: skip
_TEXT_TARGET_RE = re.compile(r"^.{0,6}(?:増加|減少|維持|向上|改善|上昇|低下|削減|拡大|縮小|達成|以上|以下|未満)$")
_PERIOD_TOKEN_RE = re.compile(r"^[(（][^()（）]{0,8}(?:\d\s*年|年度|[RHS]\s*\d|令和|平成)[^()（）]{0,10}[)）]$")
_SPLIT_RE = re.compile(r"[\s|｜│\t]+")
_ERA_SPACED_RE = re.compile(r"(平成|令和|昭和|(?<![A-Za-z])[HRS])\s*(\d{1,2}|元)\s*(年度末|年度|年)")
# `30 人`, `18.8 万人`: a figure (a whole token) and its unit split by a space; not `新規就農者数2-0 か所`.
_NUMBER_UNIT_RE = re.compile(
    r"(?:(?<=\s)|^)([+△▲−\-]?\d[\d,]*(?:\.\d+)?)\s+((?:万|億|千)?[^\s\d(（)）|｜│]{1,3})(?=\s|$)"
)
_GRADE_RE = re.compile(r"^(?:[SA-E][+\-]?|[◎○〇△×▲])$")
_ROW_NUMBER_RE = re.compile(r"^\d{1,3}$")
_DEPARTMENT_RE = re.compile(r"^\S{1,12}(?:課|室|局|部|センター|所)$")


@lru_cache(maxsize=65536)
def word_kind(text: str) -> str | None:
    return _word_kind(text)


@dataclass
class _Token:
    text: str
    line: Line
    norm: str = ""  # NFKC, stripped: what matching reads

    def __post_init__(self) -> None:
        self.norm = nfkc(self.text).strip()


@dataclass
class _Entry:
    name: list[_Token] = field(default_factory=list)
    values: list[list[_Token]] = field(default_factory=list)
    unit: str | None = None
    grade: str | None = None
    department: str | None = None
    values_first: bool = False  # figures came before the name (a label printed after its figures)
    units: list[str] = field(default_factory=list)  # every unit token between the name and its figures
    labels_prose: bool = False  # a name after its figures that runs into a sentence: the sentence's label


def tokens_of(lines: list[Line]) -> list[_Token]:
    """Whitespace- and pipe-separated tokens; `30 人` and `平成 26 年度` are put back together."""
    out: list[_Token] = []
    for line in lines:
        text = _ERA_SPACED_RE.sub(r"\1\2\3", line.text)
        text = _NUMBER_UNIT_RE.sub(lambda m: m[1] + m[2] if word_kind(m[2]) is None else m[0], text)
        out += [_Token(t, line) for t in _SPLIT_RE.split(text) if t]
    return out


@dataclass
class Stream:
    """A text's tokens and what each is (header · period · value · text), computed once for all readers."""

    tokens: list[_Token]
    kinds: list[str]

    def without(self, used: list[range]) -> Stream:
        """The stream less the tokens a more specific reader has read already."""
        if not used:
            return self
        gone = {i for r in used for i in r}
        keep = [i for i in range(len(self.tokens)) if i not in gone]
        return Stream([self.tokens[i] for i in keep], [self.kinds[i] for i in keep])


def stream_of(lines: list[Line]) -> Stream:
    tokens = tokens_of(lines)
    return Stream(tokens, [_kind(t.norm) for t in tokens])


@lru_cache(maxsize=65536)
def _kind(t: str) -> str:
    """header · period · value · text, for one token after NFKC."""
    if _PERIOD_TOKEN_RE.match(t):
        return "period"
    if _is_value(t):
        return "value"
    k = word_kind(t)
    if k is not None and k != "ignore":
        return "header"
    return "text"


def known_unit(unit: str | None) -> bool:
    """A unit a KPI figure carries (人, 件, %, 人/年, 千円 …), not a word after a number (20歳代)."""
    if not unit:
        return True
    u = re.sub(r"^[万億千百]|[/／](?:年|月|週|日)$", "", unit)
    return any(u.endswith(x) for x in UNITS)


def _is_value(t: str) -> bool:
    cell = read_cell(t)
    if cell.status == "value":
        return known_unit(cell.unit)
    if cell.status == "pending" or (cell.status == "none" and t):
        return True
    return bool(_TEXT_TARGET_RE.match(t)) and word_kind(t) is None


def read_streams(lines: list[Line], source: str, stream: Stream | None = None) -> list[Table]:
    """Tables found by reading tokens: a header with value words, then name + figures rows."""
    stream = stream or stream_of(lines)
    tokens, kinds = stream.tokens, stream.kinds
    tables: list[Table] = []
    i = 0
    while i < len(tokens):
        if kinds[i] != "header":
            i += 1
            continue
        header, end = _header(tokens, kinds, i)
        if header is None:
            i = max(end, i + 1)
            continue
        table, end = _body(tokens, kinds, end, header, source)
        if table is not None and table.rows:
            tables.append(table)
        i = max(end, i + 1)
    return tables


def read_records(lines: list[Line], source: str, stream: Stream | None = None) -> list[Table]:
    """KPI records printed as label/value runs: `項目 <name> 目標値 260人 備考 …`, `成果指標 <name> 現状値
    54% 目標値 60%`. Each record is a one-row table whose header is its own labels."""
    stream = stream or stream_of(lines)
    tokens, kinds = stream.tokens, stream.kinds
    tables: list[Table] = []
    i = 0
    while i < len(tokens):
        if not (kinds[i] == "header" and word_kind(tokens[i].norm) == "kpi_name"):
            i += 1
            continue
        j = i + 1
        name: list[_Token] = []
        while j < len(tokens) and kinds[j] == "text" and len(name) < 6 and tokens[j].norm not in _GENERIC_VALUE_WORDS:
            name.append(tokens[j])
            j += 1
        if name and (table := _header_then_values(tokens, kinds, i, j, name, source)) is not None:
            tables.append(table[0])
            i = table[1]
            continue
        header, row = [tokens[i].norm], ["".join(t.text.strip() for t in name)]
        periods: dict[str, str] = {}
        while j < len(tokens) and (
            tokens[j].norm in _GENERIC_VALUE_WORDS
            or (
                kinds[j] == "header"
                and word_kind(tokens[j].norm) in VALUE_KINDS | {"unit"}
                and not tokens[j].norm.startswith(("(", "（"))
            )
        ):
            label = tokens[j].norm
            j += 1
            if (m := _PERIOD_LABEL_RE.search(label)) and j < len(tokens) and word_kind(tokens[j].norm) == "year":
                periods[_PERIOD_ROLE[m[0][:2]]] = tokens[j].text.strip()  # 目標年度 H27: the target's year
                j += 1
                continue
            while j < len(tokens) and kinds[j] == "period":
                label += tokens[j].norm
                j += 1
            value: list[str] = []
            while j < len(tokens) and kinds[j] in ("value", "period") and len(value) < 3:
                value.append(tokens[j].text.strip())
                j += 1
            if not value and word_kind(label) != "unit":
                break
            if word_kind(label) == "unit" and not value and j < len(tokens) and tokens[j].norm in UNITS:
                value.append(tokens[j].norm)
                j += 1
            header.append(label)
            row.append(" ".join(value))
            while j < len(tokens) and kinds[j] == "header" and word_kind(tokens[j].norm) in ("note", "ignore"):
                j += 1  # 備考 and its remark are not figures: skip to the next label
                while j < len(tokens) and kinds[j] != "header":
                    j += 1
        header, row = _with_periods(header, row, periods)
        if name and len(header) > 1 and plausible_name(row[0]) and any(c for c in row[1:]):
            place = name[0].line.place(source)
            tables.append(Table(header=header, rows=[row], place=place, row_places=[place], how="records"))
        i = max(j, i + 1)
    return tables


# A record's figure labelled only as a figure (`指標名 利用者満足度 数値 80% 目標年度 H27`): what it is
# comes from the period label beside it (目標年度 → the target, 基準年度 → the baseline).
_GENERIC_VALUE_WORDS = frozenset({"数値", "値", "指標値の数値"})
_PERIOD_LABEL_RE = re.compile(r"(?:目標|基準|実績)(?:年度|年月|時期|年)$")
_PERIOD_ROLE = {"目標": "目標値", "基準": "基準値", "実績": "実績値"}


def _with_periods(header: list[str], row: list[str], periods: dict[str, str]) -> tuple[list[str], list[str]]:
    """A record's period labels put into the figure they date: `数値 80% 目標年度 H27` is the target
    80% of H27 (目標値 `80% (H27)`); `目標値 60% 目標年度 R7` dates its 目標値. A `数値` with no such
    label, or beside two, stays unknown."""
    if len(periods) == 1:
        ((role, period),) = periods.items()
        header = [role if h in _GENERIC_VALUE_WORDS else h for h in header]
    row = list(row)
    for j, h in enumerate(header):
        for role, period in periods.items():
            if j and row[j] and word_kind(h) == word_kind(role) and word_kind(h) is not None:
                row[j] = f"{row[j]} ({period})"
    return header, row


def _header_then_values(
    tokens: list[_Token], kinds: list[str], i: int, j: int, name: list[_Token], source: str
) -> tuple[Table, int] | None:
    """`指標(KPI) 観光客誘致(年間) 現状値 目標値 (平成26年) (平成32年) 33万人 45万人`: the record's own
    header after its name, then one figure per value word."""
    if not (j < len(tokens) and kinds[j] == "header" and word_kind(tokens[j].norm) in VALUE_KINDS):
        return None
    cells, k = _header(tokens, kinds, j)
    if cells is None:
        return None
    values: list[list[str]] = []
    while k < len(tokens) and len(values) <= len(cells):
        if kinds[k] == "value" and len(values) < len(cells):
            values.append([tokens[k].text.strip()])
        elif kinds[k] == "period" and values:
            values[-1].append(tokens[k].text.strip())
        else:
            break
        k += 1
    row_name = "".join(t.text.strip() for t in name)
    if len(values) != len(cells) or not plausible_name(row_name):
        return None
    place = name[0].line.place(source)
    row = [row_name, *(" ".join(v) for v in values)]
    return Table([tokens[i].norm, *cells], [row], place, [place], how="records"), k


def read_role_runs(lines: list[Line], source: str, stream: Stream | None = None) -> list[Table]:
    """Figures labelled in running text: `<name> 目標値 5人(3.7%) 実績 4人` — a KPI name, then value
    words each followed by its figure. Each run is a one-row table headed by its own words."""
    stream = stream or stream_of(lines)
    tokens, kinds = stream.tokens, stream.kinds
    tables: list[Table] = []
    i = 0
    while i < len(tokens):
        if not (_is_role_word(tokens[i], kinds[i]) and i + 1 < len(tokens) and kinds[i + 1] == "value"):
            i += 1
            continue
        name: list[_Token] = []
        k = i - 1
        while k >= 0 and kinds[k] == "text" and len(name) < 2 and tokens[k].line is tokens[i].line:
            name.insert(0, tokens[k])
            k -= 1
        header, row = ["指標"], ["".join(t.text.strip() for t in name)]
        j = i
        while j + 1 < len(tokens) and _is_role_word(tokens[j], kinds[j]) and kinds[j + 1] == "value":
            header.append(tokens[j].norm)
            value = [tokens[j + 1].text.strip()]
            j += 2
            while j < len(tokens) and kinds[j] == "period":
                value.append(tokens[j].text.strip())
                j += 1
            row.append(" ".join(value))
        if name and plausible_name(row[0]):
            place = name[0].line.place(source)
            tables.append(Table(header=header, rows=[row], place=place, row_places=[place], how="runs"))
        i = max(j, i + 1)
    return tables


def _is_role_word(token: _Token, kind: str) -> bool:
    """目標値, 実績, (目標値) …: not a bracketed remark that names one (`(市独自に設定する目標) 2`)."""
    if token.norm.startswith(("(", "（")) and len(token.norm) > 8:
        return False
    return kind == "header" and word_kind(token.norm) in ("baseline", "target", "actual", "current")


_BULLET_PROJECT_RE = re.compile(r"^(?P<name>\S{2,40}?事業(?:[(（][^()（）]{1,30}[)）])?)$")
_DEPARTMENT_LINE_RE = re.compile(r"^\S{2,18}(?:課|室|局|センター|事務所)$")


def read_bulleted_projects(lines: list[Line], source: str) -> list[Table]:
    """Projects listed as bullets in a 関連事業 cell with their 担当課 on a line of its own after them:
    `・韓国交流事業` / `・日本で最も美しい村連合参加事業 ・綾町出身者ふるさと交流会事業` / `企画財政課`.
    Bullet items are split at `・`, not at spaces (PDF text breaks names with spaces)."""
    tables: list[Table] = []
    pending: list[tuple[str, Line]] = []
    quiet = 0
    for line in lines:
        t = re.sub(r"\s+", "", nfkc(line.text))
        if not t:
            continue
        if t.startswith("・"):
            found = [m["name"] for item in t.split("・") if (m := _BULLET_PROJECT_RE.match(item))]
            pending += [(name, line) for name in found]
            quiet = 0
            continue
        if pending and _DEPARTMENT_LINE_RE.match(t):
            rows = [[name, t] for name, _ in pending]
            places = [at.place(source) for _, at in pending]
            tables.append(Table(["事業名", "担当課"], rows, places[0], places, how="bullets"))
            pending = []
            continue
        quiet += 1
        if quiet > 2:
            pending = []  # bullets with no department after them: a description, not a project list
    return tables


_PROJECT_TOKEN_RE = re.compile(r"^\S{2,40}事業(?:[(（][^()（）]{1,30}[)）])?$")
_CODE_RE = re.compile(r"^[\d\-.]+$")


def read_project_rows(lines: list[Line], source: str) -> list[Table]:
    """Rows of a project list whose cells arrive space-separated (`0420 表参道整備事業 010202 市街地整備課`),
    after a header that prints 事業名 and a department word (課名, 担当課 …). The department is the
    first word after the name that is not a code, else a short line of its own just below."""
    kinds = [[word_kind(t) for t in _SPLIT_RE.split(nfkc(line.text)) if t] for line in lines]
    start = next(
        (i for i, ks in enumerate(kinds) if "project_name" in ks and "department" in ks),
        None,
    )
    if start is None:
        return []
    rows: list[list[str]] = []
    places: list[Place] = []
    for i in range(start + 1, len(lines)):
        words = [w for w in _SPLIT_RE.split(nfkc(lines[i].text)) if w]
        at = next((j for j, w in enumerate(words) if _PROJECT_TOKEN_RE.match(w) and word_kind(w) is None), None)
        if at is None or at > 2:
            continue  # a project row starts with its name, after a code at most
        after = [w for w in words[at + 1 :] if not _CODE_RE.match(w)]
        department = after[0] if after and len(after[0]) <= 15 else _department_below(lines, i)
        rows.append([words[at], department or ""])
        places.append(lines[i].place(source))
    if not rows:
        return []
    return [Table(["事業名", "担当課"], rows, places[0], places, how="project rows")]


def _department_below(lines: list[Line], i: int) -> str | None:
    for line in lines[i + 1 : i + 4]:
        t = nfkc(line.text).strip()
        if not t:
            continue
        if len(t) <= 15 and " " not in t and not re.search(r"[\d。、]", t):
            return t
        return None
    return None


_BRACKET_DEPT_RE = re.compile(
    r"^[【〔\[]\s*(?P<dept>(?:\S{1,10}[局部]\s*)?\S{1,15}?(?:課|室|センター|事務所))\s*[】〕\]]$"
)
_CODE_TOKEN_RE = re.compile(r"^(?:\d{1,3}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩIVX]+[‐\-－]\d+(?:[‐\-－][①-⑳\d]+)?)$")
_KANA_KANJI_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def read_bracketed_departments(lines: list[Line], source: str) -> list[Table]:
    """Projects each followed by its department in brackets on a line of its own (`…応援します。` /
    `【商工課】`), as the national 効果検証 forms print them. The name is what stands between the
    previous bracket and this one, without row numbers and 施策 codes (`4 Ⅱ‐1‐②`)."""
    if not any("事業" in line.text and word_kind(w) == "project_name" for line in lines for w in line.text.split()):
        return []
    rows: list[list[str]] = []
    places: list[Place] = []
    above: list[Line] = []
    for line in lines:
        t = nfkc(line.text).strip()
        if not t:
            continue
        if m := _BRACKET_DEPT_RE.match(t):
            words = [w for a in above[-2:] for w in a.text.split() if not _CODE_TOKEN_RE.match(nfkc(w))]
            name = "".join(words) if len(words) <= 2 else " ".join(words)
            if len(_KANA_KANJI_RE.findall(name)) >= 4 and len(name) <= 40 and above:
                rows.append([name, re.sub(r"\s+", " ", m["dept"])])
                places.append(above[-1].place(source))
            above = []
            continue
        above.append(line)
    if not rows:
        return []
    return [Table(["事業名", "担当課"], rows, places[0], places, how="bracketed departments")]


_NUMBERED_ITEM_RE = re.compile(
    r"(?:^|\s)[①-⑳]\s*(?P<name>[^\s①-⑳〔〕][^①-⑳〔〕]{1,60}?)(?:\s*[(（](?:新設|新規|拡充|継続|充実|拡大|一部新規)[)）])?\s+[\d,]+(?=\s|$)"
)
_TEL_DEPT_RE = re.compile(r"〔\s*(?P<dept>(?:\S{1,10}局\s*)?\S{1,15}?(?:課|室|センター))\s*(?:TEL[^〕]*)?〕")


def read_numbered_blocks(lines: list[Line], source: str) -> list[Table]:
    """Budget-style blocks: `①<project> <amount> <description> … 〔保健福祉局 保育課 TEL …〕` — each
    numbered project takes the department bracket closing its block (none when the block has none)."""
    text = "\n".join(line.text for line in lines)
    if not _TEL_DEPT_RE.search(text):
        return []
    items = list(_NUMBERED_ITEM_RE.finditer(text))
    rows: list[list[str]] = []
    for item, following in zip(items, [*items[1:], None], strict=True):
        end = following.start() if following else len(text)
        name = re.sub(r"\s+", "", item["name"])
        if len(_KANA_KANJI_RE.findall(name)) < 3:
            continue
        dept = _TEL_DEPT_RE.search(text, item.end(), end)
        rows.append([name, re.sub(r"\s+", " ", dept["dept"]) if dept else ""])
    if not rows:
        return []
    place = lines[0].place(source)
    return [Table(["事業名", "担当課"], rows, place, [place] * len(rows), how="numbered blocks")]


_ROLE_WORDS = {
    "target": "目標",
    "actual": "実績",
    "baseline": "基準値",
    "interim_target": "期待値",
    "projection": "見込",
}


def read_period_runs(lines: list[Line], source: str, stream: Stream | None = None) -> list[Table]:
    """A year grid printed one cell per line: `<KPI> 団体 平成25年度 18 14 平成26年度 15 10 …`.

    Each year is followed by the same number of figures; the value words printed before the
    KPI (目標 実績) say what they are, in order (one figure and no words: actuals). The rows
    become a year grid with a role column, read like any other table.
    """
    stream = stream or stream_of(lines)
    tokens, kinds = stream.tokens, stream.kinds
    tables: list[Table] = []
    i = 0
    while i < len(tokens):
        groups, j = _year_groups(tokens, kinds, i)
        widths = {len(v) for _, v in groups}
        if len(groups) < 2 or len(widths) != 1:
            i += 1
            continue
        width = widths.pop()
        name, unit, roles = _looking_back(tokens, kinds, i)
        roles = roles[-width:] if len(roles) >= width else (["actual"] if width == 1 else [])
        if name and roles and plausible_name(name):
            header = ["指標", "単位", "区分", *[y for y, _ in groups]]
            rows = [
                [name if r == 0 else "", unit or "", _ROLE_WORDS.get(role, "実績"), *[v[r] for _, v in groups]]
                for r, role in enumerate(roles)
            ]
            place = tokens[i].line.place(source)
            tables.append(Table(header=header, rows=rows, place=place, row_places=[place] * len(rows), how="periods"))
        i = max(j, i + 1)
    return tables


def _is_year(token: _Token) -> bool:
    t = token.norm
    return not t.startswith(("(", "（")) and word_kind(t) == "year"


def _year_groups(tokens: list[_Token], kinds: list[str], i: int) -> tuple[list[tuple[str, list[str]]], int]:
    groups: list[tuple[str, list[str]]] = []
    j = i
    while j < len(tokens) and _is_year(tokens[j]):
        year = tokens[j].norm
        j += 1
        values: list[str] = []
        while j < len(tokens) and kinds[j] == "value" and len(values) < 4:
            values.append(tokens[j].text.strip())
            j += 1
        if not values:
            break
        groups.append((year, values))
    return groups, j


def _looking_back(tokens: list[_Token], kinds: list[str], i: int) -> tuple[str, str | None, list[str]]:
    """The KPI name, unit and value words printed before a year run at `i`."""
    j = i - 1
    unit: str | None = None
    while j >= 0 and (
        tokens[j].norm in UNITS
        or (kinds[j] == "value" and read_cell(tokens[j].norm).status == "none")
        or (kinds[j] == "header" and word_kind(tokens[j].norm) in ("unit", "note"))
    ):
        if tokens[j].norm in UNITS:
            unit = unit or tokens[j].norm
        j -= 1
    name: list[_Token] = []
    while j >= 0 and kinds[j] == "text" and len(name) < 3:
        name.insert(0, tokens[j])
        j -= 1
    roles: list[str] = []
    for k in range(j, max(j - 12, -1), -1):
        wk = word_kind(tokens[k].norm) if kinds[k] == "header" else None
        if wk in ("target", "actual", "baseline", "interim_target", "projection"):
            roles.insert(0, wk)
    return "".join(t.text.strip() for t in name), unit, roles


def _header(tokens: list[_Token], kinds: list[str], start: int) -> tuple[list[str] | None, int]:
    """Header cells from `start`: header words, their wrapped tails, and their periods."""
    cells: list[str] = []
    has_period: list[bool] = []
    pending: list[str] = []
    i = start

    def flush() -> None:
        if not pending:
            return
        open_ = [j for j, c in enumerate(cells) if not has_period[j] and _value_word(c)]
        for j, p in zip(open_[-len(pending) :], pending[-len(open_) :] if open_ else [], strict=False):
            cells[j] += p
            has_period[j] = True
        pending.clear()

    while i < len(tokens):
        k, t = kinds[i], tokens[i].norm
        if k == "header":
            flush()
            wk = word_kind(t)
            cells.append(t)
            has_period.append(wk == "year" or bool(re.search(r"\d", t)))
        elif k == "period" and cells:
            pending.append(t)
        elif k == "text" and cells and len(t) <= 8 and _header_follows(kinds, i):
            cells[-1] += t  # a header word wrapped over lines: 計画策定時 / の値
        else:
            break
        i += 1
    flush()
    if any(re.search(r"[~〜～]$", c) for c in cells):
        return None, i  # 事業期間 平成27年度~ 平成32年度: a period's range, the value of a label, not columns
    kinds_found = {word_kind(c) for c in cells}
    if not (kinds_found & VALUE_KINDS) or len(cells) < 2:
        return None, start
    return cells, i


def _opens_a_sentence(name: list[_Token]) -> bool:
    """A name whose line goes on into a sentence (`友好交流協定を締結している 韓国…の受入と行 事参加。`)
    is the start of prose in a table's text cell, not a KPI's label."""
    line = name[-1].line.text.strip()
    printed = name[-1].text.strip()
    return line.endswith("。") and not line.endswith(printed) and printed in line


def _value_word(cell: str) -> bool:
    return word_kind(re.sub(r"[(（].*$", "", cell)) in VALUE_KINDS


def _header_follows(kinds: list[str], i: int) -> bool:
    return any(k in ("header", "period") for k in kinds[i + 1 : i + 3])


def _body(
    tokens: list[_Token], kinds: list[str], start: int, header: list[str], source: str
) -> tuple[Table | None, int]:
    meanings = column_meanings(header)
    if "project_name" in {m.kind for m in meanings} and "kpi_name" not in {m.kind for m in meanings}:
        return None, start  # 事務事業名 … 平成25年度: a sheet's project label and its year, not a KPI header
    if "kpi_name" not in {m.kind for m in meanings}:
        header = ["指標", *header]
        meanings = column_meanings(header)
    name_col = [m.kind for m in meanings].index("kpi_name")
    value_cols = [j for j, m in enumerate(meanings) if m.kind in VALUE_KINDS]
    unit_col = next((j for j, m in enumerate(meanings) if m.kind == "unit"), None)
    grade_col = next((j for j, m in enumerate(meanings) if m.kind == "grade"), None)
    dept_col = next((j for j, m in enumerate(meanings) if m.kind == "department"), None)
    entries: list[_Entry] = []
    entry = _Entry()
    i = start
    while i < len(tokens):
        k, tok = kinds[i], tokens[i]
        t = tok.norm
        if k == "header" and (not entry.name or entry.values):
            break  # the next table's header
        if _stops(tok, t):
            _label_of_prose(entry, entries)
            break
        if k == "period":
            if entry.values:
                entry.values[-1].append(tok)
        elif k == "value" and not (
            _ROW_NUMBER_RE.match(t) and _next_is_text(kinds, i) and _row_number(entry, value_cols)
        ):
            if len(entry.values) >= len(value_cols) * _side_by_side(entry) and entry.name:
                if entry.values_first and kinds[i - 1] == "text" and tokens[i - 1] is entry.name[-1]:
                    entry = _Entry(name=entry.name)  # 反応 なし: the name labels the figure after it, not those before
                else:
                    entries.append(entry)
                    entry = _Entry()
            if not entry.name:
                entry.values_first = True
            entry.values.append([tok])
        elif unit_col is not None and t in UNITS and entry.name and not entry.values:
            entry.unit = t
            entry.units.append(t)
        elif grade_col is not None and _GRADE_RE.match(t) and entry.values:
            entry.grade = t
        elif dept_col is not None and entry.values and not entry.department and _DEPARTMENT_RE.search(t):
            entry.department = t
        elif k == "header" and entry.name and not entry.values and word_kind(t) in ("unit", "note", "ignore"):
            pass  # 単位 / 備考 printed between a name and its figures
        elif k == "text" and _QUALIFIER_RE.match(t) and _next_is_value(kinds, i):
            pass  # 当面は 20% / 平成31年度は 10%: a qualifier of the figure after it
        elif k == "text" and entry.name and entry.values and _TAIL_RE.match(t):
            entry.name.append(tok)  # 栄養バランスに気を付けている人の 51.3% 55% 割合: the name's wrapped tail
        elif k in ("text", "header"):
            if entry.values and entry.name and len(entry.values) < len(value_cols) and t == entry.name[-1].norm:
                i += 1  # 男性 72.8% 男性 80%: a sub-group label printed again in the next column
                continue
            if entry.values and entry.name:
                entries.append(entry)
                entry = _Entry()
            if not (_ROW_NUMBER_RE.match(t)):
                entry.name.append(tok)
        i += 1
    if entry.name and entry.values:
        entries.append(entry)
    _qualify_subgroups(entries)
    entries = [row for e in entries for row in _interleaved(e)]
    rows: list[list[str]] = []
    places: list[Place] = []
    for e in entries:
        e.name = _without_definition(e.name)
        name = "".join(t.text.strip() for t in e.name)
        repeated = len({t.norm for t in e.name}) < len(e.name)  # 市内 市内 市内: labels of several rows
        if not e.values or not plausible_name(name) or len(name) < 3 or repeated or _opens_a_sentence(e.name):
            continue
        if e.labels_prose or _stacked_labels(e.name):
            continue
        row = [""] * len(header)
        row[name_col] = name
        values = e.values[-len(value_cols) :] if value_cols else []
        for j, v in zip(value_cols[len(value_cols) - len(values) :], values, strict=True):
            row[j] = " ".join(t.text.strip() for t in v)
        if unit_col is not None and e.unit:
            row[unit_col] = e.unit
        if grade_col is not None and e.grade:
            row[grade_col] = e.grade
        if dept_col is not None and e.department:
            row[dept_col] = e.department
        rows.append(row)
        places.append(e.name[0].line.place(source))
    if not rows:
        return None, i
    first = tokens[start - 1].line if start > 0 else tokens[0].line
    return Table(header=header, rows=rows, place=first.place(source), row_places=places, how="stream"), i


def _without_definition(name: list[_Token]) -> list[_Token]:
    """A KPI's name, less the sentence defining it that a list prints between the name and its figures
    (`自主防災組織の活動カバー率` / `全世帯数のうち、…地域の世帯数` / `60.2%`).

    Only where both lines stand alone: the name is one whole line ending in a measure (…率, …数, …割合),
    and the definition its own line below, longer, no wrapped tail (…の / 割合, のうち…) nor bracketed remark.
    """
    lines = [t.line for t in name]
    first = [t for t in name if t.line is lines[0]]
    rest = name[len(first) :]
    if not rest or any(t.line is not rest[0].line for t in rest) or len(first) != 1:
        return name
    head, definition = first[0].norm, "".join(t.norm for t in rest)
    if first[0].line.norm != head or rest[0].line.norm != " ".join(t.norm for t in rest):
        return name  # either line holds more than these words
    if len(head) < 4 or not _MEASURE_RE.search(head) or _TAIL_RE.match(definition):
        return name
    if len(definition) < max(12, len(head)) or re.match(r"[(（ぁ-ゖ]", definition):
        return name  # a bracketed remark, or a line opening with a particle: the name goes on
    return first


def _stacked_labels(name: list[_Token]) -> bool:
    """Short words one to a line, three or more (`2号` / `量の見込み` / `広域利用` / `計`): a column of
    row labels printed apart from their rows, not one name wrapped over lines."""
    lines = {id(t.line) for t in name}
    return len(name) >= 3 and len(lines) == len(name) and all(len(t.norm) <= 6 for t in name)


def _label_of_prose(entry: _Entry, entries: list[_Entry]) -> None:
    """Prose ends the table: a name printed after figures, with at most one word between it and the
    sentence (`… 97.0% - 事業の対象者の反応 なし 多くの利用者に喜ばれている。`), labels that text cell,
    so the figures before it are not its own."""
    if entry.name and entry.values:
        last = entry  # the name is followed by the sentence itself
    elif entries and not entry.values and len(entry.name) <= 1:
        last = entries[-1]  # one word (なし) stands between
    else:
        return
    if last.values_first:
        last.labels_prose = True


def _side_by_side(entry: _Entry) -> int:
    """How many rows an entry may hold: names each with its own unit (`会員数 加入者数 人 人`) are as
    many rows printed side by side, whose figures follow them all."""
    n = len(entry.name)
    return n if n >= 2 and len(entry.units) == n else 1


def _interleaved(entry: _Entry) -> list[_Entry]:
    """Two rows a PDF printed side by side, cell by cell: `会員数 加入者数 人 人 1,624 261 1,800 280`.

    Only where the run says so itself: every name a whole measure (…数, …率), one unit each, and
    the figures a whole number of columns, taken one per row in turn. Otherwise the entry as it is.
    """
    n = len(entry.name)
    if n < 2 or len(entry.units) != n or len(entry.values) % n or len(entry.values) < n:
        return [entry]
    if not all(len(t.norm) >= 4 and _MEASURE_RE.search(t.norm) for t in entry.name):
        return [entry]
    return [
        _Entry(name=[tok], values=entry.values[r::n], unit=entry.units[r], units=[entry.units[r]])
        for r, tok in enumerate(entry.name)
    ]


def _qualify_subgroups(entries: list[_Entry]) -> None:
    """`BMI標準値の人の割合 男性 72.8% …` then `女性 73.1% …`: a lone short name after a row whose
    name ends in a short sub-group word is the next sub-group of the same KPI."""
    for before, entry in zip(entries, entries[1:], strict=False):
        if len(entry.name) != 1 or len(entry.name[0].norm) > 6 or len(before.name) < 2:
            continue
        if _MEASURE_RE.search(entry.name[0].norm) or _MEASURE_RE.search(before.name[-1].norm):
            continue  # 欠食の割合 is a KPI of its own, …の 割合 a wrapped name: neither is a sub-group
        if len(before.name[-1].norm) <= 6:
            entry.name = before.name[:-1] + entry.name


_MEASURE_RE = re.compile(rf"{MEASURE}$")
_QUALIFIER_RE = re.compile(r"^\S{1,10}は$")
# The tail of a name wrapped past its figures starts with a particle or is a counting noun.
_TAIL_RE = re.compile(r"^(?:[るをにがのでてた]\S{0,7}|割合|率|数|件数|人数|者数|回数)$")


def _row_number(entry: _Entry, value_cols: list[int]) -> bool:
    """A bare small integer before a name is a row number: the row so far has no name, is full, or
    its figures carry a unit (75%) that this one lacks."""
    if len(entry.values) >= len(value_cols) or not entry.name:
        return True
    return bool(entry.values) and read_cell(entry.values[-1][0].norm).unit is not None


def _next_is_value(kinds: list[str], i: int) -> bool:
    return i + 1 < len(kinds) and kinds[i + 1] == "value"


def _next_is_text(kinds: list[str], i: int) -> bool:
    return i + 1 < len(kinds) and kinds[i + 1] == "text"


def _stops(tok: _Token, t: str) -> bool:
    """Prose or a heading ends a stream table: a sentence, a long run, a 基本目標 / ① line."""
    if t.endswith("。") or len(t) > 60:
        return True
    line = tok.line.text.strip()
    return line.startswith(tok.text.strip()) and match_heading(line) is not None and len(line) < 60


_NAME_WORDS = frozenset({"kpi_name"})
_CIRCLED_RE = re.compile(r"^[①-⑳]")


def read_column_runs(lines: list[Line], source: str, stream: Stream | None = None) -> list[Table]:
    """A table printed column by column on one line, each column a labelled run of its cells:
    `単位 団体 人 件 現状 88 2,059 3 …` and, elsewhere, `目標(指標)名 <name> <name> <name>`.

    Rows are matched by count alone, so only where the count says it: a run of three or more
    names under a name word, and exactly one unit run and one value run of that same length
    (each a column word followed by that many cells of its kind). Values whose column prints
    no run of that length are not guessed.
    """
    stream = stream or stream_of(lines)
    tokens, kinds = stream.tokens, stream.kinds
    names = _name_runs(tokens, kinds)
    if not names:
        return []
    units = _texts(_labelled_runs(tokens, kinds, lambda t, k: t.norm in UNITS, {"unit"}))
    values = _texts(
        _labelled_runs(tokens, kinds, lambda t, k: k == "value", {"baseline", "current", "target", "actual"})
    )
    tables: list[Table] = []
    for run in names:
        n = len(run)
        unit = [u for u in units if len(u[1]) == n]
        value = [v for v in values if len(v[1]) == n]
        if len(unit) > 1 or len(value) != 1:
            continue  # no column of that length, or two: nothing says which
        header = ["指標", *(["単位"] if unit else []), value[0][0]]
        rows = [[tok.text.strip(), *([unit[0][1][r]] if unit else []), value[0][1][r]] for r, tok in enumerate(run)]
        places = [tok.line.place(source) for tok in run]
        tables.append(Table(header=header, rows=rows, place=places[0], row_places=places, how="column-runs"))
    return tables


def _texts(runs: list[tuple[str, list[_Token]]]) -> list[tuple[str, list[str]]]:
    return [(word, [t.text.strip() for t in run]) for word, run in runs]


def _name_runs(tokens: list[_Token], kinds: list[str]) -> list[list[_Token]]:
    """Three or more names, each a token of its own, right after a KPI name word (目標(指標)名)."""
    runs = _labelled_runs(
        tokens, kinds, lambda t, k: k == "text" and not _CIRCLED_RE.match(t.text.strip()), _NAME_WORDS
    )
    return [run for _, run in runs if len(run) >= 3 and all(plausible_name(t.norm) and len(t.norm) >= 4 for t in run)]


def _labelled_runs(tokens, kinds, fits, words) -> list[tuple[str, list[_Token]]]:
    """Each column word of `words` and the tokens after it that `fits` (their count is the run's length)."""
    runs = []
    for i, k in enumerate(kinds):
        if k != "header" or word_kind(tokens[i].norm) not in words:
            continue
        cells = []
        j = i + 1
        while j < len(tokens) and fits(tokens[j], kinds[j]):
            cells.append(tokens[j])
            j += 1
        if cells:
            runs.append((tokens[i].norm, cells))
    return runs
