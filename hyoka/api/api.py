"""Hyoka's REST API (django-ninja), mounted at /api/: OpenAPI at /api/openapi.json, its page at /api/docs.

Reads see what the pages show the same caller (access.py for plans, visibility.py for a plan's years and
entries); writes are a department's entry of an open year, through the cycle's own actions with their
version check, by a token's user only (models.py, auth.py). See README.md for the table of endpoints.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from hyoka import interchange as ix
from hyoka.accounts import access
from hyoka.api.auth import TokenAuth
from hyoka.api.compare import router as compare_router
from hyoka.api.schemas import (
    EntryIn,
    Error,
    EvaluationOut,
    FiscalYear,
    Id,
    IndicatorOut,
    MunicipalityOut,
    PlanDocumentOut,
    PlanOut,
    ProgressOut,
    ProjectOut,
    SectionOut,
    SubmitIn,
)
from hyoka.evaluations import actions
from hyoka.evaluations.models import AchievementLevel, Evaluation, EvaluationCycle, Grade
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import progress_rows
from hyoka.plans.exporter import export_document, indicator_document, project_document
from hyoka.plans.models import Municipality, Plan, Section
from hyoka.projects.models import Project
from hyoka.web.cache import every_plan, plan_scope, public_cache


class _Encoder(NinjaJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):  # a number is a JSON number, as in hyoka.plan/1 documents (△24 → -24)
            return ix.number_to_json(o)
        return super().default(o)


class _Renderer(JSONRenderer):
    encoder_class = _Encoder
    json_dumps_params = {"ensure_ascii": False}


class _OpenAPISchema(OpenAPISchema):
    def _create_schema_from_model(self, model, by_alias=True, remove_level=True, mode="validation"):
        # Answers too in validation mode, where a Decimal may be a number (the renderer writes one).
        return super()._create_schema_from_model(model, by_alias=by_alias, remove_level=remove_level, mode="validation")

    def operation_security(self, operation):
        security = super().operation_security(operation)
        if security and all(getattr(auth, "optional", False) for auth in operation.auth_callbacks):
            return [{}, *security]  # a read needs no token: without one it is the public's (or the session's)
        return security


class _NinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _OpenAPISchema(self, path_prefix)


api = _NinjaAPI(
    title="Hyoka API",
    version="1",
    description="計画・指標・事業・評価の読み出しと、所管課の報告の入力。公開範囲は画面と同じです。",
    urls_namespace="api",
    renderer=_Renderer(),
    auth=TokenAuth(optional=True),
    docs_decorator=require_safe,  # the schema and its page answer GET (and HEAD) only
)

READ = {401: Error, 404: Error, 422: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 423: Error}
api.add_router("", compare_router)  # the catalogue and the cross-city comparison (compare.py)


def _error(request: HttpRequest, status: int, detail: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "Forbidden")


@api.exception_handler(actions.ConflictError)
def _conflict(request, exc):
    return _error(request, 409, str(exc))


@api.exception_handler(actions.YearLockedError)
def _locked(request, exc):
    return _error(request, 423, str(exc))


@api.exception_handler(actions.IncompleteEntryError)
def _incomplete(request, exc):
    return _error(request, 422, str(exc), problems=exc.problems)


@api.exception_handler(actions.WorkflowError)
def _workflow(request, exc):  # the entry's state does not allow the step (a submitted entry is not edited)
    return _error(request, 409, str(exc))


# ---- reads --------------------------------------------------------------------------------------------


@api.get("/municipalities", response={200: list[MunicipalityOut], 401: Error})
@decorate_view(public_cache(every_plan))
def municipalities(request):
    """The municipalities with a plan the caller may read, each with the ids of those plans."""
    plans = _plans(request.auth).order_by("pk")
    rows = Municipality.objects.filter(plans__in=plans).distinct().prefetch_related(Prefetch("plans", plans))
    return [
        {"code": m.code, "name": m.name, "prefecture": m.prefecture, "plans": [p.pk for p in m.plans.all()]}
        for m in rows
    ]


@api.get("/plans", response={200: list[PlanOut], 401: Error})
@decorate_view(public_cache(every_plan))
def plans(request):
    """The plans the caller may read: published plans for the public, every plan for staff."""
    return [_plan_out(p) for p in _plans(request.auth).select_related("municipality").order_by("pk")]


@api.get("/plans/{plan_id}", response={200: PlanDocumentOut, **READ}, by_alias=True, exclude_none=True)
@decorate_view(public_cache(plan_scope))
def plan(request, plan_id: Id):
    """The plan as a hyoka.plan/1 document, with the years and entries the caller may see."""
    found = access.access_plan(request.auth, plan_id)
    return export_document(found, visibility=visibility_for(found, request.auth)).model_dump(by_alias=True)


@api.get("/plans/{plan_id}/sections", response={200: list[SectionOut], **READ})
@decorate_view(public_cache(plan_scope))
def sections(request, plan_id: Id):
    """The plan's goals and policies (基本目標・施策), depth first in reading order."""
    found = access.access_plan(request.auth, plan_id)
    return [
        SectionOut(
            id=s.pk, parent_id=s.parent_id, number=s.number or None, level=s.level, title=s.title, pages=s.pages or None
        )
        for s in Section.objects.filter(plan=found).order_by("position")
    ]


@api.get("/plans/{plan_id}/indicators", response={200: list[IndicatorOut], **READ})
@decorate_view(public_cache(plan_scope))
def indicators(request, plan_id: Id, fiscal_year: FiscalYear | None = None):
    """Every KPI with the values the caller may see and its progress (as of ``fiscal_year``, else latest)."""
    found = access.access_plan(request.auth, plan_id)
    rows = progress_rows(found, fiscal_year=fiscal_year, visibility=visibility_for(found, request.auth))
    return [
        IndicatorOut(
            **indicator_document(row.indicator, row.observations).model_dump(),
            id=row.indicator.pk,
            section_id=row.indicator.section_id,
            project_id=row.indicator.project_id,
            progress=ProgressOut(
                fiscal_year=row.progress.fiscal_year,
                actual=row.progress.actual,
                delta=row.progress.delta,
                delta_phrase=row.progress.delta_phrase,
                progress_percent=row.progress.progress_percent,
                achievement_rate=row.progress.achievement_rate,
                status=row.progress.status,
                status_label=row.status_label,
            ),
        )
        for row in rows
    ]


@api.get("/plans/{plan_id}/projects", response={200: list[ProjectOut], **READ})
@decorate_view(public_cache(plan_scope))
def projects(request, plan_id: Id):
    """The plan's projects with their departments, budget items and the entries the caller may see."""
    found = access.access_plan(request.auth, plan_id)
    visibility = visibility_for(found, request.auth)
    return [
        ProjectOut(
            **project_document(p, visibility.evaluations(p.evaluations.all())).model_dump(),
            id=p.pk,
            section_id=p.section_id,
        )
        for p in Project.objects.for_document().filter(plan=found)
    ]


@api.get("/projects/{project_id}/evaluations", response={200: list[EvaluationOut], **READ})
@decorate_view(public_cache(every_plan))
def project_evaluations(request, project_id: Id):
    """A project's yearly entries the caller may see, oldest first, each with the version a change sends back."""
    plan_id = get_object_or_404(Project.objects.values_list("plan_id", flat=True), pk=project_id)
    found = access.access_plan(request.auth, plan_id)
    project = Project.objects.for_document().get(pk=project_id)
    return _evaluations_out(project, visibility_for(found, request.auth).evaluations(project.evaluations.all()))


# ---- writes: a department's entry of an open year ---------------------------------------------------------


@api.put("/evaluations/{evaluation_id}", auth=TokenAuth(), response={200: EvaluationOut, **WRITE})
def save_entry(request, evaluation_id: Id, entry: EntryIn):
    """Save the entry as a draft (as the entry page does), if ``version`` is still the stored one."""
    evaluation = _entry_for_edit(request.auth, evaluation_id)
    data = _entry_input(evaluation, entry)
    actions.save_entry(evaluation=evaluation, data=data, by=request.auth, expected_version=entry.version)
    return _evaluation_out(evaluation_id)


@api.post("/evaluations/{evaluation_id}/submit", auth=TokenAuth(), response={200: EvaluationOut, **WRITE})
def submit_entry(request, evaluation_id: Id, body: SubmitIn):
    """Submit the saved entry to the planning office; 422 with ``problems`` when something is still missing."""
    evaluation = _entry_for_edit(request.auth, evaluation_id)
    actions.submit_evaluation(evaluation=evaluation, by=request.auth, expected_version=body.version)
    return _evaluation_out(evaluation_id)


# ---- helpers ----------------------------------------------------------------------------------------------


def _plans(user):
    return Plan.objects.all() if access.sees_unpublished(user) else Plan.objects.published()


def _plan_out(p: Plan) -> PlanOut:
    m = p.municipality
    return PlanOut(
        id=p.pk,
        published=p.published,
        municipality=ix.Municipality(code=m.code, name=m.name, prefecture=m.prefecture),
        title=p.title,
        kind=p.kind,
        start_fy=p.start_fy,
        end_fy=p.end_fy,
        version=p.version,
        section_levels=p.section_levels,
        source=p.source or None,
        notes=p.notes,
    )


def _evaluations_out(project: Project, shown: list[Evaluation]) -> list[EvaluationOut]:
    documents = project_document(project, shown).evaluations
    return [
        EvaluationOut(**d.model_dump(), id=e.pk, project_id=project.pk, version=e.version)
        for e, d in zip(shown, documents, strict=True)
    ]


def _evaluation_out(evaluation_id: int) -> EvaluationOut:
    evaluation = Evaluation.objects.get(pk=evaluation_id)
    project = Project.objects.for_document().get(pk=evaluation.project_id)
    shown = [e for e in project.evaluations.all() if e.pk == evaluation_id]
    return _evaluations_out(project, shown)[0]


def _entry_for_edit(user, evaluation_id: int) -> Evaluation:
    """The entry, if the user edits for its project's departments (403 otherwise) and its year is open."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("project"), pk=evaluation_id)
    access.access_project_for_edit(user, evaluation.project_id)
    plan_id = evaluation.project.plan_id
    if not EvaluationCycle.objects.filter(plan_id=plan_id, fiscal_year=evaluation.fiscal_year).exists():
        raise HttpError(409, f"FY{evaluation.fiscal_year} is not open for entries: the planning office opens it first")
    return evaluation


def _entry_input(evaluation: Evaluation, entry: EntryIn) -> actions.EntryInput:
    """The body in the actions' words; a code, KPI or choice the plan does not have is refused here (422)."""
    if problems := ix.unstorable(entry):
        raise HttpError(422, "; ".join(problems))
    plan_id = evaluation.project.plan_id
    grade_id = _code_id(Grade, plan_id, entry.grade, "grade")
    achievement_id = _code_id(AchievementLevel, plan_id, entry.achievement, "achievement")
    kpis = {k.indicator_id for k in entry.observations}
    own = set(Indicator.objects.filter(project_id=evaluation.project_id, pk__in=kpis).values_list("pk", flat=True))
    if kpis - own:
        raise HttpError(422, f"observations: indicators {sorted(kpis - own)} are not KPIs of this project")
    if entry.direction and entry.direction not in actions.plan_directions(plan_id):
        raise HttpError(422, f"direction: {entry.direction!r} is not one of the plan's choices")
    return actions.EntryInput(
        grade_id=grade_id,
        achievement_id=achievement_id,
        narrative=entry.narrative,
        future_direction=entry.future_direction,
        observations=[actions.ObservationInput.from_row(k) for k in entry.observations],
        metrics=[actions.MetricInput(name=m.name, value=m.value, unit=m.unit, text=m.text) for m in entry.metrics],
        sheet=_sheet(entry),
    )


def _code_id(model, plan_id: int, code: str | None, field: str) -> int | None:
    if not code:
        return None
    found = model.objects.filter(scheme__plan_id=plan_id, code=code).values_list("pk", flat=True).first()
    if found is None:
        raise HttpError(422, f"{field}: {code!r} is not in the plan's evaluation scheme")
    return found


def _sheet(entry: EntryIn) -> actions.SheetInput | None:
    if entry.cost is None and entry.viewpoints is None and entry.direction is None:
        return None
    cost = entry.cost
    views = {v.name: v for v in entry.viewpoints or []}
    return actions.SheetInput(
        budget_amount=cost.budget if cost else None,
        settlement_amount=cost.settlement if cost else None,
        person_years=cost.person_years if cost else None,
        **{f"{name}_grade": (v.grade or "") for name, v in views.items()},
        **{f"{name}_comment": v.comment for name, v in views.items()},
        direction=entry.direction or "",
    )
