"""A user's role, departments and whether they may log in: /accounts/users/<id>/ — recorded, never deleted."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.plans.models import Department

pytestmark = pytest.mark.django_db


def url(user):
    return reverse("user-edit", args=[user.pk])


def test_moving_an_editor_to_another_department_is_recorded(client, people):
    hoiku = Department.objects.get(municipality=people.plan.municipality, name="保育課")
    client.force_login(people.alice)
    assert client.get(url(people.bob)).status_code == 200
    data = {"role": "department_editor", "departments": [hoiku.pk], "active": "on"}
    assert client.post(url(people.bob), data).status_code == 302
    assert [d.name for d in people.bob.profile.departments.all()] == ["保育課"]
    change = Change.objects.get(subject="bob")
    assert (change.before, change.after) == ({"所管課": "健康課"}, {"所管課": "保育課"})


def test_a_deactivated_user_cannot_log_in_and_is_kept(client, people):
    client.force_login(people.alice)
    data = {"role": "reviewer", "departments": []}  # "active" unchecked
    assert client.post(url(people.dave), data).status_code == 302
    dave = User.objects.get(username="dave")
    assert not dave.is_active
    client.logout()
    assert not client.login(username="dave", password="password")
    assert Change.objects.get(subject="dave").after == {"有効": "無効"}


def test_the_planning_office_cannot_deactivate_itself(client, people):
    client.force_login(people.alice)
    response = client.post(url(people.alice), {"role": "planning_admin", "departments": []})
    assert response.status_code == 400 and "自分自身" in response.content.decode()
    assert User.objects.get(username="alice").is_active


def test_a_superuser_is_left_to_the_admin(client, people):
    root = User.objects.create_superuser("root", "root@example.jp", "password")
    client.force_login(people.alice)
    response = client.post(url(root), {"role": "reviewer", "departments": []})
    assert response.status_code == 400 and "管理画面" in response.content.decode()
    assert User.objects.get(username="root").is_active


def test_a_reviewer_cannot_change_roles(client, people):
    client.force_login(people.dave)
    assert client.post(url(people.bob), {"role": "planning_admin", "active": "on"}).status_code == 403
    assert people.bob.profile.role == "department_editor"
