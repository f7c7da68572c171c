"""Japanese conventions for plan documents: 元号, 年度, period labels, printed numbers,
change phrases and textual targets.  Pure Python, no Django."""

from .deltas import delta_phrase, parse_delta_phrase
from .eras import (
    ERAS,
    Era,
    era_of,
    fiscal_year_bounds,
    fiscal_year_of,
    format_era_year,
    format_fiscal_year,
    get_era,
    to_gregorian_year,
)
from .numbers import Quantity, QuantityError, format_cell, format_number, format_quantity, parse_quantity
from .periods import Period, parse_period, period_sort_key
from .targets import TargetSpec, infer_direction, parse_target

__all__ = [
    "ERAS",
    "Era",
    "Period",
    "Quantity",
    "QuantityError",
    "TargetSpec",
    "delta_phrase",
    "era_of",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_era_year",
    "format_fiscal_year",
    "format_cell",
    "format_number",
    "format_quantity",
    "get_era",
    "infer_direction",
    "parse_delta_phrase",
    "parse_period",
    "parse_quantity",
    "parse_target",
    "period_sort_key",
    "to_gregorian_year",
]
