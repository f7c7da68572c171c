import pytest

from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document


@pytest.fixture
def demo_plans(db):
    """The five demo plans, loaded and published; a dict from file stem to Plan."""
    plans = {path.stem: load_document(parse_document(path.read_bytes(), source=path.name)).plan for path in demo_files()}
    for plan in plans.values():
        plan.published = True
        plan.save(update_fields=["published"])
    return plans


@pytest.fixture
def people(demo_plans, settings_fast):
    """The named people of the tests (healthchecks' alice, bob…), on the あきる野市 demo plan:
    alice runs the planning office, bob edits for 健康課, carol for 保育課, dave is a committee reviewer."""
    from types import SimpleNamespace

    from hyoka.accounts.demo import AKIRUNO, make_user
    from hyoka.accounts.models import Profile
    from hyoka.plans.models import Department

    def department(name):
        return Department.objects.get(municipality__code=AKIRUNO, name=name)

    return SimpleNamespace(
        alice=make_user("alice", "password", Profile.Role.PLANNING_ADMIN),
        bob=make_user("bob", "password", Profile.Role.DEPARTMENT_EDITOR, [department("健康課")]),
        carol=make_user("carol", "password", Profile.Role.DEPARTMENT_EDITOR, [department("保育課")]),
        dave=make_user("dave", "password", Profile.Role.REVIEWER),
        plan=demo_plans["akiruno_child_plan_r2"],
    )


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
