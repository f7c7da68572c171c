"""The login throttle: at most LOGIN_FAILURE_LIMIT password checks fail for one name, and at most
LOGIN_FAILURE_LIMIT_PER_ADDRESS from one client address, within LOGIN_FAILURE_WINDOW seconds.

An attempt is written (and committed) *before* its password is checked, then counted with every other
attempt in the window, its own included: of any number of parallel guesses, the one counted last sees all
the earlier ones, so no more than the limit ever reach the password hasher. A refused attempt and a
successful login take their row back; a failed check leaves it, and that row is the failure.

The client address is the connecting one, or, behind `TRUSTED_PROXIES` reverse proxies of our own, the
entry the outermost of them added to X-Forwarded-For (the entries left of it are the client's to forge).
A name is locked alike whether or not it exists, so the lock does not tell an attacker which names do;
the planning office's list shows the names of existing accounts, and addresses, and clears either.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from hyoka.accounts.models import FailedLogin

logger = logging.getLogger("hyoka.accounts")


class Locked(Exception):
    """Too many recent failures for the name or from the address: the password is not checked."""


def client_address(request: HttpRequest | None) -> str | None:
    """Who is knocking: REMOTE_ADDR, or the address our trusted proxies saw (see the module's docstring)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:  # did not come through all our proxies: nothing in the header is ours
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def begin_attempt(username: str, address: str | None) -> FailedLogin:
    """Record an attempt before its password is checked; raise Locked (taking it back) past either limit.

    The row is committed on its own (autocommit: requests hold no transaction, ATOMIC_REQUESTS is off)
    before counting, so parallel attempts in other processes see it. The caller deletes the row when the
    password was right (`attempt_succeeded`).
    """
    attempt = FailedLogin.objects.create(username=username, address=address)
    since = window_start()
    recent = FailedLogin.objects.filter(at__gte=since)
    by_name = recent.filter(username=username).count()
    by_address = recent.filter(address=address).count() if address else 0
    if by_name > settings.LOGIN_FAILURE_LIMIT or by_address > settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        attempt.delete()  # it was not checked, so it is no failure: the lock ends a window after the last one
        logger.warning(
            "login refused (locked out): name=%r address=%s failures: name %d, address %d",
            username,
            address,
            by_name - 1,
            by_address - 1,
        )
        raise Locked
    FailedLogin.objects.filter(at__lt=since).delete()
    return attempt


def attempt_succeeded(attempt: FailedLogin) -> None:
    """The password was right: the attempt is not a failure."""
    FailedLogin.objects.filter(pk=attempt.pk).delete()


def attempt_failed(attempt: FailedLogin) -> None:
    logger.info("login failed: name=%r address=%s", attempt.username, attempt.address)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "name" or "address"
    key: str
    failures: int
    last: datetime
    until: datetime


def current_lockouts() -> list[Lockout]:
    """Names of existing accounts and client addresses locked out now, names first, each newest first."""
    since = window_start()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = FailedLogin.objects.filter(at__gte=since)
    names = (
        recent.values("username")
        .annotate(n=Count("pk"), last=Max("at"))
        .filter(n__gte=settings.LOGIN_FAILURE_LIMIT)
        .order_by("-last")
    )
    existing = set(
        get_user_model()
        .objects.filter(username__in=[row["username"] for row in names])
        .values_list("username", flat=True)
    )
    addresses = (
        recent.exclude(address=None)
        .values("address")
        .annotate(n=Count("pk"), last=Max("at"))
        .filter(n__gte=settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)
        .order_by("-last")
    )
    return [
        Lockout("name", row["username"], row["n"], row["last"], row["last"] + window)
        for row in names
        if row["username"] in existing
    ] + [Lockout("address", row["address"], row["n"], row["last"], row["last"] + window) for row in addresses]


def clear_lockout(*, kind: str, key: str, by: object) -> int:
    """Forget the failures of a name or an address (the planning office has checked who it was)."""
    field = {"name": "username", "address": "address"}[kind]
    cleared, _ = FailedLogin.objects.filter(**{field: key}).delete()
    logger.info("lockout cleared: %s=%r by %s (%d failures)", kind, key, by, cleared)
    return cleared
