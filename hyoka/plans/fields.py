"""Model fields shared by the domain apps."""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hyoka.jp.matching import normalise
from hyoka.precision import DECIMAL_PLACES, FIRST_YEAR, LAST_YEAR, MAX_DIGITS, trim

__all__ = [
    "Dated",
    "ManyChoiceField",
    "NumberField",
    "SearchTextField",
    "Searchable",
    "YearField",
    "trim",
]  # trim: hyoka.precision's, kept importable from here

logger = logging.getLogger("hyoka.db")


class NumberField(models.DecimalField):
    """A value as the document printed it: stored exactly, read back without the column's padding zeros.

    Its size is hyoka.precision's, the rule every door checks; the form field Django derives from it (the admin)
    refuses more digits with a message naming the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is not None and not value.is_finite():  # NaN written into PostgreSQL by hand: no number at all,
            logger.warning("unreadable number %s in %s, read as none", value, self)  # as SQLite's backend reads it
            return None
        return None if value is None else trim(value)


class YearField(models.PositiveIntegerField):
    """A 年度 or calendar year, within hyoka.precision's years (明治元年 to 2200): the forms and the admin Django
    derives from it refuse 20240 beside the field, so no page has to print a year no era can name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": FIRST_YEAR, "max_value": LAST_YEAR, **kwargs})


class SearchTextField(models.TextField):
    """What search compares: the row's `sources` (name first), one a line, NFKC-normalised and case-folded as
    search normalises a query (ＢＣＧ, ﾈｳﾎﾞﾗ and bcg, ネウボラ alike). Written on every save and bulk_create, so
    one column, trigram-indexed on PostgreSQL, answers each word; where a word stands in it ranks the hit."""

    def __init__(self, *args, sources: tuple[str, ...] = (), **kwargs):
        self.sources = tuple(sources)
        kwargs.update(editable=False, blank=True, default="")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, path, args, {**kwargs, "sources": self.sources}

    def text_of(self, instance: models.Model) -> str:
        return normalise("\n".join(str(getattr(instance, source) or "") for source in self.sources))

    def pre_save(self, model_instance, add):
        value = self.text_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class Searchable(models.Model):
    """A model with a `search_text` (SearchTextField): saving any of its sources saves it too."""

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and set(update_fields) & set(self._meta.get_field("search_text").sources):
            update_fields = {*update_fields, "search_text"}
        super().save(*args, update_fields=update_fields, **kwargs)


class Dated(models.Model):
    """When a value holds: the label as printed (令和4年度末) and what hyoka.jp reads from it."""

    period_label = models.CharField("時点", max_length=100, blank=True)
    fiscal_year = YearField("年度", null=True, blank=True)
    year = YearField("年", null=True, blank=True)
    date = models.DateField("日付", null=True, blank=True)

    class Meta:
        abstract = True


class ManyChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of several rows (所管課), refusing an id no integer column holds with the field's own message.

    Django looks each posted id up as it is; on SQLite one past 64 bits (99999999999999999999) raises
    OverflowError from the driver, a 500 where a hand-edited form deserves "not one of the choices"."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip().lstrip("+-")
            if text.isdecimal() and len(text) > 18:  # 10**18 < 2**63: no id of any table
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
