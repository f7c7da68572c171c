"""Full-text search across plans, sections, projects, KPIs and evaluation narratives.

``icontains`` over the fields, which works for Japanese substrings (子ども食堂, ネウボラ) on SQLite
and PostgreSQL alike with no tokenizer. The query is NFKC-normalised, and each word is also looked
for in its full-width form, because city documents print ３歳児 and ＢＣＧ where a reader types 3歳児:
either spelling finds both. Every word must match (AND). One query per kind of result, each capped,
so the page costs the same on any amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hyoka.accounts.access import sees_unpublished
from hyoka.evaluations.models import Evaluation, PublishedEvaluation
from hyoka.indicators.models import Indicator
from hyoka.jp import format_fiscal_year
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project
from hyoka.web.highlight import normalise, snippet

CAP = 20  # results per kind; the page says when there were more
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}  # ASCII ! … ~ → ！ … ～


def query_words(q: str) -> list[str]:
    return normalise(q).split()[:10]


def spellings(word: str) -> set[str]:
    """The word as typed (normalised) and in full-width letters and digits, lower and upper case:
    SQLite's LIKE ignores case for ASCII only, so ＢＣＧ is not found as ｂｃｇ there."""
    return {word, word.translate(_FULL_WIDTH), word.upper().translate(_FULL_WIDTH)}


def _matching(fields: list[str], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            for spelling in spellings(word):
                any_field |= Q(**{f"{name}__icontains": spelling})
        condition &= any_field
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
    counts: dict[str, int]  # hits per kind, at most CAP
    truncated: list[str]  # kinds that had more than CAP hits

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(q: str, user) -> SearchResult:
    words = query_words(q)
    if not words:
        return SearchResult(q, [], {}, [])
    staff = sees_unpublished(user)
    plans = Plan.objects.all() if staff else Plan.objects.published()
    evaluations = Evaluation.objects.all() if staff else Evaluation.objects.public()

    def mark(text: str) -> SafeString:
        return mark_safe(snippet(text, words))  # noqa: S308 - snippet() escapes the text itself

    found: dict[str, list[tuple[Plan, Hit]]] = {}
    found["plan"] = [
        (p, Hit(str(p), reverse("plan-detail", args=[p.pk]), mark(str(p))))
        for p in plans.select_related("municipality").filter(_matching(["title", "version"], words))[: CAP + 1]
    ]
    found["section"] = [
        (s.plan, Hit(str(s), reverse("plan-detail", args=[s.plan_id]) + f"#section-{s.pk}", mark(s.title)))
        for s in Section.objects.filter(plan__in=plans)
        .filter(_matching(["title"], words))
        .select_related("plan", "plan__municipality")
        .order_by("plan_id", "position")[: CAP + 1]
    ]
    found["project"] = [
        (
            p.plan,
            Hit(
                str(p),
                reverse("project-detail", args=[p.plan_id, p.pk]),
                mark(p.description if any(normalise(w) in normalise(p.description) for w in words) else p.name),
            ),
        )
        for p in Project.objects.filter(plan__in=plans)
        .filter(_matching(["name", "description", "number"], words))
        .select_related("plan", "plan__municipality")
        .order_by("plan_id", "position")[: CAP + 1]
    ]
    found["indicator"] = [
        (k.plan, Hit(k.name, reverse("indicator-detail", args=[k.plan_id, k.pk]), mark(k.definition or k.name)))
        for k in Indicator.objects.filter(plan__in=plans)
        .filter(_matching(["name", "definition"], words))
        .select_related("plan", "plan__municipality")
        .order_by("plan_id", "position")[: CAP + 1]
    ]
    entries = [
        (e.project, e.fiscal_year, e.narrative, e.future_direction)
        for e in evaluations.filter(project__plan__in=plans)
        .filter(_matching(["narrative", "future_direction"], words))
        .select_related("project", "project__plan", "project__plan__municipality")
        .order_by("project__plan_id", "project__position", "fiscal_year")[: CAP + 1]
    ]
    if not staff:  # a reopened year is found by what the public reads of it, its published copy
        entries += [
            (c.evaluation.project, c.evaluation.fiscal_year, c.narrative, c.future_direction)
            for c in PublishedEvaluation.objects.public()
            .filter(_matching(["narrative", "future_direction"], words))
            .select_related("evaluation__project__plan__municipality")[: CAP + 1]
        ]
        entries.sort(key=lambda x: (x[0].plan_id, x[0].position, x[1]))
    found["evaluation"] = [
        (
            project.plan,
            Hit(
                f"{project}（{format_fiscal_year(fy)}）",
                reverse("project-detail", args=[project.plan_id, project.pk]) + f"#fy-{fy}",
                mark(narrative if any(normalise(w) in normalise(narrative) for w in words) else future),
            ),
        )
        for project, fy, narrative, future in entries
    ]
    groups: dict[int, PlanGroup] = {}
    for kind, _label in KINDS:
        for plan, hit in found[kind][:CAP]:
            groups.setdefault(plan.pk, PlanGroup(plan)).kinds.setdefault(kind, []).append(hit)
    return SearchResult(
        q=q,
        groups=sorted(groups.values(), key=lambda g: g.plan.pk),
        counts={kind: min(len(found[kind]), CAP) for kind, _ in KINDS},
        truncated=[kind for kind, _ in KINDS if len(found[kind]) > CAP],
    )
