"""{% kpi_standing indicator plan %}: where the city stands on a KPI linked to a standard indicator, for the KPI
page. A fixed number of queries (the link, then the comparison's), nothing when the KPI has no confirmed link."""

from django import template

from hyoka.catalog import comparison
from hyoka.catalog.models import IndicatorLink

register = template.Library()


@register.inclusion_tag("catalog/_kpi_standing.html")
def kpi_standing(indicator, plan) -> dict:
    link = IndicatorLink.objects.confirmed().filter(indicator_id=indicator.pk).select_related("standard").first()
    if link is None:
        return {"link": None}
    code, prefecture = plan.municipality.code, plan.municipality.prefecture
    c = comparison.compare_indicator(link.standard, around=code)
    return {
        "link": link,
        "c": c,
        "row": c.row_of(code),
        "prefecture": c.prefecture_median(prefecture),
        "benchmarks": comparison.plan_benchmarks_for(indicator, link.standard_id),
        "code": code,
    }
