"""The yearly cycle in the browser: the planning office opens a year, departments enter and submit,
the planning office returns or approves and publishes. Every write goes through actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hyoka.accounts import access
from hyoka.evaluations import actions
from hyoka.evaluations.forms import (
    CityResponseForm,
    CommentForm,
    CommitteeOpinionForm,
    EvaluationForm,
    HistoryFilterForm,
    MetricFormSet,
    ObservationFormSet,
    OpenCycleForm,
    ReopenForm,
    ReturnForm,
    entry_input,
    observation_initial,
    observation_inputs,
)
from hyoka.evaluations.models import AchievementLevel, Change, Evaluation, EvaluationCycle, EvaluationScheme
from hyoka.evaluations.suggestion import suggest_for
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import progress_rows, year_in_view
from hyoka.plans.models import Plan


@login_required
def cycle_home(request: HttpRequest) -> HttpResponse:
    access.require_staff_reader(request.user)
    cycles = EvaluationCycle.objects.visible_to(request.user).select_related("plan", "plan__municipality")
    context = {"cycles": cycles, "open_form": OpenCycleForm()}
    if access.is_planning_admin(request.user):
        context["plans"] = Plan.objects.select_related("municipality")
    return render(request, "evaluations/cycle_home.html", context)


@login_required
@require_POST
def cycle_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Open a year: first a confirmation saying what it creates, then (confirmed) the year itself."""
    access.require_planning_admin(request.user)
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    form = OpenCycleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("cycle-home")
    year = form.cleaned_data["fiscal_year"]
    if actions.year_is_public(plan, year):
        messages.error(
            request,
            _("%(year)s年度の評価はすでに公開されています。訂正するには、理由を添えて再開してください。")
            % {"year": year},
        )
        return redirect(f"{reverse('cycle-reopen', args=[plan.pk])}?fiscal_year={year}")
    if request.POST.get("confirmed") != "1":
        return _confirm(request, "open", plan, year, form.cleaned_data)
    try:
        cycle = actions.open_cycle(plan=plan, by=request.user, **form.cleaned_data)
    except actions.WorkflowError as e:
        messages.error(request, str(e))
        return redirect("cycle-home")
    messages.success(
        request, _("%(plan)s の %(year)s年度の評価を開始しました。") % {"plan": plan, "year": cycle.fiscal_year}
    )
    return redirect("cycle-detail", cycle_id=cycle.pk)


@login_required
def cycle_reopen(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Reopen a published year (再開): the page says what stays public and what reopens; the reason is recorded."""
    access.require_planning_admin(request.user)
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    form = ReopenForm(request.POST or None, initial={"fiscal_year": request.GET.get("fiscal_year")})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = actions.reopen_year(plan=plan, by=request.user, **form.cleaned_data)
        except actions.WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request,
                _("%(year)s年度を再開しました。公開ページは再び公開するまで公開中の値を表示します。")
                % {"year": cycle.fiscal_year},
            )
            return redirect("cycle-detail", cycle_id=cycle.pk)
    year = form["fiscal_year"].value()
    year = int(year) if str(year or "").isdigit() else None
    context = {
        "plan": plan,
        "form": form,
        "year": year,
        "summary": actions.year_summary(plan, year) if year else None,
        "cycle": EvaluationCycle.objects.filter(plan=plan, fiscal_year=year).first() if year else None,
    }
    return render(request, "evaluations/reopen.html", context)


@login_required
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    access.require_staff_reader(request.user)
    cycles = EvaluationCycle.objects.visible_to(request.user).select_related("plan", "plan__municipality")
    cycle = get_object_or_404(cycles, pk=cycle_id)
    entries = Evaluation.objects.for_cycle(cycle).with_entry_details()
    if access.role_of(request.user) == access.Role.DEPARTMENT_EDITOR:
        entries = entries.for_departments(access.editable_department_ids(request.user))
    context = {
        "cycle": cycle,
        "entries": entries,
        "by_department": cycle.collection_by_department(),
        "totals": cycle.collection_totals(),
        "is_admin": access.is_planning_admin(request.user),
        "can_fill": access.editable_department_ids(request.user) != set(),  # the entry workbook's links
        "plan_kpis": Indicator.objects.filter(plan=cycle.plan, project=None).count(),
    }
    return render(request, "evaluations/cycle_detail.html", context)


@login_required
def entry(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    """Read the entry (every staff role); the project's departments and the planning office save or submit it."""
    access.require_staff_reader(request.user)
    cycle, evaluation = _entry(cycle_id, evaluation_id)
    if request.method == "POST":
        access.access_project_for_edit(request.user, evaluation.project_id)
        return _save_entry(request, cycle, evaluation)
    indicators = _indicators(evaluation)
    return _render_entry(request, cycle, evaluation, indicators, _initial_forms(evaluation, indicators))


def _save_entry(request: HttpRequest, cycle: EvaluationCycle, evaluation: Evaluation) -> HttpResponse:
    indicators = _indicators(evaluation)
    forms = form, observations, metrics = _bound_forms(request, evaluation)
    if not all(f.is_valid() for f in forms):
        return _render_entry(request, cycle, evaluation, indicators, forms)
    try:
        data = entry_input(form, observations, metrics)
        version = form.cleaned_data["version"]
        submit = request.POST.get("action") == "submit"
        with transaction.atomic():  # "save and submit" is one step: both or neither
            saved = actions.save_entry(evaluation=evaluation, data=data, by=request.user, expected_version=version)
            if submit:
                actions.submit_evaluation(evaluation=saved, by=request.user, expected_version=saved.version)
        if submit:
            messages.success(request, _("提出しました。企画課の確認をお待ちください。"))
        else:
            messages.success(request, _("下書きを保存しました。"))
    except actions.IncompleteEntryError as e:
        messages.error(request, str(e))
        _show_problems(e.problems, form, observations)
        return _render_entry(request, cycle, evaluation, indicators, forms)
    except actions.ConflictError as e:
        # Show the latest stored entry; what this user typed stays on the page to copy from.
        messages.error(request, str(e))
        unsaved = {k: request.POST.get(k, "") for k in ("narrative", "future_direction")}
        evaluation.refresh_from_db()
        indicators = _indicators(evaluation)
        return _render_entry(request, cycle, evaluation, indicators, _initial_forms(evaluation, indicators), unsaved)
    except actions.WorkflowError as e:
        messages.error(request, str(e))
        return _render_entry(request, cycle, evaluation, indicators, forms)
    _warn_if_contradicting(request, saved)
    return redirect("cycle-entry", cycle_id=cycle.pk, evaluation_id=evaluation.pk)


def _render_entry(request, cycle, evaluation, indicators, forms, unsaved=None) -> HttpResponse:
    form, observations, metrics = forms
    levels = list(AchievementLevel.objects.filter(scheme__plan_id=cycle.plan_id))
    suggestion = suggest_for(evaluation, indicators)
    context = {
        "cycle": cycle,
        "evaluation": evaluation,
        "form": form,
        "observation_rows": _kpi_rows(observations.forms, indicators, cycle.fiscal_year),
        "observations": observations,
        "last_year": _last_year_entry(evaluation),
        "metrics": metrics,
        "can_edit": access.can_edit_project(request.user, evaluation.project)
        and actions.is_editable(evaluation, cycle),
        "is_admin": access.is_planning_admin(request.user),
        "can_comment": access.can_comment(request.user),
        "suggestion": suggestion,
        "unsaved": unsaved,
        "contradiction": suggestion.contradicts(evaluation.achievement, levels),
        "return_form": ReturnForm(),
        "comment_form": CommentForm(),
        "opinion_form": CommitteeOpinionForm(initial={"text": evaluation.committee_opinion}),
        "response_form": CityResponseForm(initial={"text": evaluation.city_response}),
        "cost": evaluation.cost(
            unit_cost=_unit_cost(evaluation),
            kpis=progress_rows(cycle.plan, cycle.fiscal_year, indicators=indicators),
        ),
        "changes": evaluation.changes.select_related("user").order_by("-at", "-pk"),
        "comments": evaluation.comments.select_related("author"),
    }
    return render(request, "evaluations/entry.html", context)


@login_required
@require_POST
def entry_return(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    access.require_planning_admin(request.user)
    cycle, evaluation = _entry(cycle_id, evaluation_id)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.WorkflowError(_("差し戻しの理由を入力してください。"))
        actions.return_evaluation(evaluation=evaluation, by=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, _("「%(name)s」を差し戻しました。") % {"name": evaluation.project.name})
    except actions.WorkflowError as e:
        messages.error(request, str(e))
    return redirect("cycle-entry", cycle_id=cycle.pk, evaluation_id=evaluation.pk)


@login_required
@require_POST
def entry_approve(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    access.require_planning_admin(request.user)
    cycle, evaluation = _entry(cycle_id, evaluation_id)
    try:
        actions.approve_evaluation(evaluation=evaluation, by=request.user)
        messages.success(request, _("「%(name)s」を承認しました。") % {"name": evaluation.project.name})
    except actions.WorkflowError as e:
        messages.error(request, str(e))
    return redirect("cycle-detail", cycle_id=cycle.pk)


@login_required
@require_POST
def entry_comment(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    access.require_reviewer_or_admin(request.user)
    cycle, evaluation = _entry(cycle_id, evaluation_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.comment_on(evaluation=evaluation, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("コメントを残しました。"))
    return redirect("cycle-entry", cycle_id=cycle.pk, evaluation_id=evaluation.pk)


@login_required
@require_POST
def entry_committee_opinion(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    """外部評価委員会の意見: written by a reviewer (or the planning office for the committee)."""
    access.require_reviewer_or_admin(request.user)
    return _save_committee_text(
        request, cycle_id, evaluation_id, CommitteeOpinionForm, actions.record_committee_opinion,
        _("外部評価委員会の意見を保存しました。"),
    )  # fmt: skip


@login_required
@require_POST
def entry_city_response(request: HttpRequest, cycle_id: int, evaluation_id: int) -> HttpResponse:
    """対応方針: the planning office's response to the committee's opinion."""
    access.require_planning_admin(request.user)
    return _save_committee_text(
        request, cycle_id, evaluation_id, CityResponseForm, actions.respond_to_committee, _("対応方針を保存しました。")
    )


def _save_committee_text(request, cycle_id: int, evaluation_id: int, form_class, action, done: str) -> HttpResponse:
    """The opinion and the response are one text each, saved through their named action."""
    cycle, evaluation = _entry(cycle_id, evaluation_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(evaluation=evaluation, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, done)
        except actions.WorkflowError as e:
            messages.error(request, str(e))
    return redirect("cycle-entry", cycle_id=cycle.pk, evaluation_id=evaluation.pk)


@login_required
@require_POST
def cycle_publish(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Publish the year: first a confirmation with the counts (and how many are not approved), then publish."""
    access.require_planning_admin(request.user)
    cycle = get_object_or_404(EvaluationCycle.objects.select_related("plan"), pk=cycle_id)
    if request.POST.get("confirmed") != "1":
        return _confirm(request, "publish", cycle.plan, cycle.fiscal_year, {}, cycle=cycle)
    try:
        approved = actions.publish_year(cycle=cycle, by=request.user, allow_unapproved=True)
        messages.success(
            request, _("%(year)s年度を公開しました（承認済み %(n)s件）。") % {"year": cycle.fiscal_year, "n": approved}
        )
    except actions.WorkflowError as e:
        messages.error(request, str(e))
    return redirect("cycle-detail", cycle_id=cycle.pk)


@login_required
@require_safe
def plan_history(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every change of a plan (変更履歴), newest first, filtered by who, when and what; 50 a page."""
    access.require_planning_admin(request.user)
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    filters = HistoryFilterForm(request.GET or None, plan_id=plan.pk)
    changes = filters.filter(Change.objects.for_plan(plan.pk))
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"plan": plan, "filters": filters, "page": page, "changes": page.object_list, "query": query.urlencode()}
    return render(request, "evaluations/plan_history.html", context)


@login_required
def plan_indicators(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The planning office's own KPIs for the year: those of no project (a goal's 数値目標)."""
    access.require_staff_reader(request.user)
    cycle = get_object_or_404(EvaluationCycle.objects.select_related("plan"), pk=cycle_id)
    indicators = list(
        Indicator.objects.filter(plan=cycle.plan, project=None)
        .select_related("section")
        .order_by("section__position", "position")
        .with_values()
    )
    can_edit = access.is_planning_admin(request.user) and not cycle.is_published  # a published year is locked
    if request.method == "POST":
        access.require_planning_admin(request.user)
        formset = ObservationFormSet(request.POST, prefix="kpi")
        if formset.is_valid():
            try:
                actions.save_plan_indicators(cycle=cycle, data=observation_inputs(formset), by=request.user)
                messages.success(request, _("指標の値を保存しました。"))
                return redirect("cycle-indicators", cycle_id=cycle.pk)
            except actions.WorkflowError as e:
                messages.error(request, str(e))
    else:
        formset = ObservationFormSet(initial=observation_initial(indicators, cycle.fiscal_year), prefix="kpi")
    context = {
        "cycle": cycle,
        "observations": formset,
        "observation_rows": _kpi_rows(formset.forms, indicators, cycle.fiscal_year),
        "can_edit": can_edit,
        "changes": Change.objects.filter(indicator__in=indicators)
        .select_related("user", "indicator")
        .order_by("-at", "-pk"),
    }
    return render(request, "evaluations/plan_indicators.html", context)


def _confirm(request: HttpRequest, kind: str, plan: Plan, year: int, fields: dict, cycle=None) -> HttpResponse:
    """The confirmation page of a year action: what it will change, in counts, and the same form again."""
    context = {
        "kind": kind,
        "plan": plan,
        "year": year,
        "cycle": cycle,
        "summary": actions.year_summary(plan, year),
        "fields": {k: str(v) for k, v in fields.items()},
    }
    return render(request, "evaluations/confirm.html", context)


def _entry(cycle_id: int, evaluation_id: int) -> tuple[EvaluationCycle, Evaluation]:
    cycle = get_object_or_404(EvaluationCycle.objects.select_related("plan"), pk=cycle_id)
    evaluation = get_object_or_404(
        Evaluation.objects.for_cycle(cycle).select_related(
            "project", "project__plan", "project__section", "grade", "achievement", "updated_by"
        ),
        pk=evaluation_id,
    )
    return cycle, evaluation


def _initial_forms(evaluation: Evaluation, indicators):
    form = EvaluationForm(
        evaluation=evaluation,
        initial={
            "version": evaluation.version,
            "grade": evaluation.grade_id,
            "achievement": evaluation.achievement_id,
            "narrative": evaluation.narrative,
            "future_direction": evaluation.future_direction,
            **{name: getattr(evaluation, name) for name in actions.SHEET_FIELDS},
        },
    )
    rows = observation_initial(indicators, evaluation.fiscal_year)
    metrics = [{"name": m.name, "value": m.value, "unit": m.unit} for m in evaluation.metrics.all()]
    return form, ObservationFormSet(initial=rows, prefix="kpi"), MetricFormSet(initial=metrics, prefix="metric")


def _bound_forms(request: HttpRequest, evaluation: Evaluation):
    return (
        EvaluationForm(request.POST, evaluation=evaluation),
        ObservationFormSet(request.POST, prefix="kpi"),
        MetricFormSet(request.POST, prefix="metric"),
    )


def _show_problems(problems: dict[str, str], form, observations) -> None:
    """Put each completeness problem beside its field: the entry's own, or the row of its KPI."""
    rows = {f"kpi-{f.cleaned_data.get('indicator_id')}": f for f in observations.forms}
    for key, message in problems.items():
        if key in rows:
            rows[key].add_error("value", message)
        elif key in form.fields:
            form.add_error(key, message)


def _unit_cost(evaluation: Evaluation):
    return (
        EvaluationScheme.objects.filter(plan_id=evaluation.project.plan_id)
        .values_list("unit_cost_per_person_year", flat=True)
        .first()
    )


def _kpi_rows(forms, indicators, fiscal_year: int) -> list[tuple]:
    """(form, KPI, what is shown beside it: last year's value, the target in force that year) per KPI row."""
    return [(f, k, year_in_view(k, fiscal_year)) for f, k in zip(forms, indicators, strict=False)]


def _last_year_entry(evaluation: Evaluation) -> Evaluation | None:
    """The project's entry of the year before, as the entry form shows it beside this year's: one query."""
    return (
        Evaluation.objects.filter(project_id=evaluation.project_id, fiscal_year=evaluation.fiscal_year - 1)
        .select_related("grade", "achievement")
        .first()
    )


def _indicators(evaluation: Evaluation) -> list:
    return evaluation.project.indicators.order_by("position").with_values()


def _warn_if_contradicting(request: HttpRequest, evaluation: Evaluation) -> None:
    """Saved, but say so when the chosen level disagrees with what the KPIs just entered suggest."""
    evaluation.refresh_from_db()
    levels = list(AchievementLevel.objects.filter(scheme__plan_id=evaluation.project.plan_id))
    warning = suggest_for(evaluation, _indicators(evaluation)).contradicts(evaluation.achievement, levels)
    if warning:
        messages.warning(request, warning)
