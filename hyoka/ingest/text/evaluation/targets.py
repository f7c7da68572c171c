"""Targets stated inside an evaluation row (《令和6年度目標値》 blocks) and the actuals that answer them.

A target block lists `name　value` lines; a name may wrap onto the next line (with or without its own
value), a bracketed figure on the next line continues the value (`450人` + `（100％）`), and ※ or
【…】 lines are notes. The row's narrative then states the year's actuals in prose; an actual is taken
for a target only where the narrative states the same quantity: a figure with the target's unit whose
wording (on its line, and the bullet heading above it) covers the target's name, and no other figure
covers it as well (four per-course figures for one total target give none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line, nfkc
from hyoka.jp import QuantityError, infer_direction, parse_period, parse_quantity, parse_target

TARGET_HEADER_RE = re.compile(r"^[《〈≪<【\[]\s*(?P<label>[^》〉≫>】\]]*目標[^》〉≫>】\]]*)[》〉≫>】\]]\s*$")
_GAP_RE = re.compile(r"[ \t\u3000]{2,}|\u3000")
_SOURCE_NOTE_RE = re.compile(r"[（(][^（）()]*(?:による|調査|出典|資料)[^（）()]*[)）]$")
ERA_LABEL_RE = re.compile(
    r"(?:令和|平成|昭和|R|H)\s*[0-9０-９元]{1,2}\s*年\s*(?:度)?(?:\s*[0-9０-９]{1,2}\s*月)?(?:\s*[0-9０-９]{1,2}\s*日)?"
    r"\s*(?:末)?\s*(?:現在|時点|実施|末)?"
)
BULLET = "○◯●◎◆◇■□・※《〈【"


@dataclass
class TargetRow:
    name: str
    value_text: str | None
    line: Line
    notes: list[str] = field(default_factory=list)


def read_target_block(lines: list[Line]) -> tuple[list[TargetRow], list[Line]]:
    """Rows of a target block; also the trailing lines that carry no value (they belong to what follows)."""
    rows: list[TargetRow] = []
    pending: list[Line] = []  # name parts waiting for their value
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if text.startswith(("※", "【")) and not pending and rows:
            rows[-1].notes.append(text)
            continue
        if text[0] in "（(" and text[-1] in "）)" and not pending and rows:
            inner = nfkc(text[1:-1]).strip()
            if inner[:1].isdigit() and rows[-1].value_text:
                rows[-1].value_text += text
            else:
                rows[-1].notes.append(text)
            continue
        name, value = _split_value(text)
        if value is None:
            pending.append(line)
            continue
        name = _join_name([p.text for p in pending] + [name])
        notes = []
        if "※" in name:
            name, note = name.split("※", 1)
            notes.append("※" + note.strip())
        if m := _SOURCE_NOTE_RE.search(name):
            notes.append(m.group(0))
            name = name[: m.start()]
        rows.append(TargetRow(name.strip(), value, pending[0] if pending else line, notes))
        pending = []
    return rows, pending


def _split_value(text: str) -> tuple[str, str | None]:
    """`育児相談　相談者数　　970人` → (育児相談　相談者数, 970人); a name alone → (name, None)."""
    parts = [p for p in _GAP_RE.split(text) if p.strip()]
    if len(parts) < 2:
        return text, None
    last = parts[-1].strip()
    wide_gap = bool(re.search(r"[ \t\u3000]{2,}" + re.escape(last) + "$", text))
    if re.search(r"[0-9０-９]", last) or wide_gap:
        return text[: text.rfind(last)].rstrip(), last
    return text, None


def _join_name(parts: list[str]) -> str:
    """Wrapped name lines join directly; an indented continuation is a second part of the name."""
    name = parts[0].strip()
    for part in parts[1:]:
        name += ("\u3000" if part[:1] in " \u3000" else "") + part.strip()
    return name


def indicator(row: TargetRow, period_label: str, project_number: str | None) -> ix.Indicator:
    spec = parse_target(row.value_text or "")
    period = _period(period_label)
    return ix.Indicator(
        name=row.name,
        unit=spec.unit,
        direction=infer_direction(spec, None, spec.unit),
        target=ix.Target(value=spec.value, comparator=spec.comparator, text=row.value_text, period=period),
        project_number=project_number,
        notes=row.notes,
    )


def _period(label: str) -> ix.Period:
    p = parse_period(label)
    return ix.Period(label=label, fiscal_year=p.fiscal_year, year=p.year, date=p.date)


# --- actuals in the narrative -------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"(?<![0-9.,])([△▲-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\s\d、。,.:;()（）「」\[\]~～・/]*)"
)
_NOT_UNITS = ("年", "月", "日", "時", "歳", "か月", "ヶ月", "章", "号", "期", "次")


@dataclass
class _Figure:
    value: Decimal
    unit: str
    near: str  # the words just before the figure on its line
    own: str  # the line up to the figure
    far: str  # the line up to the figure and the bullet heading above it
    line: Line
    tail: str  # the printed line after the figure (brackets with a date)
    context: str  # the heading lines and the line, brackets kept


def _figures(narrative: list[Line]) -> list[_Figure]:
    found: list[_Figure] = []
    heading: list[str] = []
    raw_heading: list[str] = []
    for line in narrative:
        raw = line.text.strip()
        if not raw:
            heading, raw_heading = [], []
            continue
        text = nfkc(raw)
        if text[:1] in BULLET:
            heading, raw_heading = [], []
        masked = _mask_brackets(text)
        start = 0
        for m in _NUMBER_RE.finditer(masked):
            unit = m.group(2)
            if unit.endswith("中") or text[max(m.start() - 2, 0) : m.start()] in ("令和", "平成", "昭和"):
                continue  # 31園中21園: a denominator; era years are not figures
            if not unit or unit.startswith(_NOT_UNITS):
                start = m.end()
                continue
            near = re.sub(r"\s+", "", masked[start : m.start()])
            own = re.sub(r"\s+", "", masked[: m.start()])
            far = re.sub(r"\s+", "", "".join(heading)) + own
            value = Decimal(m.group(1).replace(",", "").replace("△", "-").replace("▲", "-"))
            found.append(_Figure(value, unit, near, own, far, line, text[m.end() :], "".join(raw_heading) + text))
            start = m.end()
        heading.append(masked)
        raw_heading.append(text)
    return found


def _mask_brackets(text: str) -> str:
    """Blank out bracketed asides (受診者421人（受診率95.7％）) so their figures are not taken."""
    out, depth = [], 0
    for ch in text:
        if ch in "(（":
            depth += 1
        if depth:
            out.append(" ")
        else:
            out.append(ch)
        if ch in ")）" and depth:
            depth -= 1
    return "".join(out)


def _coverage(name: str, words: str) -> float:
    """Share of the name's characters covered by two-character pieces that also occur in `words`."""
    covered = [False] * len(name)
    for i in range(len(name) - 1):
        if name[i : i + 2] in words:
            covered[i] = covered[i + 1] = True
    return sum(covered) / len(name) if name else 0.0


def attach_observations(indicators: list[ix.Indicator], narrative: list[Line], label: str, fiscal_year: int) -> None:
    """Give each target the actual the narrative states for the same quantity, where there is one."""
    figures = _figures(narrative)
    for ind in indicators:
        name = re.sub(r"\s+", "", nfkc(ind.name))
        bare = re.sub(r"[(（][^()（）]*[)）]", "", name) or name
        scored = []
        for f in figures:
            if ind.unit and not f.unit.startswith(nfkc(ind.unit)):
                continue
            near, own, far = _coverage(bare, f.near), _coverage(bare, f.own), _coverage(bare, f.far)
            if far >= 0.5 and near > 0:
                scored.append((round(near + own + far, 6), f))
        if not scored:
            continue
        scored.sort(key=lambda s: -s[0])
        best, fig = scored[0]
        if any(s == best and f.value != fig.value for s, f in scored[1:]):
            continue  # several figures answer it equally: not one stated actual
        if ind.unit is None:
            ind.unit = _unit_of(fig.unit)
        ind.observations.append(
            ix.Observation(value=fig.value, period=_actual_period(fig, label, fiscal_year), text=fig.line.text.strip())
        )


def _unit_of(run: str) -> str | None:
    try:
        return parse_quantity("1" + run).unit
    except QuantityError:
        return run[:1] or None


def _actual_period(fig: _Figure, label: str, fiscal_year: int) -> ix.Period:
    """The year's label, unless a date of the same year is printed with the figure (令和３年３月31日現在)."""
    for where in (fig.tail, fig.line.text, fig.context):
        for m in ERA_LABEL_RE.finditer(where):
            printed = re.sub(r"\s+(?=[)）]|$)", "", m.group(0)).strip()
            p = parse_period(printed)
            if p.fiscal_year == fiscal_year:
                return ix.Period(label=printed, fiscal_year=p.fiscal_year, year=p.year, date=p.date)
    return _period(label)
