"""What the public cache keys on: a counter per plan (and one for pages across plans) bumped by every write."""

from django.db import models

EVERY_PLAN = 0  # the scope of pages across plans: the plan list, search, the catalogue, comparisons


class PublicVersion(models.Model):  # 公開内容の版
    """The version of what the public sees of one plan (``scope`` = its id) or of all plans (``scope`` 0).

    Kept in the database, not in the cache, so that every app server (and every worker process with the
    default local-memory cache) reads the same version: a write bumps it in its own transaction, and a
    page cached under the old version is never read again. A plain integer, not a foreign key: the row
    outlives its plan, so a plan id SQLite hands out again never meets an old cached page."""

    scope = models.PositiveBigIntegerField("対象", primary_key=True, help_text="計画のID（0 は計画をまたぐ画面）")
    version = models.PositiveBigIntegerField("版", default=0)
    changed_at = models.DateTimeField("変更日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公開内容の版"

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
