"""with_values reads every KPI's values and target revisions in order, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def as_read(indicators):
    return [
        (
            k.pk,
            [o.pk for o in k.observation_list],
            [r.pk for r in k.revision_list],
            {o.indicator for o in k.observation_list} <= {k},
        )
        for k in indicators
    ]


def as_the_models_say(plan):
    return [
        (
            k.pk,
            list(k.observations.order_by("position", "pk").values_list("pk", flat=True)),
            list(k.target_revisions.order_by("position", "pk").values_list("pk", flat=True)),
            True,
        )
        for k in Indicator.objects.for_plan(plan)
    ]


@pytest.fixture
def revised(people):
    """Two of the plan's KPIs with a target revision each, so both kinds of row are read."""
    for k in Indicator.objects.filter(plan=people.plan).exclude(target_value=None).order_by("position")[:2]:
        revise_target(
            indicator=k,
            value=k.target_value + Decimal(1),
            comparator=k.target_comparator or ">=",
            text="",
            fiscal_year=2026,
            effective_from_fy=2023,
            reason="見直し",
            by=people.alice,
            decided=datetime.date(2023, 3, 31),
        )
    return people.plan


def test_every_kpi_gets_its_own_values_and_revisions_in_order(revised):
    read = as_read(Indicator.objects.for_plan(revised).with_values())
    assert read == as_the_models_say(revised)
    assert sum(len(v) for _, v, _, _ in read) > 10 and sum(len(r) for _, _, r, _ in read) == 2


def test_many_kpis_are_read_in_batches_the_database_takes(revised, monkeypatch):
    """SQLite takes 999 parameters a query: the ids go in batches of what the connection says it takes."""
    monkeypatch.setattr(connection.features, "max_query_params", 7)
    n = Indicator.objects.filter(plan=revised).count()
    with CaptureQueriesContext(connection) as queries:
        read = as_read(Indicator.objects.for_plan(revised).with_values())
    assert read == as_the_models_say(revised)
    assert len(queries) == 1 + 2 * -(-n // 7)  # the KPIs, then both kinds of row batch by batch


def test_no_kpi_makes_one_query(people):
    with CaptureQueriesContext(connection) as queries:
        assert Indicator.objects.filter(plan=people.plan, name="（ない指標）").with_values() == []
    assert len(queries) == 1
