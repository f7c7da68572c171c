"""The production settings: what docs/deploy.md gives passes `check --deploy` without a warning, and
Hyoka refuses to start without a key of its own or with a yes/no variable it cannot read."""

import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from hyoka.settings import env_bool, env_int
from hyoka.tests.conftest import ROOT


def deploy_environment() -> dict[str, str]:
    """deploy/hyoka.env, with the key generated as its comment says."""
    env = {}
    for line in (ROOT / "deploy" / "hyoka.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def test_the_documented_settings_pass_check_deploy_without_a_warning(hyoka_process):
    result = hyoka_process(["manage", "check", "--deploy", "--fail-level", "WARNING"], deploy_environment())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_the_deploy_guide_shows_the_same_settings():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in deploy_environment():
        assert f"`{name}`" in guide, f"docs/deploy.md does not explain {name}"


def test_without_the_https_settings_check_deploy_warns(hyoka_process):
    env = {k: v for k, v in deploy_environment().items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_COOKIE"))}
    result = hyoka_process(["manage", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def test_without_a_secret_key_and_with_debug_off_hyoka_refuses_to_start(hyoka_process):
    result = hyoka_process(["plans"], {})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "SECRET_KEY is not set" in result.stderr and "DEBUG=1" in result.stderr


def test_the_web_server_refuses_to_start_without_a_secret_key(hyoka_process):
    result = hyoka_process([], {}, python="import hyoka.wsgi")
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_the_development_key_is_refused_with_debug_off(hyoka_process):
    from hyoka.settings import DEVELOPMENT_SECRET_KEY

    result = hyoka_process(["plans"], {"SECRET_KEY": DEVELOPMENT_SECRET_KEY, "DEBUG": "no"})
    assert result.returncode == 1 and "the development key" in result.stderr


def test_a_misspelt_debug_is_refused_naming_the_variable(hyoka_process):
    result = hyoka_process(["plans"], {"DEBUG": "ture"})
    assert result.returncode == 1
    assert "DEBUG='ture' is not a yes/no value" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("", None),
    ],
)
def test_yes_no_variables_are_read_strictly(monkeypatch, value, expected):
    monkeypatch.setenv("HYOKA_SOME_FLAG", value)
    assert env_bool("HYOKA_SOME_FLAG", None) is expected


@pytest.mark.parametrize("value", ["2", "y", "enabled", "1 0"])
def test_anything_else_is_refused(monkeypatch, value):
    monkeypatch.setenv("HYOKA_SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="HYOKA_SOME_FLAG"):
        env_bool("HYOKA_SOME_FLAG", False)


def test_whole_numbers_are_read_strictly(monkeypatch):
    monkeypatch.setenv("HYOKA_TRUSTED_PROXIES", "one")
    with pytest.raises(ImproperlyConfigured, match="HYOKA_TRUSTED_PROXIES='one' is not a whole number"):
        env_int("HYOKA_TRUSTED_PROXIES", 0)
    monkeypatch.setenv("HYOKA_TRUSTED_PROXIES", " 2 ")
    assert env_int("HYOKA_TRUSTED_PROXIES", 0) == 2


def test_the_data_folder_is_fixed_beside_the_code_not_the_current_directory(hyoka_process, tmp_path):
    code = "import hyoka.settings as s; print(s.DATA_DIR); print(s.DATABASES['default']['NAME'])"
    result = hyoka_process([], {"DEBUG": "1"}, python=code)
    assert result.stdout.splitlines() == [str(ROOT / "var"), str(ROOT / "var" / "hyoka.sqlite3")]
    elsewhere = tmp_path / "data"
    result = hyoka_process([], {"DEBUG": "1", "HYOKA_DATA_DIR": str(elsewhere)}, python=code)
    assert result.stdout.splitlines()[0] == str(elsewhere)
    assert not elsewhere.exists()  # made at the first connection, not when the settings are read


def test_the_sqlite_folder_is_made_at_the_first_connection(hyoka_process, tmp_path):
    data = tmp_path / "new" / "data"
    result = hyoka_process(["manage", "migrate", "-v", "0"], {"DEBUG": "1", "HYOKA_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert (data / "hyoka.sqlite3").is_file()


@pytest.mark.django_db
def test_on_sqlite_the_test_database_is_in_memory_in_every_worker():
    """pytest-django names an xdist worker's database after the engine: Hyoka's own SQLite engine would get a file
    at ./test_<data path>_gw0, left behind in the checkout."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.is_in_memory_db() and "memorydb" in connection.settings_dict["NAME"]
