"""The demo_plans fixture loads the demo once and gives later tests the rows it wrote (hyoka/conftest.py):
the database a test starts from must be the one the loader leaves, to the last column."""

import hashlib

import pytest
from django.db import transaction

from hyoka import conftest


def digest() -> str:
    """Every row of every table, ids and timestamps included."""
    h = hashlib.sha256()
    for model in sorted(conftest._tables(), key=lambda m: m._meta.label):
        h.update(repr(list(model._base_manager.order_by("pk").values_list())).encode())
    return h.hexdigest()


@pytest.mark.django_db
def test_the_rows_put_back_are_the_database_the_loader_leaves():
    empty = digest()
    with transaction.atomic():
        before = conftest._rows()
        conftest.load_demo_plans()
        loaded, rows = digest(), conftest._rows_since(before)
        transaction.set_rollback(True)
    assert digest() == empty and conftest._rows() == before
    assert sum(len(added) for added, _ in rows.values()) > 500  # plans, sections, KPIs, observations, projects …
    conftest._put_back(rows)
    assert digest() == loaded


@pytest.mark.django_db(transaction=True)
def test_the_rows_go_back_outside_a_transaction_too(demo_plans):
    """A transactional test has no transaction around it, and a flush before it empties the catalogue: the
    fixture then loads for real, or puts the rows back in one transaction (foreign keys checked at its end)."""
    assert len(demo_plans) == 5
    assert all(plan.published and plan.sections.exists() for plan in demo_plans.values())
