"""With DEBUG off the console log still says what went wrong: request errors with their traceback,
login lockouts; LOGGING sends Django's and Hyoka's loggers to the console at INFO."""

import logging

from django.conf import settings
from django.test import Client
from django.urls import reverse

from hyoka.tests.conftest import run_hyoka


def test_django_and_hyoka_log_to_the_console_at_info():
    loggers = settings.LOGGING["loggers"]
    for name in ("django", "hyoka"):
        assert loggers[name]["handlers"] == ["console"] and loggers[name]["level"] == "INFO"
    assert settings.LOGGING["handlers"]["console"]["class"] == "logging.StreamHandler"


def test_a_server_error_is_logged_with_its_traceback_and_the_visitor_sees_the_japanese_page():
    """A real process with DEBUG off and no database: the page is the 500 page, the log has the cause."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(raise_request_exception=False).get('/plans/1/'); print(r.status_code, 'エラーが発生しました' in r.content.decode())"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "hyoka.settings",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/hyoka",
    }
    result = run_hyoka([], env, python=code)
    assert result.stdout.split() == ["500", "True"], result.stderr
    assert "ERROR django.request: Internal Server Error: /plans/1/" in result.stderr
    assert "Traceback" in result.stderr and "OperationalError" in result.stderr


def test_a_lockout_is_logged(people, settings, caplog):
    settings.LOGIN_FAILURE_LIMIT = 1
    client = Client()
    with caplog.at_level(logging.INFO, logger="hyoka.accounts"):
        for _ in range(2):
            client.post(reverse("login"), {"username": "bob", "password": "wrong"}, REMOTE_ADDR="192.0.2.50")
    lines = [r.getMessage() for r in caplog.records if r.name == "hyoka.accounts"]
    assert lines[0] == "login failed: name='bob' address=192.0.2.50"
    assert lines[1].startswith("login refused (locked out): name='bob' address=192.0.2.50")
