"""What the importer remembers between imports: the meaning a city's planning office gave a column."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from hyoka.ingest.choices import LABELS
from hyoka.plans.models import Municipality


class ColumnChoiceQuerySet(models.QuerySet):
    def for_municipality(self, code: str) -> "ColumnChoiceQuerySet":
        return self.filter(municipality__code=code)

    def as_choices(self) -> dict[str, dict[int, str]]:
        """table signature → {0-based column → kind}, as `Context.column_choices` takes them (one query)."""
        out: dict[str, dict[int, str]] = {}
        for signature, column, kind in self.values_list("signature", "column", "kind"):
            out.setdefault(signature, {})[column] = kind
        return out


class ColumnChoice(models.Model):
    """The planning office said column `column` of the tables of layout `signature` means `kind`
    (`hyoka.ingest.choices`); the city's next import of that layout reads it so without asking."""

    municipality = models.ForeignKey(Municipality, models.CASCADE, related_name="column_choices", verbose_name="自治体")
    signature = models.CharField("表の列構成", max_length=40, help_text="見出しの列から作った名前")
    column = models.PositiveSmallIntegerField("列（0から）")
    header = models.CharField("見出し", max_length=200, blank=True)  # as printed when chosen, for people
    kind = models.CharField("意味", max_length=20, choices=list(LABELS.items()))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="指定した人"
    )
    chosen_at = models.DateTimeField("指定日時", default=timezone.now)

    objects = ColumnChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "列の意味の指定"
        ordering = ["municipality", "signature", "column"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "signature", "column"], name="column_choice_unique_column")
        ]

    def __str__(self) -> str:
        return f"{self.header or self.column + 1} → {self.get_kind_display()}"
