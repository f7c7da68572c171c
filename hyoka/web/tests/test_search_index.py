"""On PostgreSQL the search's icontains queries have trigram indexes (web migration 0002); SQLite has none."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_every_searched_column_has_a_trigram_index_on_the_expression_icontains_uses():
    from hyoka.indicators.models import Indicator

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'web_trgm_%%'")
        indexes = dict(cursor.fetchall())
    assert len(indexes) == 8
    assert all("gin_trgm_ops" in d and "upper(" in d for d in indexes.values())
    sql = str(Indicator.objects.filter(name__icontains="ネウボラ").query)
    assert 'UPPER("indicators_indicator"."name"::text) LIKE UPPER(' in sql  # the indexed expression


def test_the_migration_leaves_sqlite_alone():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'web_trgm_%'")
        assert cursor.fetchall() == []
