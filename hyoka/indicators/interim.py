"""Interim targets (中間目標) as the planning office types them, one year a line: pure, no Django.

    令和7年度 5,010
    2026 5030

A year is a fiscal year in 西暦 (2026) or as the city prints it (令和8年度, R8年度); the value is read like
any KPI value (1,234 / １２３４ / △5). Stored on the KPI as ``[{"fiscal_year": 2025, "value": "5010"}, …]``
(``Indicator.interim_targets``) and given to the engine as (year, value) pairs (``IndicatorSpec.interim``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from hyoka.jp import QuantityError, format_fiscal_year, format_quantity, parse_period, parse_quantity

_LINE = re.compile(r"^\s*(?P<year>\S+)[\s　:：、,]+(?P<value>.+?)\s*$")


class InterimError(ValueError):
    """A line that cannot be read: ``problem`` (shape, year, value, twice), the line's number and the text at fault;
    the form words it in the page's language."""

    def __init__(self, problem: str, line: int, text: str) -> None:
        super().__init__(f"line {line}: {problem} {text!r}")
        self.problem, self.line, self.text = problem, line, text


def parse_interim_lines(text: str) -> list[tuple[int, Decimal]]:
    """The lines as (fiscal year, value), ordered by year; a year twice is refused."""
    found: dict[int, Decimal] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if m is None:
            raise InterimError("shape", number, line.strip())
        year = _fiscal_year(m["year"])
        if year is None:
            raise InterimError("year", number, m["year"])
        try:
            value = parse_quantity(m["value"]).value
        except QuantityError:
            value = None
        if value is None:
            raise InterimError("value", number, m["value"])
        if year in found:
            raise InterimError("twice", number, format_fiscal_year(year))
        found[year] = value
    return sorted(found.items())


def _fiscal_year(text: str) -> int | None:
    if text.isdigit() and len(text) == 4:
        return int(text)
    label = text if text.endswith("年度") else f"{text}年度"
    try:
        return parse_period(label).fiscal_year
    except ValueError:
        return None


def stored(pairs: Iterable[tuple[int, Decimal]]) -> list[dict]:
    """The JSON the KPI keeps (values as text, so no float ever rounds them)."""
    return [{"fiscal_year": year, "value": format(value.normalize(), "f")} for year, value in pairs]


def pairs_of(data: Iterable[Mapping]) -> tuple[tuple[int, Decimal], ...]:
    """The stored JSON as (fiscal year, value) pairs; a malformed item is skipped, never raised on."""
    out = []
    for item in data or ():
        try:
            out.append((int(item["fiscal_year"]), Decimal(str(item["value"]))))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            continue
    return tuple(sorted(out))


def as_lines(pairs: Iterable[tuple[int, Decimal]]) -> str:
    """What the form shows: one year a line, as the parser reads it back."""
    return "\n".join(f"{format_fiscal_year(year)} {_plain(value)}" for year, value in pairs)


def as_text(pairs: Iterable[tuple[int, Decimal]], unit: str | None = None) -> str:
    """One line for history and pages: 令和7年度 5,010事業所、令和8年度 5,030事業所."""
    return "、".join(f"{format_fiscal_year(year)} {format_quantity(value, unit)}" for year, value in pairs)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
