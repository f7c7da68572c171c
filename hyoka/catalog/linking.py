"""Linking a plan's KPIs to the catalogue: suggest, confirm, reject, choose by hand (the page and `hyoka link`).

Each step keeps who decided and when on the link itself (``decided_by``, ``decided_at``); the evaluations app's
change history has no action for a catalogue link (its actions are the yearly cycle's), so it is not written
there. Every function here runs a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.catalog.suggest import Catalogue, Standard
from hyoka.indicators.models import Indicator


def catalogue() -> Catalogue:
    """The catalogue as the suggestion logic reads it (one query)."""
    return Catalogue(
        Standard(s.code, s.name, s.unit, tuple(s.aliases))
        for s in StandardIndicator.objects.only("code", "name", "unit", "aliases")
    )


@dataclass(frozen=True)
class SuggestResult:
    created: int  # new suggestions
    unmatched: int  # KPIs without a link for which the catalogue has no single fit


@transaction.atomic
def suggest_links(plan_id: int) -> SuggestResult:
    """A suggested link for every KPI of the plan that has no link yet (a rejected or confirmed one is kept)."""
    standards = {s.code: s.pk for s in StandardIndicator.objects.only("pk", "code")}
    found = catalogue()
    new: list[IndicatorLink] = []
    unmatched = 0
    for kpi in Indicator.objects.filter(plan_id=plan_id, standard_link__isnull=True).only("pk", "name", "unit"):
        suggestion = found.suggest(kpi.name, kpi.unit)
        if suggestion is None:
            unmatched += 1
            continue
        new.append(IndicatorLink(indicator=kpi, standard_id=standards[suggestion.code], reason=suggestion.reason))
    IndicatorLink.objects.bulk_create(new)
    return SuggestResult(len(new), unmatched)


def plan_links(plan_id: int) -> list[tuple[Indicator, IndicatorLink | None]]:
    """Every KPI of the plan in its order with its link (or None), in one query."""
    kpis = (
        Indicator.objects.filter(plan_id=plan_id)
        .select_related("section", "standard_link__standard", "standard_link__decided_by")
        .order_by("section__position", "position")
    )
    return [(k, getattr(k, "standard_link", None)) for k in kpis]


def decide(link: IndicatorLink, status: str, by) -> IndicatorLink:
    """Confirm or reject one link (the planning office)."""
    if status not in (IndicatorLink.Status.CONFIRMED, IndicatorLink.Status.REJECTED):
        raise ValueError(f"not a decision: {status}")
    link.status, link.decided_by, link.decided_at = status, by, timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    return link


def link_to(indicator: Indicator, standard: StandardIndicator, by) -> IndicatorLink:
    """The planning office's own choice of standard for a KPI: confirmed at once."""
    link, _ = IndicatorLink.objects.update_or_create(
        indicator=indicator,
        defaults={
            "standard": standard,
            "status": IndicatorLink.Status.CONFIRMED,
            "reason": "企画課が選択",
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    return link


def confirm_all_suggested(plan_id: int, by) -> int:
    """Confirm every suggested link of the plan at once (one query); how many."""
    return IndicatorLink.objects.filter(indicator__plan_id=plan_id, status=IndicatorLink.Status.SUGGESTED).update(
        status=IndicatorLink.Status.CONFIRMED, decided_by=by, decided_at=timezone.now()
    )
