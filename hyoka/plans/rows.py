"""A plan's rows of one table in document order, read with one plain SELECT (for the plan page).

The plan page reads a plan's sections, indicators, benchmarks, revision points, grades and achievement levels on
every view the public cache has not kept. Through the ORM each of these fixed queries was built anew every time,
which cost about as much as running it and making its rows; ``raw()`` makes the same model instances, through the
database's own converters, from a SELECT written once here from the models' own table and column names. The
tests compare the rows with what the ORM reads, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def plan_rows(model: type[M], plan: models.Model) -> list[M]:
    """``model``'s rows of ``plan`` by position: those with a ``plan``, or with a ``scheme`` (評価基準: grades,
    achievement levels) through the plan's evaluation scheme."""
    using = plan._state.db or DEFAULT_DB_ALIAS
    quote = connections[using].ops.quote_name
    meta = model._meta

    def column(of, name: str) -> str:
        return f"{quote(of.db_table)}.{quote(of.get_field(name).column)}"

    table = quote(meta.db_table)
    if any(f.name == "plan" for f in meta.fields):
        joined, where = "", column(meta, "plan")
    else:
        scheme = meta.get_field("scheme").related_model._meta
        joined = f" JOIN {quote(scheme.db_table)} ON {column(scheme, 'id')} = {column(meta, 'scheme')}"
        where = column(scheme, "plan")
    order = f"{column(meta, 'position')}, {table}.{quote(meta.pk.column)}"
    sql = f"SELECT {table}.* FROM {table}{joined} WHERE {where} = %s ORDER BY {order}"
    return list(model.objects.db_manager(using).raw(sql, [plan.pk]))
