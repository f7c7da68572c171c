"""Who may do what: each user's role (役割) and, for department editors, their departments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):  # 利用者の役割
    class Role(models.TextChoices):
        PLANNING_ADMIN = "planning_admin", _("企画課（計画管理者）")
        DEPARTMENT_EDITOR = "department_editor", _("所管課（入力担当）")
        REVIEWER = "reviewer", _("評価委員（閲覧・コメント）")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    role = models.CharField("役割", max_length=20, choices=Role.choices)
    departments = models.ManyToManyField(
        "plans.Department",
        blank=True,
        related_name="editors",
        verbose_name="所管課",
        help_text="所管課（入力担当）が入力できる課",
    )

    class Meta:
        verbose_name = verbose_name_plural = "役割"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class FailedLogin(models.Model):
    """A login attempt, written before its password is checked and kept when the check failed, for the
    throttle window (hyoka/accounts/throttle.py); in the database so every server process counts it."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "ログイン失敗"

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"


def users_with_roles():
    """Every login with its role and departments, as the users page lists them: two queries whatever their number."""
    from django.contrib.auth.models import User
    from django.db.models import Prefetch

    from hyoka.plans.models import Department

    departments = Department.objects.select_related("municipality").order_by("name")
    return (
        User.objects.select_related("profile")
        .prefetch_related(Prefetch("profile__departments", queryset=departments))
        .order_by("-is_active", "username")
    )
