"""Every `hyoka` command ends an expected failure with one line on stderr and exit code 1, no traceback."""

import pytest
from django.db import connection

REFUSED = "postgres://postgres@127.0.0.1:1/hyoka"  # nothing listens on port 1


def one_line(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "args", [["plans"], ["progress", "1"], ["export", "1", "--format", "json"], ["demo", "--no-serve"]]
)
def test_a_database_that_refuses_connections_is_one_line(hyoka_process, args):
    stderr = one_line(hyoka_process(args, {"DEBUG": "1", "DATABASE_URL": REFUSED}))
    assert stderr.startswith("hyoka: cannot reach the database (") and stderr.endswith("; check DATABASE_URL\n")


def test_a_database_that_is_not_set_up_says_to_migrate(hyoka_process, tmp_path):
    stderr = one_line(hyoka_process(["plans"], {"DEBUG": "1", "HYOKA_DATA_DIR": str(tmp_path)}))
    assert stderr.startswith("hyoka: the database is not set up (no such table")
    assert stderr.endswith("run hyoka manage migrate\n")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an empty PostgreSQL database is made on PostgreSQL runs")
@pytest.mark.django_db(transaction=True)
def test_an_empty_postgresql_database_says_to_migrate(hyoka_process):
    import psycopg

    params = connection.get_connection_params()
    url = "postgres://{user}@{host}:{port}/hyoka_cli_empty".format(
        user=params.get("user", "postgres"), host=params.get("host", "127.0.0.1"), port=params.get("port", 5432)
    )
    admin = {k: v for k, v in params.items() if k in ("user", "host", "port", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
        db.execute("DROP DATABASE IF EXISTS hyoka_cli_empty")
        db.execute("CREATE DATABASE hyoka_cli_empty")
    try:
        stderr = one_line(hyoka_process(["plans"], {"DEBUG": "1", "DATABASE_URL": url}))
        assert 'relation "plans_plan" does not exist' in stderr and "run hyoka manage migrate" in stderr
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
            db.execute("DROP DATABASE IF EXISTS hyoka_cli_empty")


def test_bad_settings_are_one_line(hyoka_process):
    stderr = one_line(hyoka_process(["plans"], {"DEBUG": "1", "CONN_MAX_AGE": "forever"}))
    assert stderr == "hyoka: the configuration is wrong: CONN_MAX_AGE='forever' is not a whole number\n"


def test_manage_commands_report_the_same_way(hyoka_process):
    stderr = one_line(hyoka_process(["manage", "migrate"], {"DEBUG": "1", "DATABASE_URL": REFUSED}))
    assert stderr.startswith("hyoka: cannot reach the database")


def test_traceback_shows_the_traceback(hyoka_process):
    result = hyoka_process(["plans", "--traceback"], {"DEBUG": "1", "DATABASE_URL": REFUSED})
    assert result.returncode == 1 and "Traceback" in result.stderr and "OperationalError" in result.stderr


def test_an_unknown_command_is_refused_with_the_list(hyoka_process):
    result = hyoka_process(["frobnicate"], {})
    assert result.returncode == 2 and "unknown command 'frobnicate'" in result.stderr


def test_a_file_that_cannot_be_read_is_one_line(hyoka_process, tmp_path):
    env = {"DEBUG": "1", "HYOKA_DATA_DIR": str(tmp_path)}
    assert hyoka_process(["manage", "migrate", "-v", "0"], env).returncode == 0
    stderr = one_line(hyoka_process(["load", str(tmp_path / "missing.json")], env))
    assert "missing.json" in stderr
