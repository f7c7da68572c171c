"""``{% report_layouts plan as layouts %}``: every layout of a plan with a download link per format."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from hyoka.plans.models import Plan
from hyoka.reports.layouts import LAYOUTS, default_layout
from hyoka.reports.output import FORMATS

register = template.Library()


@register.simple_tag
def report_layouts(plan: Plan) -> list[dict[str, Any]]:
    default = default_layout(plan)
    return [
        {
            "name": name,
            "label": module.LABEL,
            "default": name == default,
            "links": [
                {"url": reverse("reports:download", args=[plan.pk, name, fmt]), "label": label, "format": fmt}
                for fmt, (label, _type) in FORMATS.items()
            ],
        }
        for name, module in LAYOUTS.items()
    ]


@register.simple_tag
def report_formats() -> list[tuple[str, str]]:
    return [(fmt, label) for fmt, (label, _type) in FORMATS.items()]
