"""Pages of the catalogue and the cross-city comparison (thin: each calls one function of comparison.py or
linking.py). The comparison pages are public and show published figures only, the same for every reader: the
public's copy of each (page, CSV, JSON) is kept by the public cache under the global scope (every plan's change
bumps it; ``hyoka.web.cache``), logged-in readers always get the page computed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from hyoka.accounts.access import access_plan, is_planning_admin, require_planning_admin
from hyoka.catalog import comparison, downloads, linking
from hyoka.catalog.models import IndicatorLink, StandardIndicator
from hyoka.catalog.stats import SIZE_GROUPS
from hyoka.indicators.models import Indicator
from hyoka.jp import municipalities as national
from hyoka.plans.models import Municipality, Plan
from hyoka.web.cache import every_plan, public_cache

RANKING_PAGE = 100  # municipalities per page of a ranking (the CSV and JSON hold them all)


@require_safe
@public_cache(every_plan)
def standard_list(request):
    """The catalogue, each indicator with how many municipalities' published plans link to it."""
    reporting = Count(
        "links__indicator__plan__municipality",
        filter=Q(links__status=IndicatorLink.Status.CONFIRMED, links__indicator__plan__published=True),
        distinct=True,
    )
    standards = StandardIndicator.objects.annotate(reporting=reporting)
    plans = Plan.objects.select_related("municipality") if is_planning_admin(request.user) else Plan.objects.none()
    return render(request, "catalog/standard_list.html", {"standards": standards, "plans": plans})


def _standard(code: str) -> StandardIndicator:
    return get_object_or_404(StandardIndicator, code=code)


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def _prefecture(request) -> str | None:
    found = national.prefecture(request.GET.get("prefecture", "")) if request.GET.get("prefecture") else None
    return found.name if found else None


@require_safe
@public_cache(every_plan)
def compare_indicator(request, code: str):
    standard = _standard(code)
    result = comparison.compare_indicator(standard, year=_year(request), prefecture=_prefecture(request))
    benchmarks = comparison.benchmarks_for(standard)
    page = Paginator(result.rows, RANKING_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/compare_indicator.html",
        {"c": result, "page": page, "benchmarks": benchmarks, "prefectures": [p.name for p in _prefectures()]},
    )


@require_safe
@public_cache(every_plan)
def compare_indicator_csv(request, code: str):
    return downloads.indicator_csv(comparison.compare_indicator_all_years(_standard(code)))


@require_safe
@public_cache(every_plan)
def compare_indicator_json(request, code: str):
    result = comparison.compare_indicator(_standard(code), year=_year(request), prefecture=_prefecture(request))
    return _json(downloads.indicator_document(result), f"compare-{code}.json")


def _municipality(code: str) -> tuple[str, str, str]:
    if not (
        len(code) == 6 and code.isascii() and code.isdigit()
    ):  # a 全国地方公共団体コード, never sent to the database otherwise
        raise Http404("no such municipality")
    row = Municipality.objects.filter(code=code).values_list("code", "name", "prefecture").first()
    if row:
        return row
    listed = national.by_code(code) if code.isdigit() else None
    if listed is None or listed.kind == "prefecture":
        raise Http404("no such municipality")
    return listed.code, listed.name, listed.prefecture


@require_safe
@public_cache(every_plan)
def compare_municipality(request, code: str):
    result = comparison.compare_municipality(*_municipality(code))
    return render(
        request, "catalog/compare_municipality.html", {"c": result, "group_label": _(SIZE_GROUPS[result.group])}
    )


@require_safe
@public_cache(every_plan)
def compare_municipality_csv(request, code: str):
    return downloads.municipality_csv(comparison.compare_municipality(*_municipality(code)))


@require_safe
@public_cache(every_plan)
def compare_municipality_json(request, code: str):
    result = comparison.compare_municipality(*_municipality(code))
    return _json(downloads.municipality_document(result), f"compare-{code}.json")


def _json(document: dict, filename: str) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["X-License"] = downloads.LICENSE
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _prefectures():
    return [r for r in national.all_rows() if r.kind == "prefecture"]


@login_required
@require_http_methods(["GET", "POST"])
def plan_links(request, plan_id: int):
    """The planning office's page: each KPI of the plan with its suggested or confirmed standard indicator;
    confirm, reject, choose another, or make suggestions for the KPIs without one (POST, then back here)."""
    require_planning_admin(request.user)
    plan = access_plan(request.user, plan_id)
    if request.method == "POST":
        _decide(request, plan.pk)
        return redirect("plan-links", plan_id=plan.pk)
    return render(
        request,
        "catalog/plan_links.html",
        {
            "plan": plan,
            "links": linking.plan_links(plan.pk),
            "standards": StandardIndicator.objects.only("code", "name", "unit"),
        },
    )


def _decide(request, plan_id: int) -> None:
    action = request.POST.get("action", "")
    if action == "suggest":
        result = linking.suggest_links(plan_id)
        messages.success(request, _("%(count)d 件の候補を作りました。") % {"count": result.created})
        return
    if action == "confirm_all":
        count = linking.confirm_all_suggested(plan_id, by=request.user)
        messages.success(request, _("%(count)d 件の候補を確定しました。") % {"count": count})
        return
    indicator_id = request.POST.get("indicator", "")
    indicator = Indicator.objects.filter(plan_id=plan_id, pk=int(indicator_id) if indicator_id.isdigit() else 0).first()
    if indicator is None or action not in ("confirm", "reject", "choose"):
        messages.error(request, _("指標と操作を選んでください。"))
        return
    if action == "choose":
        standard = StandardIndicator.objects.filter(code=request.POST.get("standard", "")).first()
        if standard is None:
            messages.error(request, _("標準指標を選んでください。"))
            return
        linking.link_to(indicator, standard, by=request.user)
        messages.success(
            request,
            _("「%(kpi)s」を「%(standard)s」に対応づけました。") % {"kpi": indicator.name, "standard": standard.name},
        )
        return
    link = IndicatorLink.objects.filter(indicator=indicator).first()
    if link is None:
        messages.error(request, _("この指標には候補がありません。"))
        return
    status = IndicatorLink.Status.CONFIRMED if action == "confirm" else IndicatorLink.Status.REJECTED
    linking.decide(link, status, by=request.user)
    messages.success(
        request, _("「%(kpi)s」を%(status)sにしました。") % {"kpi": indicator.name, "status": link.get_status_display()}
    )
