"""A plan's rows of one table in document order, read with one plain SELECT (for the plan page).

The plan page reads a plan's sections, indicators, benchmarks, revision points, grades and achievement levels on
every view the public cache has not kept, and each KPI's values and target revisions. Through the ORM each of
these fixed queries was built anew every time, which cost about as much as running it and making its rows.
``read_instances`` makes the same model instances, through the database's own converters, from a SELECT written
from the models' own table and column names. The tests compare the rows with what the ORM reads, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import signals
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)


def read_instances(model: type[M], tail: str, params: list, using: str = DEFAULT_DB_ALIAS) -> list[M]:
    """``model``'s instances from ``SELECT <its columns> FROM <its table>`` + ``tail`` (joins, WHERE, ORDER BY).

    The values go through the converters the ORM would apply (the database's and the fields' own: SQLite's
    decimals and dates, a NumberField's trim). A model with its own ``__init__`` or with init signals is made
    through ``from_db`` as the ORM makes it; any other gets its values set as ``Model.__init__`` would set them,
    at a third of the cost (a national plan page makes about 700 instances)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = meta.concrete_fields
    table = quote(meta.db_table)
    columns = ", ".join(f"{table}.{quote(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}{tail}", params)
        rows = cursor.fetchall()
    converters = []
    for i, f in enumerate(fields):
        column = f.get_col(meta.db_table)  # what the ORM hands a converter
        found = [*connection.ops.get_db_converters(column), *f.get_db_converters(connection)]
        if found:
            converters.append((i, column, found))
    if converters:
        rows = [_converted(row, converters, connection) for row in rows]
    if model.__init__ is not models.Model.__init__ or any(
        s.has_listeners(model) for s in (signals.pre_init, signals.post_init)
    ):
        return [model.from_db(using, None, row) for row in rows]
    names = [f.attname for f in fields]
    instances = []
    for row in rows:
        instance = model.__new__(model)
        instance._state = state = ModelState()
        state.adding, state.db = False, using
        instance.__dict__.update(zip(names, row, strict=True))
        instances.append(instance)
    return instances


def _converted(row: tuple, converters: list, connection) -> list:
    values = list(row)
    for i, column, functions in converters:
        value = values[i]
        for convert in functions:
            value = convert(value, column, connection)
        values[i] = value
    return values


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
    return read_instances(model, f"{joined} WHERE {where} = %s ORDER BY {order}", [plan.pk], using)
