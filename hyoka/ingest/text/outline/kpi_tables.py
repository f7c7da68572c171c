"""KPI tables under a goal or policy (指標 / 基準値 / 現状値 / 増減 / 目標値) and the ※ notes below them.

A table without the 増減 column, with 現状値（R2） instead of H28末現在, or with an extra 担当課 or
No. column reads the same: each column's role comes from its header's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hyoka import interchange as ix
from hyoka.ingest.base import Warning
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import NOTE_RE, cells, is_blank, is_dash, to_period
from hyoka.ingest.text.outline.tables import header_words, table_rows
from hyoka.jp import QuantityError, infer_direction, parse_delta_phrase, parse_quantity, parse_target

_PAREN_RE = re.compile(r"[(（]\s*([^()（）]+?)\s*[)）]")
_NOTE_MARK_RE = re.compile(r"\s*[※＊*](\d*)\s*$")
_PROVISIONAL_WORDS = ("速報", "暫定", "見込", "推計", "概数")


@dataclass
class Column:
    role: str  # name, baseline, observation, delta, target, unit, note
    header: str  # as printed
    label: str | None = None  # the period label of the column (H26, H28 末現在, R2)


@dataclass
class KpiTable:
    indicators: list[ix.Indicator] = field(default_factory=list)
    marks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # indicator → [(where, mark number)]


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
        w = header_words(h)
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


def notes_after(lines: list[Line], end: int) -> tuple[list[str], int]:
    """The ※ notes printed below a table that ends at `end`, and the index after them (`end` if none)."""
    notes: list[str] = []
    j = end
    while j < len(lines):
        line = lines[j]
        if is_blank(line):
            j += 1
            continue
        t = line.text.strip()
        if not NOTE_RE.match(t):
            break
        notes.append(t)
        j += 1
    return notes, (j if notes else end)


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
