"""The catalogue and the comparisons through the API: what the pages show, the same for every caller."""

from decimal import Decimal

import pytest

from hyoka.catalog.models import StandardIndicator
from hyoka.catalog.tests.conftest import TFR, listed, national_data, tokyo  # noqa: F401 — the catalogue's scenes


def test_the_catalogue(client, db):
    answer = client.get("/api/standard-indicators")
    assert answer.status_code == 200
    codes = [s["code"] for s in answer.json()]
    assert len(codes) == StandardIndicator.objects.count() and TFR in codes
    one = client.get(f"/api/standard-indicators/{TFR}").json()
    assert one["name"] == "合計特殊出生率" and one["estat_code"] == "00450011"
    assert client.get("/api/standard-indicators/no-such").status_code == 404


def test_an_indicator_across_the_country(client, tokyo):  # noqa: F811
    data = client.get(f"/api/compare/indicators/{TFR}?prefecture=東京").json()
    assert data["year"] == 2023 and data["prefecture"] == "東京都"
    assert data["national"] == {"label": "全国", "median": 1.335, "count": 8}
    assert [r["rank"] for r in data["ranking"]] == [4, 5, 6, 7, 8]  # 埼玉県's three lead in 2023
    assert data["ranking"][0]["value"] == 1.34 and data["ranking"][0]["group"] == "city"
    assert Decimal(str(data["trend"][-1]["prefecture_median"])) == Decimal("1.32")
    assert client.get(f"/api/compare/indicators/{TFR}?year=2021").json()["national"]["count"] == 5


def test_a_municipality_against_its_prefecture_and_group(client, tokyo):  # noqa: F811
    row = listed("city", "東京都", 5)[4]
    data = client.get(f"/api/compare/municipalities/{row.code}").json()
    [line] = data["indicators"]
    assert (data["group"], line["prefecture"]["rank"], line["prefecture"]["count"]) == ("city", 1, 5)
    assert client.get("/api/compare/municipalities/12345").status_code == 422  # not six digits
    assert client.get("/api/compare/municipalities/010006").status_code == 404  # a prefecture, not a municipality


@pytest.mark.parametrize("path", [f"/api/compare/indicators/{TFR}", "/api/compare/municipalities/{code}"])
def test_the_comparisons_cost_the_same_on_ten_times_the_data(client, db, path):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hyoka.catalog.models import IndicatorLink

    national_data(5)
    url = path.format(code=IndicatorLink.objects.first().indicator.plan.municipality.code)

    def count() -> int:
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    national_data(45, skip=5)
    assert count() == small
