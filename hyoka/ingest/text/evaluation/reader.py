"""The numbered evaluation table's reader: rows with their grades into goals, policies and projects.

`detect_evaluation_table(lines)` scores the layout; `EvaluationTableReader.read(lines, context)` (or
`read_evaluation_table`) reads it. The stages are the modules beside this one (see the package).
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, LayoutReader, ReadResult, require_municipality, require_title
from hyoka.ingest.text.evaluation.front import evaluated_year, plan_kind, plan_title, prepare, title_notes
from hyoka.ingest.text.evaluation.grades import GradePatterns, departments, dept_like
from hyoka.ingest.text.evaluation.rows import (
    GOAL_RE,
    POLICY_RE,
    Row,
    indented,
    is_heading,
    numbered_rows,
    paragraph,
    wrapped_name,
)
from hyoka.ingest.text.evaluation.targets import TARGET_HEADER_RE, attach_observations, indicator, read_target_block
from hyoka.ingest.text.legend import nfkc_aligned
from hyoka.ingest.text.lines import Line
from hyoka.jp import parse_period

LAYOUT = "numbered evaluation table"


def detect_evaluation_table(lines: list[Line]) -> int:
    """Numbered rows that carry a grade and an achievement level (×3); 0 when fewer than two."""
    content, _, scheme = prepare(lines)
    grades = GradePatterns(scheme)
    graded = sum(1 for row in numbered_rows(content) if grades.find(row.lines) is not None)
    return 3 * graded if graded >= 2 else 0


def read_evaluation_table(lines: list[Line], context: Context) -> ReadResult:
    """Read a numbered evaluation table into a plan with sections, projects, targets and evaluations."""
    return EvaluationTableReader.read(lines, context)


class EvaluationTableReader(LayoutReader):
    """Reads a numbered evaluation table (see the package) into goals, policies and graded projects."""

    name = LAYOUT
    detect = staticmethod(detect_evaluation_table)

    def run(self) -> ReadResult:
        content, front, scheme = prepare(self.lines)
        patterns = GradePatterns(scheme)
        rows = numbered_rows(content)
        if not any(patterns.find(r.lines) for r in rows):
            raise IngestError(self.source, "not a numbered evaluation table: no numbered rows with a grade found")
        municipality = require_municipality(self.context)
        title = require_title(self.context, plan_title(front, municipality.name))
        year_label = evaluated_year(front)
        fiscal_year = parse_period(year_label).fiscal_year if year_label else None
        if fiscal_year is None:
            self.warn(content[0], "no evaluation year (令和N年度 実績) found: grades are not recorded")
        sections = self._sections(content, rows, patterns, scheme, year_label or "", fiscal_year)
        plan = ix.PlanInfo(
            title=title,
            kind=plan_kind(title),
            version=self.context.plan_version or "",
            section_levels=_levels(sections),
            source=self.source,
            notes=title_notes(front, title),
        )
        doc = ix.PlanDocument(
            schema="hyoka.plan/1", municipality=municipality, plan=plan, evaluation_scheme=scheme, sections=sections
        )
        return ReadResult(doc, self.warnings, LAYOUT)

    def _sections(self, content, rows, patterns, scheme, year_label, fiscal_year) -> list[ix.Section]:
        goals: list[ix.Section] = []
        goal: ix.Section | None = None
        policy: ix.Section | None = None
        row_at = {r.start: r for r in rows}
        for i, line in enumerate(content):
            if i in row_at:
                target = policy or goal
                if target is None:
                    goal = ix.Section(level="事業", title="事業一覧")
                    goals.append(goal)
                    target = goal
                self._row(row_at[i], target, patterns, scheme, year_label, fiscal_year)
            elif is_heading(content, i):
                text = re.sub(r"\s+[0-9０-９]{1,3}$", "", line.text.strip())  # a page number beside the heading
                if m := GOAL_RE.match(nfkc_aligned(text)):
                    title, number = text[m.start("title") :].strip(), text[m.start("num") : m.end("num")]
                    goal = ix.Section(level=m.group("level"), number=number, title=title)
                    goals.append(goal)
                    policy = None
                elif m := POLICY_RE.match(text):
                    policy = ix.Section(level="施策", number=m.group("num"), title=m.group("title").strip())
                    if goal is None:
                        goals.append(policy)
                    else:
                        goal.sections.append(policy)
        return goals

    def _row(self, row: Row, section: ix.Section, patterns, scheme, year_label, fiscal_year) -> None:
        lines = list(row.lines)
        name_parts = [row.name] if row.name else []
        k = 0
        if not row.name or wrapped_name(row.name, lines):
            while k < len(lines) and len(name_parts) < 3:
                line = lines[k]
                if line.blank or indented(line) or TARGET_HEADER_RE.match(line.norm):
                    break
                name_parts.append(line.text.strip())
                k += 1
                if line.text.strip().endswith("。") or (row.name and len(name_parts) == 2):
                    break
        name = "".join(name_parts).strip()
        lines = lines[k:]
        if not name:
            self.warn(self.lines[0] if not lines else lines[0], f"row {row.number} has no name")
            return
        found = patterns.find(lines)
        project = ix.Project(number=row.number, name=name)
        if found is None:
            self.warn(lines[0] if lines else self.lines[0], f"row {row.number} {name}: no grade and achievement found")
            project.description = paragraph(lines) or None
            section.projects.append(project)
            return
        g_line, last, dept_prefix, grade, level, rest = found
        dept_start = g_line
        fragments = [dept_prefix] if dept_prefix else []
        j = g_line - 1
        while j >= 0 and (lines[j].blank or dept_like(lines[j].text)):
            if not lines[j].blank:
                fragments.insert(0, lines[j].text.strip())
                dept_start = j
            j -= 1
        body = lines[:dept_start]
        header = next((n for n, line in enumerate(body) if TARGET_HEADER_RE.match(line.norm)), None)
        indicators: list[ix.Indicator] = []
        if header is not None:
            label = body[header].text.strip().strip("《》〈〉≪≫<>【】[]　 ")
            block_end = next((n for n in range(header + 1, len(body)) if body[n].blank), len(body))
            targets, _ = read_target_block(body[header + 1 : block_end])
            indicators = [indicator(t, label, row.number) for t in targets]
            body = body[:header] + body[block_end:]
        project.description = paragraph(body) or None
        project.departments = departments(fragments)
        narrative_lines = lines[last + 1 :]
        narrative = (rest + paragraph(narrative_lines)).strip()
        where = lines[g_line]
        if scheme and scheme.grades and grade not in patterns.grades:
            self.warn(where, f"row {row.number} {name}: grade {grade!r} is not in the legend; kept without a grade")
            grade = None
        if scheme and scheme.achievement_levels and level is not None and level not in patterns.levels:
            self.warn(where, f"row {row.number} {name}: achievement {level!r} is not in the legend; kept without it")
            level = None
        if fiscal_year is not None:
            project.evaluations = [
                ix.Evaluation(
                    fiscal_year=fiscal_year,
                    grade=grade,
                    achievement=level,
                    narrative=narrative or None,
                    references=_references(narrative),
                )
            ]
            attach_observations(indicators, narrative_lines, year_label, fiscal_year)
        seen = {(k.name, k.project_number) for k in section.indicators}
        for ind in indicators:
            if (ind.name, ind.project_number) in seen:
                self.warn(where, f"row {row.number}: target {ind.name!r} is listed twice; the first is kept")
                continue
            seen.add((ind.name, ind.project_number))
            section.indicators.append(ind)
        section.projects.append(project)


def _references(narrative: str) -> list[str]:
    """`資料３「…」のとおり`: results reported in another document."""
    found = re.findall(
        r"資料\s*[0-9０-９一二三四五六七八九十]+\s*[「『][^」』]*[」』]\s*(?:のとおり|を参照|参照)?", narrative
    )
    return [re.sub(r"\s+", "", f) for f in found]


def _levels(sections: list[ix.Section]) -> list[str]:
    levels: list[str] = []
    for goal in sections:
        for level in [goal.level] + [s.level for s in goal.sections]:
            if level not in levels:
                levels.append(level)
    return levels
