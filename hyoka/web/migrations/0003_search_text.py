"""Search reads one normalised column per searchable table (hyoka.plans.fields.SearchTextField): this fills it
for the rows already there, and moves the PostgreSQL trigram indexes from UPPER(each field) to it."""

from django.db import migrations

MODELS = [
    ("plans", "Plan"),
    ("plans", "Section"),
    ("projects", "Project"),
    ("indicators", "Indicator"),
    ("evaluations", "Evaluation"),
    ("evaluations", "PublishedEvaluation"),
]
OLD = [  # 0002's indexes
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


def fill(apps, schema_editor):
    for app, name in MODELS:
        model = apps.get_model(app, name)
        field = model._meta.get_field("search_text")
        rows = model._base_manager.only("pk", *field.sources).order_by("pk")
        batch = []
        for row in rows.iterator(chunk_size=2000):
            row.search_text = field.text_of(row)
            batch.append(row)
            if len(batch) == 2000:
                model._base_manager.bulk_update(batch, ["search_text"])
                batch = []
        model._base_manager.bulk_update(batch, ["search_text"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in OLD:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')
    for app, name in MODELS:
        table = apps.get_model(app, name)._meta.db_table
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, "search_text")}" ON "{table}" USING gin ("search_text" gin_trgm_ops)'
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, name in MODELS:
        table = apps.get_model(app, name)._meta.db_table
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, "search_text")}"')
    for table, column in OLD:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_search_trigram_indexes"),
        ("plans", "0007_search_text"),
        ("projects", "0003_search_text"),
        ("indicators", "0007_search_text"),
        ("evaluations", "0010_search_text"),
    ]
    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
