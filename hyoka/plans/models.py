"""Municipalities, their departments, plans and the plan's section tree."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hyoka.jp import municipalities
from hyoka.plans.fields import Dated, NumberField, Searchable, SearchTextField, YearField
from hyoka.vocabulary import PLAN_KINDS


class Municipality(models.Model):  # 自治体
    code = models.CharField("全国地方公共団体コード", max_length=6, unique=True)
    name = models.CharField("名称", max_length=100)
    prefecture = models.CharField("都道府県", max_length=10)

    class Meta:
        verbose_name = verbose_name_plural = "自治体"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return municipalities.full_name(self.prefecture, self.name)


class Department(models.Model):  # 所管課・担当課
    municipality = models.ForeignKey(Municipality, models.CASCADE, related_name="departments", verbose_name="自治体")
    name = models.CharField("課名", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "所管課"
        ordering = ["municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(models.QuerySet):
    def published(self) -> "PlanQuerySet":
        return self.filter(published=True)

    def with_counts(self) -> "PlanQuerySet":
        """Each plan with how many sections, KPIs and projects it has, still one query. Each count is its own
        subquery: counted over joins, a plan of 150 sections, 290 KPIs and 670 projects made 29 million rows."""
        return self.select_related("municipality").annotate(
            section_count=_count_of("sections"),
            indicator_count=_count_of("indicators"),
            project_count=_count_of("projects"),
        )


def _count_of(relation: str) -> Coalesce:
    rows = Plan._meta.get_field(relation).related_model.objects.filter(plan=OuterRef("pk"))
    return Coalesce(Subquery(rows.order_by().values("plan").annotate(n=Count("pk")).values("n")), 0)


class Plan(Searchable):  # 計画・総合戦略
    class Kind(models.TextChoices):
        COMPREHENSIVE_STRATEGY = "comprehensive_strategy", _(PLAN_KINDS["comprehensive_strategy"])  # hyoka.vocabulary
        MASTER_PLAN = "master_plan", _(PLAN_KINDS["master_plan"])
        CHILD_SUPPORT_PLAN = "child_support_plan", _(PLAN_KINDS["child_support_plan"])
        SECTOR_PLAN = "sector_plan", _(PLAN_KINDS["sector_plan"])
        OTHER = "other", _(PLAN_KINDS["other"])

    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="plans", verbose_name="自治体")
    title = models.CharField("計画名", max_length=200)
    version = models.CharField("期・版", max_length=50, blank=True)
    search_text = SearchTextField("検索用の文字列", sources=("title", "version"))
    kind = models.CharField("種類", max_length=30, choices=Kind.choices, default=Kind.COMPREHENSIVE_STRATEGY)
    start_fy = YearField("開始年度", null=True, blank=True)
    end_fy = YearField("終了年度", null=True, blank=True)
    section_levels = models.JSONField("階層名", default=list, blank=True)
    source = models.TextField("出典資料", blank=True)
    notes = models.JSONField("備考", default=list, blank=True)
    published = models.BooleanField("公開", default=False, help_text="公開すると、公開済みの年度をだれでも閲覧できます")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "計画"
        ordering = ["municipality__code", "title", "version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title", "version"], name="plan_unique_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}" if self.version else self.title


class Section(Searchable):  # 基本目標・基本施策・施策の方向 (each plan names its own levels)
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="sections", verbose_name="計画")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上位"
    )
    level = models.CharField("階層", max_length=50)
    number = models.CharField("番号", max_length=20, blank=True)
    title = models.CharField("名称", max_length=300)
    search_text = SearchTextField("検索用の文字列", sources=("title",))
    pages = models.CharField("頁", max_length=50, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "施策体系"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.level}{self.number} {self.title}".strip()


class Revision(models.Model):  # 改定ポイント
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="revisions", verbose_name="計画")
    section = models.CharField("対象", max_length=300)
    pages = models.CharField("対象ページ", max_length=50, blank=True)
    points = models.JSONField("ポイント", default=list)
    notes = models.JSONField("注記", default=list, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "改定ポイント"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.pages} {self.section}".strip()


class Benchmark(Dated):  # 他地域との比較値
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="benchmarks", verbose_name="計画")
    indicator = models.CharField("指標", max_length=200)
    area = models.CharField("地域", max_length=100)
    value = NumberField("値")
    unit = models.CharField("単位", max_length=20, blank=True)
    source = models.CharField("出典", max_length=300, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "比較値"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area} {self.value}"


class DataLoad(models.Model):  # 取込履歴: a document written into a plan — by whom, when, and what it changed
    """Kept when its plan is deleted (plan becomes NULL, `plan_label` still names it): what was loaded,
    from where, is history. The 出典 a document names is kept here per load, not written over the plan's."""

    plan = models.ForeignKey(Plan, models.SET_NULL, null=True, blank=True, related_name="loads", verbose_name="計画")
    plan_label = models.CharField("計画名", max_length=300, blank=True, help_text="計画が削除されても読める名前")
    source = models.CharField("資料", max_length=300, blank=True)
    provenance = models.TextField("出典", blank=True, help_text="資料が記載する出典（計画の出典資料は上書きしません）")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name="取込者")
    at = models.DateTimeField("日時", auto_now_add=True)
    summary = models.CharField("変更の概要", max_length=500)
    details = models.JSONField("変更の内容", default=list, help_text="追加・変更（前 → 後）・削除の一行ずつ")

    class Meta:
        verbose_name = verbose_name_plural = "取込履歴"
        ordering = ["plan", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.plan_label} {self.source} {self.summary}"
