"""The planning office's list of users: /accounts/users/ — role, departments, active; fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.accounts.demo import make_user
from hyoka.accounts.models import Profile
from hyoka.plans.models import Department

pytestmark = pytest.mark.django_db


def test_the_planning_office_sees_each_user_with_role_and_departments(client, people):
    client.force_login(people.alice)
    text = client.get(reverse("users")).content.decode()
    row = text.split(">carol<")[1].split("</tr>")[0]
    assert "所管課（入力担当）" in row and "保育課" in row
    assert reverse("user-edit", args=[people.bob.pk]) in text


def test_a_department_editor_is_refused(client, people):
    client.force_login(people.bob)
    assert client.get(reverse("users")).status_code == 403


def test_the_list_runs_the_same_queries_for_ten_times_the_users(client, people):
    client.force_login(people.alice)
    departments = list(Department.objects.all()[:3])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("users")).status_code == 200
        return len(queries)

    small = count()
    for n in range(40):
        make_user(f"clerk{n}", "password", Profile.Role.DEPARTMENT_EDITOR, departments)
    assert count() == small
