"""Indicators (KPIs) and their yearly observations."""

from decimal import Decimal

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils.translation import gettext_lazy as _

from hyoka.indicators.interim import pairs_of
from hyoka.jp import format_cell
from hyoka.plans.fields import Dated, NumberField, Searchable, SearchTextField, YearField
from hyoka.plans.rows import read_instances
from hyoka.vocabulary import DIRECTIONS, OBSERVATION_STATUSES


class IndicatorQuerySet(models.QuerySet):
    def for_plan(self, plan) -> "IndicatorQuerySet":
        """Every indicator of a plan in document order, with its section and project (``.with_values()`` adds
        what a progress table needs)."""
        return (
            self.filter(plan=plan)
            .select_related("section", "section__parent", "project")
            .order_by("section__position", "position")
        )

    def with_values(self) -> "list[Indicator]":
        """The indicators, each with its observations (``observation_list``) and target revisions
        (``revision_list``) in order: three queries for any plan (more only past the database's
        parameter limit, ``_rows_of_indicators``).

        Django's ``prefetch_related`` gave the same lists at about three times the CPU (a queryset built for each
        indicator and relation, 60 KPIs on a plan page), which was the largest part of the page's cost.
        """
        return attach_values(list(self), self.db)


def attach_values(indicators: "list[Indicator]", using: str = DEFAULT_DB_ALIAS) -> "list[Indicator]":
    """``with_values`` for indicators already read (``hyoka.plans.rows.plan_rows``): two queries."""
    by_id = {k.pk: k for k in indicators}
    for k in indicators:
        k.observation_list, k.revision_list = [], []
    for model, attribute in ((Observation, "observation_list"), (TargetRevision, "revision_list")):
        keep_indicator = model._meta.get_field("indicator").set_cached_value  # as a prefetch keeps it: reading
        for row in _rows_of_indicators(model, list(by_id), using):  # row.indicator back makes no query
            indicator = by_id[row.indicator_id]
            keep_indicator(row, indicator)
            getattr(indicator, attribute).append(row)
    return indicators


def _rows_of_indicators(model: type[models.Model], indicator_ids: list[int], using: str) -> list:
    """The rows of ``model`` (values, target revisions) that belong to these indicators, in order of position.

    A plain SELECT (``hyoka.plans.rows.read_instances``): the ORM building this fixed query anew on every plan
    page cost as much as running it and making its rows. The ids go in batches the database accepts (SQLite:
    999 parameters)."""
    if not indicator_ids:
        return []
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    indicator = f"{table}.{quote(model._meta.get_field('indicator').column)}"
    order = f"{table}.{quote(model._meta.get_field('position').column)}, {table}.{quote(model._meta.pk.column)}"
    size = connection.features.max_query_params or len(indicator_ids)
    rows = []
    for start in range(0, len(indicator_ids), size):
        ids = indicator_ids[start : start + size]
        rows += read_instances(
            model, f" WHERE {indicator} IN ({', '.join(['%s'] * len(ids))}) ORDER BY {order}", ids, using
        )
    return rows


class Indicator(Searchable):  # 数値目標・重要業績評価指標 (KPI)
    class Direction(models.TextChoices):
        INCREASE = "increase", _(DIRECTIONS["increase"])  # labels: hyoka.vocabulary
        DECREASE = "decrease", _(DIRECTIONS["decrease"])
        MAINTAIN = "maintain", _(DIRECTIONS["maintain"])
        AT_MOST = "at_most", _(DIRECTIONS["at_most"])
        AT_LEAST = "at_least", _(DIRECTIONS["at_least"])

    class Comparator(models.TextChoices):
        GE = ">=", _("以上")
        LE = "<=", _("以下")
        EQ = "=", _("同値")
        GT = ">", _("超")
        LT = "<", _("未満")

    class Kind(models.TextChoices):  # 行政評価の活動指標・成果指標
        OUTCOME = "outcome", _("成果指標")
        ACTIVITY = "activity", _("活動指標")

    class Periodicity(models.TextChoices):  # how often a value can be known
        YEARLY = "yearly", _("毎年度")
        QUARTERLY = "quarterly", _("四半期ごと")
        MONTHLY = "monthly", _("毎月")
        FIVE_YEARLY = "five_yearly", _("5年ごと（国勢調査等）")
        IRREGULAR = "irregular", _("不定期")

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="indicators", verbose_name="計画")
    section = models.ForeignKey(
        "plans.Section", models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name="施策体系"
    )
    project = models.ForeignKey(
        "projects.Project", models.SET_NULL, null=True, blank=True, related_name="indicators", verbose_name="関連事業"
    )
    name = models.CharField("指標名", max_length=300)
    unit = models.CharField("単位", max_length=20, blank=True)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    definition = models.TextField("定義", blank=True)
    search_text = SearchTextField("検索用の文字列", sources=("name", "definition"))
    source = models.CharField("出典", max_length=300, blank=True)
    notes = models.JSONField("注記", default=list, blank=True)
    kind = models.CharField("指標の種類", max_length=10, choices=Kind.choices, blank=True)
    periodicity = models.CharField("把握の頻度", max_length=12, choices=Periodicity.choices, blank=True)

    baseline_value = NumberField("基準値", null=True, blank=True)
    baseline_text = models.CharField("基準値（表記）", max_length=100, blank=True)
    baseline_label = models.CharField("基準時点", max_length=100, blank=True)
    baseline_fiscal_year = YearField("基準年度", null=True, blank=True)
    baseline_year = YearField("基準年", null=True, blank=True)
    baseline_date = models.DateField("基準日", null=True, blank=True)

    target_value = NumberField("目標値", null=True, blank=True)
    target_comparator = models.CharField("比較", max_length=2, choices=Comparator.choices, blank=True)
    target_text = models.CharField("目標値（表記）", max_length=200, blank=True)
    target_label = models.CharField("目標時点", max_length=100, blank=True)
    target_fiscal_year = YearField("目標年度", null=True, blank=True)
    target_year = YearField("目標年", null=True, blank=True)
    target_date = models.DateField("目標日", null=True, blank=True)

    stated_delta_value = NumberField("記載の増減", null=True, blank=True)
    stated_delta_text = models.CharField("記載の増減（表記）", max_length=100, blank=True)
    interim_targets = models.JSONField(
        "中間目標", default=list, blank=True, help_text='年度ごとの中間目標 [{"fiscal_year": 2025, "value": "5010"}, …]'
    )
    position = models.PositiveIntegerField("順序", default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指標（KPI）"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def interim(self) -> tuple[tuple[int, Decimal], ...]:
        """The interim targets (中間目標) as (fiscal year, value), oldest first (``hyoka.indicators.interim``)."""
        return pairs_of(self.interim_targets)

    def interim_for(self, fiscal_year: int | None) -> Decimal | None:
        return dict(self.interim).get(fiscal_year) if fiscal_year is not None else None


class Observation(Dated):  # 実績値・現状値
    class Status(models.TextChoices):
        FINAL = "final", _(OBSERVATION_STATUSES["final"])  # labels: hyoka.vocabulary
        PROVISIONAL = "provisional", _(OBSERVATION_STATUSES["provisional"])
        PENDING = "pending", _(OBSERVATION_STATUSES["pending"])
        NOT_APPLICABLE = "not_applicable", _(OBSERVATION_STATUSES["not_applicable"])

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="observations", verbose_name="指標")
    value = NumberField("値", null=True, blank=True)
    status = models.CharField("状態", max_length=15, choices=Status.choices, default=Status.FINAL)
    text = models.CharField("表記", max_length=200, blank=True)
    note = models.TextField("注記", blank=True)
    position = models.PositiveIntegerField("順序", default=0)
    version = models.PositiveIntegerField(
        "版", default=0, help_text="評価サイクルで保存するたびに増え、同時編集の上書きを防ぐ"
    )

    class Meta:
        verbose_name = verbose_name_plural = "実績値"
        ordering = ["indicator", "position"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period_label"], name="observation_unique_period")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_label}: {self.text or self.value}"


class TargetRevision(models.Model):  # 指標の目標改定
    """One change of a KPI's target, kept for good: the target it replaced, the new one, from which
    fiscal year the new one is in force, when and why it was decided and by whom.

    The indicator's own target fields hold the target in force now; the original is the ``before``
    of its first revision. Progress for a year uses the target in force in that year
    (``hyoka.engine.target_for_year``).
    """

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="target_revisions", verbose_name="指標")
    before_value = NumberField("改定前の目標値", null=True, blank=True)
    before_comparator = models.CharField("改定前の比較", max_length=2, choices=Indicator.Comparator.choices, blank=True)
    before_text = models.CharField("改定前の目標値（表記）", max_length=200, blank=True)
    before_label = models.CharField("改定前の目標時点", max_length=100, blank=True)
    before_fiscal_year = YearField("改定前の目標年度", null=True, blank=True)
    after_value = NumberField("改定後の目標値", null=True, blank=True)
    after_comparator = models.CharField("改定後の比較", max_length=2, choices=Indicator.Comparator.choices, blank=True)
    after_text = models.CharField("改定後の目標値（表記）", max_length=200, blank=True)
    after_label = models.CharField("改定後の目標時点", max_length=100, blank=True)
    after_fiscal_year = YearField("改定後の目標年度", null=True, blank=True)
    effective_from_fy = YearField("適用開始年度", help_text="改定後の目標が適用される最初の年度")
    decided = models.DateField("改定日")
    reason = models.TextField("改定の理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="改定者"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)
    position = models.PositiveIntegerField("順序", default=0, help_text="決定の順（0 が最初の改定）")

    class Meta:
        verbose_name = verbose_name_plural = "目標改定"
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="target_revision_unique_position")
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator.name}: {self.before_display} → {self.after_display}（{self.effective_from_fy}年度から）"
        )

    @property
    def before_display(self) -> str:
        return format_cell(self.before_value, self.indicator.unit, self.before_text)

    @property
    def after_display(self) -> str:
        return format_cell(self.after_value, self.indicator.unit, self.after_text)
