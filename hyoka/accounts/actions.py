"""The planning office's writes to accounts, each named once (like ``hyoka.evaluations.actions``):
lock → check → change → record a history ``Change`` (利用者・役割の変更), in one transaction.

    invite_user:    a new login with a role and departments, no password; an e-mail with a link to set one
    change_account: role, departments, active or not (a user is deactivated, never deleted: history names them)

Superusers are the system administrator's, managed in the Django admin only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hyoka.accounts.admin import account_snapshot
from hyoka.accounts.models import Profile
from hyoka.evaluations.actions import WorkflowError
from hyoka.evaluations.models import Change
from hyoka.plans.models import Department

logger = logging.getLogger("hyoka.accounts")

RECORD = gettext_noop("利用者")  # Change.record of these writes; the admin's are 利用者（管理画面）


class AccountError(WorkflowError):
    """The account change cannot be made (a taken name, a superuser, one's own deactivation)."""


def set_password_path(user: User) -> str:
    """The path of the one-time link that lets ``user`` choose a password (Django's reset token: it stops
    working once the password is set or the login is used)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password-set", args=[uid, default_token_generator.make_token(user)])


def invite_user(
    *,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    departments: Sequence[Department] = (),
    by: User,
) -> User:
    """Create a login without a password and mail ``email`` a link to set one (on ``HYOKA_BASE_URL``)."""
    username = username.strip()
    if not username or not email:
        raise AccountError(_("ログイン名とメールアドレスを入力してください。"))
    _check_role(role, departments)
    with transaction.atomic():
        if User.objects.select_for_update().filter(username=username).exists():
            raise AccountError(_("ログイン名「%(name)s」はすでに使われています。") % {"name": username})
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        profile = Profile.objects.create(user=user, role=role)
        profile.departments.set(departments)
        _record(user, by, {}, account_snapshot(user))
    link = settings.HYOKA_BASE_URL + set_password_path(user)
    with translation.override(settings.LANGUAGE_CODE):  # the mail is in the city's language
        body = render_to_string("accounts/invite_email.txt", {"user": user, "link": link, "by": by})
        send_mail(_("【Hyoka】利用者登録のお知らせ"), body, None, [email])
    logger.info("user %s invited by %s", username, by)
    return user


def change_account(*, user: User, role: str, departments: Sequence[Department], active: bool, by: User) -> User:
    """Set a user's role, departments and whether they may log in; recorded when anything changed."""
    _check_role(role, departments)
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        if current.is_superuser:
            raise AccountError(_("システム管理者のアカウントは管理画面で変更してください。"))
        if current.pk == by.pk and (not active or role != Profile.Role.PLANNING_ADMIN):
            raise AccountError(_("自分自身を無効にしたり、企画課の役割を外したりすることはできません。"))
        before = account_snapshot(current)
        profile, _created = Profile.objects.get_or_create(user=current, defaults={"role": role})
        profile.role = role
        profile.save(update_fields=["role"])
        profile.departments.set(departments if role == Profile.Role.DEPARTMENT_EDITOR else [])
        if current.is_active != active:
            current.is_active = active
            current.save(update_fields=["is_active"])
        _record(current, by, before, account_snapshot(current))
    return current


def _check_role(role: str, departments: Sequence[Department]) -> None:
    if role not in Profile.Role.values:
        raise AccountError(_("役割を選んでください。"))
    if role == Profile.Role.DEPARTMENT_EDITOR and not departments:
        raise AccountError(_("所管課（入力担当）には入力する課を1つ以上選んでください。"))


def _record(user: User, by: User, before: dict, after: dict) -> None:
    changed = [k for k in after if before.get(k) != after[k]]
    if changed:
        Change.objects.create(
            user=by,
            action=Change.Action.ROLE_CHANGED,
            record=RECORD,
            subject=user.get_username(),
            before={k: before[k] for k in changed if k in before},
            after={k: after[k] for k in changed},
        )
