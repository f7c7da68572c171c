"""The cost of a project in a year: 事業費, 人件費 = 人工 × 単価, total, cost per output (pure, no database)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.evaluations.cost import cost_of

D = Decimal
money = st.decimals(min_value=0, max_value=10**10, places=0)
people = st.decimals(min_value=0, max_value=100, places=2)


def test_total_is_the_settlement_plus_person_years_times_the_unit_cost():
    cost = cost_of(budget=D(5_000_000), settlement=D(4_800_000), person_years=D("1.5"), unit_cost=D(8_000_000))
    assert (cost.project, cost.personnel, cost.total) == (D(4_800_000), D(12_000_000), D(16_800_000))
    assert cost.from_settlement


def test_before_the_accounts_close_the_budget_stands_for_the_project_cost():
    cost = cost_of(budget=D(5_000_000), settlement=None, person_years=D("0.5"), unit_cost=D(8_000_000))
    assert (cost.project, cost.total, cost.from_settlement) == (D(5_000_000), D(9_000_000), False)


def test_person_years_without_the_plans_unit_cost_leave_the_total_unknown_not_understated():
    cost = cost_of(budget=D(5_000_000), settlement=None, person_years=D(2), unit_cost=None)
    assert cost.personnel is None and cost.total is None


def test_no_person_years_entered_means_the_project_cost_is_the_total():
    cost = cost_of(budget=None, settlement=D(300_000), person_years=None, unit_cost=D(8_000_000))
    assert (cost.personnel, cost.total) == (None, D(300_000))


def test_nothing_entered_gives_no_cost():
    cost = cost_of(budget=None, settlement=None, person_years=None, unit_cost=D(8_000_000))
    assert cost.total is None and cost.per_output is None


def test_cost_per_output_divides_the_total_by_a_positive_output_only():
    cost = cost_of(
        budget=D(1_000_000), settlement=None, person_years=None, unit_cost=None, output=D(22), output_unit="回"
    )
    assert (cost.per_output, cost.output_unit) == (D(45_455), "回")
    for output in (D(0), D(-3), None):
        assert (
            cost_of(budget=D(1_000_000), settlement=None, person_years=None, unit_cost=None, output=output).per_output
            is None
        )


@given(budget=money, settlement=st.none() | money, years=st.none() | people, unit=st.none() | money)
def test_the_total_is_the_sum_of_its_parts_whenever_it_is_known(budget, settlement, years, unit):
    cost = cost_of(budget=budget, settlement=settlement, person_years=years, unit_cost=unit)
    if cost.total is not None:
        assert cost.total == cost.project + (cost.personnel or 0)
        assert cost.total >= cost.project
    assert (cost.total is None) == (years is not None and unit is None)
