"""Template tags that print numbers the way a city's documents do (4,962事業所, △24事業所, 令和4年度)."""

from django import template
from django.utils.translation import gettext

from hyoka.jp import format_cell, format_fiscal_year
from hyoka.vocabulary import KPI_STATUSES

register = template.Library()


@register.simple_tag
def quantity(value, unit="", text=""):
    """{% quantity value unit text %}: the value with its unit, else the printed text, else —."""
    return format_cell(None if value in (None, "") else value, unit or None, text or None)


@register.filter
def fiscal_year(value):
    return format_fiscal_year(value) if value else ""


@register.filter
def status_label(code):
    """A KPI status code as the reader's language says it (the labels live in hyoka.vocabulary)."""
    term = KPI_STATUSES.get(code)
    return gettext(term.label) if term else ""
