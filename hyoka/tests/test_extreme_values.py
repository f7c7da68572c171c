"""No stored value makes a page answer 500 (issue 11): every number column holding an extreme value.

A legacy row, written before the forms checked the range or by hand in SQL, can hold what no door lets in
today: on SQLite any magnitude a REAL holds (1E+30 has more than the 28 digits Python's default decimal
context quantizes; 1E+300), on PostgreSQL NaN (its numeric(20, 6) columns accept it). Such a value is
written here past every form into every number column of every model, in half the rows (beside ordinary
values, so charts span both) or in all of them; then every page of the URL table, every report in every
format, the API, the admin and the CLI's exports are asked for, and each answers as it does without it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.urls import reverse

from hyoka.accounts.tests.test_url_permissions import ROLES, TABLE, scene  # noqa: F401 - the fixture by name
from hyoka.plans.fields import YearField
from hyoka.reports.output import FORMATS, LAYOUTS

SQLITE_VALUES = [(1e30, "half"), (-9.87654321e45, "all"), (1e300, "half"), (1.5e-300, "half")]
POSTGRESQL_VALUES = [(Decimal("NaN"), "half"), (Decimal("NaN"), "all")]
# No era names them and date() cannot hold the first and third; each row gets the year plus its id (unique
# per row, as a year is per project or plan), so the last stays before 明治 for the demo's few hundred rows.
YEARS = [10000, 1, 99999, 1000]


def columns(kind: type[models.Field]) -> list[tuple[type[models.Model], models.Field]]:
    """Every column of that kind of Hyoka's own models."""
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("hyoka.")
        for field in model._meta.concrete_fields
        if isinstance(field, kind)
    ]


def number_columns() -> list[tuple[type[models.Model], models.Field]]:
    return columns(models.DecimalField)


def year_columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every 年度 or year column, but those that key a row (a cycle's year, an evaluation's): changing them
    would make the URL table's pages name rows that no longer belong together."""
    return [
        (model, field)
        for model, field in columns(YearField)
        if not any(field.name in getattr(c, "fields", ()) for c in model._meta.constraints)
    ]


def store_everywhere(value: float | Decimal, rows: str, year: int | None = None) -> int:
    """`value` in every number column (and `year` in every year column), in rows with an even id ("half") or in
    every row ("all"), with SQL."""
    written = 0
    q = connection.ops.quote_name
    columns = [(model, field, "%s", value) for model, field in number_columns()]
    if year is not None:
        columns += [(model, field, f"%s + {q(model._meta.pk.column)}", year) for model, field in year_columns()]
    with connection.cursor() as cursor:
        for model, field, expression, value in columns:
            table, pk = model._meta.db_table, model._meta.pk.column
            where = f" WHERE {q(pk)} %% 2 = 0" if rows == "half" else ""
            cursor.execute(f"UPDATE {table} SET {q(field.column)} = {expression}{where}", [value])
            written += cursor.rowcount
    return written


@pytest.fixture(params=range(max(len(SQLITE_VALUES), len(POSTGRESQL_VALUES))), ids=lambda i: f"case{i}")
def extreme(request, scene):  # noqa: F811
    values = SQLITE_VALUES if connection.vendor == "sqlite" else POSTGRESQL_VALUES
    if request.param >= len(values):
        pytest.skip(f"{connection.vendor} has {len(values)} cases")
    value, rows = values[request.param]
    assert (
        store_everywhere(value, rows, YEARS[request.param]) > 100
    )  # the demo plans' numbers, a good part of them extreme
    return scene


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 is counted and the walk goes on, so one run lists them all
    return client


def _get(client, url: str) -> int:
    try:
        response = client.get(url)
    except Exception:  # a streamed download that fails while streaming, past the handler
        return 500
    if response.streaming:
        b"".join(response)  # a streamed download fails while it streams
    return response.status_code


@pytest.mark.django_db
def test_every_page_answers_as_it_would_with_an_extreme_number_stored(client, extreme):
    """Each row of the URL table, read by the planning office, an editor and a reviewer: the status the table
    gives (200 where a page is shown), not a 500."""
    differs = []
    for row, (build, get_codes, _post) in sorted(TABLE.items()):
        expected = dict(zip(ROLES, get_codes.split(), strict=True))
        with transaction.atomic():  # a row's URL may make what it names: undone after it, as in its own test
            url = build(extreme)
            for role in ("alice", "bob", "dave"):
                client.force_login(getattr(extreme.people, role))
                status = _get(client, url)
                if str(status) != expected[role]:
                    differs.append(f"{row} {role}: {status}, not {expected[role]}")
            transaction.set_rollback(True)
    assert not differs, "\n".join(differs)


@pytest.mark.django_db
def test_every_report_renders_with_an_extreme_number_stored(client, extreme):
    client.force_login(extreme.people.dave)
    failed = [
        (layout, fmt, fy, status)
        for layout in LAYOUTS
        for fmt in FORMATS
        for fy in (2020, 2021)  # the published year and the open one (a draft for reviewers)
        if (status := _get(client, f"/reports/plans/{extreme.plan.pk}/{layout}.{fmt}?fy={fy}")) != 200
    ]
    assert not failed, "\n".join(map(str, failed))


@pytest.mark.django_db
def test_the_admin_shows_every_row_holding_an_extreme_number(client, extreme):
    root = User.objects.create_superuser("root", password="password")
    client.force_login(root)
    failed = []
    for model, _field in number_columns():
        if model not in admin.site._registry:
            continue
        info = model._meta.app_label, model._meta.model_name
        if (status := _get(client, reverse("admin:{}_{}_changelist".format(*info)))) != 200:
            failed.append((model.__name__, "list", status))
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:4]:
            if (status := _get(client, reverse("admin:{}_{}_change".format(*info), args=[pk]))) != 200:
                failed.append((model.__name__, pk, status))
    assert not failed, "\n".join(map(str, failed))


@pytest.mark.django_db
def test_the_command_line_exports_a_plan_holding_an_extreme_number(cli, extreme, tmp_path):
    plan = str(extreme.plan.pk)
    runs = [
        ("export", plan, "--output", str(tmp_path / "plan.json")),
        ("export", plan, "--format", "xlsx", "--output", str(tmp_path / "plan.xlsx")),
        ("progress", plan),
        ("report", plan, "--fy", "2020", "--format", "xlsx", "--quiet", "--output", str(tmp_path / "r.xlsx")),
        ("backup", str(tmp_path / "all.zip")),
    ]
    for args in runs:
        code, _out, err = cli(*args)
        said = [line for line in err.splitlines() if " WARNING hyoka.db: " not in line]  # the log's notes aside
        assert code == 0 or len(said) == 1, (args, said)  # done, or one line saying why not
        assert "Traceback" not in err and "math domain" not in err, (args, said)
