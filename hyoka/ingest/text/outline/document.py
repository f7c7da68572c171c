"""The last stage of the outline layout: what was read becomes one `PlanDocument`.

The plan's title, version and kind from the printed title; a progress summary's blocks become the
year's evaluations; a project or KPI printed twice is merged into the first (natural keys must be
unique plan-wide). `merge_indicator` is also how the "tables and blocks" layout merges a KPI.
"""

from __future__ import annotations

import re
from collections import Counter

from hyoka import interchange as ix
from hyoka.ingest.base import Place, Warning


def plan_title(found: str | None) -> str | None:
    if not found:
        return None
    t = found.strip()
    t = re.sub(r"^(?:令和|平成|昭和)\s*[\d０-９元]+\s*年度\s*", "", t)
    if m := re.match(r"^(.*?(?:総合戦略|総合計画|戦略|計画|プラン))", t):
        return m[1].strip()
    return t


def plan_version(title: str) -> str:
    if m := re.search(r"第\s*[\d０-９]+\s*期", title):
        return re.sub(r"\s+", "", m[0])
    return "改定" if "改定" in title else ""


def plan_kind(title: str) -> str:
    if "総合戦略" in title or "創生" in title:
        return "comprehensive_strategy"
    if "総合計画" in title:
        return "master_plan"
    if "子ども" in title and "計画" in title:
        return "child_support_plan"
    return "comprehensive_strategy"


def merge_indicator(into: ix.Indicator, other: ix.Indicator) -> None:
    """The same KPI stated twice (an observation in one point, its target in another)."""
    into.unit = into.unit or other.unit
    into.baseline = into.baseline or other.baseline
    if other.target is not None and into.target is None:
        into.target = other.target
        if into.direction == "increase":
            into.direction = other.direction
    labels = {o.period.label for o in into.observations}
    into.observations += [o for o in other.observations if o.period.label not in labels]
    into.stated_delta = into.stated_delta or other.stated_delta
    into.source = into.source or other.source
    into.notes += [n for n in other.notes if n not in into.notes]


def all_sections(sections: list[ix.Section]) -> list[ix.Section]:
    """Every section of the tree, parents before their children."""
    found: list[ix.Section] = []

    def walk(ss: list[ix.Section]) -> None:
        for s in ss:
            found.append(s)
            walk(s.sections)

    walk(sections)
    return found


def record_evaluations(narratives: list[tuple[ix.Project, list[ix.Metric]]]) -> None:
    """A progress summary's blocks are the year's evaluation: narrative plus metrics."""
    years = [m.period.fiscal_year for _, ms in narratives for m in ms if m.period and m.period.fiscal_year]
    if not years:
        for project, metrics in narratives:
            project.notes.extend(f"{m.text or m.name}: {m.value}{m.unit or ''}" for m in metrics)
        return
    year = Counter(years).most_common(1)[0][0]
    year = max(years) if max(years) > year else year
    for project, metrics in narratives:
        project.evaluations.append(ix.Evaluation(fiscal_year=year, narrative=project.description, metrics=metrics))


def merge_duplicates(
    indicators: list[ix.Indicator], sections: list[ix.Section], source: str, warnings: list[Warning]
) -> list[ix.Indicator]:
    """Natural keys must be unique plan-wide: a project or KPI printed twice is merged into the first.

    Sections are changed in place; returns the plan-level indicators that are kept.
    """
    seen: dict[tuple[str | None, str], ix.Project] = {}
    for section in all_sections(sections):
        kept: list[ix.Project] = []
        for p in section.projects:
            key = (p.number, p.name)
            if key in seen:
                first = seen[key]
                warnings.append(Warning(Place(source), f"project {p.name!r} is printed twice; merged into the first"))
                first.departments += [d for d in p.departments if d not in first.departments]
                first.budget_items += p.budget_items
                first.policy_refs += [r for r in p.policy_refs if r not in first.policy_refs]
                first.notes += p.notes
                continue
            seen[key] = p
            kept.append(p)
        section.projects = kept
    names: dict[tuple[str, str | None], ix.Indicator] = {}
    plan_level = indicators
    for holder in [None, *all_sections(sections)]:
        inds = indicators if holder is None else holder.indicators
        kept_i: list[ix.Indicator] = []
        for k in inds:
            key = (k.name, k.project_number)
            if key in names:
                warnings.append(Warning(Place(source), f"indicator {k.name!r} is printed twice; merged into the first"))
                merge_indicator(names[key], k)
                continue
            names[key] = k
            kept_i.append(k)
        if holder is None:
            plan_level = kept_i
        else:
            holder.indicators = kept_i
    return plan_level
