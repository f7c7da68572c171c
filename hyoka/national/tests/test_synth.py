"""hyoka synth: the national data set is deterministic, realistic in shape, and loads in bulk."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.national.synth import FIRST_YEAR, LAST_YEAR, LOCAL_KPIS, Standard, synth_plan

STANDARDS = [
    Standard("total_fertility_rate", "合計特殊出生率", "", "increase"),
    Standard("waiting_children", "待機児童数", "人", "decrease"),
    Standard("aging_rate", "高齢化率", "%", "neutral"),
]


def test_the_same_seed_makes_the_same_plan_and_another_seed_another():
    one = synth_plan(1, "132284", "あきる野市", "東京都", "city", STANDARDS)
    assert one == synth_plan(1, "132284", "あきる野市", "東京都", "city", STANDARDS)
    assert one != synth_plan(2, "132284", "あきる野市", "東京都", "city", STANDARDS)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), kind=st.sampled_from(["city", "special_ward", "town", "village"]))
def test_a_plan_has_ten_years_of_values_the_latest_provisional(seed, kind):
    plan = synth_plan(seed, "011002", "札幌市", "北海道", kind, STANDARDS)
    assert len(plan.kpis) == len(STANDARDS) + len(LOCAL_KPIS)
    assert [k.standard_code for k in plan.kpis[: len(STANDARDS)]] == [s.code for s in STANDARDS]
    for kpi in plan.kpis:
        assert [v.fiscal_year for v in kpi.values] == list(range(FIRST_YEAR, LAST_YEAR + 1))
        assert [v.provisional for v in kpi.values] == [False] * 9 + [True]  # 速報 only for the latest year
        assert all(v.value >= 0 for v in kpi.values)
        assert kpi.project is None or 0 <= kpi.project < len(plan.projects)
    assert len(plan.projects) == 24 and all(len(p.entries) == 5 for p in plan.projects)


@pytest.mark.django_db
def test_synth_loads_plans_in_bulk_linked_to_the_catalogue_and_public(client, django_assert_max_num_queries):
    from hyoka.catalog.models import IndicatorLink, StandardIndicator
    from hyoka.indicators.models import Indicator, Observation
    from hyoka.national.bulk import load_national
    from hyoka.plans.models import Plan

    with django_assert_max_num_queries(60):  # a fixed number per batch, whatever the rows
        result = load_national(seed=1, limit=3)
    assert result.plans == 3
    plans = Plan.objects.filter(source="hyoka synth")
    assert plans.count() == 3 and all(p.published for p in plans)
    standards = StandardIndicator.objects.count()
    assert standards > 0
    assert Indicator.objects.filter(plan__in=plans).count() == 3 * (standards + len(LOCAL_KPIS))
    assert Observation.objects.filter(indicator__plan__in=plans, status="provisional").count() == result.indicators
    assert IndicatorLink.objects.confirmed().filter(indicator__plan__in=plans).count() == 3 * standards
    assert load_national(seed=1, limit=3).skipped == 3  # twice adds nothing
    plan = plans.first()
    assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 200
    catalog = client.get(reverse("open-data-catalog")).json()
    assert {d["dct:identifier"] for d in catalog["dcat:dataset"]} >= {
        f"{p.municipality.code}-plan-{p.pk}" for p in plans
    }


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["-3", "0", "abc", "2.5"])
def test_a_limit_that_is_not_a_number_of_municipalities_is_refused_and_nothing_made(cli, limit):
    """`--limit -3` was read as a slice, all but the last three: 1,733 plans made instead of a message."""
    from hyoka.plans.models import Plan

    code, _out, err = cli("synth", "--limit", limit)
    assert code != 0 and "is not a number of municipalities (1 or more)" in err
    assert not Plan.objects.exists()
