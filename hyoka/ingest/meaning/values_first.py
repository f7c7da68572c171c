"""Sheets whose cells run together with each indicator's values printed BEFORE its label.

An evaluation sheet read from an e-book page or a PDF text layer can arrive as one line with
no separator, the grid's cells in an order of their own: each indicator's year row, 達成率
cells and 目標/実績 figures come first, then its label and name::

    年度H26H27H28H29H30R110説明(算式等)達成率90.0%90.0%100.0%90.0%80.0%H30R1R2目標実績99109897.5%
    成果指標指標名称補助金による器具設置数(基)年度H26H27…

So the text between one 指標名称 label and the next holds the values of the second (or, in a sheet
printed in grid order, of the first: the direction in which more blocks check is taken). Glued
figures are split only where the sheet checks itself, as `glued` does: the target is the number
printed right after the run of consecutive years, and the run after 実績 must cut into as many
actuals as there are 達成率 cells, each actual ÷ target being its printed rate (what is left
may only be a rate of the next block). A block that does not check gives its name alone.
Nothing is read from a line where no block checks.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.meaning.values import find_period
from hyoka.ingest.text.lines import Line
from hyoka.jp.numbers import nfkc

# the label, then the name (its unit in brackets) up to the next block's year row or the line's end
_NAMED_RE = re.compile(r"指標名称(?P<name>[^\d\s()（）]{2,40}?)(?:[(（](?P<unit>[^()（）\d]{1,4})[)）])?(?=年度|\s|$)")
_YEARS_RE = re.compile(r"年\s*度(?P<years>(?:[HR]\d{1,2})+)(?P<rest>[\d,]*)")
_RATES_RE = re.compile(r"達成率(?P<rates>(?:\d{1,3}\.\d%)+)")
_ACTUALS_RE = re.compile(r"(?:目標|計画)実績(?P<run>[\d,.]+%?)")
_RATE_RE = re.compile(r"\d{1,3}\.\d%")
_ERA_START = {"H": 1988, "R": 2018}
_HALF_STEP = Decimal("0.05")  # a rate printed to one decimal


def read_values_first(lines: list[Line], era_hint: str | None = None) -> list[tuple[ix.Indicator, Line]]:
    """The indicators of every line printed values-first, with the line each stands on."""
    out: list[tuple[ix.Indicator, Line]] = []
    for line in lines:
        if "指標名称" not in line.text or "達成率" not in line.text:
            continue
        out += [(k, line) for k in _line_indicators(nfkc(line.text), era_hint)]
    return out


def _line_indicators(text: str, era_hint: str | None) -> list[ix.Indicator]:
    """Each label's indicator, its values read from the text before the label or, where more
    blocks check that way, after it (the same sheet printed in grid order)."""
    labels = [m for m in _NAMED_RE.finditer(text) if not m["name"].endswith("年度")]
    if not labels:
        return []
    ends = [0, *(m.end() for m in labels)]
    starts = [*(m.start() for m in labels), len(text)]
    before = [_block_values(_after_prose(text[ends[k] : starts[k]])) for k in range(len(labels))]
    after = [_block_values(text[ends[k + 1] : starts[k + 1]]) for k in range(len(labels))]
    readings = max((before, after), key=lambda r: sum(1 for x in r if x is not None))
    if all(r is None for r in readings):
        return []
    return [_indicator(m["name"], m["unit"], r, era_hint) for m, r in zip(labels, readings, strict=True)]


def _after_prose(block: str) -> str:
    return block[block.rfind("。") + 1 :]  # prose before the grid is no cell of it


def _indicator(
    name: str, unit: str | None, reading: tuple[Decimal, list[Decimal], list[str]] | None, era_hint: str | None
) -> ix.Indicator:
    target, actuals, years = reading or (None, [], [])
    observations = [
        ix.Observation(value=a, period=_period(years[n] if n < len(years) else None, n, era_hint))
        for n, a in enumerate(actuals)
    ]
    return ix.Indicator(
        name=name,
        unit=unit or None,
        target=ix.Target(value=target, text=str(target)) if target is not None else None,
        observations=observations,
    )


def _block_values(block: str) -> tuple[Decimal, list[Decimal], list[str]] | None:
    """(target, actuals, years) of one indicator's block, or None unless its 達成率 cells check."""
    years_m = _YEARS_RE.search(block)
    rates_m = _RATES_RE.search(block)
    actuals_m = _ACTUALS_RE.search(block)
    if not (years_m and rates_m and actuals_m):
        return None
    years, rest = _consecutive_years(years_m["years"] + years_m["rest"])
    rates = [Decimal(r[:-1]) for r in _RATE_RE.findall(rates_m["rates"])]
    if len(rates) < 2 or not rest:
        return None
    readings = []
    for cut in range(len(rest)):  # the target closes the figures after the years: 815|820
        target = rest[cut:]
        if target[0] == "0" or not int(target):
            continue
        for actuals in _splits(actuals_m["run"], rates, Decimal(target)):
            readings.append((Decimal(target), actuals))
    if len(readings) != 1:
        return None  # none checks, or two readings do: nothing is guessed
    target, actuals = readings[0]
    return target, actuals, years


def _consecutive_years(text: str) -> tuple[list[str], str]:
    """`H26H27H28H29H30R110` → ([H26 … R1], "10"): each year the one after the year before."""
    years: list[str] = []
    at = 0
    expected: int | None = None
    while m := re.match(r"([HR])(\d{1,2})", text[at:]):
        options = [(m[1], m[2])] + ([(m[1], m[2][0])] if len(m[2]) == 2 else [])
        taken = None
        for era, digits in options:
            year = _ERA_START[era] + int(digits)
            if expected is None or year == expected:
                taken = (era + digits, year)
                break
        if taken is None:
            break
        years.append(taken[0])
        expected = taken[1] + 1
        at += len(taken[0])
    return years, text[at:].replace(",", "")


def _splits(run: str, rates: list[Decimal], target: Decimal) -> list[list[Decimal]]:
    """Every way the glued run reads as one actual per rate, in order, each checking; what is left
    over may be nothing or one rate (the next block's, glued on)."""
    out: list[list[Decimal]] = []

    def walk(at: int, done: list[Decimal]) -> None:
        if len(done) == len(rates):
            left = run[at:]
            if not left or _RATE_RE.fullmatch(left):
                out.append(done)
            return
        for end in range(at + 1, min(at + 9, len(run)) + 1):
            figure = run[at:end]
            if not figure.isdigit() or (len(figure) > 1 and figure[0] == "0"):
                break
            actual = Decimal(figure)
            rate = rates[len(done)]
            if abs(actual / target * 100 - rate) <= _HALF_STEP:
                walk(end, [*done, actual])

    walk(0, [])
    return out


def _period(year: str | None, n: int, era_hint: str | None) -> ix.Period:
    if year and (p := find_period(year + "年度", era_hint)):
        return p
    return ix.Period(label=f"実績{n + 1}")
