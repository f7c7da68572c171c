"""The comparison pages, their downloads and the API's comparison reads go through the public cache under the
global scope (hyoka/web/cache.py): a warm request costs the version read only, every write that changes a
comparison is seen at once, and a logged-in planning office user neither reads nor fills the public's copy."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.catalog.tests.conftest import TFR, listed
from hyoka.indicators.models import Observation

pytestmark = pytest.mark.django_db

OLD, NEW = "1.34", "2.87"  # the fifth 東京都 city's 2023 value in the `tokyo` scene, and what it becomes


def urls_of(code: str) -> list[str]:
    """Every comparison read of the indicator and of the municipality ``code``: pages, downloads, API."""
    return [
        reverse("standard-indicator-list"),
        reverse("compare-indicator", args=[TFR]),
        reverse("compare-indicator", args=[TFR]) + "?year=2022&prefecture=東京都",
        reverse("compare-indicator-csv", args=[TFR]),
        reverse("compare-indicator-json", args=[TFR]),
        reverse("compare-municipality", args=[code]),
        reverse("compare-municipality-csv", args=[code]),
        reverse("compare-municipality-json", args=[code]),
        "/api/standard-indicators",
        f"/api/standard-indicators/{TFR}",
        f"/api/compare/indicators/{TFR}",
        f"/api/compare/municipalities/{code}",
    ]


def text(response) -> str:
    return response.content.decode("utf-8-sig")


@pytest.fixture
def fifth(tokyo):
    """The fifth 東京都 city: its KPI (rank 4 of 8 in 2023, value 1.34) and its municipality code."""
    row = listed("city", "東京都", 5)[4]
    return tokyo[row.name], row


@pytest.fixture
def planner(db, settings_fast):
    from hyoka.accounts.demo import make_user
    from hyoka.accounts.models import Profile

    user = make_user("planner", "password", Profile.Role.PLANNING_ADMIN)
    office = Client()
    office.force_login(user)
    return office


def test_a_warm_comparison_read_costs_only_the_version_read(client, fifth):
    _, row = fifth
    for url in urls_of(row.code):
        first = client.get(url)
        assert first.status_code == 200 and first["X-Hyoka-Cache"] == "miss", url
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second["X-Hyoka-Cache"] == "hit", url
        assert len(queries) <= 2, (url, [q["sql"] for q in queries])
        assert all("web_publicversion" in q["sql"] for q in queries), url  # nothing but the version read
        assert second["Content-Type"] == first["Content-Type"]
        if not first["Content-Type"].startswith("text/html"):  # HTML differs by each reader's CSRF token only
            assert second.content == first.content, url


def test_a_changed_published_value_is_seen_at_once(client, fifth):
    kpi, row = fifth
    page, csv = reverse("compare-indicator", args=[TFR]), reverse("compare-indicator-csv", args=[TFR])
    city_page, city_csv = (
        reverse("compare-municipality", args=[row.code]),
        reverse("compare-municipality-csv", args=[row.code]),
    )
    api, city_api = f"/api/compare/indicators/{TFR}", f"/api/compare/municipalities/{row.code}"
    for url in (page, csv, city_page, city_csv, api, city_api):
        assert OLD in text(client.get(url)), url
        assert client.get(url)["X-Hyoka-Cache"] == "hit", url

    value = Observation.objects.get(indicator=kpi, year=2023)
    value.value = Decimal(NEW)
    value.save()  # a published figure of one plan: the global scope goes up with the plan's

    for url in (page, csv, city_page, city_csv, api, city_api):
        response = client.get(url)
        assert response["X-Hyoka-Cache"] == "miss" and NEW in text(response), url
    ranking = json.loads(client.get(api).content)["ranking"]
    assert (ranking[0]["code"], ranking[0]["value"]) == (row.code, float(NEW))  # first now, in the cached answer
    assert client.get(api)["X-Hyoka-Cache"] == "hit"
    line = json.loads(client.get(city_api).content)["indicators"][0]
    assert (line["value"], line["country"]["rank"]) == (float(NEW), 1)


def test_the_country_is_read_once_for_every_public_comparison_until_a_write(client, fifth):
    """The series behind the comparisons are kept too (kept_series): a comparison the page cache has not seen
    (another year, another prefecture, the download) reads no municipality's values again, and a published
    value changed afterwards is in the next one."""
    kpi, row = fifth
    page = reverse("compare-indicator", args=[TFR])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(page + "?year=2023")["X-Hyoka-Cache"] == "miss"
    with CaptureQueriesContext(connection) as warm:
        other = client.get(page + "?year=2023&prefecture=東京都")
    assert other["X-Hyoka-Cache"] == "miss" and OLD in text(other)
    read = [q["sql"] for q in cold.captured_queries if "indicators_observation" in q["sql"]]
    assert read and not [q for q in warm.captured_queries if "indicators_observation" in q["sql"]]

    first, second = (reverse("compare-municipality", args=[r.code]) for r in listed("city", "東京都", 5)[:2])
    with CaptureQueriesContext(connection) as cold_city:
        client.get(first)
    with CaptureQueriesContext(connection) as warm_city:  # the country's values of the same years: kept
        client.get(second)
    assert len(warm_city) < len(cold_city)

    value = Observation.objects.get(indicator=kpi, year=2023)
    value.value = Decimal(NEW)
    value.save()
    with CaptureQueriesContext(connection) as after:
        response = client.get(page + "?year=2023&prefecture=東京都&again=1")
    assert NEW in text(response) and OLD not in text(response)
    assert [q for q in after.captured_queries if "indicators_observation" in q["sql"]]  # read again, once


def test_a_public_comparison_reads_the_version_once_however_many_kept_values_it_looks_up(client, fifth):
    """The page cache, the kept series, the held ranking and the benchmarks all key on the same version."""
    kpi, row = fifth
    for url in (
        reverse("compare-indicator", args=[TFR]) + "?year=2023&fresh=1",
        reverse("compare-municipality", args=[row.code]) + "?fresh=1",
    ):
        client.get(url.replace("fresh=1", "warm=1"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url)["X-Hyoka-Cache"] == "miss"
        assert len([q for q in queries.captured_queries if "web_publicversion" in q["sql"]]) == 1, url


def test_confirming_or_rejecting_a_link_changes_the_comparison_at_once(client, fifth, planner):
    kpi, row = fifth
    link = IndicatorLink.objects.get(indicator=kpi)
    link.status = IndicatorLink.Status.SUGGESTED
    link.save()
    page, api = reverse("compare-indicator", args=[TFR]), f"/api/compare/indicators/{TFR}"
    kpi_page = reverse("indicator-detail", args=[kpi.plan_id, kpi.pk])
    links = reverse("plan-links", args=[kpi.plan_id])

    def shown() -> tuple[bool, bool, bool]:
        """Whether the city is in the ranking of the page and of the API, and its KPI card shows its standing;
        each read twice, the second from the cache."""
        for url in (page, api, kpi_page):
            client.get(url)
        ranked = client.get(page)
        codes = [r["code"] for r in json.loads(client.get(api).content)["ranking"]]
        card = client.get(kpi_page)
        assert ranked["X-Hyoka-Cache"] == card["X-Hyoka-Cache"] == "hit"
        return row.name in text(ranked), row.code in codes, 'id="standing"' in text(card)

    assert shown() == (False, False, False)
    assert planner.post(links, {"action": "confirm", "indicator": kpi.pk}).status_code == 302
    assert shown() == (True, True, True)
    planner.post(links, {"action": "reject", "indicator": kpi.pk})
    assert shown() == (False, False, False)
    planner.post(links, {"action": "choose", "indicator": kpi.pk, "standard": TFR})
    assert shown() == (True, True, True)
    link.refresh_from_db()
    link.status = IndicatorLink.Status.SUGGESTED
    link.save()
    assert shown() == (False, False, False)
    planner.post(links, {"action": "confirm_all"})  # a QuerySet.update, no signal: the queryset bumps itself
    assert IndicatorLink.objects.get(pk=link.pk).status == IndicatorLink.Status.CONFIRMED
    assert shown() == (True, True, True)
    link.delete()
    assert shown() == (False, False, False)


def test_a_changed_standard_indicator_is_seen_at_once(client, fifth):
    kpi, _ = fifth
    urls = [
        reverse("standard-indicator-list"),
        reverse("compare-indicator", args=[TFR]),
        f"/api/standard-indicators/{TFR}",
        reverse("indicator-detail", args=[kpi.plan_id, kpi.pk]),  # the KPI card names the standard
    ]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Hyoka-Cache"] == "hit", url
    standard = StandardIndicator.objects.get(code=TFR)
    standard.name = "合計特殊出生率（標準）"
    standard.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Hyoka-Cache"] == "miss" and "合計特殊出生率（標準）" in text(response), url
    standard.delete()  # its links go with it
    assert client.get(reverse("compare-indicator", args=[TFR])).status_code == 404
    assert client.get(f"/api/compare/indicators/{TFR}").status_code == 404
    assert 'id="standing"' not in text(client.get(urls[3]))


def test_a_planning_office_users_request_neither_reads_nor_fills_the_cache(client, fifth, planner):
    from django.core.cache import cache

    kpi, row = fifth
    urls = urls_of(row.code)[:8]  # the pages and downloads (a session, not a token)
    for url in urls:  # the planning office reads first: nothing is filled
        response = planner.get(url)
        assert response.status_code == 200 and not response.has_header("X-Hyoka-Cache"), url
        assert client.get(url)["X-Hyoka-Cache"] == "miss", url
    assert 'id="plan-links"' in text(planner.get(urls[0]))  # the office's own catalogue page, never the public's
    assert 'id="plan-links"' not in text(client.get(urls[0]))

    # A write that skips signals leaves the public's copy as it was: the office still reads the database.
    cache.clear()
    page, api = reverse("compare-indicator", args=[TFR]), f"/api/compare/indicators/{TFR}"
    for url in (page, api):
        client.get(url)
    Observation.objects.filter(indicator=kpi, year=2023).update(value=Decimal(NEW))
    assert NEW in text(planner.get(page)) and OLD not in text(planner.get(page))
    public = client.get(page)
    assert public["X-Hyoka-Cache"] == "hit" and OLD in text(public)
    from django.contrib.auth import get_user_model

    from hyoka.api.models import ApiToken

    _, secret = ApiToken.objects.issue(user=get_user_model().objects.get(username="planner"), name="test")
    by_token = client.get(api, headers={"Authorization": f"Bearer {secret}"})
    assert not by_token.has_header("X-Hyoka-Cache") and NEW in text(by_token)


def test_a_kpi_page_shows_the_standing_after_another_citys_value_changes(client, fifth):
    """The KPI card's rank and medians come from every city's figures, so another plan's published change must
    reach this plan's cached KPI page too (it is cached under the global scope, not its own plan's)."""
    kpi, _ = fifth
    first_city = listed("city", "東京都", 5)[0]
    other = IndicatorLink.objects.get(indicator__plan__municipality__code=first_city.code).indicator
    page = reverse("indicator-detail", args=[other.plan_id, other.pk])

    def median() -> str:
        found = re.search(r"全国の中央値\s*([0-9.,]+)", text(client.get(page)))
        assert found, "the KPI card shows no national median"
        return found.group(1)

    before = median()
    assert client.get(page)["X-Hyoka-Cache"] == "hit"
    value = Observation.objects.get(indicator=kpi, year=2023)
    value.value = Decimal(NEW)  # 1.34 → 2.87: the national median of 2023 moves from 1.335 to 1.365
    value.save()
    assert median() != before


@pytest.fixture
def reads(monkeypatch):
    """The municipality codes each reading of the figures for the public was limited to (None: the whole
    country); the planning office's readings, never kept, are not listed."""
    from hyoka.catalog import comparison
    from hyoka.web.cache import serving_the_public

    seen: list[set[str] | None] = []
    real = comparison.public_series

    def public_series(standards, *, municipality_codes=None, years=None):
        if serving_the_public():
            seen.append(None if municipality_codes is None else set(municipality_codes))
        return real(standards, municipality_codes=municipality_codes, years=years)

    monkeypatch.setattr(comparison, "public_series", public_series)
    return seen


def test_after_a_write_only_the_written_plans_municipality_is_read_again(client, fifth, reads):
    """In the entry season a value is saved every few seconds: the next comparison must not read the country."""
    kpi, row = fifth
    first = listed("city", "東京都", 5)[0]
    page, city = reverse("compare-indicator", args=[TFR]), reverse("compare-municipality", args=[first.code])
    for url in (page, city):
        client.get(url)
    assert None in reads  # the first reading: the whole country
    reads.clear()

    value = Observation.objects.get(indicator=kpi, year=2023)
    value.value = Decimal(NEW)
    value.save()
    assert NEW in text(client.get(page))
    assert reads == [{row.code}]  # the written plan's city, nothing else
    reads.clear()
    assert client.get(city).status_code == 200
    assert None not in reads and {row.code} in reads  # the page's own city is read as it always is
    assert set().union(*reads) == {row.code, first.code}


def test_what_is_kept_and_brought_up_to_date_is_what_a_fresh_reading_gives_after_every_kind_of_write(
    client, fifth, planner, reads
):
    """The public's comparisons (kept, brought up to date by the plans written) against the planning office's
    (read from the database each time), after each kind of write that changes them."""
    from hyoka.catalog.tests.conftest import reporting_city
    from hyoka.plans.models import Plan
    from hyoka.web.cache import bump_plans

    kpi, row = fifth
    first = listed("city", "東京都", 5)[0]
    urls = [
        reverse("compare-indicator-json", args=[TFR]),
        reverse("compare-indicator-json", args=[TFR]) + "?year=2022",
        reverse("compare-municipality-json", args=[row.code]),
        reverse("compare-municipality-json", args=[first.code]),
    ]

    def same(step: str, *, a_year_first_read: bool = False) -> None:
        """The public's and the office's answers agree, and the public's were brought up to date, not read
        again for the whole country (unless a year nobody read before is shown)."""
        reads.clear()
        for url in urls:
            public, office = client.get(url), planner.get(url)
            assert public.status_code == office.status_code, (step, url)
            if public.status_code == 200:
                assert json.loads(public.content) == json.loads(office.content), (step, url)
        assert reads and (a_year_first_read or None not in reads), (step, reads)

    same("first", a_year_first_read=True)
    value = Observation.objects.get(indicator=kpi, year=2023)
    value.value = Decimal(NEW)
    value.save()
    same("a value")
    newcomer = reporting_city(listed("city", "神奈川県", 1)[0], {2023: "1.50"})  # a new plan, linked
    same("a new plan")
    second = reporting_city(first, {2024: "1.99"}, title="第2期")  # a newer plan of the same city reports now
    same("a newer plan of a city", a_year_first_read=True)  # the city's own page compares 2024 now
    kpi.unit = "人"
    kpi.save()  # another unit: left out and counted
    same("another unit")
    Plan.objects.filter(pk=newcomer.plan_id).update(published=False)  # skips signals, so bumps itself
    bump_plans([newcomer.plan_id])
    same("unpublished")
    second.plan.delete()
    same("a plan deleted")


def test_threads_asking_together_wait_for_one_reading_of_the_country(monkeypatch):
    """A gunicorn worker's threads that all miss at once (a cold start, the first readers after a write) wait for
    the one reading instead of each reading the country (a second each at national scale)."""
    import threading
    import time

    from hyoka.catalog import comparison
    from hyoka.web import cache

    monkeypatch.setattr(comparison, "public_version", lambda scope: 7)
    monkeypatch.setattr(comparison, "plan_versions", lambda: {})
    readings = []

    def read(pks, codes):
        readings.append(codes)
        time.sleep(0.2)  # long enough for every thread to ask meanwhile
        return {pk: f"figures of {pk}" for pk in pks}

    answers = []

    def ask():
        token = cache._serving_the_public.set({})
        try:
            answers.append(comparison._kept("test-threads", {1: None}, read))
        finally:
            cache._serving_the_public.reset(token)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [{1: "figures of 1"}] * 4
    assert readings == [None]  # one reading of the whole country
