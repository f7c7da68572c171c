"""The numbered evaluation table: a yearly evaluation of a plan's projects, one numbered row each.

Rows read `N 事業名` (the name may sit on the lines after a bare number, or wrap), a description
paragraph, an optional `《令和6年度目標値》` block, one or more 担当課 lines, then the grade and the
achievement level (`保育課 A 2`, or on lines of their own) followed by the year's narrative. Rows sit
under 基本目標N and ①… headings. Page headers, column titles and the legend repeat on every page and
are dropped as recurring blocks (evaluation_boilerplate); the legend becomes the EvaluationScheme.
Everything keys on that structure, never on one city's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, LayoutReader, ReadResult, require_municipality
from hyoka.ingest.text.evaluation_boilerplate import find_boilerplate
from hyoka.ingest.text.evaluation_targets import (
    ERA_LABEL_RE,
    TARGET_HEADER_RE,
    attach_observations,
    indicator,
    read_target_block,
)
from hyoka.ingest.text.legend import SYMBOLS, nfkc_aligned, parse_legend
from hyoka.ingest.text.lines import Line, nfkc
from hyoka.jp import parse_period

LAYOUT = "numbered evaluation table"
GOAL_RE = re.compile(
    r"^(?P<level>基本目標|基本方針|基本施策|政策目標|目標)\s*(?P<num>\d+|[一二三四五六七八九十]+|[IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+)"
    r"\s*[.．:：、]?\s*(?P<title>\S.*)$"
)
POLICY_RE = re.compile(r"^(?P<num>[①-⑳㉑-㉟]|[（(]\s*[0-9０-９]{1,2}\s*[)）])\s*(?P<title>\S.*)$")
ITEM_RE = re.compile(r"^(?P<num>\d{1,3})[.．)）]?(?:\s+(?P<name>\S.*))?$")
NOT_NAME_START = tuple("年月日回件人%％歳")
DEPT_SUFFIXES = (
    "課",
    "室",
    "係",
    "部",
    "局",
    "所",
    "センター",
    "館",
    "園",
    "校",
    "会",
    "署",
    "班",
    "担当",
    "グループ",
    "庁",
)
_NOT_DEPT_CHARS = set("。、，,.「」『』※《》【】:：;；")
PLAN_WORD_RE = re.compile(r"[^\s　■□◆◇●○「」『』（）()【】、。]+?(?:計画|総合戦略|戦略|プラン)")
YEAR_HEADER_RE = re.compile(
    r"(?P<label>(?:令和|平成|R|H)\s*[0-9０-９元]{1,2}\s*年度)\s*[（(]?\s*(?:実績|取組|の実績|評価|進捗)"
)


@dataclass
class _Row:
    number: str
    name: str
    start: int  # index into the content lines
    lines: list[Line] = field(default_factory=list)  # everything after the name


def detect_evaluation_table(lines: list[Line]) -> int:
    """Numbered rows that carry a grade and an achievement level (×3); 0 when fewer than two."""
    content, _, scheme = _prepare(lines)
    grades = _GradePatterns(scheme)
    graded = sum(1 for row in _rows(content) if grades.find(row.lines) is not None)
    return 3 * graded if graded >= 2 else 0


def read_evaluation_table(lines: list[Line], context: Context) -> ReadResult:
    """Read a numbered evaluation table into a plan with sections, projects, targets and evaluations."""
    return EvaluationTableReader.read(lines, context)


def _prepare(lines: list[Line]) -> tuple[list[Line], list[Line], ix.EvaluationScheme | None]:
    """The rows' lines without page furniture; the furniture and preamble (title, year, legend); the legend."""
    furniture = find_boilerplate(lines)
    content = [line for i, line in enumerate(lines) if i not in furniture]
    first_row = next((i for i, line in enumerate(content) if _item(line, None)), len(content))
    preamble = [line for line in content[:first_row] if not GOAL_RE.match(line.norm)]
    front = [lines[i] for i in sorted(furniture)] + preamble
    return content, front, parse_legend("\n".join(_unique_texts(front)))


def _indented(line: Line) -> bool:
    return line.text[:1] == "\u3000" or line.text.startswith("  ")


def _item(line: Line, expected: int | None, restart: bool = False) -> tuple[str, str] | None:
    """`12 事業名` or a bare `12`; only the next number in sequence counts as a new row, or 1 after a
    heading (numbering that restarts per goal)."""
    if _indented(line):
        return None
    m = ITEM_RE.match(line.norm)
    if not m or (m.group("name") or "").startswith(NOT_NAME_START):
        return None
    number = int(m.group("num"))
    if expected is not None and number != expected and not (restart and number == 1):
        return None
    return m.group("num"), (m.group("name") or "")


def _rows(content: list[Line]) -> list[_Row]:
    """Numbered rows with the lines that follow each, up to the next row or heading."""
    rows: list[_Row] = []
    current: _Row | None = None
    expected: int | None = None
    after_heading = False
    for i, line in enumerate(content):
        if (found := _item(line, expected, after_heading)) is not None:
            number, name = found
            expected = int(number) + 1
            current = _Row(str(int(number)), name, i)
            rows.append(current)
            after_heading = False
        elif _heading(content, i):
            current = None
            after_heading = True
        elif current is not None:
            current.lines.append(line)
    return rows


def _heading(content: list[Line], i: int) -> bool:
    line = content[i]
    if GOAL_RE.match(line.norm) and not _indented(line):
        return True
    return bool(POLICY_RE.match(line.text.strip())) and not _indented(line) and _next_is_row(content, i)


def _next_is_row(content: list[Line], i: int) -> bool:
    for line in content[i + 1 :]:
        if line.blank:
            continue
        return _item(line, None) is not None or bool(GOAL_RE.match(line.norm))
    return False


class _GradePatterns:
    """Where a row's grade and achievement level are printed, with the codes the legend allows."""

    def __init__(self, scheme: ix.EvaluationScheme | None):
        grades = [nfkc(g.code) for g in scheme.grades] if scheme else []
        levels = [nfkc(a.code) for a in scheme.achievement_levels] if scheme else []
        self.grades, self.levels = set(grades), set(levels)
        g = "|".join(re.escape(c) for c in sorted(set(grades), key=len, reverse=True) if len(c) > 1)
        g = (g + "|" if g else "") + rf"[A-Z]|[{SYMBOLS}]"
        a = "|".join(re.escape(c) for c in sorted(set(levels), key=len, reverse=True) if not c.isdigit())
        a = (a + "|" if a else "") + r"\d"
        self.grade_only = bool(grades) and not levels
        self.row = re.compile(rf"^(?:(?P<dept>.+?)\s+)?(?P<g>{g})\s+(?P<a>{a})(?:\s+(?P<rest>.*))?$")
        self.alone = re.compile(rf"^(?:(?P<dept>.+?)\s+)?(?P<g>{g})(?:\s+(?P<rest>.*))?$")
        self.level = re.compile(rf"^(?P<a>{a})(?:\s+(?P<rest>.*))?$")

    def find(self, lines: list[Line]) -> tuple[int, int, str, str | None, str | None, str] | None:
        """(grade line, last line used, dept prefix, grade, achievement, rest of the line) or None."""
        for i, line in enumerate(lines):
            text = line.norm
            if not text:
                continue
            m = self.row.match(text)
            if m and _dept_ok(m.group("dept")):
                return i, i, m.group("dept") or "", m.group("g"), m.group("a"), _rest(line, m.group("rest"))
            m = self.alone.match(text)
            if not m or not _dept_ok(m.group("dept")):
                continue
            if m.group("rest") is None:
                j = next((k for k in range(i + 1, len(lines)) if not lines[k].blank), None)
                if j is not None and (n := self.level.match(lines[j].norm)):
                    return i, j, m.group("dept") or "", m.group("g"), n.group("a"), _rest(lines[j], n.group("rest"))
            if self.grade_only and (m.group("g") in self.grades):
                return i, i, m.group("dept") or "", m.group("g"), None, _rest(line, m.group("rest"))
        return None


def _rest(line: Line, rest: str | None) -> str:
    """The printed text after the grade codes (narrative that starts on the grade line)."""
    if not rest:
        return ""
    raw = line.text
    tail = re.sub(r"\s+", "", rest)[:4]
    for pos in range(len(raw)):
        if re.sub(r"\s+", "", nfkc(raw[pos:]))[:4] == tail and nfkc(raw[pos:]).strip().startswith(rest[:1]):
            return raw[pos:].strip()
    return rest


def _dept_ok(text: str | None) -> bool:
    return text is None or _dept_like(text)


def _dept_like(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 16 or any(c in _NOT_DEPT_CHARS for c in t) or re.search(r"[0-9０-９]", t):
        return False
    balanced = t.count("(") + t.count("（") == t.count(")") + t.count("）")
    return balanced and t[0] not in "(（○◯●◎◆◇■□・"


def departments(fragments: list[str]) -> list[str]:
    """Department lines as printed, rejoined where the PDF wrapped a name (`子ども家庭支援セ` + `ンター`)."""
    parts: list[str] = []
    for fragment in fragments:
        pieces = [p.strip() for p in re.split(r"[・、/／]", fragment) if p.strip()]
        if len(pieces) > 1 and all(p.endswith(DEPT_SUFFIXES) for p in pieces):
            parts.extend(pieces)
        else:
            parts.append(fragment.strip())
    found: list[str] = []
    current = ""
    for part in parts:
        current += part
        if current.endswith(DEPT_SUFFIXES):
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


class EvaluationTableReader(LayoutReader):
    """Reads a numbered evaluation table (module docstring) into goals, policies and graded projects."""

    name = LAYOUT
    detect = staticmethod(detect_evaluation_table)

    def run(self) -> ReadResult:
        content, front, scheme = _prepare(self.lines)
        patterns = _GradePatterns(scheme)
        rows = _rows(content)
        if not any(patterns.find(r.lines) for r in rows):
            raise IngestError(self.source, "not a numbered evaluation table: no numbered rows with a grade found")
        municipality = require_municipality(self.context)
        title = self.context.plan_title or _plan_title(front, municipality.name)
        if not title:
            raise IngestError(self.source, "no plan title in the document: give it (--plan TITLE)")
        year_label = _year_label(front)
        fiscal_year = parse_period(year_label).fiscal_year if year_label else None
        if fiscal_year is None:
            self.warn(content[0], "no evaluation year (令和N年度 実績) found: grades are not recorded")
        sections = self._sections(content, rows, patterns, scheme, year_label or "", fiscal_year)
        plan = ix.PlanInfo(
            title=title,
            kind=_plan_kind(title),
            version=self.context.plan_version or "",
            section_levels=_levels(sections),
            source=self.source,
            notes=_title_notes(front, title),
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
            elif _heading(content, i):
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

    def _row(self, row: _Row, section: ix.Section, patterns, scheme, year_label, fiscal_year) -> None:
        lines = list(row.lines)
        name_parts = [row.name] if row.name else []
        k = 0
        if not row.name or _wrapped(row.name, lines):
            while k < len(lines) and len(name_parts) < 3:
                line = lines[k]
                if line.blank or _indented(line) or TARGET_HEADER_RE.match(line.norm):
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
            project.description = _paragraph(lines) or None
            section.projects.append(project)
            return
        g_line, last, dept_prefix, grade, level, rest = found
        dept_start = g_line
        fragments = [dept_prefix] if dept_prefix else []
        j = g_line - 1
        while j >= 0 and (lines[j].blank or _dept_like(lines[j].text)):
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
        project.description = _paragraph(body) or None
        project.departments = departments(fragments)
        narrative_lines = lines[last + 1 :]
        narrative = (rest + _paragraph(narrative_lines)).strip()
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


def _wrapped(name: str, lines: list[Line]) -> bool:
    """A name on the number line continues on the next line when that line is short, unindented, not a
    sentence, and a blank or an indented paragraph follows it."""
    if len(name) < 15 or not lines or lines[0].blank or _indented(lines[0]) or lines[0].text.strip().endswith("。"):
        return False
    return len(lines) == 1 or lines[1].blank or _indented(lines[1])


def _paragraph(lines: list[Line]) -> str:
    return "".join(line.text.rstrip() for line in lines if not line.blank).strip()


def _references(narrative: str) -> list[str]:
    """`資料３「…」のとおり`: results reported in another document."""
    found = re.findall(
        r"資料\s*[0-9０-９一二三四五六七八九十]+\s*[「『][^」』]*[」』]\s*(?:のとおり|を参照|参照)?", narrative
    )
    return [re.sub(r"\s+", "", f) for f in found]


def _unique_texts(lines: list[Line]) -> list[str]:
    seen: set[str] = set()
    out = []
    for line in lines:
        if line.blank or line.norm in seen:
            continue
        seen.add(line.norm)
        out.append(line.text)
    return out


def _plan_title(front: list[Line], municipality: str) -> str | None:
    """The plan's name as the page header prints it, preferring one that names the city."""
    found = [m.group(0) for line in front for m in PLAN_WORD_RE.finditer(line.text.strip())]
    found = [t for t in found if "について" not in t and not re.match(r"^(第|[0-9０-９])", t)]
    if not found:
        return None
    return max(found, key=lambda t: (t.startswith(municipality), bool(re.search(r"[市町村区]", t)), len(t)))


def _title_notes(front: list[Line], title: str) -> list[str]:
    for line in front:
        text = line.text.strip()
        if text.startswith(title) and len(text) > len(title):
            return [re.split(r"\s{2,}|\u3000{2,}", text)[0]]
    return []


def _year_label(front: list[Line]) -> str | None:
    """The year being evaluated, from the column header (`令和2年度（実績・取組状況）`, `令和3年度実績`)."""
    for line in front:
        if m := YEAR_HEADER_RE.search(line.text):
            return re.sub(r"\s+", "", m.group("label"))
    for line in front:
        if (m := ERA_LABEL_RE.search(line.text)) and "目標" not in line.text:
            return m.group(0).strip()
    return None


def _plan_kind(title: str) -> ix.PlanKind:
    if "子ども・子育て" in title or "子育て支援" in title:
        return "child_support_plan"
    if "総合戦略" in title or "創生" in title:
        return "comprehensive_strategy"
    if "総合計画" in title:
        return "master_plan"
    return "sector_plan"


def _levels(sections: list[ix.Section]) -> list[str]:
    levels: list[str] = []
    for goal in sections:
        for level in [goal.level] + [s.level for s in goal.sections]:
            if level not in levels:
                levels.append(level)
    return levels
