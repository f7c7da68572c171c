"""One entry point for the CLI, the views and the benchmark: a plan, a layout and a format in, file bytes out."""

from __future__ import annotations

import re
from collections.abc import Callable

from hyoka.evaluations.models import EvaluationCycle
from hyoka.plans.models import Plan
from hyoka.reports.data import default_fiscal_year
from hyoka.reports.layouts import LAYOUTS, build_report, default_layout
from hyoka.reports.model import DRAFT_MARK

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
    """The report of ``plan`` in ``layout`` (default: the plan's own) as ``fmt`` bytes, as of ``fiscal_year``
    (default: the latest published year); a year not published is marked 案 on every page."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    fy = report_year(plan, fiscal_year)
    report = build_report(plan, layout, fy)
    report.draft = is_unpublished(plan, fy)
    if fmt == "pdf":
        from hyoka.reports.render import pdf as renderer
    elif fmt == "xlsx":
        from hyoka.reports.render import xlsx as renderer
    else:
        from hyoka.reports.render import html as renderer
    return renderer.render(report, progress)


def report_year(plan: Plan, fiscal_year: int | None = None) -> int | None:
    """The year a report prints: the one asked for, else the latest published, else (no year published:
    figures read from the city's documents, or a first cycle still open) the latest year with figures."""
    if fiscal_year is not None:
        return fiscal_year
    published = EvaluationCycle.objects.filter(plan=plan, published_at__isnull=False, reopened_at__isnull=True)
    latest = published.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    return latest if latest is not None else default_fiscal_year(plan)


def is_unpublished(plan: Plan, fiscal_year: int | None) -> bool:
    """An opened year not yet published, or one reopened to correct it: its figures are a draft (案).
    A year no cycle was opened for holds figures from the city's published documents."""
    cycles = EvaluationCycle.objects.filter(plan=plan, fiscal_year=fiscal_year)
    return fiscal_year is not None and cycles.exclude(published_at__isnull=False, reopened_at__isnull=True).exists()


def filename(plan: Plan, layout: str | None, fmt: str, fiscal_year: int | None = None) -> str:
    """report-12-evaluation-2020.pdf: ASCII, so every browser and mail client keeps it."""
    year = f"-{fiscal_year}" if fiscal_year else ""
    name = re.sub(r"[^a-z_]", "", layout or default_layout(plan))
    return f"report-{plan.pk}-{name}{year}.{fmt}"


__all__ = ["DRAFT_MARK", "FORMATS", "LAYOUTS", "filename", "is_unpublished", "render_report", "report_year"]
