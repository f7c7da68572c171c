from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from hyoka.evaluations.models import Evaluation
from hyoka.indicators.progress import progress_rows
from hyoka.plans.models import Plan
from hyoka.projects.models import Project


def plan_list(request):
    return render(request, "web/plan_list.html", {"plans": Plan.objects.with_counts()})


def plan_detail(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    rows_by_section = defaultdict(list)
    for row in progress_rows(plan):
        rows_by_section[row.indicator.section_id].append(row)
    projects_by_section = defaultdict(list)
    projects = Project.objects.filter(plan=plan).prefetch_related(
        "department_links__department",
        "budget_links__budget_item",
        Prefetch("evaluations", queryset=Evaluation.objects.select_related("grade", "achievement")),
    )
    for project in projects:
        projects_by_section[project.section_id].append(project)
    sections = [
        {"section": s, "depth": depth, "rows": rows_by_section[s.pk], "projects": projects_by_section[s.pk]}
        for s, depth in _walk(list(plan.sections.order_by("position")))
    ]
    context = {
        "plan": plan,
        "plan_rows": rows_by_section[None],
        "sections": sections,
        "benchmarks": plan.benchmarks.order_by("position"),
        "revisions": plan.revisions.order_by("position"),
    }
    return render(request, "web/plan_detail.html", context)


def _walk(sections, parent_id=None, depth=0):
    """Sections in reading order (depth-first), each with its depth in the tree."""
    for section in sections:
        if section.parent_id == parent_id:
            yield section, depth
            yield from _walk(sections, section.pk, depth + 1)
