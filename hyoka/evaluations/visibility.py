"""What a reader may see of a plan's yearly results (公開範囲).

Staff and reviewers see everything. The public sees a published plan's results except those of a
year the planning office has opened and not yet published, and, in a published year, only the
approved entries (an entry approved after publication appears once approved). A KPI of a project
follows its project's entry; a KPI of no project follows its year. Years no cycle was opened for
(figures loaded from the city's own published documents) are public, their entries once approved: a
load gives an entry of unknown state (a plan moved between installations, a read document) the state
draft, never approved, so moving a plan never publishes a draft.

A year reopened to correct it (``reopen_year``) shows the public what was published — the year's record
(PublishedEvaluation and PublishedObservation, written by ``publish_year``, see record.py) — until it is
published again.
Every public page, search and download reads entries and KPI values through ``evaluations()`` and
``observations()`` here, so they all follow the same rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hyoka.accounts.access import sees_unpublished
from hyoka.evaluations.models import (
    Evaluation,
    EvaluationCycle,
    PublishedEvaluation,
    PublishedObservation,
)
from hyoka.evaluations.record import as_published
from hyoka.indicators.models import Observation


@dataclass(frozen=True)
class Visibility:
    everything: bool = True
    hidden_years: frozenset[int] = field(default_factory=frozenset)  # opened, not published
    published_years: frozenset[int] = field(default_factory=frozenset)
    unapproved: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (project id, year)
    reopened_years: frozenset[int] = field(default_factory=frozenset)  # the public reads the copies below
    published_evaluations: Mapping[int, PublishedEvaluation] = field(default_factory=dict)  # by evaluation id
    published_observations: Mapping[int, list[PublishedObservation]] = field(default_factory=dict)  # by KPI id

    def shows_year_of(self, fiscal_year: int | None, project_id: int | None) -> bool:
        """Whether the live figures of this year (and project) are shown."""
        if self.everything or fiscal_year is None:
            return True
        if fiscal_year in self.hidden_years or fiscal_year in self.reopened_years:
            return False
        if fiscal_year in self.published_years and project_id is not None:
            return (project_id, fiscal_year) not in self.unapproved
        return True

    def shows_evaluation(self, evaluation: Evaluation) -> bool:
        approved = self.everything or evaluation.status == Evaluation.Status.APPROVED
        return approved and self.shows_year_of(evaluation.fiscal_year, evaluation.project_id)

    def shows_observation(self, observation, indicator) -> bool:
        return self.shows_year_of(observation.fiscal_year or observation.year, indicator.project_id)

    def evaluations(self, evaluations: Iterable[Evaluation]) -> list[Evaluation]:
        """The entries the reader sees, in the given order: a reopened year's as they were published."""
        shown = []
        for e in evaluations:
            if self.shows_evaluation(e):
                shown.append(e)
            elif e.fiscal_year in self.reopened_years and e.pk in self.published_evaluations:
                shown.append(as_published(e, self.published_evaluations[e.pk]))
        return shown

    def observations(self, indicator, observations: Iterable[Observation]) -> list[Observation]:
        """The KPI's values the reader sees, in order: a reopened year's as they were published."""
        shown = [o for o in observations if self.shows_observation(o, indicator)]
        if self.everything or not self.reopened_years:
            return shown
        copies = [_observation_as_published(p, indicator) for p in self.published_observations.get(indicator.pk, [])]
        return sorted(shown + copies, key=lambda o: o.position) if copies else shown


EVERYTHING = Visibility()


def visibility_for(plan, user) -> Visibility:
    """Two queries (two more while a year is reopened): the plan's cycles, the entries not approved in its
    published years, and the published copies of its reopened years."""
    if sees_unpublished(user):
        return EVERYTHING
    cycles = list(
        EvaluationCycle.objects.filter(plan=plan).values_list("pk", "fiscal_year", "published_at", "reopened_at")
    )
    reopened = {pk: fy for pk, fy, _, again in cycles if again is not None}
    published = frozenset(fy for _, fy, at, again in cycles if at is not None and again is None)
    hidden = frozenset(fy for _, fy, at, again in cycles if at is None and again is None)
    unapproved = frozenset(
        Evaluation.objects.filter(project__plan=plan, fiscal_year__in=published)
        .exclude(status=Evaluation.Status.APPROVED)
        .values_list("project_id", "fiscal_year")
        if published
        else ()
    )
    copies: dict[int, PublishedEvaluation] = {}
    values: dict[int, list[PublishedObservation]] = defaultdict(list)
    if reopened:
        copies = {
            p.evaluation_id: p
            for p in PublishedEvaluation.objects.filter(cycle_id__in=reopened).select_related("grade", "achievement")
        }
        for o in PublishedObservation.objects.filter(cycle_id__in=reopened).order_by("position"):
            values[o.indicator_id].append(o)
    return Visibility(
        everything=False,
        hidden_years=hidden,
        published_years=published,
        unapproved=unapproved,
        reopened_years=frozenset(reopened.values()),
        published_evaluations=copies,
        published_observations=dict(values),
    )


def _observation_as_published(p: PublishedObservation, indicator) -> Observation:
    names = ["period_label", "fiscal_year", "year", "date", "value", "status", "text", "note", "position"]
    return Observation(indicator=indicator, **{name: getattr(p, name) for name in names})
