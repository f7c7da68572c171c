"""Every permission check in one place (Zulip's access_* helpers): views call these, never ask the role themselves.

Roles: the planning administrator (企画課, or a superuser) changes everything; a department editor (所管課)
changes only the projects and KPIs of their departments; a reviewer (評価委員) reads everything, unpublished
included, and comments; the anonymous public reads published plans and years only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from hyoka.accounts.models import Profile
from hyoka.plans.models import Plan
from hyoka.projects.models import Project

Role = Profile.Role


def role_of(user: User | AnonymousUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.PLANNING_ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_planning_admin(user: User | AnonymousUser) -> bool:
    return role_of(user) == Role.PLANNING_ADMIN


def sees_unpublished(user: User | AnonymousUser) -> bool:
    """Staff of every role read drafts and unpublished years; the public does not."""
    return role_of(user) is not None


def editable_department_ids(user: User | AnonymousUser) -> set[int] | None:
    """The departments a user may edit for: None means every department, an empty set none."""
    role = role_of(user)
    if role == Role.PLANNING_ADMIN:
        return None
    if role == Role.DEPARTMENT_EDITOR:
        return set(user.profile.departments.values_list("pk", flat=True))
    return set()


def can_edit_project(user: User | AnonymousUser, project: Project) -> bool:
    allowed = editable_department_ids(user)
    if allowed is None:
        return True
    if not allowed:
        return False
    return project.department_links.filter(department_id__in=allowed).exists()


def access_plan(user: User | AnonymousUser, plan_id: int) -> Plan:
    """A plan the user may read: every plan for staff, published plans for the public (404 otherwise)."""
    plans = Plan.objects.select_related("municipality")
    if not sees_unpublished(user):
        plans = plans.filter(published=True)
    return get_object_or_404(plans, pk=plan_id)


def access_project_for_edit(user: User | AnonymousUser, project_id: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("plan", "plan__municipality"), pk=project_id)
    if not can_edit_project(user, project):
        raise PermissionDenied(_("この事業を編集できるのは所管課と企画課だけです。"))
    return project


def require_planning_admin(user: User | AnonymousUser) -> None:
    if not is_planning_admin(user):
        raise PermissionDenied(_("この操作は企画課（計画管理者）だけが行えます。"))


def can_comment(user: User | AnonymousUser) -> bool:
    """Comments on an entry are the committee's and the planning office's."""
    return role_of(user) in (Role.PLANNING_ADMIN, Role.REVIEWER)


def require_reviewer_or_admin(user: User | AnonymousUser) -> None:
    if not can_comment(user):
        raise PermissionDenied(_("コメントを残せるのは評価委員と企画課だけです。"))


def require_staff_reader(user: User | AnonymousUser) -> None:
    if not sees_unpublished(user):
        raise PermissionDenied(_("この画面は職員と評価委員だけが見られます。"))
