"""Projects (事業・取り組み) with their departments, budget items and attachments."""

from django.db import models
from django.db.models import Prefetch

from hyoka.plans.fields import Searchable, SearchTextField


class ProjectQuerySet(models.QuerySet):
    def for_plan(self, plan) -> "ProjectQuerySet":
        """A plan's projects in document order with their departments and evaluations (grade, achievement),
        in three queries whatever the plan's size.

        The related rows come as plain lists, oldest evaluation first: ``project.department_link_list`` and
        ``project.evaluation_list``. A prefetch without ``to_attr`` builds a filtered queryset for every
        project and every relation, which cost a plan page of 67 projects more than its queries did.
        """
        from hyoka.evaluations.models import Evaluation

        return (
            self.filter(plan=plan)
            .select_related("section")
            .prefetch_related(
                Prefetch(
                    "department_links",
                    queryset=ProjectDepartment.objects.select_related("department"),
                    to_attr="department_link_list",
                ),
                Prefetch(
                    "evaluations",
                    queryset=Evaluation.objects.select_related("grade", "achievement").order_by("fiscal_year"),
                    to_attr="evaluation_list",
                ),
            )
            .order_by("position")
        )

    def with_budget_items(self) -> "ProjectQuerySet":
        """…and their budget items with the department printed on each row, as ``project.budget_link_list``
        (one more query)."""
        return self.prefetch_related(
            Prefetch(
                "budget_links",
                queryset=ProjectBudgetItem.objects.select_related("budget_item", "department"),
                to_attr="budget_link_list",
            )
        )

    def for_document(self) -> "ProjectQuerySet":
        """Projects in document order with everything hyoka.plan/1 prints of them (departments, budget items,
        attachments, evaluations with their metrics), in a fixed number of queries: the exporter and the API."""
        from hyoka.evaluations.models import Evaluation

        return self.order_by("position").prefetch_related(
            "department_links__department",
            "budget_links__budget_item",
            "budget_links__department",
            "attachments",
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related("grade", "achievement")
                .prefetch_related("metrics")
                .order_by("fiscal_year"),
            ),
        )


class Project(Searchable):  # 事業・取り組み
    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="projects", verbose_name="計画")
    section = models.ForeignKey(
        "plans.Section", models.CASCADE, null=True, blank=True, related_name="projects", verbose_name="施策体系"
    )
    number = models.CharField("番号", max_length=20, blank=True)
    name = models.CharField("事業名", max_length=300)
    description = models.TextField("事業内容", blank=True)
    search_text = SearchTextField("検索用の文字列", sources=("name", "number", "description"))
    status = models.CharField("区分", max_length=50, blank=True, help_text="継続・新規・拡充・検討・追加など")
    policy_refs = models.JSONField("総合計画の施策", default=list, blank=True)
    notes = models.JSONField("注記", default=list, blank=True)
    departments = models.ManyToManyField(
        "plans.Department", through="ProjectDepartment", related_name="projects", verbose_name="所管課"
    )
    position = models.PositiveIntegerField("順序", default=0)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事業"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class ProjectDepartment(models.Model):
    """A project's department, in the order the document lists them."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="department_links")
    department = models.ForeignKey("plans.Department", models.PROTECT, related_name="project_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "事業の所管課"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["project", "department"], name="project_department_unique")]

    def __str__(self) -> str:
        return f"{self.project.name} ← {self.department.name}"


class BudgetItem(models.Model):  # 予算事務事業
    municipality = models.ForeignKey(
        "plans.Municipality", models.CASCADE, related_name="budget_items", verbose_name="自治体"
    )
    code = models.CharField("予算事務事業コード", max_length=10, blank=True)  # 10 digits; blank where none printed
    name = models.CharField("予算事務事業名", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "予算事務事業"
        ordering = ["municipality", "code", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "code", "name"], name="budget_item_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class ProjectBudgetItem(models.Model):
    """A budget item funding a project, with the department the document prints on that row."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="budget_links", verbose_name="事業")
    budget_item = models.ForeignKey(
        BudgetItem, models.PROTECT, related_name="project_links", verbose_name="予算事務事業"
    )
    department = models.ForeignKey(
        "plans.Department", models.PROTECT, null=True, blank=True, related_name="budget_links", verbose_name="所管課"
    )
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "事業の予算事務事業"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.project.name} ← {self.budget_item}"


class Attachment(models.Model):  # 添付（画面写真・資料）
    class Kind(models.TextChoices):
        IMAGE = "image", "画像"
        DOCUMENT = "document", "資料"
        LINK = "link", "リンク"

    project = models.ForeignKey(Project, models.CASCADE, related_name="attachments", verbose_name="事業")
    title = models.CharField("題名", max_length=200)
    kind = models.CharField("種類", max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    uri = models.CharField("URI", max_length=500, blank=True)
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "添付"
        ordering = ["project", "position"]

    def __str__(self) -> str:
        return self.title
