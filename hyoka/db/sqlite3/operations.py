"""SQLite operations that read back any number a column holds.

SQLite does not enforce DECIMAL(20, 6): a value written before Hyoka checked the range (1E+15 from an import,
100000000000000 from a form) is stored, and Django's converter then raises decimal.InvalidOperation on every
read, so each page showing it answers 500 and nobody can open the entry to fix it. Here such a value is read
as the number it is; PostgreSQL refuses it on write, so its reads need no such care.
"""

from __future__ import annotations

import decimal
import logging
from collections.abc import Callable
from typing import Any

from django.db.backends.sqlite3 import operations

logger = logging.getLogger("hyoka.db")


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression) -> Callable[..., Any]:
        strict = super().get_decimalfield_converter(expression)
        exact = decimal.Context(prec=15).create_decimal_from_float  # SQLite's REAL has 15 significant digits

        def converter(value, expression, connection):
            try:
                return strict(value, expression, connection)
            except (decimal.InvalidOperation, TypeError, ValueError):
                return _out_of_range(value, expression, exact)

        return converter


def _out_of_range(value: Any, expression: Any, exact: Callable[[Any], decimal.Decimal]) -> decimal.Decimal | None:
    """The stored number as it is, unquantized; None (logged) for what is no number at all (text in the column)."""
    try:
        number = exact(value) if isinstance(value, float) else decimal.Decimal(str(value))
    except (decimal.InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite():
        logger.warning("unreadable number %r in %s, read as none", value, getattr(expression, "target", expression))
        return None
    logger.warning("number out of range %s in %s", number, getattr(expression, "target", expression))
    return number
