"""Model fields shared by the domain apps."""

from decimal import Decimal

from django.db import models


def trim(value: Decimal) -> Decimal:
    """4986.000000 → 4986, 0.424000 → 0.424 (never 1E+5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class NumberField(models.DecimalField):
    """A value as the document printed it: stored exactly, read back without the column's padding zeros."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 6)
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
