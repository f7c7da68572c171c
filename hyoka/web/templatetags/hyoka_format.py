"""Template filters that print numbers the way a city's documents do (4,962事業所, △24事業所, 令和4年度)."""

from django import template

from hyoka.jp import format_fiscal_year, format_quantity

register = template.Library()


@register.filter
def quantity(value, unit=""):
    if value is None or value == "":
        return "—"
    return format_quantity(value, unit or None)


@register.filter
def fiscal_year(value):
    return format_fiscal_year(value) if value else ""
