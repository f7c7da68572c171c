"""Model fields shared by the domain apps."""

from decimal import Context, Decimal

from django.db import models

from hyoka.precision import DECIMAL_PLACES, MAX_DIGITS


def trim(value: Decimal) -> Decimal:
    """4986.000000 → 4986, 0.424000 → 0.424 (never 1E+5).

    Exact for any finite value, also one stored before the range was checked (1E+30 from an old SQLite
    file): the default context's 28 digits would raise there, and a page would answer 500."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=Context(prec=max(28, value.adjusted() + 2)))
    return value.normalize(context=Context(prec=max(28, len(value.as_tuple().digits))))


class NumberField(models.DecimalField):
    """A value as the document printed it: stored exactly, read back without the column's padding zeros.

    Its size is hyoka.precision's, the rule every door checks; the form field Django derives from it (the admin)
    refuses more digits with a message naming the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else trim(value)


class Dated(models.Model):
    """When a value holds: the label as printed (令和4年度末) and what hyoka.jp reads from it."""

    period_label = models.CharField("時点", max_length=100, blank=True)
    fiscal_year = models.PositiveIntegerField("年度", null=True, blank=True)
    year = models.PositiveIntegerField("年", null=True, blank=True)
    date = models.DateField("日付", null=True, blank=True)

    class Meta:
        abstract = True
