"""Every branch of the access helpers, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hyoka.accounts import access
from hyoka.projects.models import Project


@pytest.fixture
def project3(people):
    return Project.objects.get(plan=people.plan, number="3")  # 健康課


@pytest.fixture
def project1(people):
    return Project.objects.get(plan=people.plan, number="1")  # 保育課


def test_roles(people, db):
    root = User.objects.create_superuser("root", "", "x")
    assert [access.role_of(u) for u in (people.alice, people.bob, people.dave, root, AnonymousUser())] == [
        "planning_admin",
        "department_editor",
        "reviewer",
        "planning_admin",
        None,
    ]
    assert access.role_of(User.objects.create_user("nobody")) is None  # a login without a role reads like the public


def test_who_may_edit_a_project(people, project1, project3):
    assert access.can_edit_project(people.alice, project1) and access.can_edit_project(people.alice, project3)
    assert access.can_edit_project(people.bob, project3) and not access.can_edit_project(people.bob, project1)
    assert access.can_edit_project(people.carol, project1) and not access.can_edit_project(people.carol, project3)
    assert not access.can_edit_project(people.dave, project3)
    assert not access.can_edit_project(AnonymousUser(), project3)
    with pytest.raises(PermissionDenied):
        access.access_project_for_edit(people.bob, project1.pk)
    assert access.access_project_for_edit(people.bob, project3.pk) == project3


def test_who_may_comment(people):
    assert access.can_comment(people.alice) and access.can_comment(people.dave)
    assert not access.can_comment(people.bob) and not access.can_comment(AnonymousUser())
    with pytest.raises(PermissionDenied):
        access.require_reviewer_or_admin(people.bob)


def test_unpublished_plans_are_hidden_from_the_public_only(people):
    people.plan.published = False
    people.plan.save()
    with pytest.raises(Http404):
        access.access_plan(AnonymousUser(), people.plan.pk)
    for who in (people.alice, people.bob, people.dave):
        assert access.access_plan(who, people.plan.pk) == people.plan
