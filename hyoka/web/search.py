"""Search across plans, sections, projects, KPIs and evaluation narratives: ranked, paged, one query per kind.

Each searchable row keeps a `search_text` (hyoka.plans.fields.SearchTextField): its fields NFKC-normalised and
case-folded, name first. A query is normalised the same way, so ３歳児 finds 3歳児 and ﾈｳﾎﾞﾗ finds ネウボラ with
one plain substring test per word (every word must match), which a trigram index answers on PostgreSQL
(hyoka/web/migrations/0003) and SQLite scans. Hits rank by where the first word stands: in a name before a
description, at its start before its middle. The overview shows the first 20 of each kind; a kind's own pages
show them all, 20 at a time, with the count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hyoka.accounts.access import sees_unpublished
from hyoka.evaluations.models import Evaluation, PublishedEvaluation
from hyoka.indicators.models import Indicator
from hyoka.jp import format_fiscal_year
from hyoka.jp.matching import normalise
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project
from hyoka.web.highlight import snippet

CAP = 20  # results per kind on the overview, and per page of one kind


def query_words(q: str) -> list[str]:
    return normalise(q).split()[:10]


def _matching(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return condition


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString


# (key, label) in the order the page shows them
KINDS = [
    ("plan", _("計画")),
    ("section", _("施策体系")),
    ("project", _("事業")),
    ("indicator", _("指標")),
    ("evaluation", _("評価")),
]


@dataclass
class PlanGroup:
    plan: Plan
    kinds: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def parts(self) -> list[tuple[str, str, list[Hit]]]:
        """(key, label, hits) in the page's order, kinds without hits left out."""
        return [(key, label, self.kinds[key]) for key, label in KINDS if key in self.kinds]


@dataclass
class SearchResult:
    q: str
    groups: list[PlanGroup]
    counts: dict[str, int]  # hits shown per kind
    truncated: list[str]  # kinds with more hits than the overview shows
    kind: str | None = None  # one kind's pages, or None for the overview
    page: Page | None = None  # with `kind`: the page shown, its paginator's count the kind's hits in all

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else sum(self.counts.values())

    @property
    def kind_label(self) -> str:
        return str(dict(KINDS)[self.kind]) if self.kind else ""

    @property
    def more(self) -> list[tuple[str, str]]:
        """(key, label) of the kinds the overview cut short, each a link to its own pages."""
        return [(key, label) for key, label in KINDS if key in self.truncated]


class _Ranked:
    """One kind's ranked querysets as one list for Django's Paginator: a count, and slices best first."""

    def __init__(self, querysets: list[QuerySet]) -> None:
        self.querysets = querysets

    def count(self) -> int:
        return sum(qs.count() for qs in self.querysets)

    def __getitem__(self, part: slice) -> list:
        return _best_first(self.querysets, part.stop)[part.start :]


def _sources(words: list[str], user) -> dict[str, list[QuerySet]]:
    """Each kind's matching rows, best first: one query each (the public's evaluations come from two)."""
    staff = sees_unpublished(user)
    plans = Plan.objects.all() if staff else Plan.objects.published()
    evaluations = Evaluation.objects.all() if staff else Evaluation.objects.public()

    def ranked(rows: QuerySet, *order: str) -> QuerySet:
        rows = rows.filter(_matching(words)).annotate(rank=StrIndex("search_text", Value(words[0])))
        return rows.order_by("rank", *order)

    sources = {
        "plan": [ranked(plans.select_related("municipality"), "pk")],
        "section": [ranked(Section.objects.filter(plan__in=plans).select_related("plan__municipality"), "plan_id", "position")],
        "project": [ranked(Project.objects.filter(plan__in=plans).select_related("plan__municipality"), "plan_id", "position")],
        "indicator": [ranked(Indicator.objects.filter(plan__in=plans).select_related("plan__municipality"), "plan_id", "position")],
        "evaluation": [
            ranked(
                evaluations.filter(project__plan__in=plans).select_related("project__plan__municipality"),
                "project__plan_id", "project__position", "fiscal_year",
            )
        ],
    }  # fmt: skip
    if not staff:  # a reopened year is found by what the public reads of it, its published copy
        sources["evaluation"].append(
            ranked(PublishedEvaluation.objects.public().select_related("evaluation__project__plan__municipality"), "pk")
        )
    return sources


def _hit(kind: str, row, words: list[str]) -> tuple[Plan, Hit]:
    def mark(text: str) -> SafeString:
        return mark_safe(snippet(text, words))  # noqa: S308 - snippet() escapes the text itself

    def either(first: str, second: str) -> str:
        return first if any(w in normalise(first) for w in words) else second

    if kind == "plan":
        return row, Hit(str(row), reverse("plan-detail", args=[row.pk]), mark(str(row)))
    if kind == "section":
        return row.plan, Hit(
            str(row), reverse("plan-detail", args=[row.plan_id]) + f"#section-{row.pk}", mark(row.title)
        )
    if kind == "project":
        url = reverse("project-detail", args=[row.plan_id, row.pk])
        return row.plan, Hit(str(row), url, mark(either(row.description, row.name)))
    if kind == "indicator":
        url = reverse("indicator-detail", args=[row.plan_id, row.pk])
        return row.plan, Hit(row.name, url, mark(row.definition or row.name))
    entry = row.evaluation if isinstance(row, PublishedEvaluation) else row
    project, fy = entry.project, entry.fiscal_year
    url = reverse("project-detail", args=[project.plan_id, project.pk]) + f"#fy-{fy}"
    title = f"{project}（{format_fiscal_year(fy)}）"
    return project.plan, Hit(title, url, mark(either(row.narrative, row.future_direction)))


def _best_first(querysets: list[QuerySet], limit: int) -> list:
    """The first `limit` rows of one kind's querysets together, by rank (each is ranked already)."""
    rows = chain.from_iterable(qs[:limit] for qs in querysets)
    return sorted(rows, key=lambda row: row.rank)[:limit] if len(querysets) > 1 else list(rows)


def _grouped(hits: list[tuple[str, Plan, Hit]]) -> list[PlanGroup]:
    """Hits by plan, plans in the order their best hit comes."""
    groups: dict[int, PlanGroup] = {}
    for kind, plan, hit in hits:
        groups.setdefault(plan.pk, PlanGroup(plan)).kinds.setdefault(kind, []).append(hit)
    return list(groups.values())


def search(q: str, user, kind: str | None = None, page: str | int | None = None) -> SearchResult:
    """The overview (a few hits of every kind), or with `kind` one page of that kind's hits and their count
    (`page` as the request gave it: a page past the last, or not a number, shows the last or the first)."""
    words = query_words(q)
    if not words:
        return SearchResult(q, [], {}, [], kind=kind)
    sources = _sources(words, user)
    if kind in sources:
        shown = Paginator(_Ranked(sources[kind]), CAP).get_page(page)
        hits = [(kind, *_hit(kind, row, words)) for row in shown.object_list]
        return SearchResult(q, _grouped(hits), {kind: len(hits)}, [], kind=kind, page=shown)
    found = {key: _best_first(querysets, CAP + 1) for key, querysets in sources.items()}
    hits = [(key, *_hit(key, row, words)) for key, _label in KINDS for row in found[key][:CAP]]
    return SearchResult(
        q=q,
        groups=_grouped(hits),
        counts={key: min(len(found[key]), CAP) for key, _ in KINDS},
        truncated=[key for key, _ in KINDS if len(found[key]) > CAP],
    )
