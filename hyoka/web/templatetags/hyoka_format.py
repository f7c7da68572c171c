"""Template tags that print numbers the way a city's documents do (4,962事業所, △24事業所, 令和4年度)."""

from django import template
from django.utils.translation import get_language

from hyoka.jp import format_cell
from hyoka.web import fragments
from hyoka.web.dashboard import year_label

register = template.Library()


@register.simple_tag
def quantity(value, unit="", text=""):
    """{% quantity value unit text %}: the value with its unit, else the printed text, else —."""
    return format_cell(None if value in (None, "") else value, unit or None, text or None)


@register.filter
def fiscal_year(value):
    """令和6年度 in Japanese, FY2024 in English."""
    return year_label(value) if value else ""


@register.filter
def explained(progress):
    """The engine's sentence on a KPI's progress in the page's language ({{ row.progress|explained }})."""
    return progress.explained(get_language() or "ja") if progress is not None else ""


# The plan page's repeated parts (hyoka.web.fragments): {% kpi_cards cards plan %}, {% kpi_table cards %},
# {% projects_table lines project_columns %}, {% plan_sections sections plan year.chosen project_columns %}.


@register.simple_tag
def kpi_cards(cards, plan):
    return fragments.kpi_cards(cards, plan.municipality.name)


@register.simple_tag
def kpi_table(cards):
    return fragments.kpi_table(cards)


@register.simple_tag
def projects_table(lines, columns):
    return fragments.projects_table(lines, columns)


@register.simple_tag
def plan_sections(sections, plan, fiscal_year, columns):
    return fragments.plan_sections(sections, plan.municipality.name, fiscal_year, columns)


@register.simple_tag
def status_badge(status, explanation=""):
    """{% status_badge status explanation %}: a KPI's status badge and, when given, why."""
    return fragments.status_badge(status, explanation)
