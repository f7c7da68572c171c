"""Read a plan back out of the database as a `PlanDocument` (the inverse of the loader).

The whole plan is fetched in a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hyoka import interchange as ix
from hyoka.evaluations.models import DEFAULT_DIRECTIONS, Evaluation, EvaluationScheme
from hyoka.evaluations.visibility import EVERYTHING, Visibility
from hyoka.indicators.models import Indicator, Observation, TargetRevision
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project


def export_document(plan: Plan, *, visibility: Visibility | None = None) -> ix.PlanDocument:
    """The plan as a document; with a ``visibility``, only the observations and evaluations it shows
    (the public open-data download leaves out an opened, unpublished year)."""
    shown = visibility or EVERYTHING
    sections = list(Section.objects.filter(plan=plan).order_by("position"))
    projects = Project.objects.filter(plan=plan).for_document()
    indicators = Indicator.objects.for_plan(plan).order_by("position").with_values()

    projects_by_section: dict[int | None, list[ix.Project]] = defaultdict(list)
    for p in projects:
        evaluations = shown.evaluations(p.evaluations.all())
        projects_by_section[p.section_id].append(project_document(p, evaluations))
    indicators_by_section: dict[int | None, list[ix.Indicator]] = defaultdict(list)
    for k in indicators:
        observations = shown.observations(k, k.observation_list)
        indicators_by_section[k.section_id].append(indicator_document(k, observations))
    children: dict[int | None, list[Section]] = defaultdict(list)
    for s in sections:
        children[s.parent_id].append(s)

    def build(section: Section) -> ix.Section:
        return ix.Section(
            number=section.number or None,
            level=section.level,
            title=section.title,
            pages=section.pages or None,
            indicators=indicators_by_section[section.pk],
            projects=projects_by_section[section.pk],
            sections=[build(child) for child in children[section.pk]],
        )

    return ix.PlanDocument(
        schema=ix.SCHEMA,
        municipality=ix.Municipality(
            code=plan.municipality.code, name=plan.municipality.name, prefecture=plan.municipality.prefecture
        ),
        plan=ix.PlanInfo(
            title=plan.title,
            kind=plan.kind,
            start_fy=plan.start_fy,
            end_fy=plan.end_fy,
            version=plan.version,
            section_levels=plan.section_levels,
            source=plan.source or None,
            notes=plan.notes,
        ),
        evaluation_scheme=_scheme(plan),
        indicators=indicators_by_section[None],
        sections=[build(s) for s in children[None]],
        benchmarks=[
            ix.Benchmark(
                indicator=b.indicator,
                area=b.area,
                value=b.value,
                unit=b.unit or None,
                period=_period(b.period_label, b),
                source=b.source or None,
            )
            for b in plan.benchmarks.order_by("position")
        ],
        revisions=[
            ix.Revision(section=r.section, pages=r.pages or None, points=r.points, notes=r.notes)
            for r in plan.revisions.order_by("position")
        ],
    )


def _scheme(plan: Plan) -> ix.EvaluationScheme | None:
    scheme = EvaluationScheme.objects.filter(plan=plan).prefetch_related("grades", "achievement_levels").first()
    if scheme is None:
        return None
    return ix.EvaluationScheme(
        legend_text=scheme.legend_text or None,
        grades=[ix.Grade(code=g.code, label=g.label or None) for g in scheme.grades.all()],
        achievement_levels=[
            ix.AchievementLevel(
                code=a.code, label=a.label or None, min_percent=a.min_percent, max_percent=a.max_percent
            )
            for a in scheme.achievement_levels.all()
        ],
        directions=list(scheme.directions) if scheme.directions and scheme.directions != DEFAULT_DIRECTIONS else None,
        unit_cost_per_person_year=scheme.unit_cost_per_person_year,
    )


def _cost(e: Evaluation) -> ix.EvaluationCost | None:
    if e.budget_amount is None and e.settlement_amount is None and e.person_years is None:
        return None
    return ix.EvaluationCost(budget=e.budget_amount, settlement=e.settlement_amount, person_years=e.person_years)


def _viewpoints(e: Evaluation) -> list[ix.Viewpoint]:
    return [
        ix.Viewpoint(name=v["key"], grade=v["grade"] or None, comment=v["comment"] or None)
        for v in e.viewpoints()
        if v["grade"] or v["comment"]
    ]


def project_document(p: Project, evaluations: list[Evaluation]) -> ix.Project:
    return ix.Project(
        number=p.number or None,
        name=p.name,
        description=p.description or None,
        status=p.status or None,
        departments=[link.department.name for link in p.department_links.all()],
        budget_items=[
            ix.BudgetItem(
                code=link.budget_item.code or None,
                name=link.budget_item.name,
                department=link.department.name if link.department else None,
            )
            for link in p.budget_links.all()
        ],
        policy_refs=p.policy_refs,
        attachments=[ix.Attachment(title=a.title, kind=a.kind, uri=a.uri or None) for a in p.attachments.all()],
        evaluations=[
            ix.Evaluation(
                fiscal_year=e.fiscal_year,
                state=e.status,
                grade=e.grade.code if e.grade else None,
                achievement=e.achievement.code if e.achievement else None,
                narrative=e.narrative or None,
                future_direction=e.future_direction or None,
                direction=e.direction or None,
                cost=_cost(e),
                viewpoints=_viewpoints(e) or None,
                committee_opinion=e.committee_opinion or None,
                city_response=e.city_response or None,
                references=e.references,
                metrics=[
                    ix.Metric(
                        name=m.name,
                        value=m.value,
                        unit=m.unit or None,
                        period=_period(m.period_label, m),
                        text=m.text or None,
                        before=ix.Observation.model_validate(m.before) if m.before else None,
                        delta_text=m.delta_text or None,
                    )
                    for m in e.metrics.all()
                ],
            )
            for e in evaluations
        ],
        notes=p.notes,
    )


def indicator_document(k: Indicator, observations: list[Observation]) -> ix.Indicator:
    baseline = None
    if k.baseline_value is not None or k.baseline_text or k.baseline_label:
        baseline = ix.Baseline(
            value=k.baseline_value, text=k.baseline_text or None, period=_period(k.baseline_label, k, "baseline_")
        )
    target = None
    if k.target_value is not None or k.target_text or k.target_label or k.target_comparator:
        target = ix.Target(
            value=k.target_value,
            comparator=k.target_comparator or None,
            text=k.target_text or None,
            period=_period(k.target_label, k, "target_"),
        )
    return ix.Indicator(
        name=k.name,
        unit=k.unit or None,
        direction=k.direction,
        baseline=baseline,
        target=target,
        observations=[
            ix.Observation(
                value=o.value,
                period=_period(o.period_label, o),
                # a value the database could not read (NaN written by hand, logged by NumberField) leaves a
                # final observation without one, which hyoka.plan/1 cannot hold: it awaits a value again
                status=o.status if o.value is not None or o.status in ("pending", "not_applicable") else "pending",
                text=o.text or None,
                note=o.note or None,
            )
            for o in observations
        ],
        stated_delta=ix.StatedDelta(value=k.stated_delta_value, text=k.stated_delta_text)
        if k.stated_delta_text
        else None,
        target_revisions=[_target_revision(r) for r in k.revision_list],  # read by with_values
        project_number=k.project.number if k.project else None,
        definition=k.definition or None,
        source=k.source or None,
        notes=k.notes,
    )


def _target_revision(r: TargetRevision) -> ix.TargetRevision:
    def target(prefix: str) -> ix.Target:
        label, fiscal_year = getattr(r, f"{prefix}label"), getattr(r, f"{prefix}fiscal_year")
        return ix.Target(
            value=getattr(r, f"{prefix}value"),
            comparator=getattr(r, f"{prefix}comparator") or None,
            text=getattr(r, f"{prefix}text") or None,
            period=ix.Period(label=label, fiscal_year=fiscal_year) if label or fiscal_year else None,
        )

    return ix.TargetRevision(
        before=target("before_"),
        after=target("after_"),
        effective_from_fy=r.effective_from_fy,
        decided=r.decided,
        reason=r.reason,
    )


def _period(label: str, row: Any, prefix: str = "") -> ix.Period | None:
    fiscal_year = getattr(row, f"{prefix}fiscal_year")
    year = getattr(row, f"{prefix}year")
    date = getattr(row, f"{prefix}date")
    if not label and fiscal_year is None and year is None and date is None:
        return None
    return ix.Period(label=label, fiscal_year=fiscal_year, year=year, date=date)
