"""The plan page's project rows (plain SELECTs) say what the models say, on SQLite and PostgreSQL."""

import pytest

from hyoka.evaluations.models import AchievementLevel, Evaluation, Grade
from hyoka.plans.models import Department
from hyoka.projects.models import BudgetItem, Project, ProjectBudgetItem, ProjectDepartment
from hyoka.projects.summaries import project_summaries

pytestmark = pytest.mark.django_db


def facts_of(e):
    """An entry's printed facts, from an Evaluation or a summary's Entry alike (they share the names)."""
    grade = (e.grade.code, e.grade.label) if e.grade else None
    achievement = (e.achievement.code, e.achievement.label) if e.achievement else None
    return (e.pk, e.project_id, e.fiscal_year, e.status, e.grade_id, e.achievement_id, grade, achievement)


def as_the_models_say(plan, fiscal_year=None):
    """What project_summaries must give, read through the ORM the slow way."""
    rows = []
    for p in Project.objects.filter(plan=plan).order_by("position", "pk"):
        entries = Evaluation.objects.filter(project=p).select_related("grade", "achievement")
        if fiscal_year is not None:
            entries = entries.filter(fiscal_year=fiscal_year)
        rows.append(
            (
                p.pk,
                p.section_id,
                p.number,
                p.name,
                p.status,
                [link.department.name for link in p.department_links.order_by("position", "pk")],
                [(link.budget_item.code, link.budget_item.name) for link in p.budget_links.order_by("position", "pk")],
                [facts_of(e) for e in entries.order_by("fiscal_year")],
            )
        )
    return rows


def as_summarised(plan, fiscal_year=None):
    return [
        (
            s.pk,
            s.section_id,
            s.number,
            s.name,
            s.status,
            s.departments,
            s.budget_items,
            [facts_of(e) for e in s.evaluation_list],
        )
        for s in project_summaries(plan, fiscal_year)
    ]


def test_the_summaries_of_every_demo_plan_are_what_the_models_say(demo_plans):
    plan = demo_plans["akiruno_child_plan_r2"]
    first, second, third = Project.objects.filter(plan=plan).order_by("position")[:3]
    # A second department, two budget items (printed in their order, not the code's), entries of two years
    # with and without grade and level, so every join and both orders are tried.
    other = Department.objects.create(municipality=plan.municipality, name="試験用の課")
    ProjectDepartment.objects.create(project=first, department=other, position=99)
    for position, code in ((2, "010-01"), (1, "990-99")):
        item = BudgetItem.objects.create(municipality=plan.municipality, code=code, name=f"事務事業{code}")
        ProjectBudgetItem.objects.create(project=second, budget_item=item, position=position)
    grade = Grade.objects.filter(scheme__plan=plan).first()
    level = AchievementLevel.objects.filter(scheme__plan=plan).first()
    Evaluation.objects.filter(project__in=[first, second, third]).delete()
    Evaluation.objects.create(project=first, fiscal_year=2023, grade=grade, achievement=level)
    Evaluation.objects.create(project=first, fiscal_year=2022, status=Evaluation.Status.DRAFT)
    Evaluation.objects.create(project=third, fiscal_year=2023, achievement=level)

    for each in demo_plans.values():
        assert as_summarised(each) == as_the_models_say(each), each
    assert as_summarised(plan)[1][6] == [("990-99", "事務事業990-99"), ("010-01", "事務事業010-01")]
    years = set(Evaluation.objects.filter(project__plan=plan).values_list("fiscal_year", flat=True))
    assert {2022, 2023} <= years
    for year in years | {1999}:
        assert as_summarised(plan, year) == as_the_models_say(plan, year), year
    assert [e[2] for e in as_summarised(plan)[0][7]] == [2022, 2023]  # oldest year first
