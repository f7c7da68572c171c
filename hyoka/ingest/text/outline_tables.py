"""Tab-separated tables under a goal or policy: KPI tables (指標 / 基準値 / 現状値 / 増減 / 目標値)
and project tables (事業名 / 取組内容 / 所管課).

Columns are recognised by the words of the header row, never by position, so a table without
the 増減 column, with 現状値（R2） instead of H28末現在, or with an extra 担当課 or No. column
reads the same. A table split over pages (form feed, header printed again) is one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hyoka import interchange as ix
from hyoka.ingest.base import Warning
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline_common import cells, compact, is_blank, is_dash, is_tab_row, to_period
from hyoka.jp import QuantityError, infer_direction, parse_delta_phrase, parse_quantity, parse_target

_KPI_NAME_RE = re.compile(r"^(?:指標|重要業績評価指標|KPI|数値目標|成果指標|評価指標|指標名|目標指標)")
_KPI_VALUE_WORDS = ("基準", "現状", "目標", "実績", "増減")
_PROJECT_NAME_RE = re.compile(r"^(?:事業名|事業|取組名|取組|取り組み|主な事業|主な取組|施策名|事業・取組)$")
_DEPARTMENT_RE = re.compile(r"(?:所管|担当|課名|部署|担当部局)")
_CONTENT_RE = re.compile(r"(?:内容|概要)")
_NUMBER_RE = re.compile(r"^(?:No\.?|NO\.?|番号|№)$", re.IGNORECASE)
_STATUS_COL_RE = re.compile(r"^(?:区分|状況|方向性|今後の方針)$")
_PAREN_RE = re.compile(r"[(（]\s*([^()（）]+?)\s*[)）]")
_NOTE_MARK_RE = re.compile(r"\s*[※＊*](\d*)\s*$")
_PROVISIONAL_WORDS = ("速報", "暫定", "見込", "推計", "概数")
_DEPT_SPLIT_RE = re.compile(r"[、,，/／;；]\s*")


@dataclass
class Column:
    role: str  # name, baseline, observation, delta, target, unit, note
    header: str  # as printed
    label: str | None = None  # the period label of the column (H26, H28 末現在, R2)


@dataclass
class KpiTable:
    indicators: list[ix.Indicator] = field(default_factory=list)
    marks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # indicator → [(where, mark number)]


def _header_words(text: str) -> str:
    return compact(text)


def is_kpi_header(line: Line) -> bool:
    cs = [c for c in cells(line) if c]
    if len(cs) < 2 or not _KPI_NAME_RE.match(_header_words(cs[0])):
        return False
    return any(any(w in _header_words(c) for w in _KPI_VALUE_WORDS) for c in cs[1:])


def is_project_header(line: Line) -> bool:
    cs = [_header_words(c) for c in cells(line) if c]
    if len(cs) < 2 or not any(_PROJECT_NAME_RE.match(c) for c in cs):
        return False
    return any(_DEPARTMENT_RE.search(c) or _CONTENT_RE.search(c) for c in cs if not _PROJECT_NAME_RE.match(c))


def _column_label(header: str, role: str) -> str | None:
    """The period a column stands for: the bracketed part (基準値 (H26) → H26), else what is left."""
    if m := _PAREN_RE.search(header):
        return m[1]
    if role == "observation":
        return header.strip()
    rest = re.sub(r"^(?:基準値|基準|目標値|目標|現状値|実績値)\s*", "", header.strip())
    return rest or None


def kpi_columns(header: list[str]) -> list[Column]:
    cols: list[Column] = []
    for i, h in enumerate(header):
        w = _header_words(h)
        if i == 0:
            role = "name"
        elif "増減" in w or w.startswith("差") or "伸び" in w:
            role = "delta"
        elif "目標" in w:
            role = "target"
        elif "基準" in w:
            role = "baseline"
        elif "単位" in w:
            role = "unit"
        elif any(x in w for x in ("備考", "出典", "定義", "説明", "所管", "担当")):
            role = "note"
        else:
            role = "observation"
        cols.append(
            Column(role, h.strip(), _column_label(h, role) if role in ("baseline", "observation", "target") else None)
        )
    return cols


def table_rows(lines: list[Line], start: int, header: list[str]) -> tuple[list[tuple[Line, list[str]]], int]:
    """Rows after a header at `start`, across blank lines and page breaks while the table goes on.

    A row equal to the header (printed again on the next page) and rule rows (-----) are skipped.
    """
    key = [_header_words(c) for c in header]
    rows: list[tuple[Line, list[str]]] = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            j = i
            while j < len(lines) and is_blank(lines[j]):
                j += 1
            if j < len(lines) and is_tab_row(lines[j]) and not _is_other_header(lines[j], key):
                i = j
                continue
            break
        if not is_tab_row(line):
            break
        cs = cells(line)
        if [_header_words(c) for c in cs] == key:
            i += 1
            continue
        if _is_other_header(line, key):
            break
        if all(not c or is_dash(c) for c in cs) and any(len(c) >= 3 for c in cs):
            i += 1
            continue
        rows.append((line, cs))
        i += 1
    return rows, i


def _is_other_header(line: Line, key: list[str]) -> bool:
    if [_header_words(c) for c in cells(line)] == key:
        return False
    return is_kpi_header(line) or is_project_header(line)


def _quantity(text: str, where: str, line: Line, source: str, warnings: list[Warning]):
    try:
        return parse_quantity(text)
    except QuantityError as e:
        warnings.append(Warning(line.place(source), f"{where}: {e}"))
        return None


def read_kpi_table(lines: list[Line], start: int, source: str, warnings: list[Warning]) -> tuple[KpiTable, int]:
    """Indicators of a KPI table whose header row is at `start`; returns the index after the table."""
    header = cells(lines[start])
    cols = kpi_columns(header)
    rows, end = table_rows(lines, start, header)
    table = KpiTable()
    for line, cs in rows:
        ind = _kpi_row(line, cs, cols, source, warnings, table)
        if ind is not None:
            table.indicators.append(ind)
    return table, end


def _strip_mark(text: str) -> tuple[str, str | None]:
    m = _NOTE_MARK_RE.search(text)
    if not m:
        return text.strip(), None
    return text[: m.start()].strip(), m[1] or ""


def _kpi_row(
    line: Line, cs: list[str], cols: list[Column], source: str, warnings: list[Warning], table: KpiTable
) -> ix.Indicator | None:
    name, mark = _strip_mark(cs[0]) if cs else ("", None)
    if not name:
        return None
    marks: list[tuple[str, str]] = [("name", mark)] if mark is not None else []
    values = {i: (cs[i] if i < len(cs) else "") for i in range(1, len(cols))}
    unit: str | None = None
    for i, col in enumerate(cols):
        if col.role == "unit" and values.get(i):
            unit = values[i].strip()
    baseline: ix.Baseline | None = None
    observations: list[ix.Observation] = []
    parsed: dict[int, object] = {}
    for i, col in enumerate(cols):
        text = values.get(i, "").strip()
        if col.role not in ("baseline", "observation") or not text and col.role == "observation":
            continue
        where = f"{col.header} of {name}"
        q = _quantity(text, where, line, source, warnings) if text else None
        parsed[i] = q
        if q is not None and q.unit and unit is None:
            unit = q.unit
        period = to_period(col.label)
        if col.role == "baseline":
            value = q.value if q is not None and q.status == "value" else None
            if baseline is None:
                baseline = ix.Baseline(value=value, text=(text or None) if value is None else None, period=period)
            continue
        if q is None:
            continue  # the warning names the cell; an observation needs a value or a reason
        _, vmark = _strip_mark(text)
        if vmark is not None:
            marks.append((f"observation:{len(observations)}", vmark))
        if q.status == "value":
            observations.append(ix.Observation(value=q.value, period=period, status="final", text=text))
        else:
            status = "pending" if q.status == "pending" else "not_applicable"
            observations.append(ix.Observation(period=period or ix.Period(label=col.header), status=status, text=text))
    target: ix.Target | None = None
    base_value = baseline.value if baseline else None
    spec = None
    for i, col in enumerate(cols):
        text = values.get(i, "").strip()
        if col.role != "target" or not text or is_dash(text):
            continue
        spec = parse_target(text, baseline=base_value)
        if spec.value is None and re.search(r"\d", text) and not spec.relative_to_baseline:
            _quantity(re.sub(r"(以上|以下|以内|未満|超)$", "", text), f"{col.header} of {name}", line, source, warnings)
        if spec.unit and unit is None:
            unit = spec.unit
        target = ix.Target(value=spec.value, comparator=spec.comparator, text=text, period=to_period(col.label))
        break
    delta: ix.StatedDelta | None = None
    for i, col in enumerate(cols):
        text = values.get(i, "").strip()
        if col.role != "delta" or not text or is_dash(text):
            continue
        try:
            dv, _ = parse_delta_phrase(text, unit=unit)
            delta = ix.StatedDelta(value=dv, text=text)
        except QuantityError as e:
            warnings.append(Warning(line.place(source), f"{col.header} of {name}: {e}"))
            delta = ix.StatedDelta(text=text)
    notes = [f"{col.header}: {values[i]}" for i, col in enumerate(cols) if col.role == "note" and values.get(i)]
    direction = infer_direction(spec, base_value, unit) if spec is not None else "increase"
    ind = ix.Indicator(
        name=name,
        unit=unit,
        direction=direction,
        baseline=baseline,
        target=target,
        observations=observations,
        stated_delta=delta,
        notes=notes,
    )
    if marks:
        table.marks[name] = marks
    return ind


def attach_notes(table: KpiTable, notes: list[str]) -> None:
    """※ notes printed under a table: to the marked indicators (※1 → the cell marked ※1).

    A note saying 速報値 / 推計 makes the marked observation provisional, with the note kept on it.
    """
    if not notes or not table.indicators:
        return
    by_name = {k.name: k for k in table.indicators}
    for note in notes:
        number = m[1] if (m := re.match(r"^\s*[(（]?[※＊*](\d*)", note)) else ""
        targets = [(n, where) for n, ms in table.marks.items() for where, mk in ms if mk == number or not number]
        if not targets:
            targets = [(k.name, "name") for k in table.indicators]
        body = re.sub(r"^\s*[※＊*]\s*\d*\s*", "", note).strip().rstrip("。")
        for name, where in targets:
            ind = by_name[name]
            if note not in ind.notes:
                ind.notes.append(note)
            if where.startswith("observation:"):
                obs = ind.observations[int(where.split(":")[1])]
                obs.note = body
                if obs.value is not None and any(w in note for w in _PROVISIONAL_WORDS):
                    obs.status = "provisional"


def read_project_table(
    lines: list[Line], start: int, status: str | None, source: str, warnings: list[Warning]
) -> tuple[list[ix.Project], int]:
    """Projects of a 事業名 / 取組内容 / 所管課 table; `status` comes from the ○継続事業 header above it."""
    header = cells(lines[start])
    roles: list[str] = []
    for h in header:
        w = _header_words(h)
        if not w:
            roles.append("note")
        elif _PROJECT_NAME_RE.match(w) and "name" not in roles:
            roles.append("name")
        elif _NUMBER_RE.match(w):
            roles.append("number")
        elif _STATUS_COL_RE.match(w):
            roles.append("status")
        elif _DEPARTMENT_RE.search(w) and "department" not in roles:
            roles.append("department")
        elif _CONTENT_RE.search(w) and "description" not in roles:
            roles.append("description")
        else:
            roles.append("note")
    rows, end = table_rows(lines, start, header)
    projects: list[ix.Project] = []
    for line, cs in rows:
        data: dict[str, str] = {}
        notes: list[str] = []
        for i, role in enumerate(roles):
            value = cs[i].strip() if i < len(cs) else ""
            if role == "note":
                if value:
                    notes.append(f"{header[i].strip()}: {value}" if header[i].strip() else value)
            else:
                data[role] = value
        name = data.get("name", "")
        if not name or is_dash(name):
            warnings.append(Warning(line.place(source), "a project row without a name (事業名) is skipped"))
            continue
        departments = [d.strip() for d in _DEPT_SPLIT_RE.split(data.get("department", "")) if d.strip()]
        departments = [d for d in departments if not is_dash(d)]
        projects.append(
            ix.Project(
                number=data.get("number") or None,
                name=name,
                description=data.get("description") or None,
                status=data.get("status") or status,
                departments=list(dict.fromkeys(departments)),
                notes=notes,
            )
        )
    return projects, end
