"""Trigram indexes for search on PostgreSQL (pg_trgm): GIN on UPPER(column), the very expression Django's
``icontains`` compares (``UPPER("name"::text) LIKE UPPER('%…%')``), so hyoka/web/search.py's queries use them
for any Japanese substring of three characters or more without a change. SQLite has no such index: there the
search scans, as before. The tables are other apps'; the indexes are the search's, so they live here."""

from django.db import migrations

FIELDS = [
    ("plans_plan", "title"),
    ("plans_section", "title"),
    ("projects_project", "name"),
    ("projects_project", "description"),
    ("indicators_indicator", "name"),
    ("indicators_indicator", "definition"),
    ("evaluations_evaluation", "narrative"),
    ("evaluations_evaluation", "future_direction"),
]


def _name(table: str, column: str) -> str:
    return f"web_trgm_{table}_{column}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in FIELDS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_public_version"),
        ("plans", "0001_initial"),
        ("projects", "0001_initial"),
        ("indicators", "0001_initial"),
        ("evaluations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
