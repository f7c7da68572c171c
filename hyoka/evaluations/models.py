"""The plan's evaluation scheme (評価基準) and the yearly evaluation of each project."""

from django.db import models

from hyoka.plans.fields import Dated, NumberField


class EvaluationScheme(models.Model):  # 評価基準
    plan = models.OneToOneField("plans.Plan", models.CASCADE, related_name="evaluation_scheme", verbose_name="計画")
    legend_text = models.TextField("凡例（原文）", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "評価基準"

    def __str__(self) -> str:
        return f"{self.plan} の評価基準"


class Grade(models.Model):  # 評価 (A–D, ◎○△× …)
    scheme = models.ForeignKey(EvaluationScheme, models.CASCADE, related_name="grades", verbose_name="評価基準")
    code = models.CharField("記号", max_length=10)
    label = models.CharField("意味", max_length=100, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "評価区分"
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="grade_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}：{self.label}" if self.label else self.code


class AchievementLevel(models.Model):  # 達成度 (1–4) with optional threshold rules
    scheme = models.ForeignKey(
        EvaluationScheme, models.CASCADE, related_name="achievement_levels", verbose_name="評価基準"
    )
    code = models.CharField("記号", max_length=10)
    label = models.CharField("意味", max_length=100, blank=True)
    min_percent = NumberField("下限（%以上）", null=True, blank=True)
    max_percent = NumberField("上限（%未満）", null=True, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "達成度区分"
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="achievement_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}：{self.label}" if self.label else self.code


class Evaluation(models.Model):  # 評価 per project per fiscal year
    project = models.ForeignKey("projects.Project", models.CASCADE, related_name="evaluations", verbose_name="事業")
    fiscal_year = models.PositiveIntegerField("年度")
    # RESTRICT, not PROTECT: a grade in use cannot go alone, but a whole plan can be deleted.
    grade = models.ForeignKey(Grade, models.RESTRICT, null=True, blank=True, verbose_name="評価")
    achievement = models.ForeignKey(AchievementLevel, models.RESTRICT, null=True, blank=True, verbose_name="達成度")
    narrative = models.TextField("実績・取組状況", blank=True)
    future_direction = models.TextField("今後の方針", blank=True)
    references = models.JSONField("参照資料", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "評価"
        ordering = ["project", "fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["project", "fiscal_year"], name="evaluation_unique_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.fiscal_year}年度"


class EvaluationMetric(Dated):  # 実績の数値 (登録児童数 2,684人 → 3,128人)
    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="metrics", verbose_name="評価")
    name = models.CharField("項目", max_length=200)
    value = NumberField("値", null=True, blank=True)
    unit = models.CharField("単位", max_length=20, blank=True)
    text = models.CharField("表記", max_length=200, blank=True)
    before = models.JSONField("前回値", null=True, blank=True, help_text="hyoka.plan/1 の Observation 形式")
    delta_text = models.CharField("増減（表記）", max_length=100, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "実績の数値"
        ordering = ["evaluation", "position"]

    def __str__(self) -> str:
        return f"{self.name} {self.text or self.value}"
