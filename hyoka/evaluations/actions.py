"""The yearly cycle's writes, each named once (Zulip's do_*): it checks the state, changes it and records
the change with who, when, before and after. Views, commands and tests all call these.

    open_cycle → (save_entry …) → submit_evaluation → return_evaluation | approve_evaluation → publish_year
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hyoka.evaluations.models import (
    AchievementLevel,
    Change,
    Comment,
    Evaluation,
    EvaluationCycle,
    EvaluationMetric,
    Grade,
)
from hyoka.indicators.models import Indicator, Observation
from hyoka.jp import format_fiscal_year, parse_period
from hyoka.plans.models import Plan
from hyoka.projects.models import Project

Status = Evaluation.Status
EDITABLE = {Status.NOT_STARTED, Status.DRAFT, Status.RETURNED}


# The field names a Change records; stored as written here, translated when the history is shown.
HISTORY_FIELDS = [
    gettext_noop("状態"),
    gettext_noop("提出期限"),
    gettext_noop("コメント"),
    gettext_noop("公開"),
    gettext_noop("評価"),
    gettext_noop("達成度"),
    gettext_noop("実績・取組状況"),
    gettext_noop("今後の方針"),
    gettext_noop("値"),
    gettext_noop("表記"),
    gettext_noop("注記"),
    gettext_noop("単位"),
    gettext_noop("未着手"),
]


class WorkflowError(Exception):
    """The entry is not in a state that allows this step (e.g. approving a draft)."""


class ConflictError(WorkflowError):
    """Someone else saved the record since this form was opened (optimistic locking)."""

    def __init__(self, record: str, updated_by: User | None, updated_at):
        who = updated_by.get_username() if updated_by else _("他の利用者")
        when = timezone.localtime(updated_at).strftime("%Y-%m-%d %H:%M") if updated_at else ""
        super().__init__(
            _(
                "%(record)sは、開いた後に %(who)s が %(when)s に更新しました。上書きを防ぐため保存していません。"
                "最新の内容を確認してから、もう一度入力してください。"
            )
            % {"record": record, "who": who, "when": when}
        )


@dataclass(frozen=True)
class ObservationInput:
    """One KPI's actual value for the year, as the department enters it."""

    indicator_id: int
    period_label: str
    value: Decimal | None
    text: str = ""
    status: str = "final"
    note: str = ""
    expected_version: int | None = None  # the observation's version when the form was opened (0: none yet)


@dataclass(frozen=True)
class MetricInput:
    name: str
    value: Decimal | None
    unit: str = ""
    text: str = ""


@dataclass(frozen=True)
class EntryInput:
    grade_id: int | None
    achievement_id: int | None
    narrative: str
    future_direction: str
    observations: list[ObservationInput] = field(default_factory=list)
    metrics: list[MetricInput] = field(default_factory=list)


def open_cycle(*, plan: Plan, fiscal_year: int, deadline: date, by: User) -> EvaluationCycle:
    """Open a fiscal year: every project gets an entry to fill in; what the plan holds for the year is its start."""
    with transaction.atomic():
        if EvaluationCycle.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
            raise WorkflowError(_("%(year)s年度はすでに開始されています。") % {"year": fiscal_year})
        try:
            with transaction.atomic():  # two clicks at once: the unique constraint decides, not a 500
                cycle = EvaluationCycle.objects.create(
                    plan=plan, fiscal_year=fiscal_year, deadline=deadline, opened_by=by
                )
        except IntegrityError:
            raise WorkflowError(_("%(year)s年度はすでに開始されています。") % {"year": fiscal_year}) from None
        projects = Project.objects.filter(plan=plan)
        existing = set(
            Evaluation.objects.filter(project__plan=plan, fiscal_year=fiscal_year).values_list("project_id", flat=True)
        )
        Evaluation.objects.bulk_create(
            Evaluation(project=p, fiscal_year=fiscal_year, status=Status.NOT_STARTED)
            for p in projects
            if p.pk not in existing
        )
        entries = Evaluation.objects.filter(project__plan=plan, fiscal_year=fiscal_year)
        entries.update(status=Status.NOT_STARTED, version=F("version") + 1)
        Change.objects.bulk_create(
            Change(
                evaluation=e,
                user=by,
                action=Change.Action.OPENED,
                record="評価",
                after={"状態": "未着手", "提出期限": str(deadline)},
            )
            for e in entries
        )
        return cycle


def save_entry(*, evaluation: Evaluation, data: EntryInput, by: User, expected_version: int) -> Evaluation:
    """Save the department's draft; refuses (ConflictError) if someone saved it after `expected_version`."""
    with transaction.atomic():
        current = _lock(evaluation, expected_version)
        if current.status not in EDITABLE:
            raise WorkflowError(_("%(status)sの報告は編集できません。") % {"status": current.get_status_display()})
        _check_scheme_choice(current, data)
        before = evaluation_snapshot(current)
        current.grade_id, current.achievement_id = data.grade_id, data.achievement_id
        current.narrative, current.future_direction = data.narrative, data.future_direction
        current.status = Status.DRAFT if current.status == Status.NOT_STARTED else current.status
        record_change(current, by, Change.Action.SAVED, "評価", before, evaluation_snapshot(current))
        _save_observations(current, current.fiscal_year, current.project.indicators.all(), data.observations, by)
        _save_metrics(current, data.metrics, by)
        _bump(current, by)
        return current


def submit_evaluation(*, evaluation: Evaluation, by: User, expected_version: int) -> Evaluation:
    with transaction.atomic():
        current = _lock(evaluation, expected_version)
        if current.status not in (Status.DRAFT, Status.RETURNED):
            raise WorkflowError(
                _("%(status)sの報告は提出できません。先に保存してください。") % {"status": current.get_status_display()}
            )
        return _transition(current, Status.SUBMITTED, Change.Action.SUBMITTED, by)


def return_evaluation(*, evaluation: Evaluation, by: User, comment: str) -> Evaluation:
    """The planning office sends a submitted entry back with what to fix."""
    if not comment.strip():
        raise WorkflowError(_("差し戻しの理由を入力してください。"))
    with transaction.atomic():
        current = _lock(evaluation, None)
        if current.status != Status.SUBMITTED:
            raise WorkflowError(_("%(status)sの報告は差し戻せません。") % {"status": current.get_status_display()})
        Comment.objects.create(evaluation=current, author=by, kind=Comment.Kind.RETURN, text=comment.strip())
        return _transition(current, Status.RETURNED, Change.Action.RETURNED, by, note=comment.strip())


def approve_evaluation(*, evaluation: Evaluation, by: User, comment: str = "") -> Evaluation:
    with transaction.atomic():
        current = _lock(evaluation, None)
        if current.status != Status.SUBMITTED:
            raise WorkflowError(_("%(status)sの報告は承認できません。") % {"status": current.get_status_display()})
        if comment.strip():
            Comment.objects.create(evaluation=current, author=by, kind=Comment.Kind.APPROVAL, text=comment.strip())
        return _transition(current, Status.APPROVED, Change.Action.APPROVED, by)


def comment_on(*, evaluation: Evaluation, by: User, text: str) -> Comment:
    """A reviewer's (評価委員) comment; it changes nothing else."""
    if not text.strip():
        raise WorkflowError(_("コメントを入力してください。"))
    return Comment.objects.create(evaluation=evaluation, author=by, kind=Comment.Kind.REVIEW, text=text.strip())


def save_plan_indicators(*, cycle: EvaluationCycle, data: list[ObservationInput], by: User) -> None:
    """The planning office's own KPIs (those of no project, e.g. a basic goal's 数値目標) for the year."""
    with transaction.atomic():
        indicators = Indicator.objects.filter(plan_id=cycle.plan_id, project=None)
        _save_observations(None, cycle.fiscal_year, indicators, data, by)


def publish_year(*, cycle: EvaluationCycle, by: User) -> int:
    """Publish the year: its approved entries become public (and entries approved later, once approved).

    Returns how many entries were approved at publication.
    """
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.is_published:
            raise WorkflowError(_("%(year)s年度はすでに公開されています。") % {"year": cycle.fiscal_year})
        cycle.published_at, cycle.published_by = timezone.now(), by
        cycle.save(update_fields=["published_at", "published_by"])
        approved = list(Evaluation.objects.for_cycle(cycle).filter(status=Status.APPROVED))
        Change.objects.bulk_create(
            Change(evaluation=e, user=by, action=Change.Action.PUBLISHED, record="評価", after={"公開": "公開"})
            for e in approved
        )
        return len(approved)


# ---- internals (record_change and the snapshots also serve the admin's history) ------------------------


def _lock(evaluation: Evaluation, expected_version: int | None) -> Evaluation:
    # Lock the entry row only: PostgreSQL refuses FOR UPDATE on the nullable side of the updated_by join.
    current = (
        Evaluation.objects.select_for_update(of=("self",)).select_related("updated_by", "project").get(pk=evaluation.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(_("この報告"), current.updated_by, current.updated_at)
    return current


def _bump(evaluation: Evaluation, by: User) -> None:
    evaluation.version += 1
    evaluation.updated_at, evaluation.updated_by = timezone.now(), by
    evaluation.save()


def _transition(evaluation: Evaluation, status: str, action: str, by: User, note: str = "") -> Evaluation:
    with translation.override(settings.LANGUAGE_CODE):  # the record is kept in Japanese, shown translated
        before = {"状態": evaluation.get_status_display()}
        evaluation.status = status
        after = {"状態": evaluation.get_status_display(), **({"コメント": note} if note else {})}
    Change.objects.create(evaluation=evaluation, user=by, action=action, record="評価", before=before, after=after)
    _bump(evaluation, by)
    return evaluation


def _check_scheme_choice(evaluation: Evaluation, data: EntryInput) -> None:
    """A grade or level must come from this plan's own scheme."""
    plan_id = evaluation.project.plan_id
    if data.grade_id and not Grade.objects.filter(pk=data.grade_id, scheme__plan_id=plan_id).exists():
        raise WorkflowError(_("この計画の評価区分にない評価です。"))
    if (
        data.achievement_id
        and not AchievementLevel.objects.filter(pk=data.achievement_id, scheme__plan_id=plan_id).exists()
    ):
        raise WorkflowError(_("この計画の達成度区分にない達成度です。"))


def evaluation_snapshot(e: Evaluation) -> dict[str, Any]:
    grade = Grade.objects.filter(pk=e.grade_id).values_list("code", flat=True).first() if e.grade_id else ""
    level = (
        AchievementLevel.objects.filter(pk=e.achievement_id).values_list("code", flat=True).first()
        if e.achievement_id
        else ""
    )
    return {"評価": grade, "達成度": level, "実績・取組状況": e.narrative, "今後の方針": e.future_direction}


def record_change(
    evaluation: Evaluation | None, by: User, action: str, record: str, before: dict, after: dict, indicator=None
) -> None:
    """Keep what changed (only the fields that did), with who and when."""
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: v for k, v in after.items() if before.get(k) != v}
    if changed_before or changed_after:
        Change.objects.create(
            evaluation=evaluation,
            indicator=indicator,
            user=by,
            action=action,
            record=record,
            before=changed_before,
            after=changed_after,
        )


def observation_snapshot(o: Observation | None) -> dict[str, str]:
    if o is None:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        status = str(o.get_status_display())
    return {"値": "" if o.value is None else str(o.value), "表記": o.text, "状態": status, "注記": o.note}


def _save_observations(
    evaluation: Evaluation | None, fiscal_year: int, allowed, inputs: list[ObservationInput], by: User
) -> None:
    """Write each KPI's value for the year (only KPIs in `allowed`), each guarded by its own version."""
    # Locking the KPIs serialises every write of their values (a new value included), so the version check holds.
    indicators = {k.pk: k for k in allowed.select_for_update().filter(pk__in=[i.indicator_id for i in inputs])}
    for item in inputs:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            raise WorkflowError(_("ここでは入力できない指標です。"))
        label = item.period_label.strip() or format_fiscal_year(fiscal_year)
        period = parse_period(label)
        if period.fiscal_year not in (None, fiscal_year):
            raise WorkflowError(
                _("時点「%(label)s」は%(year)sの値ではありません。この年度の値だけを入力できます。")
                % {"label": label, "year": format_fiscal_year(fiscal_year)}
            )
        observation = _observation_for_year(indicator, fiscal_year, label)
        if item.expected_version is not None and (observation.version if observation else 0) != item.expected_version:
            last = indicator.changes.select_related("user").last()
            raise ConflictError(_("指標「%(name)s」") % {"name": indicator.name}, last and last.user, last and last.at)
        before = observation_snapshot(observation)
        if observation is None:
            if item.value is None and not item.text:
                continue
            position = (
                indicator.observations.order_by("-position").values_list("position", flat=True).first() or 0
            ) + 1
            observation = Observation(indicator=indicator, position=position)
        observation.period_label = label
        observation.fiscal_year = period.fiscal_year or fiscal_year
        observation.year, observation.date = period.year, period.date
        observation.value, observation.text = item.value, item.text
        observation.status, observation.note = item.status, item.note
        after = observation_snapshot(observation)
        if after == before:
            continue
        observation.version += 1
        observation.save()
        record_change(
            evaluation, by, Change.Action.SAVED, f"{indicator.name}（{label}）", before, after, indicator=indicator
        )


def _observation_for_year(indicator: Indicator, fiscal_year: int, label: str) -> Observation | None:
    """The year's observation: the one with this label, else the one dated in this fiscal year.

    A label another year's value already has (平成29年 typed into the 令和3年度 entry) is refused,
    so an entry can never rewrite a year it is not about.
    """
    same_label = indicator.observations.filter(period_label=label).first()
    if same_label is not None and same_label.fiscal_year not in (None, fiscal_year):
        raise WorkflowError(
            _("時点「%(label)s」の値は%(other)sとして記録されています。この年度の時点を入力してください。")
            % {"label": label, "other": format_fiscal_year(same_label.fiscal_year)}
        )
    if (
        same_label is not None
        and same_label.fiscal_year is None
        and same_label.year not in (fiscal_year, fiscal_year + 1)
    ):
        raise WorkflowError(
            _("時点「%(label)s」の値はすでに記録されています。この年度の時点を入力してください。") % {"label": label}
        )
    return same_label or indicator.observations.filter(fiscal_year=fiscal_year).order_by("-position").first()


def _save_metrics(evaluation: Evaluation, inputs: list[MetricInput], by: User) -> None:
    existing = {m.name: m for m in evaluation.metrics.all()}
    wanted = {m.name.strip(): m for m in inputs if m.name.strip()}
    for name, metric in existing.items():
        if name not in wanted:
            record_change(evaluation, by, Change.Action.SAVED, f"実績の数値「{name}」", _metric_snapshot(metric), {})
            metric.delete()
    for position, (name, item) in enumerate(wanted.items()):
        metric = existing.get(name) or EvaluationMetric(evaluation=evaluation, name=name)
        before = _metric_snapshot(metric) if metric.pk else {}
        metric.value, metric.unit, metric.text, metric.position = item.value, item.unit, item.text, position
        metric.save()
        record_change(evaluation, by, Change.Action.SAVED, f"実績の数値「{name}」", before, _metric_snapshot(metric))


def _metric_snapshot(m: EvaluationMetric) -> dict[str, str]:
    return {"値": "" if m.value is None else str(m.value), "単位": m.unit, "表記": m.text}
