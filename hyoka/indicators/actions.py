"""Writes to a KPI that are more than an edit, each named once (like ``hyoka.evaluations.actions``):
lock → check → change → record history, in one transaction.

    revise_target: 目標改定 — the target changes, the one it replaced is kept with when, why and by whom.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hyoka.evaluations.actions import WorkflowError, record_change
from hyoka.evaluations.models import Change, EvaluationCycle
from hyoka.indicators.models import Indicator, TargetRevision
from hyoka.jp import format_cell, format_fiscal_year

logger = logging.getLogger("hyoka.indicators")

# The field names a revision's Change records; stored as written here, translated when the history is shown.
HISTORY_FIELDS = [
    gettext_noop("目標値"),
    gettext_noop("目標年度"),
    gettext_noop("適用開始年度"),
    gettext_noop("改定日"),
    gettext_noop("改定の理由"),
]
COMPARATORS = {c.value for c in Indicator.Comparator}
COMPARATOR_WORDS = {">=": "以上", "<=": "以下", ">": "超", "<": "未満"}  # as a target reads: 1.6以上


class RevisionError(WorkflowError):
    """The revision cannot be recorded as asked (no reason, nothing changes, a published year)."""


def check_revision(
    k: Indicator,
    *,
    value: Decimal | None,
    comparator: str,
    text: str,
    fiscal_year: int | None,
    effective_from_fy: int,
    reason: str,
) -> None:
    """Raise RevisionError when the revision cannot be made; ``revise_target`` asks it under the KPI's lock,
    the form asks it before its confirmation, so a refusal is not first heard after confirming."""
    if not reason.strip():
        raise RevisionError(_("改定の理由を入力してください。"))
    if value is None and not text.strip():
        raise RevisionError(_("新しい目標値（数値または表記）を入力してください。"))
    if comparator not in COMPARATORS and comparator != "":
        raise RevisionError(_("比較の種類が正しくありません。"))
    same_period = fiscal_year is None or fiscal_year == (k.target_fiscal_year or k.target_year)
    if (value, comparator, text.strip()) == (k.target_value, k.target_comparator, k.target_text) and same_period:
        raise RevisionError(_("目標が変わっていません。"))
    locked = EvaluationCycle.objects.filter(
        plan_id=k.plan_id, fiscal_year__gte=effective_from_fy, published_at__isnull=False, reopened_at=None
    )
    if year := locked.order_by("fiscal_year").values_list("fiscal_year", flat=True).first():
        raise RevisionError(
            _("%(year)sは公開済みです。それ以前の年度から目標を改定すると公開中の判定が変わるため、改定できません。")
            % {"year": format_fiscal_year(year)}
        )


def revise_target(
    *,
    indicator: Indicator,
    value: Decimal | None,
    comparator: str,
    text: str,
    fiscal_year: int | None,
    effective_from_fy: int,
    reason: str,
    by: User | None,
    decided: date | None = None,
) -> TargetRevision:
    """Change the KPI's target from ``effective_from_fy`` on, keeping the target it replaces.

    ``fiscal_year`` is the year the new target is set for (None keeps the current target's period).
    Years before ``effective_from_fy`` stay judged against the target they had. A year whose figures
    are published (and not reopened) from ``effective_from_fy`` on is refused: its verdict would change
    behind the public's back.
    """
    reason, text = reason.strip(), text.strip()
    with transaction.atomic():
        k = Indicator.objects.select_for_update().get(pk=indicator.pk)
        check_revision(
            k, value=value, comparator=comparator, text=text, fiscal_year=fiscal_year,
            effective_from_fy=effective_from_fy, reason=reason,
        )  # fmt: skip
        same_period = fiscal_year is None or fiscal_year == (k.target_fiscal_year or k.target_year)
        new_fy = (k.target_fiscal_year or k.target_year) if fiscal_year is None else fiscal_year
        revision = TargetRevision(
            indicator=k,
            before_value=k.target_value,
            before_comparator=k.target_comparator,
            before_text=k.target_text,
            before_label=k.target_label,
            before_fiscal_year=k.target_fiscal_year or k.target_year,
            after_value=value,
            after_comparator=comparator,
            after_text=text,
            after_label=k.target_label if same_period else format_fiscal_year(fiscal_year),
            after_fiscal_year=new_fy,
            effective_from_fy=effective_from_fy,
            decided=decided or timezone.localdate(),
            reason=reason,
            by=by,
            position=k.target_revisions.count(),  # the row is locked: no other revision takes this place
        )
        revision.save()
        before = _snapshot(k)
        k.target_value, k.target_comparator, k.target_text = value, comparator, text
        fields = ["target_value", "target_comparator", "target_text"]
        if not same_period:
            k.target_label, k.target_fiscal_year, k.target_year, k.target_date = (
                revision.after_label,
                new_fy,
                None,
                None,
            )
            fields += ["target_label", "target_fiscal_year", "target_year", "target_date"]
        k.save(update_fields=fields)
        for name in fields:  # the caller's object reads the new target too
            setattr(indicator, name, getattr(k, name))
        after = {
            **_snapshot(k),
            "適用開始年度": format_fiscal_year(effective_from_fy),
            "改定日": revision.decided.isoformat(),
            "改定の理由": reason,
        }
        record_change(None, by, Change.Action.TARGET_REVISED, gettext_noop("目標値"), before, after, indicator=k)
    logger.info("indicator %s: target revised from FY%s by %s", k.pk, effective_from_fy, by)
    return revision


def _snapshot(k: Indicator) -> dict[str, str]:
    year = k.target_fiscal_year or k.target_year
    number = format_cell(k.target_value, k.unit, k.target_text)
    shown = number
    if k.target_value is not None:
        shown += COMPARATOR_WORDS.get(k.target_comparator, "")
        if k.target_text and k.target_text not in (number, shown):
            shown = f"{shown}（{k.target_text}）"  # 50,909人以上（基準値）
    return {"目標値": shown, "目標年度": format_fiscal_year(year) if year else ""}
