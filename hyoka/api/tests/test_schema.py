"""schemathesis against the API's own OpenAPI schema (on SQLite and PostgreSQL alike, as the suite runs):
every operation is called with generated parameters and bodies, valid and invalid, as the public and with
a department's token; no answer may be a server error or differ from what the schema says."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from hyoka.catalog.tests.conftest import listed, reporting_city

# A body the schema allows may still name a grade, level or KPI the plan's own scheme does not have: the API
# refuses it with 422 and says why (api.py), which no schema of every plan at once can spell as an enum. So for
# valid-looking data 422 is an answer too, beside schemathesis's defaults; everything else is checked as before.
config = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
            }
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=config)


@pytest.fixture
def scene(people, opened_2021, tokens):
    """An open year with entries to write (bob's own project among them) and bob's token.

    Requests go through the WSGI handler, whose signals close the database connection after each one, as a
    server should; here that would end the test's transaction (PostgreSQL), so, as Django's test client
    does, the connection is kept for the test."""
    for i, row in enumerate(listed("city", "東京都", 3)):  # figures for the comparisons to rank
        reporting_city(row, {2022: f"1.{20 + i}", 2023: f"1.{30 + i}"}, title="比較用")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield tokens
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.parametrize("caller", ["public", "bob"])
def test_the_api_answers_as_its_schema_says(case, caller, scene):
    headers = {"Authorization": scene.bob} if caller == "bob" else {}
    case.call_and_validate(headers=headers)
