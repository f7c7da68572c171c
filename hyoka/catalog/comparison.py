"""Cross-city comparison (他団体比較) over the public figures of every published plan.

What a municipality reports for a standard indicator is the series of values of its plan's KPI linked to it
(a confirmed ``IndicatorLink``), as the public sees them: the plan published, and each value through the very
rule of ``hyoka.evaluations.visibility`` (no opened, unpublished year; approved entries only in a published
year; a reopened year's published copies). The rule is applied per plan from a fixed number of queries for all
plans at once (``public_series``), so a page costs the same for five municipalities or 1,741.

A municipality with several plans linking the same standard reports through the KPI with the most recent
value. A KPI whose unit disagrees with the standard's (万人 for 人) is left out and counted, never converted.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.cache import caches
from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet

from hyoka.catalog import linking, stats
from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.catalog.suggest import key, unit_fits
from hyoka.evaluations.models import Evaluation, EvaluationCycle, PublishedObservation
from hyoka.evaluations.visibility import Visibility
from hyoka.indicators.models import Indicator, Observation
from hyoka.jp import municipalities as national
from hyoka.plans.fields import trim
from hyoka.plans.models import Benchmark, Plan
from hyoka.precision import DECIMAL_PLACES, MAX_DIGITS
from hyoka.web.cache import CACHE_ALIAS, TIMEOUT, held, hold, plan_versions, public_version, serving_the_public
from hyoka.web.models import EVERY_PLAN


@dataclass
class Reporter:
    """One municipality's series of a standard indicator, as the public sees it."""

    code: str
    name: str
    prefecture: str
    group: str  # stats.SIZE_GROUPS
    plan_id: int
    indicator_id: int
    unit: str
    series: dict[int, stats.Point] = field(default_factory=dict)  # year → value

    @property
    def latest_year(self) -> int | None:
        return max(self.series) if self.series else None


@dataclass
class StandardData:
    standard: StandardIndicator
    reporters: dict[str, Reporter]  # by municipality code
    left_out: Counter[tuple[str, int]] = field(default_factory=Counter)  # (code, plan id) → KPIs of another unit

    @property
    def other_units(self) -> int:
        """Linked KPIs left out for their unit."""
        return sum(self.left_out.values())

    def codes_of(self, plan_ids: Collection[int]) -> set[str]:
        """The municipalities whose figures here come from (or were left out of) these plans."""
        return {r.code for r in self.reporters.values() if r.plan_id in plan_ids} | {
            code for code, plan_id in self.left_out if plan_id in plan_ids
        }

    def patched(self, fresh: StandardData, codes: set[str]) -> StandardData:
        """These figures with the municipalities ``codes`` as ``fresh`` (a reading of only those) has them."""
        reporters = {c: r for c, r in self.reporters.items() if c not in codes} | fresh.reporters
        left_out = Counter({k: n for k, n in self.left_out.items() if k[0] not in codes}) + fresh.left_out
        return StandardData(fresh.standard, reporters, left_out)


def kept_series(standards: Iterable[StandardIndicator]) -> dict[int, StandardData]:
    """``public_series`` of each standard, kept for the public's requests (``_kept``): comparison pages with
    other filters, their downloads and the API share one reading of the country instead of each reading every
    municipality again (seconds at national scale), and a write makes the next request read again only the
    municipalities of the plans written. Staff read the database."""
    standards = list(standards)
    return _kept(
        "series",
        {s.pk: None for s in standards},
        lambda pks, codes: public_series([s for s in standards if s.pk in pks], municipality_codes=codes),
    )


@dataclass(frozen=True)
class YearValues:
    """Every municipality's value of a standard in one year, spread by prefecture, 類似団体 group and country
    (sorted once, so the municipality page ranks a city among them by bisection)."""

    of: dict[str, tuple[str, str, Decimal]]  # code → (prefecture, size group, value)
    plans: dict[str, int]  # code → the plan its value comes from
    country: stats.Spread
    prefectures: dict[str, stats.Spread]
    groups: dict[str, stats.Spread]

    @classmethod
    def of_reporters(cls, reporters: Iterable[Reporter], year: int) -> YearValues:
        reporting = [r for r in reporters if year in r.series]
        return cls.spread(
            {r.code: (r.prefecture, r.group, r.series[year].value) for r in reporting},
            {r.code: r.plan_id for r in reporting},
        )

    @classmethod
    def spread(cls, of: dict[str, tuple[str, str, Decimal]], plans: dict[str, int]) -> YearValues:
        by_prefecture: dict[str, list[Decimal]] = defaultdict(list)
        by_group: dict[str, list[Decimal]] = defaultdict(list)
        for prefecture, group, value in of.values():
            by_prefecture[prefecture].append(value)
            by_group[group].append(value)
        return cls(
            of,
            plans,
            stats.Spread.of(v for _, _, v in of.values()),
            {p: stats.Spread.of(v) for p, v in by_prefecture.items()},
            {g: stats.Spread.of(v) for g, v in by_group.items()},
        )

    def codes_of(self, plan_ids: Collection[int]) -> set[str]:
        return {code for code, plan_id in self.plans.items() if plan_id in plan_ids}

    def patched(self, fresh: YearValues, codes: set[str]) -> YearValues:
        of = {c: v for c, v in self.of.items() if c not in codes} | fresh.of
        return YearValues.spread(of, {c: p for c, p in self.plans.items() if c not in codes} | fresh.plans)


def kept_year_values(standards: Iterable[StandardIndicator], years: dict[int, int]) -> dict[int, YearValues]:
    """Every municipality's value of each standard in the year ``years`` gives it, kept like ``kept_series``
    but without the series: the municipality page reads 37 of them."""
    standards = list(standards)

    def read(pks: set[int], codes: set[str] | None) -> dict[int, YearValues]:
        data = public_series(
            [s for s in standards if s.pk in pks], municipality_codes=codes, years={pk: years[pk] for pk in pks}
        )
        return {pk: YearValues.of_reporters(d.reporters.values(), years[pk]) for pk, d in data.items()}

    return _kept("year", {s.pk: years[s.pk] for s in standards}, read)


PATCH_AT_MOST = 100  # plans written since a value was kept: beyond this, the country is read again whole


@dataclass(frozen=True)
class _Kept:
    """A kept value with the public versions it was read at: every plan's (``plan_versions``) and the global one."""

    version: int
    plans: dict[int, int]
    value: StandardData | YearValues


def _kept(kind: str, wanted: dict[int, int | None], read: Callable[[set[int], set[str] | None], dict]) -> dict:
    """``read(standard ids, None)`` for the wanted standards (id → year or None) as the public sees them now.

    First this process's own copy (``held``, no unpickling), when it was read at the global version of now; else
    the shared cache's of this version; else the process's older copy brought up to date (``_up_to_date``: only
    the municipalities of the plans written since are read again, ``read(ids, their codes)``); else the database.
    Any write the public can see changes the global version, so nothing kept is read stale."""
    if not serving_the_public():
        return read(set(wanted), None)
    version = public_version(EVERY_PLAN)
    keys = {pk: f"hyoka:{kind}:{pk}:{year}" for pk, year in wanted.items()}
    data = {pk: k.value for pk, key in keys.items() if (k := held.get(key)) is not None and k.version == version}
    if missing := set(wanted) - set(data):
        store = caches[CACHE_ALIAS]
        shared = {pk: f"{keys[pk]}:{version}" for pk in missing}
        found = store.get_many(list(shared.values()))
        fresh: dict[int, _Kept] = {pk: found[shared[pk]] for pk in missing if shared[pk] in found}
        for pk, k in fresh.items():
            held.put(keys[pk], k)
        if unread := missing - set(fresh):
            fresh |= _read_once(version, {pk: keys[pk] for pk in unread}, read, {pk: shared[pk] for pk in unread})
        data |= {pk: k.value for pk, k in fresh.items()}
    return data


def _read_once(version: int, keys: dict[int, str], read, shared: dict[int, str]) -> dict[int, _Kept]:
    """The standards of ``keys`` at ``version``, read by one thread of the process at a time: those asking
    meanwhile wait and take its figures (held before the lock is let go). Only a reading of the whole country
    goes to the shared cache: pickling a patched copy costs more than the few queries with which each server
    brings its own copy up to date after a write."""
    with _reading:
        older = {pk: k for pk, key in keys.items() if (k := held.get(key)) is not None}
        done = {pk: k for pk, k in older.items() if k.version == version}  # read by another thread meanwhile
        if unread := set(keys) - set(done):
            now = _up_to_date(version, {pk: older.get(pk) for pk in unread}, read)
            caches[CACHE_ALIAS].set_many({shared[pk]: k for pk, k in now.items() if pk not in older}, TIMEOUT)
            for pk, k in now.items():
                held.put(keys[pk], k)
            done |= now
    return done


_reading = threading.Lock()


def _up_to_date(version: int, older: dict[int, _Kept | None], read) -> dict[int, _Kept]:
    """Each standard's value at ``version``: the older copy with the municipalities of the plans written since
    read again (a handful of queries in the entry season, when a value is saved every few seconds), or, with
    no copy or too many plans written, the whole country."""
    plans = plan_versions()  # before the figures: a write from now on is seen by the next request
    by_change: dict[frozenset[int] | None, list[int]] = defaultdict(list)
    for pk, k in older.items():
        written = None if k is None else _written_since(k.plans, plans)
        by_change[written if written is not None and len(written) <= PATCH_AT_MOST else None].append(pk)
    values: dict = {}
    for written, pks in by_change.items():
        if written is None:
            values |= read(set(pks), None)
            continue
        codes = set(Plan.objects.filter(pk__in=written).values_list("municipality__code", flat=True))
        for pk in pks:
            codes |= older[pk].value.codes_of(written)  # a deleted plan's municipality is known from its figures
        part = read(set(pks), codes) if codes else {}
        values |= {pk: older[pk].value.patched(part[pk], codes) if codes else older[pk].value for pk in pks}
    return {pk: _Kept(version, plans, value) for pk, value in values.items()}


def _written_since(then: dict[int, int], now: dict[int, int]) -> frozenset[int]:
    """The plans whose public version moved (or that are new) between two readings of ``plan_versions``."""
    return frozenset(pk for pk in then.keys() | now.keys() if then.get(pk) != now.get(pk))


@dataclass(frozen=True)
class _Live:
    """An observation's fields as the visibility rule and the series need them."""

    fiscal_year: int | None
    year: int | None
    position: int
    value: Decimal | None
    status: str


def _group_of(code: str, prefecture: str, name: str) -> str:
    row = national.by_code(code)
    if row is not None and row.kind != "prefecture":
        return stats.size_group(row.kind, row.prefecture, row.name)
    return stats.size_group("city", prefecture, name) if name.endswith("市") else _kind_by_suffix(name)


def _kind_by_suffix(name: str) -> str:
    return {"区": "special_ward", "町": "town", "村": "village"}.get(name[-1:], "city")


def public_series(
    standards: Iterable[StandardIndicator],
    *,
    municipality_codes: Iterable[str] | None = None,
    years: dict[int, int] | None = None,
) -> dict[int, StandardData]:
    """Each standard's reporters (by standard id), in five queries whatever the number of plans.

    ``municipality_codes`` keeps only those municipalities; ``years`` (standard id → year) reads only that
    year's values of each standard (the municipality page compares one year per indicator).
    """
    standards = list(standards)
    by_id = {s.pk: s for s in standards}
    links = IndicatorLink.objects.confirmed().filter(standard_id__in=by_id, indicator__plan__published=True)
    if municipality_codes is not None:
        links = links.filter(indicator__plan__municipality__code__in=list(municipality_codes))
    rows = list(
        links.values_list(
            "standard_id",
            "indicator_id",
            "indicator__project_id",
            "indicator__plan_id",
            "indicator__unit",
            "indicator__plan__municipality__code",
            "indicator__plan__municipality__name",
            "indicator__plan__municipality__prefecture",
        )
    )
    result = {pk: StandardData(s, {}) for pk, s in by_id.items()}
    if not rows:
        return result
    plans = links.values("indicator__plan_id")
    kpis = links.values("indicator_id")
    shown = _visibilities(plans)
    observations = Observation.objects.filter(indicator_id__in=kpis)
    copies = PublishedObservation.objects.filter(indicator_id__in=kpis, cycle__reopened_at__isnull=False)
    if years is not None:  # only the years asked for (each standard's own year is kept below)
        wanted = sorted(set(years.values()))
        in_years = Q(fiscal_year__in=wanted) | Q(fiscal_year__isnull=True, year__in=wanted)
        observations, copies = observations.filter(in_years), copies.filter(in_years)
    live: dict[int, list[_Live]] = defaultdict(list)
    # The value as the column holds it (4986.000000 on PostgreSQL): ranks and medians need no more, and only
    # what a page or a download shows is trimmed (``_exact``), not the tens of thousands of values compared.
    raw = ExpressionWrapper(F("value"), output_field=DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES))
    for indicator_id, *values in (
        observations.order_by("indicator_id", "position")
        .annotate(raw=raw)
        .values_list("indicator_id", "fiscal_year", "year", "position", "raw", "status")
    ):  # ordered without the models' default ordering, which would join and sort by plan and municipality
        if values[3] is not None and not values[3].is_finite():  # NaN in PostgreSQL: no figure, as NumberField reads it
            values[3] = None
        live[indicator_id].append(_Live(*values))
    published: dict[int, list[PublishedObservation]] = defaultdict(list)
    if any(v.reopened_years for v in shown.values()):
        for copy in copies.order_by("indicator_id", "position"):
            published[copy.indicator_id].append(copy)

    groups: dict[str, str] = {}
    for standard_id, kpi_id, project_id, plan_id, unit, code, name, prefecture in rows:
        data = result[standard_id]
        if not unit_fits(unit, data.standard.unit):
            data.left_out[code, plan_id] += 1
            continue
        visibility = shown.get(plan_id)
        values = live.get(kpi_id, [])
        if visibility is not None:  # a plan no year was ever opened for shows every value: no rule to apply
            if published.get(kpi_id):  # a reopened year's copies become Observations of this very KPI
                visibility = replace(visibility, published_observations={kpi_id: published[kpi_id]})
                kpi = Indicator(pk=kpi_id, plan_id=plan_id, project_id=project_id, unit=unit)
            else:
                kpi = _Kpi(kpi_id, project_id)
            values = visibility.observations(kpi, values)
        series = _series(values)
        if years is not None:
            point = series.get(years[standard_id])
            series = {years[standard_id]: point} if point is not None else {}
        if not series:
            continue
        if code not in groups:
            groups[code] = _group_of(code, prefecture, name)
        reporter = Reporter(code, name, prefecture, groups[code], plan_id, kpi_id, unit, series)
        current = data.reporters.get(code)
        if current is None or _better(reporter, current):
            data.reporters[code] = reporter
    return result


@dataclass(frozen=True)
class _Kpi:
    """What the visibility rule reads of a KPI (its id and project), without building a model instance."""

    pk: int
    project_id: int | None


def _better(a: Reporter, b: Reporter) -> bool:
    """Which of two KPIs of one municipality reports: the most recent value, then the most values, then the first."""
    return (a.latest_year, len(a.series), -a.indicator_id) > (b.latest_year, len(b.series), -b.indicator_id)


def _exact(point: stats.Point) -> stats.Point:
    """The value as printed (4986, not 4986.000000): for what is shown, not for what is only compared."""
    return stats.Point(trim(point.value), point.final)


def _trimmed(value: Decimal | None) -> Decimal | None:
    return None if value is None else trim(value)


def _series(observations) -> dict[int, stats.Point]:
    series: dict[int, stats.Point] = {}
    for o in observations:
        year = o.fiscal_year or o.year
        if year is None or o.value is None:
            continue
        series[year] = stats.Point(o.value, o.status == Observation.Status.FINAL)
    return series


def _visibilities(plans: QuerySet) -> dict[int, Visibility]:
    """The public's Visibility of every plan in ``plans`` (published ones), from two queries."""
    cycles = list(
        EvaluationCycle.objects.filter(plan_id__in=plans)
        .order_by()
        .values_list("plan_id", "fiscal_year", "published_at", "reopened_at")
    )
    if not cycles:
        return {}
    published: dict[int, set[int]] = defaultdict(set)
    hidden: dict[int, set[int]] = defaultdict(set)
    reopened: dict[int, set[int]] = defaultdict(set)
    for plan_id, fy, at, again in cycles:
        if again is not None:
            reopened[plan_id].add(fy)
        elif at is not None:
            published[plan_id].add(fy)
        else:
            hidden[plan_id].add(fy)
    unapproved: dict[int, set[tuple[int, int]]] = defaultdict(set)
    if published:
        pending = (
            Evaluation.objects.filter(project__plan_id__in=list(published))
            .exclude(status=Evaluation.Status.APPROVED)
            .order_by()
            .values_list("project__plan_id", "project_id", "fiscal_year")
        )
        for plan_id, project_id, fy in pending:
            if fy in published[plan_id]:
                unapproved[plan_id].add((project_id, fy))
    return {
        plan_id: Visibility(
            everything=False,
            hidden_years=frozenset(hidden[plan_id]),
            published_years=frozenset(published[plan_id]),
            unapproved=frozenset(unapproved[plan_id]),
            reopened_years=frozenset(reopened[plan_id]),
        )
        for plan_id in {c[0] for c in cycles}
    }


# ---- one standard indicator across the country -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A municipality's line in the ranking of a year."""

    rank: int
    reporter: Reporter
    point: stats.Point
    previous_year: int | None
    previous: stats.Point | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.point.value - self.previous.value


@dataclass(frozen=True)
class Median:
    label: str  # 全国, a prefecture's name, a group's label
    value: Decimal | None
    count: int


@dataclass
class IndicatorComparison:
    standard: StandardIndicator
    year: int | None  # the year ranked
    years: list[int]  # every year someone reports, newest first
    rows: list[Row]  # ranked, best first; ties in code order
    national: Median
    prefectures: list[Median]  # of the year, in the national list's order
    histogram: list[stats.Bin]
    trend: list[tuple[int, Decimal | None, Decimal | None]]  # year, national median, chosen prefecture's median
    reporting: int  # municipalities with any public value
    other_units: int
    prefecture: str | None  # the prefecture the page is narrowed to, if any

    def row_of(self, code: str) -> Row | None:
        """The municipality's line in the ranking, if it reports the year."""
        return next((r for r in self.rows if r.reporter.code == code), None)

    def prefecture_median(self, name: str) -> Median | None:
        return next((m for m in self.prefectures if m.label == name), None)

    @property
    def histogram_max(self) -> int:
        return max((b.count for b in self.histogram), default=0)


def compare_indicator(
    standard: StandardIndicator, *, year: int | None = None, prefecture: str | None = None, around: str = ""
) -> IndicatorComparison:
    """One standard indicator across every municipality that reports it: the ranking of a year (by default the
    latest, or the latest of the municipality coded ``around``), its distribution, the country's and each
    prefecture's median, and the medians' trend. The public's are held by the process until the next write."""
    data = kept_series([standard])[standard.pk]
    reporters = data.reporters
    years = sorted({y for r in reporters.values() for y in r.series}, reverse=True)
    if year not in years:
        year = reporters[around].latest_year if around in reporters else (years[0] if years else None)
    # Held by the year and prefecture shown (47 names or none), whatever year or city the request named.
    return hold(
        f"indicator:{standard.pk}:{year}:{prefecture}",
        lambda: _compare_indicator(standard, data, years, year=year, prefecture=prefecture),
    )


def _compare_indicator(
    standard: StandardIndicator, data: StandardData, years: list[int], *, year: int | None, prefecture: str | None
) -> IndicatorComparison:
    reporters = data.reporters
    of_year = {code: r.series[year] for code, r in reporters.items() if year in r.series}
    ranks = stats.ranks({code: p.value for code, p in of_year.items()}, standard.direction)
    shown = [code for code in of_year if prefecture is None or reporters[code].prefecture == prefecture]
    rows = []
    for code in sorted(shown, key=lambda c: (ranks[c], c)):
        series = reporters[code].series
        before = [y for y in series if y < year]
        previous_year = max(before) if before else None
        previous = series.get(previous_year)
        rows.append(
            Row(ranks[code], reporters[code], _exact(of_year[code]), previous_year, previous and _exact(previous))
        )
    values = [p.value for p in of_year.values()]
    by_prefecture: dict[str, list[Decimal]] = defaultdict(list)
    for code, point in of_year.items():
        by_prefecture[reporters[code].prefecture].append(point.value)
    order = {p.name: i for i, p in enumerate(r for r in national.all_rows() if r.kind == "prefecture")}
    series_by_code = {code: r.series for code, r in reporters.items()}
    national_trend = stats.medians_by_year(series_by_code)
    chosen = [c for c, r in reporters.items() if r.prefecture == prefecture] if prefecture else []
    prefecture_trend = stats.medians_by_year(series_by_code, chosen) if prefecture else {}
    return IndicatorComparison(
        standard=standard,
        year=year,
        years=years,
        rows=rows,
        national=Median("全国", _trimmed(stats.median(values)), len(values)),
        prefectures=[
            Median(name, _trimmed(stats.median(v)), len(v))
            for name, v in sorted(by_prefecture.items(), key=lambda kv: order.get(kv[0], 99))
        ],
        histogram=[stats.Bin(trim(b.low), trim(b.high), b.count) for b in stats.histogram(values)],
        trend=[(y, _trimmed(m), _trimmed(prefecture_trend.get(y))) for y, m in national_trend.items()],
        reporting=len(reporters),
        other_units=data.other_units,
        prefecture=prefecture,
    )


# ---- one municipality against its prefecture and its group ---------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a municipality stands on one indicator in a year, among those reporting it that year."""

    rank: int
    count: int
    median: Decimal | None


@dataclass(frozen=True)
class MunicipalityLine:
    standard: StandardIndicator
    year: int
    point: stats.Point
    prefecture: Standing
    group: Standing
    country: Standing

    @property
    def standings(self) -> tuple[Standing, Standing, Standing]:
        return self.prefecture, self.group, self.country


@dataclass
class MunicipalityComparison:
    code: str
    name: str
    prefecture: str
    group: str
    lines: list[MunicipalityLine]

    @property
    def full_name(self) -> str:
        return national.full_name(self.prefecture, self.name)


def compare_municipality(code: str, name: str, prefecture: str) -> MunicipalityComparison:
    """Every standard indicator the municipality reports, its latest public value and where that stands in its
    prefecture, its 類似団体 group and the country in the same year; a fixed number of queries."""
    group = _group_of(code, prefecture, name)
    standards = list(StandardIndicator.objects.all())
    own = public_series(standards, municipality_codes=[code])
    latest = {pk: d.reporters[code] for pk, d in own.items() if code in d.reporters}
    years = {pk: r.latest_year for pk, r in latest.items()}
    everyone = kept_year_values([s for s in standards if s.pk in latest], years) if latest else {}
    lines = []
    for standard in standards:
        if standard.pk not in latest:
            continue
        year = years[standard.pk]
        mine = latest[standard.pk].series[year]
        spread = everyone.get(standard.pk)
        if spread is not None and spread.of.get(code) == (prefecture, group, mine.value):
            standings = [  # the city is one of the values spread: rank it among them
                Standing(s.rank(mine.value, standard.direction), len(s.ordered), _trimmed(s.median))
                for s in (spread.prefectures[prefecture], spread.groups[group], spread.country)
            ]
        else:
            standings = _standings(code, prefecture, group, mine.value, spread, standard.direction)
        lines.append(MunicipalityLine(standard, year, _exact(mine), *standings))
    return MunicipalityComparison(code, name, prefecture, group, lines)


def _standings(
    code: str, prefecture: str, group: str, mine: Decimal, spread: YearValues | None, direction: str
) -> list[Standing]:
    """The city's standing in its prefecture, its group and the country when the kept values do not hold it
    as it reads now: among the others' values and its own."""
    country, in_prefecture, in_group = [], [], []
    for c, (their_prefecture, their_group, value) in (spread.of if spread else {}).items():
        if c == code:
            continue
        country.append(value)
        if their_prefecture == prefecture:
            in_prefecture.append(value)
        if their_group == group:
            in_group.append(value)
    return [_standing(mine, values, direction) for values in (in_prefecture, in_group, country)]


def _standing(mine: Decimal, others: list[Decimal], direction: str) -> Standing:
    """The rank stats.ranks gives ``mine`` among ``others`` and itself, and their median, without sorting for it."""
    better = sum(v < mine for v in others) if direction == "decrease" else sum(v > mine for v in others)
    return Standing(better + 1, len(others) + 1, _trimmed(stats.median([*others, mine])))


# ---- every year, for the download ---------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    reporter: Reporter
    year: int
    point: stats.Point
    rank: int
    count: int  # municipalities reporting that year


def compare_indicator_all_years(standard: StandardIndicator) -> tuple[StandardIndicator, list[YearRow]]:
    """Every public value of the standard, by municipality and year, with its rank in that year."""
    reporters = kept_series([standard])[standard.pk].reporters
    by_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for code, reporter in reporters.items():
        for year, point in reporter.series.items():
            by_year[year][code] = point.value
    rows = []
    for year in sorted(by_year):
        ranks = stats.ranks(by_year[year], standard.direction)
        for code in sorted(by_year[year]):
            reporter = reporters[code]
            rows.append(YearRow(reporter, year, _exact(reporter.series[year]), ranks[code], len(by_year[year])))
    return standard, rows


# ---- benchmarks the plans print (他地域との比較値) -----------------------------------------------------


@dataclass(frozen=True)
class PrintedBenchmark:
    benchmark: Benchmark
    municipality: str  # the plan's municipality, which printed it


def _benchmark_standards(benchmarks: list[Benchmark], linked: dict[tuple[int, str], int]) -> dict[int, int | None]:
    """Each benchmark's standard indicator: that of the plan's KPI of the same name when the planning office
    linked it, else the catalogue's for the name exactly (no spelling guess beyond the catalogue's aliases)."""
    found = linking.catalogue()
    codes = dict(StandardIndicator.objects.values_list("code", "pk"))
    result: dict[int, int | None] = {}
    for b in benchmarks:
        by_link = linked.get((b.plan_id, key(b.indicator)))
        if by_link is not None:
            result[b.pk] = by_link
            continue
        suggestion = found.suggest(b.indicator, b.unit)
        result[b.pk] = codes.get(suggestion.code) if suggestion and suggestion.match == "exact" else None
    return result


def _links_by_name(plan_filter: Q) -> dict[tuple[int, str], int]:
    return {
        (plan_id, key(name)): standard_id
        for plan_id, name, standard_id in IndicatorLink.objects.confirmed()
        .filter(plan_filter)
        .values_list("indicator__plan_id", "indicator__name", "standard_id")
    }


def benchmarks_for(standard: StandardIndicator) -> list[PrintedBenchmark]:
    """The values of other areas that published plans print for this indicator, joined through the catalogue."""
    return hold(f"benchmarks:{standard.pk}", lambda: _benchmarks_for(standard))


def _benchmarks_for(standard: StandardIndicator) -> list[PrintedBenchmark]:
    # The benchmarks first (few plans print any), then the links of their plans only, not of every plan that
    # reports the standard (1,741 at national scale, read again after every write).
    linking = IndicatorLink.objects.confirmed().filter(standard=standard).values("indicator__plan_id")
    candidates = list(
        Benchmark.objects.filter(plan__published=True)
        .filter(Q(plan_id__in=linking) | Q(indicator__in=[standard.name, *standard.aliases]))
        .select_related("plan__municipality")
        .order_by("plan__municipality__code", "plan_id", "position")
    )
    if not candidates:
        return []
    linked = _links_by_name(Q(standard=standard, indicator__plan_id__in={b.plan_id for b in candidates}))
    standards = _benchmark_standards(candidates, linked)
    return [PrintedBenchmark(b, b.plan.municipality.name) for b in candidates if standards[b.pk] == standard.pk]


def plan_benchmarks_for(indicator: Indicator, standard_id: int) -> list[Benchmark]:
    """The benchmarks of the KPI's own plan that are the same standard indicator (for the KPI page)."""
    linked = _links_by_name(Q(indicator__plan_id=indicator.plan_id))
    candidates = list(Benchmark.objects.filter(plan_id=indicator.plan_id).order_by("position"))
    standards = _benchmark_standards(candidates, linked)
    return [b for b in candidates if standards[b.pk] == standard_id]
