"""KPIs stated in sentences: a target table read aloud, with its figures in kanji numerals or digits.

Accessibility text versions of plans turn a small target table into sentences:

    平成二十三年度末までに入所施設から地域生活へ移行する人の目標三百四十六人 うち、平成二十年七月末までの実績九十一人
    平成十七年度施設入所者数千三百八十三人を平成二十三年度末までに千百五十八人に
    平成二十年七月現在の施設入所者数千三百九十六人

Kanji figures are read as digits first (`hyoka.jp.numbers.kanji_figures`; the printed text is
kept). Then three shapes, keyed on the words that say what a figure is:

- `<name>の目標<figure>` / `<name>の実績<figure>`: a target or an actual of the named KPI; a
  name that is only a period (`平成20年7月末までの実績91人`) means the KPI named just before;
- `<period><name><figure>を<period>までに<figure>に`: the baseline and the target (a prose arrow);
- `<period>現在の<name><figure>`: an actual of a KPI already read by one of the two above.

The leading period phrase of a name (`…年度末までに`) is its period, not part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hyoka import interchange as ix
from hyoka.ingest.meaning.stream import UNITS
from hyoka.ingest.meaning.values import PERIOD, read_cell, to_period
from hyoka.jp.numbers import kanji_figures

_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_FIGURE = rf"[△▲−\-]?\d[\d,]*(?:\.\d+)?(?:{_UNIT})"
_NAME = r"[^\s、。,，:：()（）「」]"
_ROLE_RE = re.compile(
    rf"(?P<name>{_NAME}{{2,60}}?)の(?P<role>目標|実績)(?:値|数)?(?:は|が)?\s*(?P<figure>{_FIGURE})(?![\d.,])"
)
_FROM_TO_RE = re.compile(
    rf"(?P<p1>{PERIOD})の?(?P<name>{_NAME}{{2,30}}?)(?P<before>{_FIGURE})を、?\s*"
    rf"(?P<p2>{PERIOD})までに、?\s*(?P<after>{_FIGURE})(?:に|へ|まで)"
)
_AS_OF_RE = re.compile(rf"(?P<p>{PERIOD})の(?P<name>{_NAME}{{2,30}}?)(?P<figure>{_FIGURE})(?![\d.,])")
# A period phrase that opens a name: 平成23年度末までに, 令和2年度における, 平成20年7月末までの.
_LEADING_PERIOD_RE = re.compile(rf"^(?:.*?)(?P<p>{PERIOD})\s*(?:まで)?(?:に|の|における|において|で)?")
_ONLY_PERIOD_RE = re.compile(rf"^(?:{PERIOD})\s*(?:まで|から)?$")


@dataclass
class ProseKpi:
    """One KPI read from sentences, with the character offset of its first mention."""

    indicator: ix.Indicator
    at: int
    names: set[str] = field(default_factory=set)


def read_prose_kpis(text: str, era_hint: str | None = None) -> list[ProseKpi]:
    """The KPIs a text states in sentences; see the module docstring."""
    if not any(cue in text for cue in ("の目標", "の実績", "までに")):
        return []  # every KPI here is named by one of the first two shapes
    digits, origin = kanji_figures(text)

    def printed(a: int, b: int) -> str:
        return text[origin[a] : origin[b]]

    found: dict[str, ProseKpi] = {}
    last: ProseKpi | None = None
    events = sorted(
        [(m.start(), "from_to", m) for m in _FROM_TO_RE.finditer(digits)]
        + [(m.start(), "role", m) for m in _ROLE_RE.finditer(digits)]
    )
    taken = -1
    for start, how, m in events:
        if start < taken:
            continue
        if how == "from_to":
            name = _clean(m["name"])
            if not name:
                continue
            kpi = _kpi(found, name, start)
            before = read_cell(m["before"])
            after = read_cell(m["after"])
            k = kpi.indicator
            k.unit = k.unit or before.unit or after.unit
            k.baseline = ix.Baseline(
                value=before.value, text=printed(*m.span("before")), period=to_period(m["p1"], era_hint)
            )
            k.target = ix.Target(value=after.value, text=printed(*m.span("after")), period=to_period(m["p2"], era_hint))
            k.direction = "increase" if after.value >= before.value else "decrease"
        else:
            raw = m["name"]
            name = _clean(raw)
            period = _period_of(raw, era_hint)
            if name:
                kpi = _kpi(found, name, start)
            elif last is not None and start - last.at < 200:
                kpi = last  # うち、平成20年7月末までの実績91人: the KPI named just before
            else:
                continue
            figure = read_cell(m["figure"])
            k = kpi.indicator
            k.unit = k.unit or figure.unit
            text_ = printed(*m.span("figure"))
            if m["role"] == "目標":
                k.target = ix.Target(value=figure.value, text=text_, period=period)
            elif period is not None and all(o.period.label != period.label for o in k.observations):
                k.observations.append(ix.Observation(value=figure.value, period=period, text=text_))
        last = kpi
        taken = m.end()
    for m in _AS_OF_RE.finditer(digits):
        kpi = found.get(_clean(m["name"]) or "")
        period = to_period(m["p"], era_hint)
        if kpi is None or period is None or m.start() < kpi.at:
            continue
        k = kpi.indicator
        if k.baseline and k.baseline.text == printed(*m.span("figure")):
            continue  # the baseline itself
        if all(o.period.label != period.label for o in k.observations):
            k.observations.append(
                ix.Observation(value=read_cell(m["figure"]).value, period=period, text=printed(*m.span("figure")))
            )
    return [kpi for kpi in found.values() if kpi.indicator.target or kpi.indicator.observations]


def _kpi(found: dict[str, ProseKpi], name: str, at: int) -> ProseKpi:
    if name not in found:
        found[name] = ProseKpi(ix.Indicator(name=name), at, {name})
    return found[name]


def _clean(raw: str) -> str | None:
    """The name without the period phrase that opens it; None when nothing but a period is left."""
    name = raw.strip()
    if _ONLY_PERIOD_RE.match(name):
        return None
    if m := _LEADING_PERIOD_RE.match(name):
        rest = name[m.end() :].strip()
        if rest != name and len(rest) >= 2:
            name = rest
        elif _ONLY_PERIOD_RE.match(name[: m.end()]) and len(rest) < 2:
            return None
    name = re.sub(r"^(?:うち|なお|また)", "", name)
    if len(name) < 3 or re.fullmatch(rf"(?:{PERIOD}).*", name):
        return None
    return name


def _period_of(raw: str, era_hint: str | None) -> ix.Period | None:
    m = re.search(PERIOD, raw)
    return to_period(m[0], era_hint) if m else None
