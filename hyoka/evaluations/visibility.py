"""What a reader may see of a plan's yearly results (公開範囲).

Staff and reviewers see everything. The public sees a published plan's results except those of a
year the planning office has opened and not yet published, and, in a published year, only the
approved entries (an entry approved after publication appears once approved). A KPI of a project
follows its project's entry; a KPI of no project follows its year. Years no cycle was opened for
(figures loaded from the city's own published documents) are public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hyoka.accounts.access import sees_unpublished
from hyoka.evaluations.models import Evaluation, EvaluationCycle


@dataclass(frozen=True)
class Visibility:
    everything: bool = True
    hidden_years: frozenset[int] = field(default_factory=frozenset)  # opened, not published
    published_years: frozenset[int] = field(default_factory=frozenset)
    unapproved: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (project id, year)

    def shows_year_of(self, fiscal_year: int | None, project_id: int | None) -> bool:
        if self.everything or fiscal_year is None:
            return True
        if fiscal_year in self.hidden_years:
            return False
        if fiscal_year in self.published_years and project_id is not None:
            return (project_id, fiscal_year) not in self.unapproved
        return True

    def shows_evaluation(self, evaluation: Evaluation) -> bool:
        return self.shows_year_of(evaluation.fiscal_year, evaluation.project_id)

    def shows_observation(self, observation, indicator) -> bool:
        return self.shows_year_of(observation.fiscal_year or observation.year, indicator.project_id)


EVERYTHING = Visibility()


def visibility_for(plan, user) -> Visibility:
    """Two queries: the plan's cycles, and the entries not approved in its published years."""
    if sees_unpublished(user):
        return EVERYTHING
    cycles = list(EvaluationCycle.objects.filter(plan=plan).values_list("fiscal_year", "published_at"))
    published = frozenset(fy for fy, at in cycles if at is not None)
    hidden = frozenset(fy for fy, at in cycles if at is None)
    unapproved = frozenset(
        Evaluation.objects.filter(project__plan=plan, fiscal_year__in=published)
        .exclude(status=Evaluation.Status.APPROVED)
        .values_list("project_id", "fiscal_year")
        if published
        else ()
    )
    return Visibility(everything=False, hidden_years=hidden, published_years=published, unapproved=unapproved)
