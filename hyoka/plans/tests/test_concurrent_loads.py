"""Two applies of one document at the same moment leave one copy of every row (issue 10, finding 6).

Each load locks its city's row first, so the second waits for the first to commit and then finds its
rows. Only PostgreSQL runs two writers at once; SQLite serialises whole transactions by itself.
"""

import threading
from pathlib import Path

import pytest
from django.db import connection

from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Indicator, Observation
from hyoka.ingest import Context, read_bytes
from hyoka.ingest.importer import import_document
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.loader import load_document
from hyoka.plans.models import Municipality, Plan, Section
from hyoka.projects.models import Project

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite never runs two write transactions at once"
    ),
]

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def at_once(apply, times: int = 2) -> list:
    """Run `apply()` in `times` threads released together; their results, or the first error."""
    start = threading.Barrier(times)
    results: list = []

    def run():
        try:
            start.wait()
            results.append(apply())
        except Exception as e:  # noqa: BLE001 - surfaced to the test below
            results.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return results


def seed(name: str, plan: str, text: str | None = None):
    expected = parse_document((DEMO_DIR / f"{plan}.json").read_bytes())
    context = Context(municipality=expected.municipality, plan_title=expected.plan.title, source=f"{name}.txt")
    data = text.encode() if text is not None else (SEEDS / f"{name}.txt").read_bytes()
    return read_bytes(data, context)


def test_two_imports_of_a_new_plan_at_once_make_one_plan():
    document = seed("002_2fafb69e9fb2321b", "iruma_strategy_h29")

    outcomes = at_once(lambda: import_document(document, apply=True, source="iruma.txt"))

    assert Municipality.objects.count() == 1 and Plan.objects.count() == 1
    assert (Section.objects.count(), Indicator.objects.count(), Project.objects.count()) == (13, 17, 48)
    assert sorted(o.load.changed for o in outcomes) == [False, True]  # the second found the first's rows


def test_two_imports_of_next_years_figures_at_once_add_them_once():
    load_document(parse_document((DEMO_DIR / "akiruno_child_plan_r2.json").read_bytes()))
    text = (SEEDS / "003_8be73c38ec680bed.txt").read_text(encoding="utf-8")
    document = seed("003_8be73c38ec680bed", "akiruno_child_plan_r2", text.replace("令和2年度", "令和3年度"))

    outcomes = at_once(lambda: import_document(document, apply=True, source="akiruno_r3.txt"))

    assert Evaluation.objects.filter(fiscal_year=2021).count() == 67
    assert (Section.objects.count(), Project.objects.count()) == (15, 67)
    labels = list(Observation.objects.values_list("indicator_id", "period_label"))
    assert len(labels) == len(set(labels))
    assert sorted(o.load.changed for o in outcomes) == [False, True]


def test_two_loads_of_one_file_at_once_make_one_plan():
    data = (DEMO_DIR / "kiyose_strategy_initiatives.json").read_bytes()

    results = at_once(lambda: load_document(parse_document(data), source="kiyose.json"))

    assert Plan.objects.count() == 1 and Project.objects.count() == 57
    assert sorted(r.changed for r in results) == [False, True]
