"""Municipalities of the national list with published plans whose KPIs are linked to the catalogue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.indicators.models import Indicator, Observation
from hyoka.jp import municipalities as national
from hyoka.plans.models import Municipality, Plan
from hyoka.web.tests.conftest import big_plan  # noqa: F401 — the plan ×10 of the web tests

TFR = "total_fertility_rate"


def listed(kind: str, prefecture: str | None = None, count: int = 10) -> list[national.LocalGovernment]:
    rows = [r for r in national.all_rows() if r.kind == kind and (prefecture is None or r.prefecture == prefecture)]
    return rows[:count]


def reporting_city(
    row: national.LocalGovernment,
    values: dict[int, str],
    *,
    code: str = TFR,
    published: bool = True,
    unit: str = "",
    status: str = Observation.Status.FINAL,
    title: str = "",
) -> Indicator:
    """A published plan of the municipality with one KPI linked (confirmed) to the standard, valued by year."""
    municipality, _ = Municipality.objects.get_or_create(
        code=row.code, defaults={"name": row.name, "prefecture": row.prefecture}
    )
    plan = Plan.objects.create(municipality=municipality, title=title or f"総合戦略 {code}", published=published)
    kpi = Indicator.objects.create(plan=plan, name=StandardIndicator.objects.get(code=code).name, unit=unit)
    Observation.objects.bulk_create(
        Observation(indicator=kpi, value=Decimal(v), year=year, period_label=f"{year}年", position=i, status=status)
        for i, (year, v) in enumerate(sorted(values.items()))
    )
    IndicatorLink.objects.create(indicator=kpi, standard=StandardIndicator.objects.get(code=code), status="confirmed")
    return kpi


@pytest.fixture
def tokyo(db):
    """Five cities of 東京都 and three of 埼玉県 reporting 合計特殊出生率 for 2021–2023."""
    kpis = {}
    for i, row in enumerate(listed("city", "東京都", 5)):
        kpis[row.name] = reporting_city(row, {2021: f"1.{20 + i}", 2022: f"1.{21 + i}", 2023: f"1.{30 + i}"})
    for i, row in enumerate(listed("city", "埼玉県", 3)):
        kpis[row.name] = reporting_city(row, {2022: f"1.{10 + i}", 2023: f"1.{40 + i}"})
    return kpis


def national_data(municipalities: int, skip: int = 0) -> None:
    """Municipalities of the list (every kind, every 17th), each reporting three indicators for five years;
    ``skip`` leaves out as many as an earlier call made."""
    rows = [r for r in national.all_rows() if r.kind != "prefecture"][::17]
    for n, row in enumerate(rows[skip : skip + municipalities], start=skip):
        for code, unit in ((TFR, ""), ("births", "人"), ("waiting_children", "人")):
            reporting_city(
                row, {year: str(100 + (n * 7 + year) % 50) for year in range(2019, 2024)}, code=code, unit=unit
            )
