"""Public and staff pages: plans, KPIs, projects, search and open data.

Every view reads its plan through ``access_plan`` (the public sees published plans only, 404
otherwise) and what a year shows through ``visibility_for`` (the public does not see an opened,
unpublished year); the pages themselves are assembled in dashboard, listing, downloads and search.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hyoka import interchange as ix
from hyoka.accounts.access import access_plan, is_planning_admin, require_planning_admin, sees_unpublished
from hyoka.evaluations.actions import plan_public_summary, set_plan_published
from hyoka.evaluations.models import Change, Comment, EvaluationScheme
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.actions import RevisionError, check_revision, revise_target
from hyoka.indicators.forms import TargetRevisionForm
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import progress_rows
from hyoka.plans.exporter import export_document
from hyoka.plans.models import Plan
from hyoka.projects.models import Project
from hyoka.web import dashboard, dcat, downloads, listing
from hyoka.web.cache import every_plan, plan_scope, public_cache
from hyoka.web.search import KINDS as SEARCH_KINDS
from hyoka.web.search import search as run_search

logger = logging.getLogger("hyoka.web")


@require_safe
def ping(request):
    """The least a Django view can do; the web benchmark measures pages against it."""
    return HttpResponse("ok")


@require_safe
@never_cache
def healthz(request):
    """For a load balancer or monitor: 200 when the database answers and holds Hyoka's tables, 503 when not
    (/ping/ stays the liveness check that touches nothing)."""
    try:
        with transaction.atomic():  # a failed query must not spoil a surrounding transaction
            Plan.objects.exists()
    except DatabaseError as error:
        logger.error("health check: the database does not answer: %s", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@public_cache(every_plan)
def plan_list(request):
    plans = Plan.objects.with_counts()
    if not sees_unpublished(request.user):
        plans = plans.published()
    return render(request, "web/plan_list.html", {"plans": plans})


@require_safe
@public_cache(plan_scope)
def plan_detail(request, plan_id: int):
    plan = access_plan(request.user, plan_id)
    visibility = visibility_for(plan, request.user)
    year = dashboard.year_choice(plan, visibility, listing.requested_year(request.GET))
    context = dashboard.plan_dashboard(plan, visibility, year.chosen)
    context |= {"plan": plan, "year": year}
    context["staff"] = sees_unpublished(request.user)
    if context["staff"]:  # reports to download, and which documents wrote into the plan, by whom (取込履歴)
        context["loads"] = plan.loads.select_related("by")[:10]
    return render(request, "web/plan_detail.html", context)


@login_required
@require_POST
def plan_publication(request, plan_id: int):
    """The planning office publishes a plan (its published years become public) or takes it back."""
    require_planning_admin(request.user)
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    publish = request.POST.get("published") == "1"
    if plan.published and not publish and request.POST.get("confirmed") != "1":  # withdrawing asks first
        context = {"kind": "withdraw", "plan": plan, "summary": plan_public_summary(plan), "fields": {"published": "0"}}
        return render(request, "evaluations/confirm.html", context)
    set_plan_published(plan=plan, published=publish, by=request.user)  # recorded in the plan's history
    if plan.published:
        messages.success(request, _("計画を公開しました。公開済みの年度をだれでも閲覧できます。"))
    else:
        messages.success(request, _("計画を非公開にしました。職員と評価委員だけが閲覧できます。"))
    return redirect("plan-detail", plan_id=plan.pk)


@require_safe
@public_cache(every_plan)  # its 他団体との比較 card ranks the KPI among every city's figures, not only this plan's
def indicator_detail(request, plan_id: int, indicator_id: int):
    plan = access_plan(request.user, plan_id)
    indicators = Indicator.objects.for_plan(plan).filter(pk=indicator_id).with_values()
    rows = progress_rows(plan, visibility=visibility_for(plan, request.user), indicators=indicators)
    if not rows:
        raise Http404("no such indicator in this plan")
    row = rows[0]
    context = {"plan": plan, "row": row, "card": dashboard.kpi_card(row), "chart": dashboard.indicator_chart(row)}
    context["year_lines"] = dashboard.year_lines(row)  # every year side by side, each with its verdict
    context |= dashboard.target_history(row)  # the original target and its revisions, for everyone
    if sees_unpublished(request.user):  # who changed which value and when, for staff
        context["changes"] = (
            Change.objects.filter(indicator_id=indicator_id).select_related("user").order_by("-at", "-pk")
        )
    if is_planning_admin(request.user):
        context["revise_form"] = TargetRevisionForm.for_indicator(row.indicator)
    return render(request, "web/indicator_detail.html", context)


@login_required
@require_POST
def indicator_target(request, plan_id: int, indicator_id: int):
    """The planning office revises a KPI's target (目標改定): the form, a confirmation that says what
    changes, then ``revise_target``; the original target stays on the page."""
    require_planning_admin(request.user)
    plan = access_plan(request.user, plan_id)
    indicator = get_object_or_404(Indicator.objects.filter(plan=plan), pk=indicator_id)
    form = TargetRevisionForm(request.POST)
    context = {"plan": plan, "k": indicator, "form": form}
    if form.is_valid():
        args = form.action_args()
        try:
            if request.POST.get("confirmed") != "1":  # ask first, saying what changes (or why it cannot)
                check_revision(indicator, **{k: v for k, v in args.items() if k != "decided"})
                context |= {"confirm": True, "after": form.after(indicator)}
                return render(request, "web/indicator_target.html", context)
            revise_target(indicator=indicator, **args, by=request.user)
        except RevisionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("目標を改定しました。当初の目標は改定の記録とともに残ります。"))
            return redirect("indicator-detail", plan_id=plan.pk, indicator_id=indicator.pk)
    return render(request, "web/indicator_target.html", context)


@require_safe
@public_cache(plan_scope)
def project_list(request, plan_id: int):
    plan = access_plan(request.user, plan_id)
    visibility = visibility_for(plan, request.user)
    year = dashboard.year_choice(plan, visibility, listing.requested_year(request.GET))
    table = listing.project_table(plan, visibility, listing.ProjectFilter.from_query(request.GET, year))
    table["years"] = year.years or table["years"]  # where cycles exist, only the years the reader may pick
    download = request.GET.get("format")
    if download in ("csv", "xlsx"):
        with translation.override(settings.LANGUAGE_CODE):  # a file of Japanese data keeps Japanese labels
            rows = listing.download_rows(table["rows"])
        name = f"{plan.title}_事業一覧.{download}"
        if download == "csv":
            return downloads.csv_response(name, listing.DOWNLOAD_HEADER, rows)
        return downloads.xlsx_response(name, "事業一覧", listing.DOWNLOAD_HEADER, rows)
    template = "web/_project_table.html" if request.headers.get("HX-Request") else "web/project_list.html"
    response = render(request, template, {"plan": plan, "year": year, **table})
    patch_vary_headers(response, ["HX-Request"])  # the fragment and the page share a URL: never cache one as the other
    return response


@require_safe
@public_cache(plan_scope)
def project_detail(request, plan_id: int, project_id: int):
    plan = access_plan(request.user, plan_id)
    staff = sees_unpublished(request.user)
    projects = Project.objects.for_plan(plan).with_budget_items().prefetch_related("evaluation_list__metrics")
    if staff:  # the cycle's comments and change history are for staff only
        projects = projects.prefetch_related(
            Prefetch("evaluation_list__comments", queryset=Comment.objects.select_related("author")),
            Prefetch("evaluation_list__changes", queryset=Change.objects.select_related("user")),
        )
    project = get_object_or_404(projects, pk=project_id)
    visibility = visibility_for(plan, request.user)
    kpis = progress_rows(
        plan, visibility=visibility, indicators=Indicator.objects.for_plan(plan).filter(project=project).with_values()
    )
    unit_cost = EvaluationScheme.objects.filter(plan=plan).values_list("unit_cost_per_person_year", flat=True).first()
    shown = dashboard.visible_evaluations(project, visibility)[::-1]  # newest year first
    context = {
        "plan": plan,
        "project": project,
        "evaluations": [(e, e.cost(unit_cost=unit_cost, kpis=kpis)) for e in shown],  # with its cost (cost.py)
        "kpis": dashboard.kpi_cards(plan, kpis, []),
        "staff": staff,
        "scheme": dashboard.scheme_legend(plan),  # the 評価基準, so a grade can be read
    }
    return render(request, "web/project_detail.html", context)


@require_safe
@public_cache(plan_scope)
def plan_csv(request, plan_id: int):
    plan = access_plan(request.user, plan_id)
    with translation.override(settings.LANGUAGE_CODE):  # open data is the same file whatever the page language
        rows = downloads.open_data_rows(plan, visibility_for(plan, request.user))
    response = downloads.csv_response(downloads.open_data_filename(plan), downloads.OPEN_DATA_HEADER, rows)
    response["X-License"] = downloads.LICENSE
    return response


@require_safe
def open_data_columns(request):
    """The open-data CSV's column-definition file (項目定義書): number, name, type and meaning of each column."""
    response = downloads.csv_response("open_data_columns.csv", downloads.COLUMNS_HEADER, downloads.column_rows())
    response["X-License"] = downloads.LICENSE
    return response


@require_safe
@public_cache(every_plan)
def catalog(request):
    """Every published plan as a DCAT dataset with its CSV and JSON, for CKAN-based portals to harvest."""
    datasets = downloads.catalog_datasets(downloads.catalog_plans(), request.build_absolute_uri)
    document = dcat.catalog_document(
        url=request.build_absolute_uri(request.path),
        title="Hyoka オープンデータ",
        description="公開された計画の指標（KPI）の実績値と事業評価（CC BY 4.0）",
        license_url=downloads.LICENSE_URI,
        datasets=datasets,
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["X-License"] = downloads.LICENSE
    return response


@require_safe
@public_cache(plan_scope)
def plan_json(request, plan_id: int):
    plan = access_plan(request.user, plan_id)
    document: ix.PlanDocument = export_document(plan, visibility=visibility_for(plan, request.user))
    response = HttpResponse(document.to_json(), content_type="application/json; charset=utf-8")
    response["X-License"] = downloads.LICENSE
    response["Content-Disposition"] = f'inline; filename="{plan.municipality.code}_plan{plan.pk}.json"'
    return response


@require_safe
@public_cache(every_plan)
def search(request):
    """Every kind's best hits; ?kind=project&page=2 one kind's hits, 20 a page."""
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind") if request.GET.get("kind") in dict(SEARCH_KINDS) else None
    result = run_search(q, request.user, kind=kind, page=request.GET.get("page"))
    return render(request, "web/search.html", {"q": q, "result": result})
