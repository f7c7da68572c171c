"""The log of reminders sent, so `hyoka remind` run twice a day (or by two servers) mails once."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):  # 提出期限のお知らせ（送信記録）
    """One reminder mailed to one person for one cycle's deadline and threshold (7 days before, 1 day before).

    The deadline is part of the key: when a reopened year gets a new deadline, its reminders are due again.
    The row is written in the same transaction as the mail is sent, so a failed send is tried again next run.
    """

    cycle = models.ForeignKey(
        "evaluations.EvaluationCycle", models.CASCADE, related_name="reminders", verbose_name="評価サイクル"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="宛先")
    email = models.EmailField("送信先アドレス")
    deadline = models.DateField("提出期限")
    days_before = models.PositiveSmallIntegerField("期限の何日前")
    sent_at = models.DateTimeField("送信日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "提出期限のお知らせ"
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user", "deadline", "days_before"], name="reminder_once_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.days_before}日前 → {self.email}"
