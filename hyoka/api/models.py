"""Per-user API tokens: a token acts as its user, with the user's role and departments (accounts/access.py).

Only a SHA-256 digest of a token is stored; the token itself is shown once, when it is made. A token is
32 random bytes, so a fast digest is enough (a password hasher's slowness protects guessable secrets).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8
LAST_USED_GRANULARITY = timedelta(minutes=1)  # a busy client writes last_used once a minute, not per request


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`: the row and the token text, which is not kept and cannot be shown again."""
        token = secrets.token_urlsafe(32)
        row = self.create(user=user, name=name, prefix=token[:PREFIX_LENGTH], digest=digest(token))
        return row, token

    def user_for(self, token: str):
        """The active user of a token that is known and not revoked, else None (one query, one more a minute)."""
        row = (
            self.filter(digest=digest(token), revoked_at=None, user__is_active=True)
            .select_related("user", "user__profile")
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used is None or now - row.last_used > LAST_USED_GRANULARITY:
            type(row).objects.filter(pk=row.pk).update(last_used=now)
        return row.user


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name="利用者")
    name = models.CharField("名前", max_length=100, help_text="どこで使うトークンか（連携先のシステム名など）")
    prefix = models.CharField("先頭の文字", max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField("ハッシュ", max_length=64, unique=True, editable=False)
    created = models.DateTimeField("作成", auto_now_add=True)
    last_used = models.DateTimeField("最終利用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("失効", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "API トークン"
        ordering = ["user", "-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
