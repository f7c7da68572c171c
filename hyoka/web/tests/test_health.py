"""/healthz answers 200 only when the database answers and holds Hyoka's tables; /ping/ touches nothing."""

from hyoka.tests.conftest import run_hyoka

GET_HEALTHZ = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/healthz'); print(r.status_code, r.content.decode(), r.headers.get('Cache-Control'))"
)


def test_healthz_is_ok_when_the_database_answers(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the query, and the savepoint around it
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_is_503_when_the_database_refuses_connections():
    env = {
        "DJANGO_SETTINGS_MODULE": "hyoka.settings",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/hyoka",
    }
    result = run_hyoka([], env, python=GET_HEALTHZ)
    assert result.stdout.split()[:3] == ["503", "database", "unavailable"], result.stderr
    assert "health check: the database does not answer" in result.stderr  # and the log says why


def test_healthz_is_503_when_the_database_is_not_set_up(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "hyoka.settings",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "HYOKA_DATA_DIR": str(tmp_path),
    }
    result = run_hyoka([], env, python=GET_HEALTHZ)
    assert result.stdout.startswith("503 "), result.stderr


def test_ping_stays_cheap(client, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert client.get("/ping/").status_code == 200
