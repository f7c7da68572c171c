import os

import pytest

from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache. The public cache's keys carry versions kept in the database, which
    a test's rollback takes back to where they were, so a page an earlier test cached could otherwise be served
    as this test's."""
    from django.core.cache import cache

    from hyoka.web.cache import held

    cache.clear()
    held.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Japanese. The language middleware activates the reader's language for the thread and
    a request is its whole life in production, but a test's later code (an action's message) ran in whatever
    language the test's last request chose."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo_plans(db):
    """The five demo plans, loaded and published; a dict from file stem to Plan.

    The loader runs for the first test that asks; every later test gets the rows it wrote put back as they were
    (ids and times), a tenth of the cost of loading again (0.7 s a test on PostgreSQL, for some 500 tests).
    hyoka/tests/test_demo_rows.py holds the rows put back to the database the loader leaves."""
    from hyoka.plans.models import Plan

    global _demo
    before = _rows()
    if _demo is not None and _demo[0] == before:  # the database the loader met (a flush empties catalogue tables)
        _put_back(_demo[1])
        return {stem: Plan.objects.get(pk=pk) for stem, pk in _demo[2].items()}
    plans = load_demo_plans()
    _demo = before, _rows_since(before), {stem: plan.pk for stem, plan in plans.items()}
    return plans


def load_demo_plans() -> dict:
    plans = {
        path.stem: load_document(parse_document(path.read_bytes(), source=path.name)).plan for path in demo_files()
    }
    for plan in plans.values():
        plan.published = True
        plan.save(update_fields=["published"])
    return plans


_demo = None  # (the rows the loader met, the rows it wrote, plan id by file stem) from the first test that loaded


def _tables():
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _rows() -> dict:
    """Every row of every table, by model and id (a test database holds a few hundred before the demo)."""
    return {model: {r["pk"]: r for r in model._base_manager.values(*_columns(model))} for model in _tables()}


def _rows_since(before: dict) -> dict:
    """What was written since `before`, by model: (rows added, rows changed in place), as field values."""
    changes = {}
    for model, old in before.items():
        rows = list(model._base_manager.order_by("pk").values(*_columns(model)))
        added = [r for r in rows if r["pk"] not in old]
        changed = [r for r in rows if r["pk"] in old and old[r["pk"]] != r]
        if added or changed:
            changes[model] = added, changed
    return changes


def _columns(model) -> list[str]:
    return ["pk", *(f.attname for f in model._meta.concrete_fields if not f.primary_key)]


def _put_back(changes: dict) -> None:
    """The loader's rows back, with their ids and times, into the database it met."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():  # foreign keys are checked at its end (Django makes them deferrable)
        for model, (added, changed) in changes.items():
            fields = model._meta.local_concrete_fields
            objs = [
                model(**{model._meta.pk.attname: r["pk"], **{k: v for k, v in r.items() if k != "pk"}}) for r in added
            ]
            size = max(connection.ops.bulk_batch_size(fields, objs), 1)
            for i in range(0, len(objs), size):  # raw: the stored auto_now times, not now
                model._base_manager._insert(objs[i : i + size], fields=fields, raw=True)
            for r in changed:
                model._base_manager.filter(pk=r["pk"]).update(**{k: v for k, v in r.items() if k != "pk"})
        with connection.cursor() as cursor:  # PostgreSQL's sequences past the ids written
            for sql in connection.ops.sequence_reset_sql(no_style(), list(changes)):
                cursor.execute(sql)


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


def synthetic_document(projects: int, *, departments: int = 5, kpis_per_project: int = 1) -> dict:
    """A hyoka.plan/1 document of any size (like あきる野市: goals, policies, graded projects with KPIs),
    for tests that compare query counts on small and on 10× data."""
    per_section = 10
    sections = []
    for s in range(0, projects, per_section):
        items = []
        for n in range(s + 1, min(s + per_section, projects) + 1):
            items.append(
                {
                    "number": str(n),
                    "name": f"事業{n}",
                    "description": f"事業{n}の内容",
                    "departments": [f"課{n % departments}"],
                    "evaluations": [
                        {
                            "fiscal_year": 2020,
                            "state": "approved",
                            "grade": "A",
                            "achievement": "2",
                            "narrative": "実施",
                        }
                    ],
                }
            )
        indicators = [
            {
                "name": f"指標{n}-{k}",
                "unit": "人",
                "target": {
                    "value": 100,
                    "comparator": ">=",
                    "text": "100人",
                    "period": {"label": "令和6年度", "fiscal_year": 2024},
                },
                "observations": [
                    {"value": 90 + k, "period": {"label": "令和2年度", "fiscal_year": 2020}, "status": "final"}
                ],
                "project_number": item["number"],
            }
            for item in items
            for k in range(kpis_per_project)
            for n in [item["number"]]
        ]
        sections.append(
            {
                "number": str(s // per_section + 1),
                "level": "基本目標",
                "title": f"目標{s // per_section + 1}",
                "sections": [
                    {"number": "①", "level": "施策", "title": f"施策{s}", "projects": items, "indicators": indicators}
                ],
            }
        )
    return {
        "schema": "hyoka.plan/1",
        "municipality": {"code": "132284", "name": "あきる野市", "prefecture": "東京都"},
        "plan": {"title": f"試験計画{projects}", "kind": "child_support_plan", "start_fy": 2020, "end_fy": 2024},
        "evaluation_scheme": {
            "grades": [{"code": "A"}, {"code": "B"}],
            "achievement_levels": [
                {"code": "1", "min_percent": 105},
                {"code": "2", "min_percent": 95, "max_percent": 105},
                {"code": "3"},
            ],
        },
        "sections": sections,
    }


@pytest.fixture
def synthetic_plan(db):
    """Load a synthetic plan of `projects` projects; returns the published Plan."""
    import json

    def make(projects: int, **options):
        doc = parse_document(json.dumps(synthetic_document(projects, **options)).encode(), source="synthetic.json")
        plan = load_document(doc).plan
        plan.published = True
        plan.save(update_fields=["published"])
        return plan

    return make


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (never Playwright's own download)."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed (make browser-deps)"
    # Playwright's sync API runs an event loop in this thread; Django's ORM is only used by the live server.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@pytest.fixture
def artifacts(request):
    """A folder for a test's screenshots, kept after the run: var/test-artifacts/<test name>/."""
    from pathlib import Path

    folder = Path(os.environ.get("HYOKA_TEST_ARTIFACTS", "var/test-artifacts")) / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def count_queries():
    """count_queries(client, url) → the number of SQL queries one GET ran (and checks it answered 200): after a
    first GET (whatever a first request sets up once, such as the plan's cache version row, is not the page's
    cost) and with the public cache cleared, so the page is computed, not served from a cached copy."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hyoka.web.cache import held

    def count(client, url: str) -> int:
        client.get(url)
        cache.clear()
        held.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)

    return count
