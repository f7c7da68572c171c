"""One entry point for the CLI, the views and the benchmark: a plan, a layout and a format in, file bytes out."""

from __future__ import annotations

import re
from collections.abc import Callable

from hyoka.plans.models import Plan
from hyoka.reports.layouts import LAYOUTS, build_report, default_layout

# format → (label, content type)
FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("PDF", "application/pdf"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "text/html; charset=utf-8"),
}


def render_report(
    plan: Plan,
    *,
    layout: str | None = None,
    fmt: str = "pdf",
    fiscal_year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The report of ``plan`` in ``layout`` (default: the plan's own) as ``fmt`` bytes, as of ``fiscal_year``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    report = build_report(plan, layout, fiscal_year)
    if fmt == "pdf":
        from hyoka.reports.render import pdf as renderer
    elif fmt == "xlsx":
        from hyoka.reports.render import xlsx as renderer
    else:
        from hyoka.reports.render import html as renderer
    return renderer.render(report, progress)


def filename(plan: Plan, layout: str | None, fmt: str, fiscal_year: int | None = None) -> str:
    """report-12-evaluation-2020.pdf: ASCII, so every browser and mail client keeps it."""
    year = f"-{fiscal_year}" if fiscal_year else ""
    name = re.sub(r"[^a-z_]", "", layout or default_layout(plan))
    return f"report-{plan.pk}-{name}{year}.{fmt}"


__all__ = ["FORMATS", "LAYOUTS", "filename", "render_report"]
