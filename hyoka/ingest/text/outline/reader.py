"""The outline layout's reader: one walk over the lines, each block handed to its stage's module.

`detect_outline(lines)` says how many outline structures the text shows (0 = none);
`OutlineReader.read(lines, context)` (or `read_outline`) reads them into a plan.
"""

from __future__ import annotations

import re
from collections import Counter

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, LayoutReader, ReadResult, require_municipality, require_title
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.document import (
    all_sections,
    merge_duplicates,
    merge_indicator,
    plan_kind,
    plan_title,
    plan_version,
    record_evaluations,
)
from hyoka.ingest.text.outline.headings import Heading, level_rank, match_heading, title_after
from hyoka.ingest.text.outline.initiatives import TAG_RE, labeled, project_heading, read_initiative
from hyoka.ingest.text.outline.kpi_tables import attach_notes, notes_after, read_kpi_table
from hyoka.ingest.text.outline.marks import (
    NOTE_RE,
    bullet_of,
    is_blank,
    is_tab_row,
    joined,
    next_nonblank,
    prep,
    status_group,
)
from hyoka.ingest.text.outline.progress import ARROW_RE, ranking, read_progress_block
from hyoka.ingest.text.outline.project_tables import read_project_table
from hyoka.ingest.text.outline.revisions import REVISION_RE, read_revision
from hyoka.ingest.text.outline.tables import is_kpi_header, is_project_header


def detect_outline(lines: list[Line]) -> int:
    """How many outline structures the text shows: goal/policy headings, KPI and project tables,
    tagged project blocks, budget rows, highlight arrows, revision targets. 0 = not this family."""
    found = 0
    for line in lines:
        if is_blank(line):
            continue
        text = joined(line)
        heading = match_heading(text)
        found += bool(
            (heading is not None and level_rank(heading.level) < 2)
            or is_kpi_header(line)
            or is_project_header(line)
            or REVISION_RE.match(line.text)
            or ARROW_RE.match(prep(line.text))
            or (bullet_of(text) and (TAG_RE.search(text) or status_group(text)))
            or labeled(line)[0] == "budget"
        )
    return found


def read_outline(lines: list[Line], context: Context) -> ReadResult:
    """Read a plan printed as goals/policies with KPI tables, project tables and blocks."""
    return OutlineReader.read(lines, context)


class OutlineReader(LayoutReader):
    """Walks the lines once, opening sections at headings and handing each block to its stage."""

    name = "goals with tables and blocks"
    detect = staticmethod(detect_outline)

    def __init__(self, lines: list[Line], context: Context):
        super().__init__(lines, context)
        self.sections: list[ix.Section] = []
        self.stack: list[tuple[int, ix.Section]] = []
        self.levels: list[str] = []
        self.project: ix.Project | None = None
        self.group_status: str | None = None
        self.indicators: list[ix.Indicator] = []
        self.benchmarks: list[ix.Benchmark] = []
        self.revisions: list[ix.Revision] = []
        self.notes: list[str] = []
        self.title: str | None = None
        self.narratives: list[tuple[ix.Project, list[ix.Metric]]] = []
        self.bullet = self._dominant_bullet()

    # ---- the walk -------------------------------------------------------------------------
    def run(self) -> ReadResult:
        if not any(not is_blank(line) for line in self.lines):
            raise IngestError(self.source, "the file has no text")
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        if not (self.sections or self.indicators or self.revisions or self.benchmarks):
            raise IngestError(
                self.source,
                "not a plan: no goal headings (基本目標…), KPI or project tables, project blocks or revision points",
            )
        return ReadResult(self._document(), self.warnings, layout=self.name)

    def _step(self, i: int) -> int:
        line = self.lines[i]
        if is_blank(line):
            return i + 1
        text = joined(line)
        if REVISION_RE.match(line.text):
            return self._revision(i)
        heading = match_heading(text)
        if heading is not None:
            return self._open_section(heading, i)
        if is_kpi_header(line):
            return self._kpi_table(i)
        if is_project_header(line):
            projects, end = read_project_table(self.lines, i, self.group_status, self.source, self.warnings)
            for p in projects:
                self._add_project(p, self.lines[i])
            return end
        if (status := status_group(text)) is not None:
            self.group_status = status
            return i + 1
        if bullet_of(text):
            return self._bullet(i, text)
        if ranked := self._ranking(i):
            return ranked
        if NOTE_RE.match(text):
            self.notes.append(text.strip())
            return i + 1
        if self.title is None and not self.sections and self._title_line(text):
            return i + 1
        return i + 1

    def _title_line(self, text: str) -> bool:
        t = text.strip()
        if t.startswith("#"):
            self.title = t.lstrip("#").strip()
            return True
        if len(t) <= 80 and not t.endswith("。") and re.search(r"戦略|計画|プラン|ビジョン", t):
            self.title = t
            return True
        return False

    # ---- sections (headings.py) -------------------------------------------------------------
    def _open_section(self, heading: Heading, i: int) -> int:
        title, end = heading.title, i + 1
        if not title:
            title, end = title_after(self.lines, i + 1)
        if not title:
            title = f"{heading.level}{heading.number or ''}"
        self._enter(heading.level, heading.number, title, None)
        return end

    def _enter(self, level: str, number: str | None, title: str, pages: str | None) -> ix.Section:
        rank = level_rank(level)
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        siblings = self.stack[-1][1].sections if self.stack else self.sections
        section = next(
            (s for s in siblings if s.level == level and (s.number == number if number else s.title == title)),
            None,
        )
        if section is None:
            section = ix.Section(level=level, number=number, title=title, pages=pages)
            siblings.append(section)
        elif pages and not section.pages:
            section.pages = pages
        if level not in self.levels:
            self.levels.append(level)
        self.stack.append((rank, section))
        self.project = None
        self.group_status = None
        return section

    def _current(self) -> ix.Section | None:
        return self.stack[-1][1] if self.stack else None

    # ---- tables (kpi_tables.py, project_tables.py) ---------------------------------------------
    def _kpi_table(self, i: int) -> int:
        table, end = read_kpi_table(self.lines, i, self.source, self.warnings)
        notes, end = notes_after(self.lines, end)
        attach_notes(table, notes)
        section = self._current()
        for ind in table.indicators:
            self._add_indicator(ind, section)
        self.project = None
        return end

    def _add_indicator(self, ind: ix.Indicator, section: ix.Section | None) -> None:
        target = section.indicators if section is not None else self.indicators
        for k in target:
            if k.name == ind.name and k.project_number == ind.project_number:
                merge_indicator(k, ind)
                return
        target.append(ind)

    def _add_project(self, project: ix.Project, line: Line) -> None:
        section = self._current()
        if section is None:
            self.warn(line, f"project {project.name!r} is printed before any goal heading")
            section = self._enter("基本目標", None, "（目標なし）", None)
        section.projects.append(project)

    # ---- bullets: projects (initiatives.py, progress.py), notes ----------------------------------
    def _dominant_bullet(self) -> str | None:
        counts: Counter[str] = Counter()
        for line in self.lines:
            t = joined(line).strip()
            b = bullet_of(t)
            if not b or status_group(t) or match_heading(t) or t.endswith(("。", "？", "?")) or len(t) > 80:
                continue
            counts[b] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _bullet(self, i: int, text: str) -> int:
        nxt = next_nonblank(self.lines, i + 1)
        initiative = nxt is not None and labeled(self.lines[nxt])[0] is not None
        t = text.strip()
        tagged = bool(TAG_RE.search(t))
        plain = bullet_of(t) == self.bullet and not t.endswith(("。", "？", "?")) and len(t) <= 80
        if not (initiative or tagged or plain):
            return self._note(i, t)
        project = project_heading(t)
        self._add_project(project, self.lines[i])
        self.project = project
        if initiative:
            return read_initiative(self.lines, i + 1, project, self.source, self.warnings)
        metrics, end = read_progress_block(self.lines, i + 1, project, self._ends_block)
        self.narratives.append((project, metrics))
        return end

    def _note(self, i: int, heading: str) -> int:
        """◎協議体とは？ and its paragraph: a note on the project above, else on the plan."""
        parts = [heading]
        j = next_nonblank(self.lines, i + 1)
        end = i + 1
        if j is not None and self._is_prose(self.lines[j]):
            while j < len(self.lines) and not is_blank(self.lines[j]) and self._is_prose(self.lines[j]):
                parts.append(self.lines[j].text.strip())
                j += 1
            end = j
        note = parts[0] + (" " + "".join(parts[1:]) if len(parts) > 1 else "")
        if self.project is not None:
            self.project.notes.append(note)
        elif len(note) > 15:
            self.notes.append(note)
        return end

    def _is_prose(self, line: Line) -> bool:
        t = joined(line)
        return not (bullet_of(t) or match_heading(t) or is_tab_row(line) or REVISION_RE.match(t))

    def _ends_block(self, i: int) -> bool:
        """A project block ends at the next bullet, heading, table header or revision point."""
        line = self.lines[i]
        t = joined(line)
        return bool(
            bullet_of(t)
            or match_heading(t)
            or is_kpi_header(line)
            or is_project_header(line)
            or REVISION_RE.match(line.text)
        )

    # ---- rankings (progress.py) and revisions (revisions.py) ---------------------------------------
    def _ranking_at(self, i: int) -> bool:
        return ranking(self.lines[i].text, "") is not None

    def _ranking(self, i: int) -> int | None:
        if not self._ranking_at(i):
            return None
        more: list[str] = []
        j = i + 1
        while j < len(self.lines) and not is_blank(self.lines[j]) and self._is_prose(self.lines[j]):
            more.append(self.lines[j].text.strip())
            j += 1
        indicator = ranking(self.lines[i].text, "".join(more))
        if indicator is None:
            return None
        self._add_indicator(indicator, self._current())
        return j

    def _revision(self, i: int) -> int:
        def stop(line: Line) -> bool:
            h = match_heading(joined(line))
            return h is not None and level_rank(h.level) == 0

        block, end = read_revision(self.lines, i, stop)
        self.revisions.append(block.revision)
        heading = match_heading(block.heading_text)
        if heading is not None and heading.title:
            self._enter(heading.level, heading.number, heading.title, block.pages)
            self.stack.clear()
        for ind in block.indicators:
            self._add_indicator(ind, None)
        existing = {(b.indicator, b.area, b.period.label if b.period else None) for b in self.benchmarks}
        for b in block.benchmarks:
            k = (b.indicator, b.area, b.period.label if b.period else None)
            if k not in existing:
                existing.add(k)
                self.benchmarks.append(b)
        return end

    # ---- the document (document.py) -----------------------------------------------------------------
    def _document(self) -> ix.PlanDocument:
        record_evaluations(self.narratives)
        self.indicators = merge_duplicates(self.indicators, self.sections, self.source, self.warnings)
        title = require_title(self.context, plan_title(self.title))
        version = self.context.plan_version or plan_version(self.title or "")
        targets = [
            k.target.period.fiscal_year
            for k in self.indicators + [k for s in all_sections(self.sections) for k in s.indicators]
            if k.target and k.target.period
        ]
        plan = ix.PlanInfo(
            title=title,
            kind=plan_kind(title),
            end_fy=max((t for t in targets if t), default=None),
            version=version,
            section_levels=sorted(self.levels, key=level_rank),
            source=self.title or self.source,
            notes=self.notes,
        )
        data = ix.PlanDocument(
            schema="hyoka.plan/1",
            municipality=require_municipality(self.context),
            plan=plan,
            indicators=self.indicators,
            sections=self.sections,
            benchmarks=self.benchmarks,
            revisions=self.revisions,
        )
        try:  # validate the whole tree once more: it was built by appending to lists
            return ix.PlanDocument.model_validate(data.model_dump(by_alias=True))
        except ValueError as e:
            raise IngestError(self.source, f"the plan read from this file is not valid: {e}") from e
