"""The numbers Hyoka can store: one rule for every door (hyoka.plan/1, the loader, the cycle forms, the admin).

Every number column is DECIMAL(20, 6) (`hyoka.plans.fields.NumberField`): at most 14 digits before the
decimal point and 6 after. A value past either is refused with a message, never rounded: Hyoka stores a
value as the document printed it, so 0.1234567 is an error to fix, not a silent 0.123457. Pure Python, no
Django, so readers and `hyoka.interchange` use it too.
"""

from __future__ import annotations

from decimal import Decimal

MAX_DIGITS = 20
DECIMAL_PLACES = 6
INTEGER_DIGITS = MAX_DIGITS - DECIMAL_PLACES  # 14: up to 99,999,999,999,999 (about 100 兆)


def number_problem(value: Decimal | int | float) -> str | None:
    """Why `value` cannot be stored (English, for documents and the command line), or None if it can."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return f"{number} is not a number Hyoka can store"
    _, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > INTEGER_DIGITS:
        return f"{number} has more than {INTEGER_DIGITS} digits before the decimal point"
    if -exponent > DECIMAL_PLACES:
        return f"{number} has more than {DECIMAL_PLACES} decimal places"
    return None
