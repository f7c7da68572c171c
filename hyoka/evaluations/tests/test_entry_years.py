"""Years side by side in the entry form: last year's value, grade and narrative beside the year entered, and each
KPI's target in force in that year (not today's), with its interim target; fixed queries however many KPIs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation
from hyoka.evaluations.tests.test_cycle_views import entry_url, queries_of
from hyoka.indicators.actions import revise_target

pytestmark = pytest.mark.django_db

KPI = "3～4か月児健康診査受診者（受診率）"  # 421人 in 令和2年度, target 450人 by 令和6年度


@pytest.fixture
def fy2021(people):
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def row_of(page, name):
    return next(seen for _f, k, seen in page.context["observation_rows"] if k.name == name)


def test_the_form_shows_last_years_value_grade_and_narrative(client, people, fy2021):
    e = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    client.force_login(people.bob)
    page = client.get(entry_url(fy2021, e))
    seen = row_of(page, KPI)
    assert (seen.last.fiscal_year, seen.last.value) == (2020, Decimal(421))
    html = page.content.decode()
    last = Evaluation.objects.get(project=e.project, fiscal_year=2020)
    assert "前年度（令和2年度）の評価" in html and f"評価 {last.grade}" in html
    assert last.narrative[:20] in html


def test_the_target_shown_is_the_one_in_force_in_the_year_entered(client, people, fy2021):
    """Revised from 令和4年度 on: FY2021's form still shows the original 450人, with the year's interim target."""
    kpi = people.plan.indicators.get(name=KPI)
    revise_target(
        indicator=kpi, value=Decimal(430), comparator=">=", text="", fiscal_year=None,
        effective_from_fy=2022, reason="出生数の減少", by=people.alice,
    )  # fmt: skip
    kpi.interim_targets = [{"fiscal_year": 2021, "value": "440"}]
    kpi.save(update_fields=["interim_targets"])
    e = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    client.force_login(people.bob)
    page = client.get(entry_url(fy2021, e))
    seen = row_of(page, KPI)
    assert (seen.target.value, seen.target.revised, seen.interim) == (Decimal(450), False, Decimal(440))
    assert "中間目標：440人" in page.content.decode()

    fy2022 = actions.open_cycle(plan=people.plan, fiscal_year=2022, deadline=date(2023, 5, 31), by=people.alice)
    e22 = Evaluation.objects.get(project=e.project, fiscal_year=2022)
    seen = row_of(client.get(entry_url(fy2022, e22)), KPI)
    assert (seen.target.value, seen.target.revised, seen.interim) == (Decimal(430), True, None)


def test_the_entry_form_and_the_plans_kpis_run_the_same_queries_on_10x_data(client, people, synthetic_plan):
    client.force_login(people.alice)
    counts = []
    for projects, kpis in ((10, 2), (11, 20)):  # another plan (its title counts projects) with 10× the KPIs
        plan = synthetic_plan(projects, kpis_per_project=kpis)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        e = Evaluation.objects.for_cycle(cycle).order_by("pk").first()
        counts.append(
            (queries_of(client, entry_url(cycle, e)), queries_of(client, reverse("cycle-indicators", args=[cycle.pk])))
        )
    assert counts[0] == counts[1]


def test_without_an_earlier_value_the_baseline_of_an_earlier_year_is_shown(client, people, fy2021):
    kpi = people.plan.indicators.get(name=KPI)
    kpi.observations.filter(fiscal_year__lt=2021).delete()
    kpi.baseline_value, kpi.baseline_label, kpi.baseline_fiscal_year = Decimal(400), "令和元年度", 2019
    kpi.save()
    e = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    client.force_login(people.bob)
    page = client.get(entry_url(fy2021, e))
    seen = row_of(page, KPI)
    assert seen.last is None and seen.baseline_instead
    assert "令和元年度（基準値）" in page.content.decode()
