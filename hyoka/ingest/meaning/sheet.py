"""Single-project evaluation sheets (事務事業評価シート): label/value pairs → one project.

A sheet prints one 事業 as labels and values: `事業名：…` on one line, `事務事業名` with its
value on the next line (PDF text, one cell per line), or a whole page run into one line
(`課名 まちづくり推進課 予算 …`). The labels are the vocabulary cities share (事業名, 担当課,
事業費, 成果指標, 評価, 今後の方向性), so values are found after their label wherever it stands.
What the sheet grades becomes the project's evaluation for the sheet's year.

A page flattened out of grid order may print a value before its label (`都市建設部 空港課
担当部課名`, `霊園墓参事業 事業名`): taken only where nothing of that kind follows the label.
Spaced PDF text run together may glue a department to its label (`担当課まちづくり観光課`).
Two name labels printed together take their two names in order (`実施計画の事業名
財務会計上の事業名 A事業 B事業`); the sheet's own is the one whose label names no 計画.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.columns import word_kind
from hyoka.ingest.meaning.stream import known_unit
from hyoka.ingest.meaning.values import find_period, read_cell
from hyoka.jp.numbers import nfkc

_NAME_LABELS = r"事務事業名|事業名称|事業名|細事業名"
_DEPT_LABELS = r"課室名|担当部局課名|担当部課名|担当課名|担当課|所管課名|所管課|事業担当課|事業担当|担当部署|所属名|課名|課等名|担当"
_COST_LABELS = r"総事業費|事業費|決算額|予算額"
_GRADE_LABELS = r"総合評価|最終評価|二次評価|一次評価|評価結果|評価区分|達成度|進捗状況|評価"
_DIRECTION_LABELS = r"今後の方向性|今後の方針|今後の事業の方向性|方向性"
_LABEL_RE = re.compile(
    rf"^\s*(?P<label>{_NAME_LABELS}|{_DEPT_LABELS}|{_COST_LABELS}|{_DIRECTION_LABELS}|{_GRADE_LABELS})"
    r"\s*(?:[(（][^)）]{0,8}[)）])?\s*(?:[:：|｜\t]\s*|\s+|$)(?P<value>.*)$"
)
_DEPARTMENT_RE = re.compile(r"^(?:\S{1,10}部\s*)?\S{1,15}?(?:課|室|係|センター|局|所|館)(?=\s|$|[、,])")
_GRADE_VALUE_RE = re.compile(r"^(?:[SA-E][+\-]?|[◎○△×]|[①-⑩]|[1-5])(?=\s|$|[:：)）])")
DIRECTIONS = (
    "拡充",
    "拡大",
    "維持継続",
    "現状維持",
    "継続",
    "改善",
    "見直し",
    "縮小",
    "統合",
    "休止",
    "廃止",
    "完了",
    "終了",
)
_DIRECTION_RE = re.compile("|".join(DIRECTIONS))
_KPI_LABEL_RE = re.compile(
    r"^\s*(?:(?:成果|活動|対象)指標\s*[①-⑩\d]*\s*(?:指標名称|指標名)?|成果目標|指標名称|指標名|評価指標)"
    r"\s*[①-⑩\d]*\s*(?P<unit_label>[(（]単位[)）])?\s*(?:[:：|｜\t]\s*|\s+|$)(?P<name>.*)$"
)
_KPI_VALUE_RE = re.compile(
    r"^\s*(?P<role>基準値|現状値|目標値|計画値|目標|実績値|実績)\s*(?P<period>[(（][^)）]{1,12}[)）])?\s*[:：]?\s*(?P<value>\S.*)$"
)
# Every label above holds one of these words: lines without one are skipped at once.
_LABEL_WORD_RE = re.compile(r"事業|課|担当|所属|費|額|評価|達成|進捗|方向|方針|指標|目標|基準|現状|実績|計画")
_ROLE = {"基準値": "baseline", "現状値": "baseline", "目標値": "target", "計画値": "target", "目標": "target"}


@dataclass
class Sheet:
    """What a sheet's labels said; `name` is None when no 事業名 is printed."""

    name: str | None = None
    departments: list[str] = field(default_factory=list)
    cost: tuple[Decimal | None, str] | None = None
    grade: str | None = None
    future_direction: str | None = None
    fiscal_year: int | None = None
    line: int | None = None  # the line of the 事業名 label (1-based)
    kpis: list[ix.Indicator] = field(default_factory=list)

    def project(self) -> ix.Project | None:
        if not self.name:
            return None
        notes = [f"事業費: {self.cost[1]}"] if self.cost else []
        evaluations = []
        if self.fiscal_year is not None and (self.grade or self.future_direction):
            evaluations.append(
                ix.Evaluation(fiscal_year=self.fiscal_year, grade=self.grade, future_direction=self.future_direction)
            )
        return ix.Project(name=self.name, departments=self.departments, evaluations=evaluations, notes=notes)


def is_label_line(text: str) -> bool:
    """A sheet's label/value line (事業名：…, 評価：B, 成果指標：…): never a legend entry."""
    t = nfkc(text).strip()
    return bool(_LABEL_RE.match(t) or _KPI_LABEL_RE.match(t) or _KPI_VALUE_RE.match(t))


def read_sheet(texts: list[str], era_hint: str | None = None) -> Sheet | None:
    """The sheet's pairs from its lines; None when no 事業名 label carries a value."""
    sheet = Sheet()
    lines = [nfkc(t).strip() for t in texts]
    kpi: dict[str, object] | None = None
    kpis: list[dict] = []
    for i, line in enumerate(lines):
        if not _LABEL_WORD_RE.search(line[:40]):
            continue  # figures and prose: no label starts here
        if (k := _KPI_LABEL_RE.match(line)) and (name := _name(k["name"] or _next_value(lines, i))):
            kpi = {"name": name, "values": [], "unit": None}
            if (u := _UNIT_IN_NAME_RE.match(name)) and (k["unit_label"] or known_unit(u["unit"])):
                kpi["name"], kpi["unit"] = u["name"], u["unit"]  # 指標名(単位) 骨密度測定者(人), ごみ排出量(t)
            kpis.append(kpi)
            continue
        if kpis and (role := _ROLE_ALONE_RE.match(line)):
            kpis[-1]["values"] += _column_values(lines, i, _ROLE.get(role[0], "actual"), era_hint)
            continue
        if kpi is not None and (v := _KPI_VALUE_RE.match(line)):
            cell = read_cell(v["value"].split()[0] if v["value"].split() else "", era_hint)
            period = find_period(v["period"] or "", era_hint)
            kpi["values"].append((_ROLE.get(v["role"], "actual"), cell, period))  # type: ignore[union-attr]
            continue
        m = _LABEL_RE.match(line)
        if not m:
            continue
        kpi = None
        label = m["label"]
        value = m["value"].strip()
        if not value:
            value = _next_value(lines, i)
        if not value:
            continue
        if _NAME_LABEL_RE.fullmatch(label):
            if sheet.name is None and (name := _name(value)):
                sheet.name, sheet.line = name, i + 1
        elif _DEPT_LABEL_RE.fullmatch(label):
            if (d := _department(value)) and d not in sheet.departments:
                sheet.departments.append(d)
        elif re.fullmatch(_COST_LABELS, label):
            if sheet.cost is None:
                cell = read_cell(value.split()[0])
                if cell.value is not None:
                    sheet.cost = (cell.value, value.split()[0])
        elif re.fullmatch(_DIRECTION_LABELS, label):
            if sheet.future_direction is None and (d := _DIRECTION_RE.search(value)):
                sheet.future_direction = d[0]
        elif sheet.grade is None and (g := _GRADE_VALUE_RE.match(value)):
            sheet.grade = g[0]
    if sheet.name is None or not sheet.departments:
        _inline(lines, sheet)
    if sheet.name is None and sheet.departments:
        sheet.name, sheet.line = _heading_name(lines)
    if sheet.name is None:
        return None
    sheet.kpis = [_indicator(k) for k in kpis]
    sheet.fiscal_year = _sheet_year(lines, era_hint)
    return sheet


_ANY_LABEL_RE = re.compile(
    rf"^(?:{_NAME_LABELS}|{_DEPT_LABELS}|{_COST_LABELS}|{_DIRECTION_LABELS}|{_GRADE_LABELS}|評価年度|年度|予算|款項目|"
    r"担当部局|部局名|部名|課長名|事業期間|事業区分|会計|細分化した事業名)$"
)


_NAME_LABEL_RE = re.compile(rf"(?:{_NAME_LABELS})")
_DEPT_LABEL_RE = re.compile(rf"(?:{_DEPT_LABELS})")
_INLINE_LINES = 60  # a sheet prints its 事業名 and 担当課 at its top


def _inline(lines: list[str], sheet: Sheet) -> None:
    """A sheet run into long lines (`事業名 評価年度 健康相談事業 担当課 26 年度 保健課`): each label
    takes the first token after it that is not another label, a figure or a year."""
    tokens = _despaced(
        [(t, i) for i, line in enumerate(lines[:_INLINE_LINES]) for t in re.split(r"[\s|｜│:：]+", line[:4000]) if t]
    )
    for j, (t, i) in enumerate(tokens):
        # a label glued to the labels before it (款項目決算書目名事業名称) still labels what follows
        is_name = bool(_NAME_LABEL_RE.fullmatch(t) or (len(t) <= 14 and re.search(rf"(?:{_NAME_LABELS})$", t)))
        is_dept = bool(_DEPT_LABEL_RE.fullmatch(t))
        if sheet.name is None and (paired := _paired_names(t, tokens[j + 1 : j + 6])):
            sheet.name, sheet.line = paired, i + 1
            continue
        if not sheet.departments and (glued := _glued_department(t)):
            sheet.departments.append(glued)
            continue
        if not (is_name and sheet.name is None) and not (is_dept and not sheet.departments):
            continue
        if is_dept and (before := _department_before(tokens, j)):
            sheet.departments.append(before)  # the value printed before its label (… 都市建設部 空港課 担当部課名)
            continue
        # labels printed in a row before their values (担当部局 担当課 事務事業名 … 健康福祉部 健康政策課):
        # a department is looked for a little further than a name, over words that are not one
        named = next((v for v, _ in tokens[j + 1 : j + 10] if _PROJECT_WORD_RE.match(v)), None)
        if is_name and sheet.name is None and named:
            sheet.name, sheet.line = named, i + 1  # the row under a 事業名 header: the word that ends in 事業
            continue
        if is_name and sheet.name is None and j and _PROJECT_WORD_RE.match(tokens[j - 1][0]):
            sheet.name, sheet.line = tokens[j - 1][0], tokens[j - 1][1] + 1  # … 霊園墓参事業 事業名: value first
            continue
        for value, _ in tokens[j + 1 : j + (10 if is_dept else 5)]:
            if _ANY_LABEL_RE.match(value) or read_cell(value).status in ("value", "date", "none"):
                continue
            if re.fullmatch(r"(?:年度|年|度|千円|円)", value):
                continue
            if is_name and (name := _name(value)) and len(name) >= 3:
                sheet.name, sheet.line = name, i + 1
            elif is_dept and (d := _department(value)):
                sheet.departments.append(d)
            elif is_dept:
                continue
            break


_PROJECT_WORD_RE = re.compile(r"^\S{3,40}事業$")
_DEPT_END_RE = re.compile(r"(?:課|室|係|センター)$")


_GLUED_DEPT_RE = re.compile(rf"^(?:{_DEPT_LABELS})(?P<value>\S{{2,15}}(?:課|室|係|センター))$")


def _glued_department(token: str) -> str | None:
    """A department glued to its label with no space (`担当課まちづくり観光課`, spaced PDF text
    run together): the rest after the label, where it ends as a department does and is no label
    itself (`担当課長名`, `担当部課名` stay labels)."""
    m = _GLUED_DEPT_RE.match(token)
    if not m or _DEPT_LABEL_RE.fullmatch(token) or _ANY_LABEL_RE.match(m["value"]):
        return None
    return _department(m["value"])


def _department_before(tokens: list[tuple[str, int]], j: int) -> str | None:
    """A department printed just before its label, where no department follows the label.

    PDF text flattened out of grid order puts a cell's value before its label
    (`担当課長名 上田 義之 都市建設部 空港課 担当部課名 公園の整備`): the word right before the
    label ends in 課 (with its 部 before it), the word right after it names no department.
    """
    after = next((v for v, _ in tokens[j + 1 : j + 4] if not _ANY_LABEL_RE.match(v)), "")
    if j == 0 or _department(after) or not _DEPT_END_RE.search(tokens[j - 1][0]):
        return None
    words = [tokens[j - 1][0]]
    if j >= 2 and re.fullmatch(r"\S{1,10}部", tokens[j - 2][0]):
        words.insert(0, tokens[j - 2][0])
    return _department(" ".join(words))


_NAME_LABEL_PART_RE = re.compile(rf".*?(?:{_NAME_LABELS})")


def _paired_names(label: str, following: list[tuple[str, int]]) -> str | None:
    """Two name labels printed together, then their two names in the same order
    (`実施計画の事業名 財務会計上の事業名 霊園管理事業 霊園墓参事業`): each label takes its name.

    The sheet evaluates the unit it is filed under; a label naming a 計画 gives the plan's
    project that holds it, so the other label's name is the sheet's project.
    """
    parts = _NAME_LABEL_PART_RE.findall(label)
    if len(parts) < 2 or "".join(parts) != label:
        return None
    names = [v for v, _ in following[: len(parts)]]
    if not all(_PROJECT_WORD_RE.match(n) for n in names) or len(names) != len(parts):
        return None
    own = [n for part, n in zip(parts, names, strict=True) if "計画" not in part]
    return own[0] if own else names[0]


def _despaced(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Justified PDF text spaces a label's characters out (事    業    名): runs of one-character
    words on a line are put back together."""
    out: list[tuple[str, int]] = []
    run: list[tuple[str, int]] = []
    for token in [*tokens, ("", -1)]:
        if len(token[0]) == 1 and (not run or run[-1][1] == token[1]):
            run.append(token)
            continue
        if len(run) >= 2:
            out.append(("".join(t for t, _ in run), run[0][1]))
        else:
            out += run
        run = [token] if len(token[0]) == 1 else []
        if len(token[0]) != 1 and token[1] >= 0:
            out.append(token)
    return out


_PROJECT_HEADING_RE = re.compile(r"^(?P<name>\S{2,30}?事業)(?:\s+(?P=name))?$")


def _heading_name(lines: list[str]) -> tuple[str | None, int | None]:
    """A sheet that prints no 事業名 label is headed by the project's name (`健康づくり啓発事業`,
    sometimes twice on the line, as a web page's title and heading)."""
    for i, line in enumerate(lines[:12]):
        if m := _PROJECT_HEADING_RE.match(line.strip()):
            return m["name"], i + 1
    return None, None


_UNIT_IN_NAME_RE = re.compile(r"^(?P<name>.+?)\s*[(（](?P<unit>[^()（）\d]{1,6})[)）]$")
_ROLE_ALONE_RE = re.compile(r"^(?:基準値|現状値|目標値|計画値|実績値|実績)$")
_PERIOD_LINE_RE = re.compile(r"^(?:[HRS]|平成|令和)\s*(?:\d{1,2}|元)\s*年度?$")


def _column_values(lines: list[str], i: int, role: str, era_hint: str | None) -> list[tuple[str, object, object]]:
    """A role word alone on its line, then its periods one per line, then as many figures (PDF text
    of a sheet's value grid read column by column): `計画値` / `H25年度` / `H26年度` / `3,200` / `3,200`."""
    rest = [t for t in lines[i + 1 : i + 16] if t]
    periods = []
    while rest and _PERIOD_LINE_RE.match(rest[0]):
        periods.append(rest.pop(0))
    if not periods and rest and (cell := read_cell(rest[0], era_hint)).value is not None and " " not in rest[0]:
        return [(role, cell, None)]  # `目標値` / `1,200`: one figure under its word, no periods
    figures = rest[: len(periods)]
    if not periods or len(figures) < len(periods):
        return []
    cells = [read_cell(f, era_hint) for f in figures]
    if any(c.value is None for c in cells):
        return []
    return [(role, c, find_period(p, era_hint)) for p, c in zip(periods, cells, strict=True)]


def _indicator(kpi: dict) -> ix.Indicator:
    """A sheet's 成果指標 with the values labelled under it (基準値 / 目標値 / 実績値)."""
    baseline = target = None
    observations: list[ix.Observation] = []
    unit = kpi.get("unit")
    for role, cell, period in kpi["values"]:
        unit = unit or cell.unit
        period = period or cell.period
        if role == "baseline" and baseline is None:
            baseline = ix.Baseline(value=cell.value, text=None if cell.value is not None else cell.text, period=period)
        elif role == "target":
            target = ix.Target(value=cell.value, text=cell.text, period=period)
        elif role == "actual" and cell.value is not None:
            label = period.label if period else f"実績{len(observations) + 1}"
            if all(o.period.label != label for o in observations):
                observations.append(ix.Observation(value=cell.value, period=period or ix.Period(label=label)))
    return ix.Indicator(name=kpi["name"], unit=unit, baseline=baseline, target=target, observations=observations)


def _next_value(lines: list[str], i: int) -> str:
    """One cell per line: the label's value is the next non-blank line, unless that is a label too."""
    for j in range(i + 1, min(i + 3, len(lines))):
        if not lines[j]:
            continue
        if _LABEL_RE.match(lines[j]):
            return ""
        return lines[j]
    return ""


def _name(value: str) -> str | None:
    name = re.split(r"\s{2,}|\t|[|｜]", value)[0].strip()
    if not name or len(name) > 40 or read_cell(name).status in ("none", "value", "date"):
        return None
    if word_kind(name) is not None:
        return None  # 担当課, 指標名: another header, not a value
    if re.fullmatch(r"\S{1,12}(?:部|課|室|局)", name):
        return None  # 環境課: a department, the next label's value where values come first
    return name


def _department(value: str) -> str | None:
    if m := _DEPARTMENT_RE.match(value):
        return re.sub(r"\s+", " ", m[0]).strip()
    first = re.split(r"\s{2,}|\t|[|｜、,]", value)[0].strip()
    return first if 2 <= len(first) <= 15 and re.search(r"(?:課|室|係|センター|局|所|館)$", first) else None


def _sheet_year(lines: list[str], era_hint: str | None) -> int | None:
    """The year a sheet evaluates: the first 年度 printed near its top (平成27年度 事業評価シート)."""
    for line in lines[:15]:
        if "年度" in line and (p := find_period(line, era_hint)) and p.fiscal_year is not None:
            return p.fiscal_year
    return None
