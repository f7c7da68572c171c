"""The "outline" family of plan texts: goals and policies with tables and blocks under them.

One reader for the layouts cities print a strategy in (see DESIGN.md): 基本目標 / 基本施策 /
施策の方向 / 第1章 / ①… headings; KPI tables and project tables with header rows
(outline_tables); ○project blocks with narrative and highlight metrics, ◇initiative【継続】
施策311 blocks with 予算事務事業 rows; external rankings; 【対象ページ】 revision points with
KPIs and benchmarks in their prose (outline_prose). It keys on this structure only, never on
a city's wording, so another city's plan in the same family reads without changes.

Public: `detect_outline(lines)` (how many outline structures the text shows, 0 = none) and
`read_outline(lines, context)`.
"""

from __future__ import annotations

import re
from collections import Counter

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, LayoutReader, Place, ReadResult, Warning, require_municipality
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline_blocks import (
    NOTE_RE,
    TAG_RE,
    labeled,
    merge_indicator,
    plan_kind,
    plan_title,
    plan_version,
    project_heading,
    read_initiative,
)
from hyoka.ingest.text.outline_common import (
    bullet_of,
    cells,
    is_blank,
    is_tab_row,
    joined,
    level_rank,
    looks_like_period,
    match_heading,
    prep,
    status_group,
)
from hyoka.ingest.text.outline_prose import (
    ARROW_RE,
    REVISION_RE,
    highlight,
    line_metrics,
    ranking,
    read_revision,
    table_metrics,
)
from hyoka.ingest.text.outline_tables import (
    attach_notes,
    is_kpi_header,
    is_project_header,
    read_kpi_table,
    read_project_table,
)

__all__ = ["OutlineReader", "detect_outline", "read_outline"]


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

    # ---- sections ---------------------------------------------------------------------------
    def _open_section(self, heading, i: int) -> int:
        title, end = heading.title, i + 1
        if not title:
            title, end = self._title_after(i + 1)
        if not title:
            title = f"{heading.level}{heading.number or ''}"
        self._enter(heading.level, heading.number, title, None)
        return end

    def _title_after(self, i: int) -> tuple[str, int]:
        """A goal's title printed on the lines after its number, possibly wrapped over two."""
        while i < len(self.lines) and is_blank(self.lines[i]):
            i += 1
        parts: list[str] = []
        while i < len(self.lines) and not is_blank(self.lines[i]) and len(parts) < 3:
            line = self.lines[i]
            t = joined(line)
            if (
                is_tab_row(line)
                or bullet_of(t)
                or match_heading(t)
                or t.endswith("。")
                or len(t) > 60
                or REVISION_RE.match(t)
            ):
                break
            if parts and not re.search(r"[\u3041-\u309f、・]$", parts[-1]):
                break  # a wrapped title breaks after a particle (…人々にとって / 魅力あふれる…)
            parts.append(t.strip())
            i += 1
        return "".join(parts), i

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

    # ---- tables ------------------------------------------------------------------------------
    def _kpi_table(self, i: int) -> int:
        table, end = read_kpi_table(self.lines, i, self.source, self.warnings)
        notes: list[str] = []
        j = end
        while j < len(self.lines):
            line = self.lines[j]
            if is_blank(line):
                j += 1
                continue
            t = line.text.strip()
            if not NOTE_RE.match(t):
                break
            notes.append(t)
            j += 1
        attach_notes(table, notes)
        section = self._current()
        for ind in table.indicators:
            self._add_indicator(ind, section)
        self.project = None
        return j if notes else end

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
            self.warnings.append(
                Warning(line.place(self.source), f"project {project.name!r} is printed before any goal heading")
            )
            section = self._enter("基本目標", None, "（目標なし）", None)
        section.projects.append(project)

    # ---- bullets: projects, notes --------------------------------------------------------------
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
        nxt = self._next_nonblank(i + 1)
        initiative = nxt is not None and labeled(self.lines[nxt])[0] is not None
        t = text.strip()
        tagged = bool(TAG_RE.search(t))
        plain = bullet_of(t) == self.bullet and not t.endswith(("。", "？", "?")) and len(t) <= 80
        if not (initiative or tagged or plain):
            return self._note(i, t)
        project = project_heading(t)
        if initiative:
            self._add_project(project, self.lines[i])
            self.project = project
            return read_initiative(self.lines, i + 1, project, self.source, self.warnings)
        self._add_project(project, self.lines[i])
        self.project = project
        return self._narrative(project, i + 1)

    def _note(self, i: int, heading: str) -> int:
        """◎協議体とは？ and its paragraph: a note on the project above, else on the plan."""
        parts = [heading]
        j = self._next_nonblank(i + 1)
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

    def _stops_block(self, line: Line) -> bool:
        t = joined(line)
        return bool(
            bullet_of(t)
            or match_heading(t)
            or is_kpi_header(line)
            or is_project_header(line)
            or REVISION_RE.match(line.text)
        )

    def _narrative(self, project: ix.Project, i: int) -> int:
        """A ○project block: narrative, highlight metrics, metric lines and rows, image captions."""
        metrics: list[ix.Metric] = []
        paragraphs: list[list[str]] = []
        blanks = 0
        last_name: str | None = None
        while i < len(self.lines):
            line = self.lines[i]
            if is_blank(line):
                blanks += 1
                i += 1
                continue
            if self._stops_block(line) or self._ranking_at(i):
                break
            t = prep(line.text).strip()
            if found := highlight(self.lines, i):
                metrics.append(found[0])
                last_name = found[0].name
                i, blanks = found[1], 0
                continue
            if is_tab_row(line):
                rows: list[list[str]] = []
                while i < len(self.lines) and is_tab_row(self.lines[i]) and not self._stops_block(self.lines[i]):
                    rows.append(cells(self.lines[i]))
                    i += 1
                metrics.extend(table_metrics(rows, looks_like_period))
                blanks = 0
                continue
            if found_line := line_metrics(line.text, last_name):
                metrics.extend(found_line)
                last_name = found_line[0].name
                i, blanks = i + 1, 0
                continue
            if blanks >= 2 and len(t) <= 40 and not re.search(r"[。、\d]", t):
                project.attachments.append(ix.Attachment(title=line.text.strip(), kind="image"))
                i, blanks = i + 1, 0
                continue
            if blanks or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line.text.strip())
            i, blanks = i + 1, 0
        text = "\n".join("".join(p) for p in paragraphs if p)
        project.description = project.description or (text or None)
        self.narratives.append((project, metrics))
        return i

    # ---- rankings and revisions ------------------------------------------------------------------
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

    # ---- helpers ----------------------------------------------------------------------------------
    def _next_nonblank(self, i: int) -> int | None:
        while i < len(self.lines) and is_blank(self.lines[i]):
            i += 1
        return i if i < len(self.lines) else None

    def _all_sections(self) -> list[ix.Section]:
        found: list[ix.Section] = []

        def walk(ss: list[ix.Section]) -> None:
            for s in ss:
                found.append(s)
                walk(s.sections)

        walk(self.sections)
        return found

    # ---- the document ------------------------------------------------------------------------------
    def _document(self) -> ix.PlanDocument:
        self._evaluations()
        self._dedupe()
        title = self.context.plan_title or plan_title(self.title)
        if not title:
            raise IngestError(self.source, 'the plan has no title: give it (--plan "…"); none is printed')
        version = self.context.plan_version or plan_version(self.title or "")
        targets = [
            k.target.period.fiscal_year
            for k in self.indicators + [k for s in self._all_sections() for k in s.indicators]
            if k.target and k.target.period
        ]
        levels = sorted(self.levels, key=level_rank)
        plan = ix.PlanInfo(
            title=title,
            kind=plan_kind(title),
            end_fy=max((t for t in targets if t), default=None),
            version=version,
            section_levels=levels,
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

    def _evaluations(self) -> None:
        """A progress summary's blocks are the year's evaluation: narrative plus metrics."""
        years = [m.period.fiscal_year for _, ms in self.narratives for m in ms if m.period and m.period.fiscal_year]
        if not years:
            for project, metrics in self.narratives:
                project.notes.extend(f"{m.text or m.name}: {m.value}{m.unit or ''}" for m in metrics)
            return
        year = Counter(years).most_common(1)[0][0]
        year = max(years) if max(years) > year else year
        for project, metrics in self.narratives:
            project.evaluations.append(ix.Evaluation(fiscal_year=year, narrative=project.description, metrics=metrics))

    def _dedupe(self) -> None:
        """Natural keys must be unique plan-wide: a project printed twice is merged into the first."""
        seen: dict[tuple[str | None, str], ix.Project] = {}
        for section in self._all_sections():
            kept: list[ix.Project] = []
            for p in section.projects:
                key = (p.number, p.name)
                if key in seen:
                    first = seen[key]
                    self.warnings.append(
                        Warning(Place(self.source), f"project {p.name!r} is printed twice; merged into the first")
                    )
                    first.departments += [d for d in p.departments if d not in first.departments]
                    first.budget_items += p.budget_items
                    first.policy_refs += [r for r in p.policy_refs if r not in first.policy_refs]
                    first.notes += p.notes
                    continue
                seen[key] = p
                kept.append(p)
            section.projects = kept
        names: dict[tuple[str, str | None], ix.Indicator] = {}
        for holder in [None, *self._all_sections()]:
            inds = self.indicators if holder is None else holder.indicators
            kept_i: list[ix.Indicator] = []
            for k in inds:
                key = (k.name, k.project_number)
                if key in names:
                    self.warnings.append(
                        Warning(Place(self.source), f"indicator {k.name!r} is printed twice; merged into the first")
                    )
                    merge_indicator(names[key], k)
                    continue
                names[key] = k
                kept_i.append(k)
            if holder is None:
                self.indicators = kept_i
            else:
                holder.indicators = kept_i
