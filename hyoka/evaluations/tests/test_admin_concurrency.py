"""Twenty admins saving one entry at the same moment, each from a form of the same version: one save,
nineteen refusals (issue 10, finding 7). Only PostgreSQL runs the writers at once."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from hyoka.evaluations.models import Evaluation
from hyoka.evaluations.tests.test_admin_history import posted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite never runs two write transactions at once"
    ),
]


def test_twenty_simultaneous_admin_saves_of_one_version_save_once(demo_plans, settings_fast):
    admin = User.objects.create_superuser("admin", "admin@example.com", "password")
    evaluation = Evaluation.objects.get(project__plan=demo_plans["akiruno_child_plan_r2"], project__number="3")
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    client = Client()
    client.force_login(admin)
    page = client.get(url)
    forms = [posted(page, narrative=f"同時の保存{i}") for i in range(20)]
    start = threading.Barrier(20)
    codes: list[int] = []

    def save(data):
        try:
            mine = Client()
            mine.force_login(admin)
            start.wait()
            codes.append(mine.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(data,)) for data in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(codes) == [200] * 19 + [302]
    evaluation.refresh_from_db()
    assert evaluation.version == 1 and evaluation.narrative.startswith("同時の保存")
    assert evaluation.changes.count() == 1
