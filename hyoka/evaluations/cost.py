"""The cost of a project in a year (行政評価のコスト), pure Python: no Django, tested in milliseconds.

- 事業費 is the settled amount (決算額) once known, else the budget (予算額): a sheet written before the
  accounts close shows the budget, the published one the settlement.
- 人件費 = 人工 × the plan's unit cost per person-year (人件費単価), in whole yen. Unknown when person-years were entered
  and the plan has no unit cost; zero is never assumed for a missing unit cost.
- Total (総コスト) = 事業費 + 人件費. With no person-years entered the total is the 事業費 alone (nobody's
  time was counted); with person-years but no unit cost it is unknown rather than understated.
- Cost per output (単位当たりコスト) = total ÷ the year's value of an activity KPI (活動指標: 実施回数,
  受診者数 …), only when that value is positive; an outcome KPI (a rate) is not an output and gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from hyoka.precision import rounded

# Costs are whole yen (half-even rounding, Decimal's default), rounded by hyoka.precision for any stored value.


@dataclass(frozen=True)
class Cost:
    project: Decimal | None  # 事業費
    personnel: Decimal | None  # 人件費
    total: Decimal | None  # 総コスト
    per_output: Decimal | None = None  # 単位当たりコスト (円 per output unit)
    output_unit: str = ""  # the unit the output is counted in (回, 人 …)
    from_settlement: bool = False  # 事業費 is the 決算額 (else the 予算額)


def cost_of(
    *,
    budget: Decimal | None,
    settlement: Decimal | None,
    person_years: Decimal | None,
    unit_cost: Decimal | None,
    output: Decimal | None = None,
    output_unit: str = "",
) -> Cost:
    """The year's cost of a project from what its sheet holds (rules in the module's docstring)."""
    project = settlement if settlement is not None else budget
    personnel = (
        None if person_years is None or unit_cost is None else rounded(person_years * unit_cost, 0, ROUND_HALF_EVEN)
    )
    if project is None or (person_years is not None and personnel is None):
        total = None
    else:
        total = project + (personnel or Decimal(0))
    per_output = None
    if total is not None and output is not None and output > 0:
        per_output = rounded(total / output, 0, ROUND_HALF_EVEN)
    return Cost(
        project=project,
        personnel=personnel,
        total=total,
        per_output=per_output,
        output_unit=output_unit if per_output is not None else "",
        from_settlement=settlement is not None,
    )


def sheet_cost(sheet, *, unit_cost: Decimal | None, output: Decimal | None = None, output_unit: str = "") -> Cost:
    """``cost_of`` for anything with an entry's fields (an Evaluation or a PublishedEvaluation)."""
    return cost_of(
        budget=sheet.budget_amount,
        settlement=sheet.settlement_amount,
        person_years=sheet.person_years,
        unit_cost=unit_cost,
        output=output,
        output_unit=output_unit,
    )
