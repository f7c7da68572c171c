"""Cross-city comparison over published data only, through confirmed links, in a fixed number of queries."""

import csv as csv_module
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hyoka.catalog import comparison
from hyoka.catalog.downloads import INDICATOR_HEADER, MUNICIPALITY_HEADER
from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.catalog.tests.conftest import TFR, listed, national_data, reporting_city
from hyoka.evaluations import actions
from hyoka.evaluations.models import EvaluationCycle
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.models import Observation
from hyoka.jp import municipalities as national


def tfr() -> StandardIndicator:
    return StandardIndicator.objects.get(code=TFR)


def test_the_ranking_of_the_latest_year_with_medians(tokyo):
    c = comparison.compare_indicator(tfr())
    assert c.year == 2023 and c.years == [2023, 2022, 2021]
    values = [r.point.value for r in c.rows]
    assert values == sorted(values, reverse=True)  # more is better for the fertility rate
    assert [r.rank for r in c.rows] == list(range(1, 9))
    assert c.national.count == 8 and c.national.value == Decimal("1.335")  # (1.33 + 1.34) / 2
    by_prefecture = {m.label: (m.value, m.count) for m in c.prefectures}
    assert by_prefecture == {"埼玉県": (Decimal("1.41"), 3), "東京都": (Decimal("1.32"), 5)}
    assert [m.label for m in c.prefectures] == ["埼玉県", "東京都"]  # the national list's order
    first = c.rows[0]
    assert first.previous_year == 2022 and first.change == first.point.value - first.previous.value
    assert sum(b.count for b in c.histogram) == 8
    assert c.trend[0][0] == 2021 and c.trend[0][1] == Decimal("1.22")


def test_a_year_and_a_prefecture_narrow_the_page(tokyo):
    c = comparison.compare_indicator(tfr(), year=2022, prefecture="埼玉県")
    assert c.year == 2022 and {r.reporter.prefecture for r in c.rows} == {"埼玉県"}
    assert c.national.count == 8  # ranks and the country's median stay national
    assert [y for y, _n, p in c.trend if p is not None] == [2022, 2023]


def test_unpublished_plans_unconfirmed_links_and_other_units_stay_out(tokyo):
    rows = listed("city", "千葉県", 3)
    reporting_city(rows[0], {2023: "9.99"}, published=False)
    suggested = reporting_city(rows[1], {2023: "8.88"})
    IndicatorLink.objects.filter(indicator=suggested).update(status=IndicatorLink.Status.SUGGESTED)
    reporting_city(rows[2], {2023: "77"}, unit="%")
    c = comparison.compare_indicator(tfr())
    assert c.national.count == 8 and c.other_units == 1
    assert {r.reporter.prefecture for r in c.rows} == {"東京都", "埼玉県"}


def test_an_opened_unpublished_year_is_hidden(tokyo):
    kpi = next(iter(tokyo.values()))
    EvaluationCycle.objects.create(plan=kpi.plan, fiscal_year=2023, deadline=datetime.date(2024, 6, 30))
    c = comparison.compare_indicator(tfr())
    assert kpi.plan.municipality.code not in {r.reporter.code for r in c.rows}
    series = comparison.public_series([tfr()])[tfr().pk].reporters[kpi.plan.municipality.code].series
    assert sorted(series) == [2021, 2022]


@pytest.mark.parametrize("year_state", ["as loaded", "reopened", "opened", "published with unapproved entries"])
def test_every_value_is_what_the_plans_own_pages_show_the_public(people, year_state):
    """The bulk rule of public_series agrees with visibility.py, KPI by KPI, on あきる野市's plan in every
    state a year can be in (each KPI linked to a standard of its own unit)."""
    plan = people.plan
    if year_state == "reopened":
        actions.reopen_year(
            plan=plan, fiscal_year=2020, reason="訂正", deadline=datetime.date(2021, 5, 31), by=people.alice
        )
        Observation.objects.filter(indicator__plan=plan, fiscal_year=2020).update(value=Decimal("999999"))
    elif year_state != "as loaded":
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=datetime.date(2022, 6, 30), by=people.alice)
        for n, kpi in enumerate(plan.indicators.exclude(project=None).order_by("project_id").distinct()[:3]):
            Observation.objects.create(indicator=kpi, value=5 + n, fiscal_year=2021, period_label="試験", position=99)
        if year_state == "published with unapproved entries":
            actions.publish_year(cycle=cycle, by=people.alice, allow_unapproved=True)
    standards = {}
    for i, kpi in enumerate(plan.indicators.all()):
        standard = StandardIndicator.objects.create(code=f"t{i}", name=f"試験{i}", unit=kpi.unit)
        IndicatorLink.objects.create(indicator=kpi, standard=standard, status="confirmed")
        standards[kpi.pk] = standard
    found = comparison.public_series(standards.values())
    shown = visibility_for(plan, AnonymousUser())
    checked = 0
    for kpi in plan.indicators.prefetch_related("observations"):
        expected = {
            (o.fiscal_year or o.year): o.value
            for o in shown.observations(kpi, sorted(kpi.observations.all(), key=lambda o: o.position))
            if o.value is not None and (o.fiscal_year or o.year)
        }
        reporter = found[standards[kpi.pk].pk].reporters.get(plan.municipality.code)
        got = {y: p.value for y, p in reporter.series.items()} if reporter else {}
        assert got == expected, kpi.name
        checked += bool(expected)
    assert checked > 10


def test_a_municipality_with_two_plans_reports_through_the_most_recent(tokyo):
    row = listed("city", "東京都", 1)[0]
    reporting_city(row, {2024: "1.05"}, title="第2期総合戦略")
    c = comparison.compare_indicator(tfr())
    assert c.year == 2024 and [r.reporter.code for r in c.rows] == [row.code]


def test_provisional_values_are_marked(db):
    reporting_city(listed("town", "北海道", 1)[0], {2023: "1.5"}, status=Observation.Status.PROVISIONAL)
    c = comparison.compare_indicator(tfr())
    assert c.rows[0].point.final is False


def test_a_municipality_against_its_prefecture_group_and_country(tokyo):
    row = listed("city", "東京都", 5)[4]  # the best of 東京都 in 2023 (1.34)
    c = comparison.compare_municipality(row.code, row.name, row.prefecture)
    assert c.group == "city"
    [line] = c.lines
    assert line.year == 2023 and line.point.value == Decimal("1.34")
    assert (line.prefecture.rank, line.prefecture.count, line.prefecture.median) == (1, 5, Decimal("1.32"))
    assert (line.country.rank, line.country.count) == (4, 8)
    assert listed("city", "埼玉県", 1)[0].name == "さいたま市"
    assert line.group.count == 7  # さいたま市, a designated city, is not in the group of 市


def test_a_city_whose_kept_value_is_older_than_its_own_is_ranked_by_its_own_value(tokyo):
    """The public's municipality page ranks the city among the country's kept values; a value written with no
    version bump (a bulk update) is not in them yet, and the city is then ranked by what it reads now."""
    from hyoka.web.cache import _serving_the_public

    row = listed("city", "東京都", 5)[4]  # 1.34 in 2023: 4th of 8 in the country, 1st of 5 in 東京都
    serving = _serving_the_public.set({})
    try:
        before = comparison.compare_municipality(row.code, row.name, row.prefecture).lines[0]
        Observation.objects.filter(indicator__plan__municipality__code=row.code, year=2023).update(value="1.00")
        after = comparison.compare_municipality(row.code, row.name, row.prefecture).lines[0]
    finally:
        _serving_the_public.reset(serving)
    assert (before.country.rank, before.prefecture.rank) == (4, 1)
    assert after.point.value == Decimal("1.00")
    assert (after.country.rank, after.country.count, after.prefecture.rank) == (8, 8, 5)
    assert after.prefecture.median == Decimal("1.31")  # the others' kept values and its own


def test_a_municipality_whose_latest_year_is_older_is_compared_in_that_year(tokyo):
    row = listed("city", "東京都", 1)[0]
    other = listed("village", "東京都", 1)[0]
    reporting_city(other, {2020: "1.9"})
    c = comparison.compare_municipality(other.code, other.name, other.prefecture)
    assert c.group == "village" and c.lines[0].year == 2020
    assert (c.lines[0].country.rank, c.lines[0].country.count) == (1, 1)
    assert row.code  # the cities of 2021– are not in 2020's comparison


def test_designated_cities_are_their_own_group(db):
    row = next(r for r in national.all_rows() if r.name == "横浜市")
    assert comparison._group_of(row.code, row.prefecture, row.name) == "designated_city"


def test_the_download_has_every_year_with_its_rank(tokyo):
    standard, rows = comparison.compare_indicator_all_years(tfr())
    assert len(rows) == 5 * 3 + 3 * 2
    assert {(r.year, r.count) for r in rows} == {(2021, 5), (2022, 8), (2023, 8)}


def test_benchmarks_join_through_the_link_not_the_spelling(tokyo):
    from hyoka.plans.models import Benchmark

    kpi = next(iter(tokyo.values()))
    kpi.name = "出生率（合計特殊）"  # the plan's own spelling, linked by the planning office
    kpi.save()
    Benchmark.objects.create(plan=kpi.plan, indicator="出生率（合計特殊）", area="小平市", value=Decimal("1.33"))
    Benchmark.objects.create(plan=kpi.plan, indicator="出生数", area="小平市", value=Decimal("1500"), unit="人")
    found = comparison.benchmarks_for(tfr())
    assert [(p.benchmark.area, p.benchmark.value) for p in found] == [("小平市", Decimal("1.33"))]
    assert [b.area for b in comparison.plan_benchmarks_for(kpi, tfr().pk)] == ["小平市"]


@pytest.mark.parametrize("page", ["compare-indicator", "compare-indicator-csv", "compare-indicator-json"])
def test_the_indicator_pages_cost_the_same_on_ten_times_the_data(client, db, count_queries, page):
    national_data(5)
    url = reverse(page, args=[TFR])
    small = count_queries(client, url)
    national_data(45, skip=5)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("page", ["compare-municipality", "compare-municipality-csv", "compare-municipality-json"])
def test_the_municipality_pages_cost_the_same_on_ten_times_the_data(client, db, count_queries, page):
    national_data(5)
    code = IndicatorLink.objects.first().indicator.plan.municipality.code
    small = count_queries(client, reverse(page, args=[code]))
    national_data(45, skip=5)
    assert count_queries(client, reverse(page, args=[code])) == small


def test_the_pages_show_the_ranking_and_the_downloads_are_conventional(client, tokyo):
    response = client.get(reverse("compare-indicator", args=[TFR]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="ranking"' in html and "全国の中央値" in html
    first = listed("city", "東京都", 5)[4]
    assert html.index(first.name) < html.index(listed("city", "東京都", 1)[0].name)
    csv = client.get(reverse("compare-indicator-csv", args=[TFR]))
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff全国地方公共団体コード,ID,地方公共団体名,") and "\r\n" in text
    assert csv["X-License"] == "CC BY 4.0"
    assert ",1.34," in text and "0000" not in text and "0000" not in html  # values as printed, on PostgreSQL too
    data = client.get(reverse("compare-indicator-json", args=[TFR]) + "?year=2022").json()
    assert data["year"] == 2022 and data["reporting"] == 8 and data["ranking"][0]["rank"] == 1
    page = client.get(reverse("compare-municipality", args=[first.code]))
    assert page.status_code == 200 and "1位／5団体" in page.content.decode()
    assert client.get(reverse("compare-municipality", args=["000000"])).status_code == 404
    assert client.get("/compare/municipalities/%00abc/").status_code == 404  # a NUL never reaches PostgreSQL
    assert client.get(reverse("compare-indicator", args=["no-such"])).status_code == 404


def test_the_comparisons_are_in_every_pages_menu(client, tokyo):
    """The public finds the comparisons from the plan list, not only from a KPI's page."""
    catalogue = reverse("standard-indicator-list")
    menu = f'<li><a href="{catalogue}">他団体比較</a></li>'
    assert menu in client.get(reverse("plan-list")).content.decode()
    here = client.get(catalogue).content.decode()
    assert f'<a href="{catalogue}" aria-current="page">他団体比較</a>' in here


def test_a_formula_in_a_name_stays_text_in_the_csv(tokyo):
    from hyoka.plans.models import Municipality

    Municipality.objects.filter(pk=next(iter(tokyo.values())).plan.municipality_id).update(name="=HYPERLINK(1)")
    from django.test import Client

    text = Client().get(reverse("compare-indicator-csv", args=[TFR])).content.decode()
    assert "'=HYPERLINK(1)" in text


def test_the_ranking_is_paged_and_the_downloads_hold_every_row(client, tokyo, monkeypatch):
    monkeypatch.setattr("hyoka.catalog.views.RANKING_PAGE", 3)
    html = client.get(reverse("compare-indicator", args=[TFR]) + "?page=2").content.decode()
    ranking = html[html.index('id="ranking"') : html.index('id="distribution"')]
    assert ranking.count('<td class="num">') // 4 == 3 and ">4</td>" in ranking and ">1</td>" not in ranking
    assert "2 / 3" in ranking and 'rel="prev"' in ranking and 'rel="next"' in ranking
    assert len(client.get(reverse("compare-indicator-json", args=[TFR])).json()["ranking"]) == 8


def test_the_comparison_csvs_rows_match_their_headers(client, tokyo):
    """Each CSV row has a cell per header column, and the shared columns say the same figure in both files."""

    def rows(url: str) -> list[dict[str, str]]:
        lines = list(csv_module.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        assert all(len(line) == len(lines[0]) for line in lines)
        return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]

    ranked = rows(reverse("compare-indicator-csv", args=[TFR]))
    assert list(ranked[0]) == INDICATOR_HEADER
    first = next(r for r in ranked if r["年"] == "2023" and r["順位"] == "1")
    assert (first["指標名"], first["値"], first["報告団体数"]) == ("合計特殊出生率", "1.42", "8")
    city = rows(reverse("compare-municipality-csv", args=[first["全国地方公共団体コード"]]))
    assert list(city[0]) == MUNICIPALITY_HEADER
    same = next(r for r in city if r["年"] == "2023")
    assert same["ID"] == first["ID"] and same["値"] == "1.42" and same["全国順位"] == "1"
