"""The API's reads of the catalogue of standard indicators and of the cross-city comparison (issue 13).

Public and the same for every caller, as the pages /standard-indicators/ and /compare/…: only published plans'
published figures (``hyoka.catalog.comparison``). Mounted on the one ``NinjaAPI`` by api.py. The public's
answers are kept by the public cache under the global scope (``hyoka.web.cache``: every plan's change bumps it);
a token's caller always gets them computed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from pydantic import Field

from hyoka.api.schemas import Error, FiscalYear, Out, plain
from hyoka.catalog import comparison
from hyoka.catalog.models import StandardIndicator
from hyoka.jp import municipalities as national
from hyoka.plans.models import Municipality
from hyoka.web.cache import every_plan, public_cache

router = Router(tags=["comparison"])
READ = {401: Error, 404: Error, 422: Error}

StandardCode = Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,60}$", examples=["total_fertility_rate"])]
MunicipalityCode = Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["132012"])]  # 八王子市
Group = Literal["designated_city", "special_ward", "city", "town", "village"]


class StandardIndicatorOut(Out):
    code: str
    name: str
    aliases: list[str]
    unit: str
    direction: Literal["increase", "decrease", "neutral"]
    category: str
    definition: str
    source: str
    estat_code: str | None  # 政府統計コード (e-Stat), where one is known
    ssds_code: str | None  # 社会・人口統計体系の項目コード, where one is known


class MedianOut(Out):
    label: str
    median: Decimal | None
    count: int


class BinOut(Out):
    low: Decimal
    high: Decimal
    count: int


class TrendOut(Out):
    year: int
    national_median: Decimal | None
    prefecture_median: Decimal | None


class RankOut(Out):
    rank: int
    code: str
    name: str
    prefecture: str
    group: Group
    value: Decimal
    final: bool  # 確定 (else 速報・暫定)
    previous_year: int | None
    previous_value: Decimal | None


class IndicatorComparisonOut(Out):
    standard: StandardIndicatorOut
    year: int | None
    years: list[int]
    prefecture: str | None
    national: MedianOut
    prefectures: list[MedianOut]
    distribution: list[BinOut]
    trend: list[TrendOut]
    ranking: list[RankOut]
    reporting: int
    other_units: int  # linked KPIs left out because their unit is not the standard's


class StandingOut(Out):
    rank: int
    count: int
    median: Decimal | None


class MunicipalityLineOut(Out):
    standard: StandardIndicatorOut
    year: int
    value: Decimal
    final: bool
    prefecture: StandingOut
    group: StandingOut
    country: StandingOut


class MunicipalityComparisonOut(Out):
    code: str
    name: str
    prefecture: str
    group: Group
    indicators: list[MunicipalityLineOut]


def _standard_out(s: StandardIndicator) -> StandardIndicatorOut:
    return StandardIndicatorOut(
        code=s.code,
        name=s.name,
        aliases=list(s.aliases),
        unit=s.unit,
        direction=s.direction,
        category=s.category,
        definition=s.definition,
        source=s.source,
        estat_code=s.estat_code or None,
        ssds_code=s.ssds_code or None,
    )


@router.get("/standard-indicators", response={200: list[StandardIndicatorOut], 401: Error})
@decorate_view(public_cache(every_plan))
def standard_indicators(request):
    """The catalogue of standard indicators (標準指標) that plans' KPIs are linked to for comparison."""
    return [_standard_out(s) for s in StandardIndicator.objects.all()]


@router.get("/standard-indicators/{code}", response={200: StandardIndicatorOut, **READ})
@decorate_view(public_cache(every_plan))
def standard_indicator(request, code: Path[StandardCode]):
    return _standard_out(get_object_or_404(StandardIndicator, code=code))


@router.get("/compare/indicators/{code}", response={200: IndicatorComparisonOut, **READ})
@decorate_view(public_cache(every_plan))
def compare_indicator(
    request,
    code: Path[StandardCode],
    year: Query[FiscalYear | None] = None,
    prefecture: Query[plain(10) | None] = None,
):
    """One standard indicator across every municipality reporting it: the ranking of ``year`` (default: the
    latest), the country's and each prefecture's median, the distribution and the medians' trend; ``prefecture``
    narrows the ranking and adds that prefecture's trend."""
    chosen = national.prefecture(prefecture) if prefecture else None
    c = comparison.compare_indicator(
        get_object_or_404(StandardIndicator, code=code), year=year, prefecture=chosen.name if chosen else None
    )
    return IndicatorComparisonOut(
        standard=_standard_out(c.standard),
        year=c.year,
        years=c.years,
        prefecture=c.prefecture,
        national=MedianOut(label=c.national.label, median=c.national.value, count=c.national.count),
        prefectures=[MedianOut(label=m.label, median=m.value, count=m.count) for m in c.prefectures],
        distribution=[BinOut(low=b.low, high=b.high, count=b.count) for b in c.histogram],
        trend=[TrendOut(year=y, national_median=n, prefecture_median=p) for y, n, p in c.trend],
        ranking=[
            RankOut(
                rank=r.rank,
                code=r.reporter.code,
                name=r.reporter.name,
                prefecture=r.reporter.prefecture,
                group=r.reporter.group,
                value=r.point.value,
                final=r.point.final,
                previous_year=r.previous_year,
                previous_value=r.previous.value if r.previous else None,
            )
            for r in c.rows
        ],
        reporting=c.reporting,
        other_units=c.other_units,
    )


@router.get("/compare/municipalities/{code}", response={200: MunicipalityComparisonOut, **READ})
@decorate_view(public_cache(every_plan))
def compare_municipality(request, code: Path[MunicipalityCode]):
    """Every standard indicator the municipality reports: its latest public value and its rank and the median
    in its prefecture, its 類似団体 group (by kind: 政令指定都市, 特別区, 市, 町, 村) and the country."""
    row = Municipality.objects.filter(code=code).values_list("code", "name", "prefecture").first()
    if row is None:
        listed = national.by_code(code)
        if listed is None or listed.kind == "prefecture":
            raise Http404("no such municipality")
        row = (listed.code, listed.name, listed.prefecture)
    c = comparison.compare_municipality(*row)
    return MunicipalityComparisonOut(
        code=c.code,
        name=c.name,
        prefecture=c.prefecture,
        group=c.group,
        indicators=[
            MunicipalityLineOut(
                standard=_standard_out(line.standard),
                year=line.year,
                value=line.point.value,
                final=line.point.final,
                prefecture=StandingOut(**vars(line.prefecture)),
                group=StandingOut(**vars(line.group)),
                country=StandingOut(**vars(line.country)),
            )
            for line in c.lines
        ],
    )
