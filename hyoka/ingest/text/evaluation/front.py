"""The preamble of an evaluation table: its page furniture set apart from the rows, and in it the
plan's title, the year evaluated and the rating legend (the EvaluationScheme).
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.text.evaluation.boilerplate import find_boilerplate
from hyoka.ingest.text.evaluation.rows import GOAL_RE, numbered_item
from hyoka.ingest.text.evaluation.targets import ERA_LABEL_RE
from hyoka.ingest.text.legend import parse_legend
from hyoka.ingest.text.lines import Line

PLAN_WORD_RE = re.compile(r"[^\s　■□◆◇●○「」『』（）()【】、。]+?(?:計画|総合戦略|戦略|プラン)")
YEAR_HEADER_RE = re.compile(
    r"(?P<label>(?:令和|平成|R|H)\s*[0-9０-９元]{1,2}\s*年度)\s*[（(]?\s*(?:実績|取組|の実績|評価|進捗)"
)


def prepare(lines: list[Line]) -> tuple[list[Line], list[Line], ix.EvaluationScheme | None]:
    """The rows' lines without page furniture; the furniture and preamble (title, year, legend); the legend."""
    furniture = find_boilerplate(lines)
    content = [line for i, line in enumerate(lines) if i not in furniture]
    first_row = next((i for i, line in enumerate(content) if numbered_item(line, None)), len(content))
    preamble = [line for line in content[:first_row] if not GOAL_RE.match(line.norm)]
    front = [lines[i] for i in sorted(furniture)] + preamble
    return content, front, parse_legend("\n".join(unique_texts(front)))


def unique_texts(lines: list[Line]) -> list[str]:
    seen: set[str] = set()
    out = []
    for line in lines:
        if line.blank or line.norm in seen:
            continue
        seen.add(line.norm)
        out.append(line.text)
    return out


def plan_title(front: list[Line], municipality: str) -> str | None:
    """The plan's name as the page header prints it, preferring one that names the city."""
    found = [m.group(0) for line in front for m in PLAN_WORD_RE.finditer(line.text.strip())]
    found = [t for t in found if "について" not in t and not re.match(r"^(第|[0-9０-９])", t)]
    if not found:
        return None
    return max(found, key=lambda t: (t.startswith(municipality), bool(re.search(r"[市町村区]", t)), len(t)))


def title_notes(front: list[Line], title: str) -> list[str]:
    for line in front:
        text = line.text.strip()
        if text.startswith(title) and len(text) > len(title):
            return [re.split(r"\s{2,}|\u3000{2,}", text)[0]]
    return []


def evaluated_year(front: list[Line]) -> str | None:
    """The year being evaluated, from the column header (`令和2年度（実績・取組状況）`, `令和3年度実績`)."""
    for line in front:
        if m := YEAR_HEADER_RE.search(line.text):
            return re.sub(r"\s+", "", m.group("label"))
    for line in front:
        if (m := ERA_LABEL_RE.search(line.text)) and "目標" not in line.text:
            return m.group(0).strip()
    return None


def plan_kind(title: str) -> ix.PlanKind:
    if "子ども・子育て" in title or "子育て支援" in title:
        return "child_support_plan"
    if "総合戦略" in title or "創生" in title:
        return "comprehensive_strategy"
    if "総合計画" in title:
        return "master_plan"
    return "sector_plan"
