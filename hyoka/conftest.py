import pytest

from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document


@pytest.fixture
def demo_plans(db):
    """The five demo plans, loaded; a dict from file stem to Plan."""
    return {path.stem: load_document(parse_document(path.read_bytes(), source=path.name)).plan for path in demo_files()}


@pytest.fixture
def settings_fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `hyoka ARGS…` in this process, as a user types it; returns (exit code, stdout, stderr)."""
    from hyoka.cli import main

    # A command closes every database connection when it ends, as a process about to exit should;
    # here that would end the test's transaction (on PostgreSQL), so the connection is kept.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run
