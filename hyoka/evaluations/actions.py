"""The yearly cycle's writes, each named once (Zulip's do_*): it checks the state, changes it and records
the change with who, when, before and after. Views, commands and tests all call these.

    open_cycle → (save_entry …) → submit_evaluation → return_evaluation | approve_evaluation → publish_year
    publish_year → reopen_year (with a reason; the public keeps the published figures) → … → publish_year

A published year is locked: nothing of it is edited until the planning office reopens it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hyoka.evaluations.models import (
    DEFAULT_DIRECTIONS,
    VIEWPOINTS,
    AchievementLevel,
    Change,
    Comment,
    Evaluation,
    EvaluationCycle,
    EvaluationMetric,
    EvaluationScheme,
    Grade,
    ViewpointGrade,
)
from hyoka.evaluations.record import freeze_year
from hyoka.indicators.models import Indicator, Observation
from hyoka.jp import format_fiscal_year, parse_period
from hyoka.notifications import notify
from hyoka.plans.models import Plan
from hyoka.projects.models import Project

logger = logging.getLogger("hyoka.evaluations")

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
    gettext_noop("再開の理由"),
    gettext_noop("役割"),
    gettext_noop("所管課"),
    gettext_noop("有効"),
    gettext_noop("無効"),
    gettext_noop("管理者"),
    gettext_noop("はい"),
    gettext_noop("いいえ"),
    gettext_noop("予算額（円）"),
    gettext_noop("決算額（円）"),
    gettext_noop("人工"),
    gettext_noop("必要性"),
    gettext_noop("必要性の説明"),
    gettext_noop("有効性"),
    gettext_noop("有効性の説明"),
    gettext_noop("効率性"),
    gettext_noop("効率性の説明"),
    gettext_noop("今後の方向性"),
    gettext_noop("外部評価委員会の意見"),
    gettext_noop("対応方針"),
]

# The sheet's fields the department enters with the entry (the committee's opinion and the city's response
# are written by their own actions); their verbose names are the history's keys.
SHEET_FIELDS = [
    "budget_amount",
    "settlement_amount",
    "person_years",
    "necessity_grade",
    "necessity_comment",
    "effectiveness_grade",
    "effectiveness_comment",
    "efficiency_grade",
    "efficiency_comment",
    "direction",
]


class WorkflowError(Exception):
    """The entry is not in a state that allows this step (e.g. approving a draft)."""


class YearLockedError(WorkflowError):
    """The year is published: it changes only after the planning office reopens it with a reason."""

    def __init__(self, fiscal_year: int):
        super().__init__(
            _(
                "%(year)s年度は公開済みのため編集できません。"
                "訂正が必要なときは、企画課が理由を添えて年度を再開してください。"
            )
            % {"year": fiscal_year}
        )


class UnapprovedEntriesError(WorkflowError):
    """Publishing would leave entries out; the caller must say it means to (``allow_unapproved``)."""

    def __init__(self, unapproved: int):
        self.unapproved = unapproved
        super().__init__(
            _("未承認の報告が %(n)s件あります。公開すると、承認されるまでこれらは公開されません。") % {"n": unapproved}
        )


class IncompleteEntryError(WorkflowError):
    """Submission needs what the plan's rules ask for; ``problems`` says what, per form field."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(
            _("提出に必要な項目が %(n)s件 足りません。各欄の案内に従って入力してください。") % {"n": len(problems)}
        )


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

    @classmethod
    def from_row(cls, row: Any) -> ObservationInput:
        """From anything that carries the same fields plus `version` (an API body, a workbook row)."""
        return cls(
            indicator_id=row.indicator_id,
            period_label=row.period_label,
            value=row.value,
            text=row.text,
            status=row.status,
            note=row.note,
            expected_version=row.version,
        )


@dataclass(frozen=True)
class MetricInput:
    name: str
    value: Decimal | None
    unit: str = ""
    text: str = ""


@dataclass(frozen=True)
class SheetInput:
    """The sheet's cost (予算額・決算額・人工), three viewpoints and 今後の方向性, as the department enters them."""

    budget_amount: Decimal | None = None
    settlement_amount: Decimal | None = None
    person_years: Decimal | None = None
    necessity_grade: str = ""
    necessity_comment: str = ""
    effectiveness_grade: str = ""
    effectiveness_comment: str = ""
    efficiency_grade: str = ""
    efficiency_comment: str = ""
    direction: str = ""


@dataclass(frozen=True)
class EntryInput:
    grade_id: int | None
    achievement_id: int | None
    narrative: str
    future_direction: str
    observations: list[ObservationInput] = field(default_factory=list)
    metrics: list[MetricInput] = field(default_factory=list)
    sheet: SheetInput | None = None  # None: the sheet's fields stay as they are (a caller that has none)


def year_is_public(plan: Plan, fiscal_year: int) -> bool:
    """Whether the public reads figures of this year: a published cycle, or (no cycle) approved entries or
    KPI values loaded from the city's own published documents. Opening such a year would hide them."""
    cycle = EvaluationCycle.objects.filter(plan=plan, fiscal_year=fiscal_year).first()
    if cycle is not None:
        return cycle.published_at is not None or cycle.is_reopened
    entries = Evaluation.objects.filter(project__plan=plan, fiscal_year=fiscal_year, status=Status.APPROVED)
    return entries.exists() or _year_observations(plan.pk, fiscal_year).exists()


def year_summary(plan: Plan, fiscal_year: int) -> dict[str, int]:
    """What a year action would touch, for its confirmation: the plan's projects, the year's entries
    (approved and not) and its KPI values. Three queries."""
    return {
        "projects": Project.objects.filter(plan=plan).count(),
        **Evaluation.objects.filter(project__plan=plan, fiscal_year=fiscal_year).counts(),
        "values": _year_observations(plan.pk, fiscal_year).count(),
    }


def open_cycle(*, plan: Plan, fiscal_year: int, deadline: date, by: User) -> EvaluationCycle:
    """Open a fiscal year: every project gets an entry to fill in; what the plan holds for the year is its start.

    A year whose figures are public is refused: it changes only through ``reopen_year``, with a reason.
    """
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one year action of a plan at a time
        if EvaluationCycle.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
            raise WorkflowError(_("%(year)s年度はすでに開始されています。") % {"year": fiscal_year})
        if year_is_public(plan, fiscal_year):
            raise WorkflowError(
                _(
                    "%(year)s年度の評価はすでに公開されています。開始すると公開中の値が見えなくなるため、"
                    "開始できません。訂正が必要なときは、理由を添えて年度を再開してください。"
                )
                % {"year": fiscal_year}
            )
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
            change_for(
                e,
                user=by,
                action=Change.Action.OPENED,
                record="評価",
                after={"状態": "未着手", "提出期限": str(deadline)},
            )
            for e in entries.select_related("project")
        )
        transaction.on_commit(lambda: notify.notify_year_opened(cycle), robust=True)  # mails only once committed
        return cycle


def reopen_year(
    *, plan: Plan, fiscal_year: int, reason: str, by: User, deadline: date | None = None
) -> EvaluationCycle:
    """Reopen a published year to correct it (再開), with a reason that is recorded.

    The year's record (record.py: what was published) stays what the public reads until the year is
    published again; a year published before records were kept, or loaded from documents, is recorded here first. Entries keep their state; an approved entry
    that is edited goes back to 下書き and is submitted and approved again. A year whose figures came from
    the city's documents (no cycle) gets its cycle here, with a deadline.
    """
    from hyoka.evaluations.visibility import visibility_for

    if not reason.strip():
        raise WorkflowError(_("再開の理由を入力してください。"))
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        cycle = EvaluationCycle.objects.select_for_update().filter(plan=plan, fiscal_year=fiscal_year).first()
        if cycle is None and not year_is_public(plan, fiscal_year):
            raise WorkflowError(
                _("%(year)s年度は公開されていないため、再開ではなく開始してください。") % {"year": fiscal_year}
            )
        if cycle is not None and cycle.is_reopened:
            raise WorkflowError(_("%(year)s年度はすでに再開されています。") % {"year": fiscal_year})
        if cycle is not None and not cycle.is_published:
            raise WorkflowError(
                _("%(year)s年度はまだ公開されていません（入力受付中）。再開の必要はありません。")
                % {"year": fiscal_year}
            )
        if cycle is None and deadline is None:
            raise WorkflowError(_("提出期限を入力してください。"))
        shown = visibility_for(plan, AnonymousUser())  # what the public sees now, before anything changes
        if cycle is None:
            cycle = EvaluationCycle.objects.create(plan=plan, fiscal_year=fiscal_year, deadline=deadline, opened_by=by)
        elif deadline is not None:
            cycle.deadline = deadline
        freeze_year(cycle, shown)  # a year published before records were kept, or from documents, gets its record
        cycle.reopened_at, cycle.reopened_by, cycle.reopen_reason = timezone.now(), by, reason.strip()
        cycle.save()
        projects = Project.objects.filter(plan=plan).exclude(evaluations__fiscal_year=fiscal_year)
        Evaluation.objects.bulk_create(
            Evaluation(project=p, fiscal_year=fiscal_year, status=Status.NOT_STARTED) for p in projects
        )
        entries = Evaluation.objects.for_cycle(cycle)
        entries.update(version=F("version") + 1)  # forms opened before the reopen are stale
        after = {"再開の理由": reason.strip(), "提出期限": str(cycle.deadline)}
        Change.objects.bulk_create(
            change_for(e, user=by, action=Change.Action.REOPENED, record="評価", after=after)
            for e in entries.select_related("project")
        )
        return cycle


def save_entry(*, evaluation: Evaluation, data: EntryInput, by: User, expected_version: int) -> Evaluation:
    """Save the department's draft; refuses (ConflictError) if someone saved it after `expected_version`."""
    with transaction.atomic():
        current = _lock(evaluation, expected_version)
        cycle = _unlocked_cycle(current.project.plan_id, current.fiscal_year)
        if not is_editable(current, cycle):
            raise WorkflowError(_("%(status)sの報告は編集できません。") % {"status": current.get_status_display()})
        _check_scheme_choice(current, data)
        before = {**evaluation_snapshot(current), "状態": _status_label(current)}
        current.grade_id, current.achievement_id = data.grade_id, data.achievement_id
        current.narrative, current.future_direction = data.narrative, data.future_direction
        if data.sheet is not None:
            for name in SHEET_FIELDS:
                setattr(current, name, getattr(data.sheet, name))
        if current.status in (Status.NOT_STARTED, Status.APPROVED):  # an approved entry corrected in a reopened year
            current.status = Status.DRAFT
        after = {**evaluation_snapshot(current), "状態": _status_label(current)}
        record_change(current, by, Change.Action.SAVED, "評価", before, after)
        _save_observations(current, current.fiscal_year, current.project.indicators.all(), data.observations, by)
        _save_metrics(current, data.metrics, by)
        _bump(current, by)
        return current


def submit_evaluation(*, evaluation: Evaluation, by: User, expected_version: int) -> Evaluation:
    with transaction.atomic():
        current = _lock(evaluation, expected_version)
        _unlocked_cycle(current.project.plan_id, current.fiscal_year)
        if current.status not in (Status.DRAFT, Status.RETURNED):
            raise WorkflowError(
                _("%(status)sの報告は提出できません。先に保存してください。") % {"status": current.get_status_display()}
            )
        problems = missing_for_submission(current)
        if problems:
            raise IncompleteEntryError(problems)
        return _transition(current, Status.SUBMITTED, Change.Action.SUBMITTED, by)


def missing_for_submission(evaluation: Evaluation) -> dict[str, str]:
    """What the plan's rules still ask of the entry before it can be submitted, per form field
    (``grade``, ``achievement``, ``narrative``, ``kpi-<indicator id>``); empty when complete.

    Every KPI of the project has a value for the year, or says why not (該当なし or 未確定 with a note);
    a grade and an achievement level when the plan's scheme has them; a narrative of some length
    (``EVALUATION_NARRATIVE_MIN_LENGTH``).
    """
    problems: dict[str, str] = {}
    plan_id = evaluation.project.plan_id
    if evaluation.grade_id is None and Grade.objects.filter(scheme__plan_id=plan_id).exists():
        problems["grade"] = _("評価を選んでください。")
    if evaluation.achievement_id is None and AchievementLevel.objects.filter(scheme__plan_id=plan_id).exists():
        problems["achievement"] = _("達成度を選んでください。")
    minimum = settings.EVALUATION_NARRATIVE_MIN_LENGTH
    if len(evaluation.narrative.strip()) < minimum:
        problems["narrative"] = _("実績・取組状況を%(n)s文字以上で書いてください（いまは%(length)s文字）。") % {
            "n": minimum,
            "length": len(evaluation.narrative.strip()),
        }
    indicators = evaluation.project.indicators.prefetch_related("observations")
    without_value = (Observation.Status.PENDING, Observation.Status.NOT_APPLICABLE)
    for indicator in indicators:
        year = [o for o in indicator.observations.all() if o.fiscal_year == evaluation.fiscal_year]
        o = year[-1] if year else None
        if o is not None and (o.value is not None or o.text.strip()) and o.status not in without_value:
            continue
        if o is not None and o.status in without_value and o.note.strip():
            continue
        if o is not None and o.status in without_value:
            problems[f"kpi-{indicator.pk}"] = _("「該当なし」「未確定」のときは、その理由を注記に書いてください。")
        else:
            problems[f"kpi-{indicator.pk}"] = _(
                "実績値を入力するか、状態を「該当なし」にして理由を注記に書いてください。"
            )
    return problems


def return_evaluation(*, evaluation: Evaluation, by: User, comment: str) -> Evaluation:
    """The planning office sends a submitted entry back with what to fix."""
    if not comment.strip():
        raise WorkflowError(_("差し戻しの理由を入力してください。"))
    with transaction.atomic():
        current = _lock(evaluation, None)
        _unlocked_cycle(current.project.plan_id, current.fiscal_year)
        if current.status != Status.SUBMITTED:
            raise WorkflowError(_("%(status)sの報告は差し戻せません。") % {"status": current.get_status_display()})
        Comment.objects.create(evaluation=current, author=by, kind=Comment.Kind.RETURN, text=comment.strip())
        transaction.on_commit(lambda: notify.notify_returned(current, comment, by=by), robust=True)
        return _transition(current, Status.RETURNED, Change.Action.RETURNED, by, note=comment.strip())


def approve_evaluation(*, evaluation: Evaluation, by: User, comment: str = "") -> Evaluation:
    with transaction.atomic():
        current = _lock(evaluation, None)
        if current.status != Status.SUBMITTED:
            raise WorkflowError(_("%(status)sの報告は承認できません。") % {"status": current.get_status_display()})
        if comment.strip():
            Comment.objects.create(evaluation=current, author=by, kind=Comment.Kind.APPROVAL, text=comment.strip())
        transaction.on_commit(lambda: notify.notify_approved(current, comment, by=by), robust=True)
        approved = _transition(current, Status.APPROVED, Change.Action.APPROVED, by)
        cycle = EvaluationCycle.objects.filter(plan_id=current.project.plan_id, fiscal_year=current.fiscal_year).first()
        if cycle is not None and cycle.is_published:  # submitted before publication: public now, so recorded
            from hyoka.evaluations.visibility import visibility_for

            freeze_year(cycle, visibility_for(cycle.plan, AnonymousUser()))
        return approved


def comment_on(*, evaluation: Evaluation, by: User, text: str) -> Comment:
    """A reviewer's (評価委員) comment; it changes nothing else."""
    if not text.strip():
        raise WorkflowError(_("コメントを入力してください。"))
    return Comment.objects.create(evaluation=evaluation, author=by, kind=Comment.Kind.REVIEW, text=text.strip())


def record_committee_opinion(*, evaluation: Evaluation, by: User, text: str) -> Evaluation:
    """The external committee's opinion on the entry (外部評価委員会の意見), entered by a reviewer or the
    planning office; recorded with before and after. The entry's state and version do not change."""
    return _write_committee_field(evaluation, by, "committee_opinion", text, Change.Action.COMMITTEE_OPINION)


def respond_to_committee(*, evaluation: Evaluation, by: User, text: str) -> Evaluation:
    """The city's response to the committee's opinion (対応方針), entered by the planning office; recorded."""
    return _write_committee_field(evaluation, by, "city_response", text, Change.Action.CITY_RESPONSE)


def _write_committee_field(evaluation: Evaluation, by: User, name: str, text: str, action: str) -> Evaluation:
    with transaction.atomic():
        current = _lock(evaluation, None)
        _unlocked_cycle(current.project.plan_id, current.fiscal_year)
        label = str(Evaluation._meta.get_field(name).verbose_name)
        before = {label: getattr(current, name)}
        setattr(current, name, text.strip())
        record_change(current, by, action, "評価", before, {label: getattr(current, name)})
        current.save(update_fields=[name])
        return current


def save_plan_indicators(*, cycle: EvaluationCycle, data: list[ObservationInput], by: User) -> None:
    """The planning office's own KPIs (those of no project, e.g. a basic goal's 数値目標) for the year."""
    with transaction.atomic():
        _unlocked_cycle(cycle.plan_id, cycle.fiscal_year)
        indicators = Indicator.objects.filter(plan_id=cycle.plan_id, project=None)
        _save_observations(None, cycle.fiscal_year, indicators, data, by)


def publish_year(*, cycle: EvaluationCycle, by: User, allow_unapproved: bool = False) -> int:
    """Publish the year: its approved entries become public (and entries approved later, once approved),
    and the year is locked. Publishing a reopened year replaces the figures the public kept seeing.

    With entries not approved, refuses (UnapprovedEntriesError, saying how many) unless ``allow_unapproved``.
    Returns how many entries were approved at publication.
    """
    from hyoka.evaluations.visibility import visibility_for

    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)
        if cycle.is_published:
            raise WorkflowError(_("%(year)s年度はすでに公開されています。") % {"year": cycle.fiscal_year})
        counts = Evaluation.objects.for_cycle(cycle).counts()
        if counts["unapproved"] and not allow_unapproved:
            raise UnapprovedEntriesError(counts["unapproved"])
        cycle.published_at, cycle.published_by = timezone.now(), by
        cycle.reopened_at, cycle.reopened_by = None, None
        cycle.save(update_fields=["published_at", "published_by", "reopened_at", "reopened_by"])
        cycle.published_evaluations.all().delete()  # publishing again replaces the record
        cycle.published_observations.all().delete()
        cycle.published_indicators.all().delete()
        freeze_year(cycle, visibility_for(cycle.plan, AnonymousUser()))
        approved = list(Evaluation.objects.for_cycle(cycle).filter(status=Status.APPROVED).select_related("project"))
        Change.objects.bulk_create(
            change_for(e, user=by, action=Change.Action.PUBLISHED, record="評価", after={"公開": "公開"})
            for e in approved
        )
        logger.info("year published: %s FY%s by %s, %d entries", cycle.plan_id, cycle.fiscal_year, by, len(approved))
        return len(approved)


def plan_public_summary(plan: Plan) -> dict[str, Any]:
    """What withdrawing a plan takes off the public site: its public entries and the years they cover."""
    years = Evaluation.objects.public().filter(project__plan=plan).values_list("fiscal_year", flat=True)
    years = sorted(set(years))
    return {"entries": Evaluation.objects.public().filter(project__plan=plan).count(), "years": years}


def set_plan_published(*, plan: Plan, published: bool, by: User) -> None:
    """Publish a plan (its published years become readable by anyone) or withdraw it (公開・非公開), recorded."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.published == published:
            return
        before = {"公開": "公開" if current.published else "非公開"}
        current.published = plan.published = published
        current.save(update_fields=["published"])
        action = Change.Action.PLAN_PUBLISHED if published else Change.Action.PLAN_WITHDRAWN
        Change.objects.create(
            plan=current,
            subject=str(current),
            user=by,
            action=action,
            record="計画",
            before=before,
            after={"公開": "公開" if published else "非公開"},
        )
        logger.info("plan %s: %s by %s", "published" if published else "withdrawn", current.pk, by)


def is_editable(evaluation: Evaluation, cycle: EvaluationCycle | None) -> bool:
    """Whether the entry's content may be saved: an editable state, or approved in a reopened year;
    never in a published (locked) year."""
    if cycle is not None and cycle.is_published:
        return False
    if evaluation.status in EDITABLE:
        return True
    return cycle is not None and cycle.is_reopened and evaluation.status == Status.APPROVED


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
    change_for(evaluation, user=by, action=action, record="評価", before=before, after=after).save()
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
    if data.sheet is not None and data.sheet.direction and data.sheet.direction not in plan_directions(plan_id):
        raise WorkflowError(
            _("「%(direction)s」はこの計画の今後の方向性の選択肢にありません。") % {"direction": data.sheet.direction}
        )
    grades = {code for code, _label in ViewpointGrade.choices}
    if data.sheet is not None and any(
        getattr(data.sheet, f"{key}_grade") not in grades | {""} for key, _label in VIEWPOINTS
    ):
        raise WorkflowError(_("必要性・有効性・効率性の評価は A・B・C から選んでください。"))


def plan_directions(plan_id: int) -> list[str]:
    """The plan's 今後の方向性 choices: its scheme's list, else the seven common words."""
    directions = EvaluationScheme.objects.filter(plan_id=plan_id).values_list("directions", flat=True).first()
    return list(directions) if directions else list(DEFAULT_DIRECTIONS)


def evaluation_snapshot(e: Evaluation) -> dict[str, Any]:
    grade = Grade.objects.filter(pk=e.grade_id).values_list("code", flat=True).first() if e.grade_id else ""
    level = (
        AchievementLevel.objects.filter(pk=e.achievement_id).values_list("code", flat=True).first()
        if e.achievement_id
        else ""
    )
    sheet = {
        str(Evaluation._meta.get_field(name).verbose_name): "" if getattr(e, name) is None else str(getattr(e, name))
        for name in SHEET_FIELDS
    }
    return {"評価": grade, "達成度": level, "実績・取組状況": e.narrative, "今後の方針": e.future_direction, **sheet}


def change_for(
    evaluation: Evaluation | None = None, *, indicator: Indicator | None = None, plan_id: int | None = None, **fields
) -> Change:
    """An unsaved Change naming its plan and subject, so it still reads once its target is deleted."""
    if evaluation is not None:
        plan_id = evaluation.project.plan_id
        subject = f"{evaluation.project}（{format_fiscal_year(evaluation.fiscal_year)}）"
    elif indicator is not None:
        plan_id, subject = indicator.plan_id, indicator.name
    else:
        subject = fields.pop("subject", "")
    return Change(evaluation=evaluation, indicator=indicator, plan_id=plan_id, subject=subject, **fields)


def record_change(
    evaluation: Evaluation | None, by: User, action: str, record: str, before: dict, after: dict, indicator=None
) -> None:
    """Keep what changed (only the fields that did), with who and when."""
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: v for k, v in after.items() if before.get(k) != v}
    if changed_before or changed_after:
        change_for(
            evaluation,
            indicator=indicator,
            user=by,
            action=action,
            record=record,
            before=changed_before,
            after=changed_after,
        ).save()


def _status_label(evaluation: Evaluation) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # kept in Japanese, shown translated
        return str(evaluation.get_status_display())


def _unlocked_cycle(plan_id: int, fiscal_year: int) -> EvaluationCycle | None:
    """The year's cycle, refusing (YearLockedError) when the year is published and not reopened."""
    cycle = EvaluationCycle.objects.filter(plan_id=plan_id, fiscal_year=fiscal_year).first()
    if cycle is not None and cycle.is_published:
        raise YearLockedError(fiscal_year)
    return cycle


def _year_observations(plan_id: int, fiscal_year: int):
    """The KPI values of the plan dated in the fiscal year (by fiscal year, else by calendar year)."""
    return Observation.objects.filter(indicator__plan_id=plan_id).filter(
        Q(fiscal_year=fiscal_year) | Q(fiscal_year__isnull=True, year=fiscal_year)
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
            if item.value is None and not item.text and not item.note and item.status == Observation.Status.FINAL:
                continue  # an untouched row; 該当なし or a note is an answer worth keeping
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
            record_change(evaluation, by, Change.Action.SAVED, f"実績の数値「{name}」", metric_snapshot(metric), {})
            metric.delete()
    for position, (name, item) in enumerate(wanted.items()):
        metric = existing.get(name) or EvaluationMetric(evaluation=evaluation, name=name)
        before = metric_snapshot(metric) if metric.pk else {}
        metric.value, metric.unit, metric.text, metric.position = item.value, item.unit, item.text, position
        metric.save()
        record_change(evaluation, by, Change.Action.SAVED, f"実績の数値「{name}」", before, metric_snapshot(metric))


def metric_snapshot(m: EvaluationMetric) -> dict[str, str]:
    return {"値": "" if m.value is None else str(m.value), "単位": m.unit, "表記": m.text}
