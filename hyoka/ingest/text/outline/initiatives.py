"""Project blocks of the outline layout: the heading (◇name【継続】 施策311: status tag and policy
references) and, under a ◇initiative, its 予算事務事業 rows (10-digit code, name, department) and 取組内容.
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.base import Warning
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import BULLETS, cells, compact, is_blank, is_dash, prep

BUDGET_LABEL_RE = re.compile(r"^(?:予算事務事業|予算事業|事務事業|関連事業|予算科目)$")
CONTENT_LABEL_RE = re.compile(r"^(?:取組内容|取り組み内容|取組み内容|事業内容|事業概要|内容)$")
TAG_RE = re.compile(r"【([^】]+)】")
_REFS_RE = re.compile(
    r"(?:^|\s|(?<=】))(?P<refs>施策[\s\d０-９]*[\d０-９](?:\s*[・、,]\s*(?:施策)?[\s\d０-９]*[\d０-９])*|[-－―—])\s*$"
)
_CODE_RE = re.compile(r"^\d{10}$")


def project_heading(text: str) -> ix.Project:
    """◇name【継続】 施策311 → name, status, policy refs; mixed tags keep the name as printed."""
    t = text.strip()
    if t and t[0] in BULLETS:
        t = t[1:].strip()
    refs: list[str] = []
    if m := _REFS_RE.search(t):
        t = t[: m.start()].strip()
        parts = re.split(r"[・、,]", prep(m["refs"]))  # 施策3 21 (a PDF's spacing) is 施策321
        refs = [f"施策{digits}" for part in parts if (digits := re.sub(r"\D", "", part))]
    tags = TAG_RE.findall(t)
    status = None
    notes: list[str] = []
    name = t
    if tags and len(set(tags)) == 1:
        status = tags[0].strip()
        name = re.sub(r"\s+", " ", TAG_RE.sub(" ", t)).strip()
        name = re.sub(r"\s+(?=[（(])", "", name)
    elif tags:
        notes.append(f"区分が混在しています: {'・'.join(tags)}")
    return ix.Project(name=name, status=status, policy_refs=refs, notes=notes)


def labeled(line: Line) -> tuple[str | None, list[str]]:
    """予算事務事業 / 取組内容 rows of an initiative block: ('budget' | 'content' | None, cells)."""
    cs = cells(line)
    if len(cs) < 2:
        return None, cs
    head = compact(cs[0])
    if BUDGET_LABEL_RE.match(head):
        return "budget", cs
    if CONTENT_LABEL_RE.match(head) and any(cs[1:]):
        return "content", cs
    return None, cs


def read_initiative(lines: list[Line], i: int, project: ix.Project, source: str, warnings: list[Warning]) -> int:
    """予算事務事業 (code, name, department) and 取組内容 rows under a ◇initiative heading.

    The first 取組内容 is the project's description; one printed for a later budget row is a note.
    """
    last_budget: ix.BudgetItem | None = None
    while i < len(lines):
        j = i
        while j < len(lines) and is_blank(lines[j]):
            j += 1
        if j >= len(lines):
            return len(lines)
        kind, cs = labeled(lines[j])
        if kind is None:
            return j
        i = j + 1
        inner = next((k for k in range(2, len(cs)) if CONTENT_LABEL_RE.match(compact(cs[k]))), None)
        if kind == "budget" and inner is not None:  # a PDF row that ran the 取組内容 row into this one
            _budget_row(project, cs[:inner], lines[j], source, warnings)
            kind, cs = "content", cs[inner:]
        if kind == "budget":
            last_budget = _budget_row(project, cs, lines[j], source, warnings)
            continue
        content = " ".join(c for c in cs[1:] if c).strip()
        if project.description is None:
            project.description = content
        elif content != project.description:
            what = f"予算事務事業 {last_budget.code or ''} {last_budget.name}".replace("  ", " ") if last_budget else ""
            project.notes.append(f"{cs[0].strip()}（{what}）: {content}" if what else content)
    return i


def _budget_row(
    project: ix.Project, cs: list[str], line: Line, source: str, warnings: list[Warning]
) -> ix.BudgetItem | None:
    """code, name, department; '-' or an empty name means no budget item, only the department."""
    rest = cs[1:]
    if len(rest) == 2 and (m := re.match(r"^(\S+)\s+(.+)$", prep(rest[0]).strip())) and m[1][0].isdigit():
        rest = [m[1], m[2], rest[1]]
    code_text, name, dept = (rest + ["", "", ""])[:3]
    code = prep(code_text).strip()
    department = dept.strip() if dept and not is_dash(dept) else None
    if department and department not in project.departments:
        project.departments.append(department)
    if not name.strip() or is_dash(name):
        return None
    if code and not is_dash(code) and not _CODE_RE.match(code):
        warnings.append(
            Warning(
                line.place(source),
                f"予算事務事業 of {project.name}: budget code {code_text!r} is not 10 digits; kept without a code",
            )
        )
        code = ""
    item = ix.BudgetItem(code=code if _CODE_RE.match(code) else None, name=name.strip(), department=department)
    project.budget_items.append(item)
    return item
