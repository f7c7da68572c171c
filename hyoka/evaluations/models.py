"""The plan's evaluation scheme (評価基準) and the yearly evaluation of each project."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyoka.evaluations.cost import Cost, sheet_cost
from hyoka.plans.fields import Dated, NumberField, Searchable, SearchTextField, YearField

# 今後の方向性: the words a plan chooses the direction of a project from, unless its scheme names its own.
DEFAULT_DIRECTIONS = ["拡充", "継続", "改善", "縮小", "統合", "休止", "廃止"]


def default_directions() -> list[str]:
    return list(DEFAULT_DIRECTIONS)


class ViewpointGrade(models.TextChoices):  # 必要性・有効性・効率性 each judged on one scale
    HIGH = "A", _("A：高い")
    MEDIUM = "B", _("B：中程度")
    LOW = "C", _("C：低い")


# The three viewpoints of a 行政評価 sheet: (field prefix, label). Forms, pages, reports and open data read this.
VIEWPOINTS = [("necessity", _("必要性")), ("effectiveness", _("有効性")), ("efficiency", _("効率性"))]


class EvaluationScheme(models.Model):  # 評価基準
    plan = models.OneToOneField("plans.Plan", models.CASCADE, related_name="evaluation_scheme", verbose_name="計画")
    legend_text = models.TextField("凡例（原文）", blank=True)
    directions = models.JSONField(
        "今後の方向性の選択肢",
        default=default_directions,
        blank=True,
        help_text="拡充・継続・改善・縮小・統合・休止・廃止 など",
    )
    unit_cost_per_person_year = NumberField(
        "人件費単価（1人工あたり・円）", null=True, blank=True, help_text="人件費 = 人工 × この単価"
    )

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


class EvaluationQuerySet(models.QuerySet):
    def for_cycle(self, cycle: "EvaluationCycle") -> "EvaluationQuerySet":
        return self.filter(project__plan_id=cycle.plan_id, fiscal_year=cycle.fiscal_year)

    def for_departments(self, department_ids) -> "EvaluationQuerySet":
        return self.filter(project__department_links__department_id__in=department_ids).distinct()

    def public(self) -> "EvaluationQuerySet":
        """What anyone may read live, as one query: the rule of visibility.py across every published plan
        (no opened, unpublished year; no reopened year, whose published copies stand in for it; approved
        entries only, in a published year and in a year no cycle was opened for alike)."""
        cycles = EvaluationCycle.objects.filter(
            plan_id=models.OuterRef("project__plan_id"), fiscal_year=models.OuterRef("fiscal_year")
        )
        return (
            self.filter(project__plan__published=True)
            .exclude(models.Exists(cycles.filter(published_at__isnull=True)))
            .exclude(models.Exists(cycles.filter(reopened_at__isnull=False)))
            .filter(status=Evaluation.Status.APPROVED)
        )

    def counts(self) -> dict[str, int]:
        """Entries, approved and not, in one query: what a year action's confirmation says it changes."""
        totals = self.aggregate(
            entries=models.Count("pk"),
            approved=models.Count("pk", filter=models.Q(status=Evaluation.Status.APPROVED)),
        )
        return {**totals, "unapproved": totals["entries"] - totals["approved"]}

    def with_entry_details(self) -> "EvaluationQuerySet":
        """What a list of entries shows, in two queries whatever the number of entries."""
        return (
            self.select_related("project", "project__section", "grade", "achievement", "updated_by")
            .prefetch_related("project__department_links__department")
            .order_by("project__position")
        )


class EvaluationSheet(models.Model):
    """The 行政評価 sheet beyond grade and narrative: cost, the three viewpoints, the direction chosen from the
    plan's list, and the external committee's opinion with the city's response. An entry has these fields, and
    so has the record a published year keeps (PublishedEvaluation), so both read alike."""

    budget_amount = NumberField("予算額（円）", null=True, blank=True)
    settlement_amount = NumberField("決算額（円）", null=True, blank=True)
    person_years = NumberField("人工", null=True, blank=True, help_text="従事した職員の人数（年換算）")
    necessity_grade = models.CharField("必要性", max_length=1, choices=ViewpointGrade.choices, blank=True)
    necessity_comment = models.TextField("必要性の説明", blank=True)
    effectiveness_grade = models.CharField("有効性", max_length=1, choices=ViewpointGrade.choices, blank=True)
    effectiveness_comment = models.TextField("有効性の説明", blank=True)
    efficiency_grade = models.CharField("効率性", max_length=1, choices=ViewpointGrade.choices, blank=True)
    efficiency_comment = models.TextField("効率性の説明", blank=True)
    direction = models.CharField("今後の方向性", max_length=20, blank=True, help_text="計画の評価基準の選択肢から")
    committee_opinion = models.TextField("外部評価委員会の意見", blank=True)
    city_response = models.TextField("対応方針", blank=True)

    class Meta:
        abstract = True

    def viewpoints(self) -> list[dict]:
        """The three viewpoints in order: label, grade code, grade label, comment."""
        labels = dict(ViewpointGrade.choices)
        return [
            {
                "key": key,
                "label": label,
                "grade": getattr(self, f"{key}_grade"),
                "grade_label": labels.get(getattr(self, f"{key}_grade"), ""),
                "comment": getattr(self, f"{key}_comment"),
            }
            for key, label in VIEWPOINTS
        ]


class Evaluation(Searchable, EvaluationSheet):  # 評価 per project per fiscal year
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未着手")
        DRAFT = "draft", _("下書き")
        SUBMITTED = "submitted", _("提出済み")
        RETURNED = "returned", _("差し戻し")
        APPROVED = "approved", _("承認済み")

    project = models.ForeignKey("projects.Project", models.CASCADE, related_name="evaluations", verbose_name="事業")
    fiscal_year = YearField("年度")
    # RESTRICT, not PROTECT: a grade in use cannot go alone, but a whole plan can be deleted.
    grade = models.ForeignKey(Grade, models.RESTRICT, null=True, blank=True, verbose_name="評価")
    achievement = models.ForeignKey(AchievementLevel, models.RESTRICT, null=True, blank=True, verbose_name="達成度")
    narrative = models.TextField("実績・取組状況", blank=True)
    future_direction = models.TextField("今後の方針", blank=True)
    search_text = SearchTextField("検索用の文字列", sources=("narrative", "future_direction"))
    references = models.JSONField("参照資料", default=list, blank=True)
    # The yearly cycle: what a document brought in counts as approved; an opened year starts again.
    status = models.CharField("状態", max_length=12, choices=Status.choices, default=Status.APPROVED)
    version = models.PositiveIntegerField("版", default=0, help_text="保存のたびに増え、同時編集の上書きを防ぐ")
    updated_at = models.DateTimeField("更新日時", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="更新者"
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "評価"
        ordering = ["project", "fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["project", "fiscal_year"], name="evaluation_unique_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.fiscal_year}年度"

    def cost(self, *, unit_cost, kpis=()) -> Cost:
        """事業費・人件費・総コスト by cost.py's rules, with the cost per output taken from the first activity KPI
        (活動指標) among ``kpis`` (progress rows of the project) that has a value for this year."""
        from hyoka.indicators.models import Indicator

        output = next(
            (
                r
                for r in kpis
                if r.indicator.kind == Indicator.Kind.ACTIVITY
                and r.latest is not None
                and r.latest.value is not None
                and (r.latest.fiscal_year or r.latest.year) == self.fiscal_year
            ),
            None,
        )
        return sheet_cost(
            self,
            unit_cost=unit_cost,
            output=output.latest.value if output else None,
            output_unit=output.indicator.unit if output else "",
        )


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


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CycleQuerySet":
        """Every cycle for the planning office and reviewers; a department's editor sees the cycles
        of plans that hold projects of their departments."""
        from hyoka.accounts.access import Role, role_of

        role = role_of(user)
        if role in (Role.PLANNING_ADMIN, Role.REVIEWER):
            return self.all()
        if role == Role.DEPARTMENT_EDITOR:
            departments = user.profile.departments.all()
            return self.filter(plan__projects__department_links__department__in=departments).distinct()
        return self.none()


class EvaluationCycle(models.Model):  # 評価サイクル: the planning office opens a fiscal year of a plan
    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="cycles", verbose_name="計画")
    fiscal_year = YearField("評価年度")
    deadline = models.DateField("提出期限")
    opened_at = models.DateTimeField("開始日時", auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name="開始者"
    )
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="公開者"
    )
    # The scheme in force when the year was published (grades, levels and their thresholds, directions, unit
    # cost): the published record and the year's reports read this, not the scheme as edited since.
    published_scheme = models.JSONField("公開時の評価基準", default=dict, blank=True)
    # 再開: a published year (or one whose figures came from the city's documents) opened again to correct it;
    # until it is published again the public reads the PublishedEvaluation / PublishedObservation copies.
    reopened_at = models.DateTimeField("再開日時", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="再開者"
    )
    reopen_reason = models.TextField("再開の理由", blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "評価サイクル"
        ordering = ["plan", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["plan", "fiscal_year"], name="cycle_unique_year")]

    def __str__(self) -> str:
        return f"{self.plan} {self.fiscal_year}年度"

    @property
    def is_published(self) -> bool:
        """The year's live figures are public (published, and not reopened since): the year is locked."""
        return self.published_at is not None and self.reopened_at is None

    @property
    def is_reopened(self) -> bool:
        """Reopened to correct it: editable again, while the public keeps the figures it had."""
        return self.reopened_at is not None

    @property
    def days_left(self) -> int:
        """Days until the deadline (0 on the day, negative once past), in Japan's calendar."""
        return (self.deadline - timezone.localdate()).days

    def collection_totals(self) -> dict[str, int]:
        """Entries in all, submitted (approved ones included) and approved: 41 / 67 提出."""
        done = [Evaluation.Status.SUBMITTED, Evaluation.Status.APPROVED]
        return Evaluation.objects.for_cycle(self).aggregate(
            total=models.Count("pk"),
            submitted=models.Count("pk", filter=models.Q(status__in=done)),
            approved=models.Count("pk", filter=models.Q(status=Evaluation.Status.APPROVED)),
        )

    def collection_by_department(self) -> list[dict]:
        """The same per department (a project of two departments counts for both), in one query."""
        from hyoka.plans.models import Department

        entries = "project_links__project__evaluations"
        done = [Evaluation.Status.SUBMITTED, Evaluation.Status.APPROVED]
        rows = (
            Department.objects.filter(**{f"{entries}__in": Evaluation.objects.for_cycle(self)})
            .annotate(
                total=models.Count(entries, distinct=True),
                submitted=models.Count(entries, filter=models.Q(**{f"{entries}__status__in": done}), distinct=True),
                approved=models.Count(
                    entries, filter=models.Q(**{f"{entries}__status": Evaluation.Status.APPROVED}), distinct=True
                ),
            )
            .order_by("name")
        )
        return [{"department": d, "total": d.total, "submitted": d.submitted, "approved": d.approved} for d in rows]


class PublishedEvaluationQuerySet(models.QuerySet):
    def public(self) -> "PublishedEvaluationQuerySet":
        """The copies the public reads in place of a reopened year's entries (of published plans)."""
        return self.filter(cycle__reopened_at__isnull=False, evaluation__project__plan__published=True)


class PublishedEvaluation(Searchable, EvaluationSheet):  # 公開された評価（公開時の記録）
    """An entry as its year was published (``publish_year``; an entry approved later, when approved): the
    frozen record the year's reports print and the public reads while the year is reopened. Publishing again
    replaces it. Grade and level are kept as codes and labels too, so editing the scheme later changes nothing
    here; kept as columns, not a document, so grades stay grades."""

    cycle = models.ForeignKey(
        EvaluationCycle, models.CASCADE, related_name="published_evaluations", verbose_name="評価サイクル"
    )
    evaluation = models.OneToOneField(Evaluation, models.CASCADE, related_name="published_copy", verbose_name="評価")
    grade = models.ForeignKey(Grade, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="評価")
    achievement = models.ForeignKey(
        AchievementLevel, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="達成度"
    )
    narrative = models.TextField("実績・取組状況", blank=True)
    future_direction = models.TextField("今後の方針", blank=True)
    search_text = SearchTextField("検索用の文字列", sources=("narrative", "future_direction"))
    references = models.JSONField("参照資料", default=list, blank=True)
    metrics = models.JSONField("実績の数値", default=list, blank=True, help_text="EvaluationMetric の各欄")
    grade_code = models.CharField("評価（記号）", max_length=10, blank=True)
    grade_label = models.CharField("評価（意味）", max_length=100, blank=True)
    achievement_code = models.CharField("達成度（記号）", max_length=10, blank=True)
    achievement_label = models.CharField("達成度（意味）", max_length=100, blank=True)
    suggested_achievement = models.CharField(
        "示された達成度", max_length=10, blank=True, help_text="KPIの進捗から評価基準が示した達成度"
    )
    unit_cost_per_person_year = NumberField("人件費単価（1人工あたり・円）", null=True, blank=True)

    objects = PublishedEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公開中の評価"

    def __str__(self) -> str:
        return f"{self.evaluation}（公開中）"


class PublishedObservation(Dated):  # 公開中の実績値
    """A KPI value of a reopened year as the public saw it, shown in its place until the year is published again."""

    cycle = models.ForeignKey(
        EvaluationCycle, models.CASCADE, related_name="published_observations", verbose_name="評価サイクル"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", models.CASCADE, related_name="published_observations", verbose_name="指標"
    )
    value = NumberField("値", null=True, blank=True)
    status = models.CharField("状態", max_length=15)
    text = models.CharField("表記", max_length=200, blank=True)
    note = models.TextField("注記", blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公開中の実績値"
        ordering = ["indicator", "position"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_label}（公開中）"


class PublishedIndicator(models.Model):  # 公開時の指標の記録
    """A KPI as its year was published: the rule it was judged by (unit, direction, baseline, the target in
    force that year), the values up to that year, the value used and the engine's verdict. Later revisions of
    the target or edits of the KPI do not change it; the year's reports judge the KPI from this record."""

    cycle = models.ForeignKey(
        EvaluationCycle, models.CASCADE, related_name="published_indicators", verbose_name="評価サイクル"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", models.SET_NULL, null=True, related_name="published_records", verbose_name="指標"
    )
    name = models.CharField("指標名", max_length=300)
    rule = models.JSONField("判定の基準", default=dict, help_text="単位・方向・基準値・その年度に有効な目標")
    observations = models.JSONField("実績値", default=list, help_text="その年度までの公開された値")
    value_text = models.CharField("判定に用いた値（表記）", max_length=200, blank=True)
    value_label = models.CharField("判定に用いた値の時点", max_length=100, blank=True)
    progress_percent = NumberField("進捗率（%）", null=True, blank=True)
    status = models.CharField("判定", max_length=12)
    suggested_achievement = models.CharField("示された達成度", max_length=10, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公開時の指標の記録"
        ordering = ["cycle", "position"]

    def __str__(self) -> str:
        return f"{self.name}（{self.cycle.fiscal_year}年度 公開時）"


class Comment(models.Model):  # 差し戻し・評価委員のコメント
    class Kind(models.TextChoices):
        RETURN = "return", _("差し戻し")
        REVIEW = "review", _("評価委員のコメント")
        APPROVAL = "approval", _("承認")

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="comments", verbose_name="評価")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name="記入者")
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    text = models.TextField("コメント")
    created_at = models.DateTimeField("日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "コメント"
        ordering = ["evaluation", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ChangeQuerySet(models.QuerySet):
    def for_plan(self, plan_id: int) -> "ChangeQuerySet":
        """Every change of the plan, newest first, with who made it, in one query."""
        return self.filter(plan_id=plan_id).select_related("user").order_by("-at", "-pk")


class Change(models.Model):  # 変更履歴: who changed what, when, before and after
    """One write, kept for good: the rows it is about may be deleted (SET_NULL), so it carries the plan
    and ``subject``, a readable name of what it was about."""

    class Action(models.TextChoices):
        OPENED = "opened", _("年度の開始")
        SAVED = "saved", _("保存")
        SUBMITTED = "submitted", _("提出")
        RETURNED = "returned", _("差し戻し")
        APPROVED = "approved", _("承認")
        PUBLISHED = "published", _("公開")
        REOPENED = "reopened", _("年度の再開")
        EDITED = "edited", _("管理画面での編集")  # Django admin, the system administrator's
        UPKEPT = "upkept", _("計画の管理での編集")  # the planning office's plan upkeep (hyoka.plans.upkeep)
        DELETED = "deleted", _("削除")
        PLAN_PUBLISHED = "plan_published", _("計画の公開")
        PLAN_WITHDRAWN = "plan_withdrawn", _("計画の非公開")
        ROLE_CHANGED = "role_changed", _("利用者・役割の変更")
        TARGET_REVISED = "target_revised", _("目標の改定")
        COMMITTEE_OPINION = "committee_opinion", _("外部評価委員会の意見")
        CITY_RESPONSE = "city_response", _("対応方針")

    plan = models.ForeignKey(
        "plans.Plan", models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name="計画"
    )
    evaluation = models.ForeignKey(
        Evaluation, models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name="評価"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name="指標"
    )
    subject = models.CharField("対象の名前", max_length=400, blank=True, help_text="対象が削除されても読める名前")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name="変更者")
    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    record = models.CharField("対象", max_length=400, help_text="評価、または指標名と時点")
    before = models.JSONField("変更前", default=dict, blank=True)
    after = models.JSONField("変更後", default=dict, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "変更履歴"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.record}"

    @property
    def diff(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for each field the change touched, in the order they were recorded."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [(key, self.before.get(key, ""), self.after.get(key, "")) for key in keys]
