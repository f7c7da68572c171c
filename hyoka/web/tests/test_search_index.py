"""On PostgreSQL each search column has a trigram index (web migration 0003) that the search's queries use;
SQLite has none."""

import pytest
from django.db import connection

from hyoka.web.search import _matching

pytestmark = pytest.mark.django_db
SEARCHED = ["Plan", "Section", "Project", "Indicator", "Evaluation", "PublishedEvaluation"]


def searched_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m.__name__ in SEARCHED and m.__module__.startswith("hyoka.")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_every_search_column_has_a_trigram_index_the_search_uses():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'web_trgm_%%'")
        indexes = dict(cursor.fetchall())
    models = searched_models()
    assert len(models) == len(SEARCHED) == len(indexes)
    for model in models:
        name = f"web_trgm_{model._meta.db_table}_search_text"[:63]
        assert "gin_trgm_ops" in indexes[name] and "search_text" in indexes[name]
        query = model.objects.filter(_matching(["ネウボラ"])).order_by().values("pk")
        with connection.cursor() as cursor:  # on a test's few rows the planner would scan: asked not to, it must
            cursor.execute("SET LOCAL enable_seqscan = off")  # find the trigram index to answer the LIKE at all
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {query.query.sql_with_params()[0]}", query.query.sql_with_params()[1])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert name in plan, plan


def test_the_migration_leaves_sqlite_alone():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'web_trgm_%'")
        assert cursor.fetchall() == []
