"""Bring a document read by `hyoka.ingest` into the database: match, preview, apply.

A city imports next year's evaluation of a plan it already has. The incoming projects
and indicators are matched to the existing ones (by number and name, by name, by budget
codes, by number with a similar name) and take their natural keys, so the loader adds the new year's observations and
evaluations to them instead of creating duplicates. Nothing already there is deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction

from hyoka import interchange as ix
from hyoka.indicators.models import Indicator
from hyoka.ingest.base import ReadResult
from hyoka.plans.loader import LoadResult, load_document
from hyoka.plans.models import Municipality, Plan
from hyoka.projects.models import Project


@dataclass(frozen=True)
class Match:
    kind: str  # 事業 / 指標
    incoming: str
    existing: str
    by: str  # what matched: 番号・事業名, 事業名, 予算事務事業コード …


@dataclass
class ImportOutcome:
    document: ix.PlanDocument
    existing_plan: Plan | None
    matches: list[Match]
    load: LoadResult
    applied: bool


def find_municipality(name: str) -> Municipality | None:
    return Municipality.objects.filter(name=name).first()


def municipality_named_in(text: str) -> Municipality | None:
    """The municipality of the database whose name the text mentions first (for files that print it)."""
    best: tuple[int, Municipality] | None = None
    for municipality in Municipality.objects.all():
        at = text.find(municipality.name)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, municipality)
    return best[1] if best else None


def import_document(result: ReadResult, *, apply: bool) -> ImportOutcome:
    """Match the document to what is stored and load it; roll back unless `apply`."""
    doc = result.document.model_copy(deep=True)
    plans = Plan.objects.filter(municipality__code=doc.municipality.code, title=doc.plan.title)
    existing = plans.filter(version=doc.plan.version).first() or plans.order_by("pk").first()
    if existing is not None:
        doc.plan.version = existing.version  # documents seldom print the 期; the stored plan's stands
    matches = _align(doc, existing) if existing else []
    with transaction.atomic():
        load = load_document(doc, prune=False)
        if not apply:
            transaction.set_rollback(True)
    return ImportOutcome(doc, existing, matches, load, applied=apply)


def _align(doc: ix.PlanDocument, plan: Plan) -> list[Match]:
    """Give incoming projects and indicators the natural keys of the stored ones they match."""
    matches: list[Match] = []
    stored = list(Project.objects.filter(plan=plan).prefetch_related("budget_links__budget_item"))
    by_key = {(p.number, p.name): p for p in stored}
    by_name = _unique_index(stored, lambda p: p.name)
    by_codes = _unique_index(stored, _budget_codes)
    by_number = _unique_index(stored, lambda p: p.number or None)
    taken: set[int] = set()
    for incoming in doc.all_projects():
        number, name = incoming.number or "", incoming.name
        codes = frozenset(b.code for b in incoming.budget_items if b.code) or None
        found, by = by_key.get((number, name)), "番号・事業名"
        if found is None and name in by_name:
            found, by = by_name[name], "事業名"
        if found is None and codes and codes in by_codes:
            found, by = by_codes[codes], "予算事務事業コード"
        if found is None and number in by_number and _similar(name, by_number[number].name):
            found, by = by_number[number], "番号（事業名が一部異なる）"
        if found is None or found.pk in taken:
            continue
        taken.add(found.pk)
        incoming.number, incoming.name = found.number or None, found.name
        label = f"{number} {name}".strip()
        matches.append(Match("事業", label, str(found), by))

    stored_indicators = Indicator.objects.filter(plan=plan).select_related("project")
    indicator_keys = {(k.name, k.project.number if k.project else None) for k in stored_indicators}
    for k in doc.all_indicators():
        if (k.name, k.project_number) in indicator_keys:
            matches.append(Match("指標", k.name, k.name, "指標名"))
    return matches


def _similar(a: str, b: str) -> bool:
    """Names that are the same project reworded (…の向上 / …の向上事業), not a different project."""
    return SequenceMatcher(None, a, b).ratio() >= 0.6


def _budget_codes(project: Project) -> frozenset[str] | None:
    return frozenset(link.budget_item.code for link in project.budget_links.all() if link.budget_item.code) or None


def _unique_index(rows, key_of) -> dict:
    """key → row for keys that only one row has (an ambiguous key matches nothing)."""
    counts = Counter(key_of(row) for row in rows)
    return {key_of(row): row for row in rows if key_of(row) is not None and counts[key_of(row)] == 1}
