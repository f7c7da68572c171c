"""The catalogue of standard indicators (標準指標) and the links of plans' KPIs to them.

A plan's KPI (``indicators.Indicator``) is compared with other municipalities' only through a confirmed
``IndicatorLink`` to a ``StandardIndicator``: the catalogue says what is the same indicator, not the spelling.
The catalogue itself is ``data/standard_indicators.json`` (``load.py``), loaded by a migration and by
``hyoka catalog load``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StandardIndicator(models.Model):  # 標準指標
    class Direction(models.TextChoices):
        INCREASE = "increase", _("大きいほど良い")
        DECREASE = "decrease", _("小さいほど良い")
        NEUTRAL = "neutral", _("どちらとも言えない")

    code = models.SlugField("コード", max_length=60, unique=True)
    name = models.CharField("指標名", max_length=200)
    aliases = models.JSONField(
        "別名", default=list, blank=True, help_text="計画での書き方の違い（出生率、待機児童 など）"
    )
    unit = models.CharField("単位", max_length=20, blank=True)
    direction = models.CharField("望ましい方向", max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    category = models.CharField("分野", max_length=50, blank=True)
    definition = models.TextField("定義", blank=True)
    source = models.CharField("主な出典", max_length=300, blank=True)
    estat_code = models.CharField("政府統計コード（e-Stat）", max_length=8, blank=True)
    ssds_code = models.CharField("社会・人口統計体系の項目コード", max_length=10, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "標準指標"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def public_plans(self) -> models.QuerySet:
        """The plans whose pages a change of this standard changes (``hyoka.web.cache`` bumps them, and the
        comparison pages' global scope, on save and delete): those with a KPI confirmed as it (the KPI card)."""
        from hyoka.indicators.models import Indicator

        confirmed = Q(standard_link__standard_id=self.pk, standard_link__status=IndicatorLink.Status.CONFIRMED)
        return Indicator.objects.filter(confirmed).values("plan_id")


class IndicatorLinkQuerySet(models.QuerySet):
    def confirmed(self) -> IndicatorLinkQuerySet:
        return self.filter(status=IndicatorLink.Status.CONFIRMED)

    def update(self, **kwargs) -> int:
        """``QuerySet.update`` sends no signal (``linking.confirm_all_suggested``): the public versions of the
        links' plans, and the global one, are bumped here in the same transaction."""
        from hyoka.web.cache import bump_plans

        with transaction.atomic(using=self.db):
            plans = list(self.values_list("indicator__plan_id", flat=True).distinct())
            count = super().update(**kwargs)
            if count:
                bump_plans(plans, using=self.db)
        return count


class IndicatorLink(models.Model):  # 指標と標準指標の対応
    """One KPI's place in the catalogue: suggested by name and unit (``suggest.py``), then confirmed or rejected
    by the planning office. A rejected link is kept so the same suggestion is not made again."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("候補")
        CONFIRMED = "confirmed", _("確定")
        REJECTED = "rejected", _("対象外")

    indicator = models.OneToOneField(
        "indicators.Indicator", models.CASCADE, related_name="standard_link", verbose_name="指標"
    )
    standard = models.ForeignKey(StandardIndicator, models.CASCADE, related_name="links", verbose_name="標準指標")
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    reason = models.CharField("候補の理由", max_length=200, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="判断者"
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)

    objects = IndicatorLinkQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "標準指標との対応"
        indexes = [models.Index(fields=["standard", "status"], name="catalog_link_standard_status")]

    def __str__(self) -> str:
        return f"{self.indicator_id} → {self.standard_id}（{self.get_status_display()}）"

    def public_plans(self) -> models.QuerySet:
        """A link belongs to its KPI's plan (the KPI card shows the standing): ``hyoka.web.cache`` bumps that plan's
        public version, and the global one of the comparison pages, on every save and delete."""
        from hyoka.indicators.models import Indicator

        return Indicator.objects.filter(pk=self.indicator_id).values("plan_id")
