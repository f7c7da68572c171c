"""Plan upkeep pages (計画の管理) for the planning office: thin views over ``hyoka.plans.upkeep``'s actions.

Every view asks ``hyoka.accounts.access`` first: only the planning office opens these pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hyoka import interchange as ix
from hyoka.accounts.access import access_plan, require_planning_admin
from hyoka.evaluations.models import EvaluationScheme
from hyoka.indicators.models import Indicator
from hyoka.ingest.readers.workbook import write_workbook
from hyoka.plans import upkeep
from hyoka.plans.forms import (
    DepartmentForm,
    GradeFormSet,
    IndicatorForm,
    LevelFormSet,
    NewPlanForm,
    PlanForm,
    ProjectForm,
    SchemeForm,
    SectionForm,
)
from hyoka.plans.models import Department, Plan, Section
from hyoka.projects.models import Project

GET_POST = require_http_methods(["GET", "POST"])


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    require_planning_admin(request.user)
    return access_plan(request.user, plan_id)


def _posted(request: HttpRequest):
    """The form's data on a POST (an empty POST is a form with what is missing), none on a GET."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form: Form, save: Callable[[], object], done: str, context: dict) -> HttpResponse:
    """Show the form; on a valid POST call the action, say so and go to ``done``; an action's refusal
    is shown above the form with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except upkeep.UpkeepError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("保存しました。"))
            return redirect(done)
    return render(request, "plans/form.html", {"form": form, **context}, status=400 if form.errors else 200)


@login_required
@require_safe
def plan_upkeep(request, plan_id: int):
    """The plan's upkeep page: basic data, the section tree with KPIs and projects, what needs attention."""
    plan = _plan(request, plan_id)
    rows, loose_indicators, loose_projects = upkeep.upkeep_tree(plan)
    context = {"plan": plan, "rows": rows, "loose_indicators": loose_indicators, "loose_projects": loose_projects}
    return render(request, "plans/upkeep.html", {**context, "attention": upkeep.needs_attention(plan)})


@login_required
@GET_POST
def plan_basics(request, plan_id: int):
    plan = _plan(request, plan_id)
    form = PlanForm(_posted(request), instance=plan)

    def save():
        upkeep.update_plan(plan=plan, values=form.values(), by=request.user)

    return _form_page(request, form, save, plan_upkeep_url(plan), {"plan": plan, "heading": _("計画の基本情報")})


@login_required
@GET_POST
def plan_new(request):
    """A new plan from scratch; the same form downloads a blank Excel template instead (``plan_template``)."""
    require_planning_admin(request.user)
    form = NewPlanForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = upkeep.create_plan(government=form.cleaned_data["government"], by=request.user, **form.values())
        except upkeep.UpkeepError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("計画を作成しました。施策体系・指標・事業を追加してください。"))
            return redirect(plan_upkeep_url(plan))
    status = 400 if form.errors else 200
    return render(request, "plans/plan_new.html", {"form": form}, status=status)


@login_required
@require_safe
def plan_template(request):
    """Hyoka's own workbook with no rows, for the city named in the form: fill it, then import it."""
    require_planning_admin(request.user)
    form = NewPlanForm(request.GET)
    if not form.is_valid():
        return render(request, "plans/plan_new.html", {"form": form}, status=400)
    data, government = form.cleaned_data, form.cleaned_data["government"]
    document = ix.PlanDocument(
        schema="hyoka.plan/1",
        municipality=ix.Municipality(code=government.code, name=government.name, prefecture=government.prefecture),
        plan=ix.PlanInfo(
            title=data["title"],
            kind=data["kind"],
            version=data["version"],
            start_fy=data["start_fy"],
            end_fy=data["end_fy"],
            section_levels=data["levels"],
        ),
    )
    response = HttpResponse(
        write_workbook(document), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''hyoka-template.xlsx"
    return response


@login_required
@GET_POST
def section_edit(request, plan_id: int, section_id: int | None = None):
    plan = _plan(request, plan_id)
    section = get_object_or_404(Section, plan=plan, pk=section_id) if section_id else Section(plan=plan)
    initial = {"parent": request.GET.get("parent")} if section_id is None else None
    form = SectionForm(_posted(request), instance=section, plan=plan, initial=initial)

    def save():
        if section_id is None:
            upkeep.add_section(plan=plan, by=request.user, **form.values())
        else:
            upkeep.update_section(section=section, values=form.values(), by=request.user)

    context = {"plan": plan, "heading": _("施策体系"), "levels": plan.section_levels, "section": section}
    return _form_page(request, form, save, plan_upkeep_url(plan), context)


@login_required
@require_POST
def section_move(request, plan_id: int, section_id: int):
    plan = _plan(request, plan_id)
    section = get_object_or_404(Section, plan=plan, pk=section_id)
    upkeep.move_section(section=section, up=request.POST.get("direction") != "down", by=request.user)
    return redirect(plan_upkeep_url(plan) + f"#section-{section.pk}")


@login_required
@require_POST
def section_delete(request, plan_id: int, section_id: int):
    plan = _plan(request, plan_id)
    section = get_object_or_404(Section, plan=plan, pk=section_id)
    try:
        upkeep.delete_section(section=section, by=request.user)
    except upkeep.UpkeepError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("「%(name)s」を削除しました。") % {"name": section})
    return redirect(plan_upkeep_url(plan))


@login_required
@GET_POST
def indicator_edit(request, plan_id: int, indicator_id: int | None = None):
    plan = _plan(request, plan_id)
    indicator = get_object_or_404(Indicator, plan=plan, pk=indicator_id) if indicator_id else Indicator(plan=plan)
    initial = {"section": request.GET.get("section")} if indicator_id is None else None
    form = IndicatorForm(_posted(request), instance=indicator, plan=plan, initial=initial)

    def save():
        if indicator_id is None:
            upkeep.add_indicator(plan=plan, values=form.values(), by=request.user)
        else:
            upkeep.update_indicator(indicator=indicator, values=form.values(), by=request.user)

    context = {"plan": plan, "heading": _("指標（KPI）"), "indicator": indicator if indicator_id else None}
    return _form_page(request, form, save, plan_upkeep_url(plan), context)


@login_required
@GET_POST
def project_edit(request, plan_id: int, project_id: int | None = None):
    plan = _plan(request, plan_id)
    project = get_object_or_404(Project, plan=plan, pk=project_id) if project_id else Project(plan=plan)
    initial = {"section": request.GET.get("section")} if project_id is None else None
    form = ProjectForm(_posted(request), instance=project, plan=plan, initial=initial)

    def save():
        data = form.cleaned_data
        lists = {"departments": data["departments"], "budget_items": data["budget_items"], "by": request.user}
        if project_id is None:
            upkeep.add_project(plan=plan, values=form.values(), **lists)
        else:
            upkeep.update_project(project=project, values=form.values(), **lists)

    return _form_page(request, form, save, plan_upkeep_url(plan), {"plan": plan, "heading": _("事業")})


@login_required
@GET_POST
def departments(request, plan_id: int):
    """The city's departments (所管課) with their projects in this plan and their users; add one."""
    plan = _plan(request, plan_id)
    form = DepartmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            upkeep.add_department(plan=plan, name=form.cleaned_data["name"], by=request.user)
        except upkeep.UpkeepError as e:
            form.add_error("name", str(e))
        else:
            messages.success(request, _("所管課を追加しました。"))
            return redirect("plan-upkeep-departments", plan.pk)
    context = {"plan": plan, "form": form, "departments": upkeep.departments_with_counts(plan)}
    return render(request, "plans/departments.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def department_rename(request, plan_id: int, department_id: int):
    plan = _plan(request, plan_id)
    department = get_object_or_404(Department, municipality_id=plan.municipality_id, pk=department_id)
    form = DepartmentForm(request.POST)
    try:
        if not form.is_valid():
            raise upkeep.UpkeepError(_("課名を入力してください。"))
        upkeep.rename_department(plan=plan, department=department, name=form.cleaned_data["name"], by=request.user)
    except upkeep.UpkeepError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("課名を変更しました。"))
    return redirect("plan-upkeep-departments", plan.pk)


@login_required
@GET_POST
def scheme_edit(request, plan_id: int):
    """The plan's 評価基準: legend, grades, achievement levels and the thresholds the engine suggests levels by."""
    plan = _plan(request, plan_id)
    scheme = EvaluationScheme.objects.filter(plan=plan).first() or EvaluationScheme(plan=plan)
    grades = list(scheme.grades.values("code", "label")) if scheme.pk else []
    levels = list(scheme.achievement_levels.values("code", "label", "min_percent", "max_percent")) if scheme.pk else []
    data = _posted(request)
    directions, cost = "、".join(scheme.directions), scheme.unit_cost_per_person_year
    initial = {"legend_text": scheme.legend_text, "directions": directions, "unit_cost_per_person_year": cost}
    form = SchemeForm(data, initial=initial)
    # Posted rows are read as typed: against an initial, an unchanged extra row would count as empty.
    grade_rows = GradeFormSet(data, prefix="grades", initial=None if data else grades)
    level_rows = LevelFormSet(data, prefix="levels", initial=None if data else levels)
    if request.method == "POST" and all(f.is_valid() for f in (form, grade_rows, level_rows)):
        try:
            upkeep.save_scheme(
                plan=plan,
                **form.cleaned_data,
                grades=[c for row in grade_rows if (c := row.choice())],
                levels=[c for row in level_rows if (c := row.choice())],
                by=request.user,
            )
        except upkeep.UpkeepError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("評価基準を保存しました。"))
            return redirect(plan_upkeep_url(plan))
    context = {"plan": plan, "form": form, "grade_rows": grade_rows, "level_rows": level_rows}
    invalid = request.method == "POST"  # a POST that reaches here was refused
    return render(request, "plans/scheme.html", context, status=400 if invalid else 200)


def plan_upkeep_url(plan: Plan) -> str:
    return reverse("plan-upkeep", args=[plan.pk])
