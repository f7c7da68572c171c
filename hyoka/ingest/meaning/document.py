"""The "tables and blocks" text layout: any city's document → `PlanDocument`, never refusing what can be read.

Stages: layout recovery (`hyoka.ingest.layout.recover_tables`: tables however their cells
arrived) → column meaning (`hyoka.ingest.columns`) → rows (`tables.read_table`), plus the
blocks outside tables: arrow lines (`arrows`), an evaluation sheet's label/value pairs
(`sheet`) and a rating legend (`hyoka.ingest.text.legend.parse_legend`). Headings (基本目標,
施策, 第N章, ①…) make the sections where a document prints them; otherwise each table is
a section named after its title.

A document with any KPI, project or legend is imported, with a warning (and its place) for
each table whose columns were not understood; only a text with none of them is refused. A
plan with no printed title gets one made of the city, the document type and the year
(`〇〇市 施策評価 令和5年度`); `--plan` overrides it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from pydantic import BaseModel

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, LayoutReader, Place, ReadResult, Warning, require_municipality
from hyoka.ingest.choices import TableLog
from hyoka.ingest.columns import column_meanings, is_header_cell
from hyoka.ingest.facts import key
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.arrows import ARROWS, find_arrows
from hyoka.ingest.meaning.glued import is_glued_header, read_glued_tables
from hyoka.ingest.meaning.listed import read_listed_rows
from hyoka.ingest.meaning.pairs import read_dated_pairs
from hyoka.ingest.meaning.prose import read_prose_kpis
from hyoka.ingest.meaning.records import read_labelled_rows
from hyoka.ingest.meaning.references import read_references
from hyoka.ingest.meaning.sheet import is_label_line, read_sheet
from hyoka.ingest.meaning.stream import (
    Stream,
    read_bracketed_departments,
    read_bulleted_projects,
    read_column_runs,
    read_numbered_blocks,
    read_period_runs,
    read_project_rows,
    read_records,
    read_role_runs,
    read_streams,
    stream_of,
)
from hyoka.ingest.meaning.tables import VALUE_KINDS, is_meaningful, read_table
from hyoka.ingest.meaning.unlabelled import read_unlabelled_actuals
from hyoka.ingest.meaning.values import dominant_era, find_period, header_unit
from hyoka.ingest.meaning.values_first import read_values_first
from hyoka.ingest.text.legend import parse_legend
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.document import merge_indicator, plan_kind
from hyoka.ingest.text.outline.headings import level_rank, match_heading
from hyoka.jp import format_fiscal_year
from hyoka.jp.numbers import nfkc

LAYOUT = "tables and blocks"
# The kind of document, for a title made up where none is printed (most specific first).
DOCUMENT_TYPES = (
    "事務事業評価",
    "施策評価",
    "行政評価",
    "効果検証",
    "事業評価",
    "外部評価",
    "総合戦略",
    "総合計画",
    "実施計画",
    "子ども・子育て支援事業計画",
    "評価シート",
    "評価",
)
_TITLE_RE = re.compile(r"(?:戦略|計画|プラン|ビジョン|評価|シート|検証|報告書?|一覧)")
# A legend shows itself by a heading word or a short code with a colon (A：順調, ◎：…, ①:…).
_LEGEND_HINT_RE = re.compile(
    r"評価基準|判定基準|評価区分|凡例|達成度|(?:^|[\s・、])(?:[A-ES][+\-]?|[◎○〇△×]|[①-⑩]|\d{1,2}ポイント)\s*[:：=]|\d{1,2}(?:ポイント|点)\s*$"
)
# A target stated in a sentence (移行する人の目標三百四十六人, 利用者数を令和7年度までに1,200人に) or a
# table read aloud (…、目標、実績の順で記載).
_PROSE_HINT_RE = re.compile(
    r"、[^、\s]{1,20}の順(?:で|に)?(?:記載|表示|掲載)|の目標(?:値|数)?(?:は|が)?\s*[\d〇一二三四五六七八九十百千]|までに\s*[\d〇一二三四五六七八九十百千][^。]{0,8}に"
)
# A sheet's name label anywhere on a line, spaced out or not (事 業 名, 指標名称): the whole sheet may be one line.
_NAME_LABEL_HINT_RE = re.compile(r"事業名|指標名")
_FIGURE_RE = re.compile(r"^[\d,.%△▲-]+$")
_ARROW_RE = re.compile(f"[{ARROWS}]")
_is_header_cell = lru_cache(maxsize=65536)(is_header_cell)
_SENTENCE_END = ("。", "、", "ます", "です")
_M = TypeVar("_M", bound=BaseModel)
_UNTITLED = "\0untitled"  # a table with no title or heading above it: named after the plan at the end


@dataclass
class _Holder:
    """A section (or the plan) with the line it starts at, collecting what is read under it."""

    section: ix.Section | None
    rank: int
    line: int
    children: list[_Holder] = field(default_factory=list)


def detect_tables_and_blocks(lines: list[Line]) -> int:
    """How much of a KPI table, arrow line, sheet or legend the text shows; 0 when none.

    Counts lines that print table header words, arrow pairs or sheet labels, divided by four so
    that the seed layouts, which read their own documents exactly, win where they match.
    """
    count = 0
    for line in lines:
        t = line.text
        if not t.strip():
            continue
        if any(a in t for a in ARROWS) and find_arrows(t):
            count += 1
            continue
        if (
            _LEGEND_HINT_RE.search(t)
            or (("目標" in t or "の順" in t) and _PROSE_HINT_RE.search(t))
            or is_glued_header(t)
            or ("名" in t and _NAME_LABEL_HINT_RE.search(t.replace(" ", "")))
        ):
            count += 1
            continue
        words = [w for w in re.split(r"[\s\t|｜│:：]+", nfkc(t)) if w]
        if any(len(w) <= 8 and not _FIGURE_RE.match(w) and _is_header_cell(w) for w in words[:12]):
            count += 1
    return (count + 3) // 4


def read_tables_and_blocks(lines: list[Line], context: Context) -> ReadResult:
    """Read any document of tables and blocks; see the module docstring."""
    return TablesAndBlocksReader.read(lines, context)


class TablesAndBlocksReader(LayoutReader):
    """The "tables and blocks" layout: recovered tables, then the blocks the rest of the text holds."""

    name = LAYOUT

    def __init__(self, lines: list[Line], context: Context):
        from hyoka.ingest.layout import recover_tables

        super().__init__(lines, context)
        self.text = "\n".join(line.text for line in lines)
        self.era = dominant_era(self.text)
        self.tables: list[Table] = recover_tables(lines, context.source)
        self.root = _Holder(None, -1, 0)
        self.plan_indicators: list[ix.Indicator] = []
        self.found = TableLog(context.column_choices)  # the tables read, with the user's column choices
        self.by_number: dict[int, list[Line]] = {}
        for line in lines:
            self.by_number.setdefault(line.number, []).append(line)
        self.spans: set[int] = set()  # lines of the multi-line tables read
        self.year: int | None = self._year()  # the year the document reports on, where it prints one
        self.name_hint: str | None = None  # a one-row 指標名 table's KPI, for the values table under it
        self.names: set[str] = set()  # names read from tables so far (facts.key)
        self.cells: list[str] = []  # the cells of the tables read, where arrow pairs may stand
        self.levels: list[str] = []

    @staticmethod
    def detect(lines: list[Line]) -> int:
        return detect_tables_and_blocks(lines)

    def run(self) -> ReadResult:
        self._sections()
        inside = self._table_lines()
        found = 0
        for table in self.tables:
            found += self._table(table)
        # the most specific reading first: a name already read is not read again from a looser one
        rest = [line for line in self.lines if line.number not in self.spans]  # not read as a table yet
        stream = stream_of(rest)
        labelled = read_labelled_rows(stream, self.source)
        for grid in labelled:
            found += self._table(grid.table)
        stream = stream.without([grid.used for grid in labelled])
        streams = read_period_runs(rest, self.source, stream) + read_records(rest, self.source, stream)
        streams += read_streams(rest, self.source, stream) + read_column_runs(rest, self.source, stream)
        for table in read_listed_rows(rest, self.source) + read_glued_tables(rest, self.source):
            found += self._table(table)
        projects = read_bulleted_projects(rest, self.source) + read_project_rows(rest, self.source)
        projects += read_bracketed_departments(rest, self.source) + read_numbered_blocks(rest, self.source)
        for table in projects:
            found += self._table(table)
        streams += read_dated_pairs(rest, self.source)
        for table in streams + read_role_runs(rest, self.source, stream):
            names = {key(r[0]) for r in table.rows}
            if len(names & self.names) * 2 >= len(names):
                continue  # already read from a recovered table
            found += self._table(table)
        found += self._arrows(inside)
        found += self._prose()
        self._references(stream)
        found += self._sheet()
        found += self._indicators_at(read_values_first(self.lines, self.era))
        found += self._indicators_at(read_unlabelled_actuals(self.lines, self.era))
        scheme = self._legend()
        if not found and scheme is None:
            raise IngestError(
                self.source,
                "not a plan: no KPI (指標 with values), project (事業名) or rating legend (評価基準) found",
            )
        return ReadResult(self._document(scheme), self.warnings, layout=LAYOUT, tables=self.found.tables)

    # ---- sections ----------------------------------------------------------------------------
    def _sections(self) -> None:
        stack = [self.root]
        for line in self.lines:
            text = line.text.replace("\t", " ").strip()
            if not text or len(text) > 80:
                continue
            heading = match_heading(text)
            if heading is None or not (heading.title or heading.number):
                continue
            rank = level_rank(heading.level)
            while stack[-1].rank >= rank:
                stack.pop()
            title = heading.title or f"{heading.level}{heading.number or ''}"
            section = ix.Section(level=heading.level, number=heading.number, title=title)
            holder = _Holder(section, rank, line.number)
            stack[-1].children.append(holder)
            stack.append(holder)
            if heading.level not in self.levels:
                self.levels.append(heading.level)

    def _holder_at(self, line: int) -> _Holder:
        """The deepest section whose heading is printed before `line`."""
        holder = self.root
        while True:  # children are in the order of their lines: a bisection, not a scan, per table
            at = bisect_right(holder.children, line, key=_line_of)
            if not at:
                return holder
            holder = holder.children[at - 1]

    def _section_for(self, line: int, title: str | None) -> ix.Section:
        holder = self._holder_at(line)
        if holder.section is not None:
            return holder.section
        # no heading above: a section named after the table's title (or the plan's)
        name = (title or "").strip() or _UNTITLED
        for child in self.root.children:
            if child.section is not None and child.section.level == "表" and child.section.title == name:
                return child.section
        section = ix.Section(level="表", title=name)
        self.root.children.insert(0, _Holder(section, 0, 0))
        if "表" not in self.levels:
            self.levels.append("表")
        return section

    # ---- tables --------------------------------------------------------------------------------
    def _table_lines(self) -> set[int]:
        inside: set[int] = set()
        for t in self.tables:
            lines = [p.line for p in [t.place, *t.row_places] if p.line is not None]
            lines += [t.last_line] if t.last_line is not None else []
            if lines:
                inside |= set(range(min(lines), max(lines) + 1))
        return inside

    def _table(self, table: Table) -> int:
        meanings = self.found.meanings(table, column_meanings(table.header))
        named_above = self.name_hint is not None and any(m.kind in VALUE_KINDS for m in meanings)
        if not is_meaningful(meanings) and not named_above:
            if hint := _name_only(table, meanings):
                self.name_hint = hint  # 指標名 | 指標の分類 — its figures are in the next table
                return 0
            if any(m.kind != "unknown" for m in meanings) and table.rows:
                header = " | ".join(h.strip() for h in table.header)
                self.warnings.append(Warning(table.place, f"a table whose columns were not understood: {header}"))
            return 0
        line = table.place.line or 0
        lines = [p.line for p in [table.place, *table.row_places] if p.line is not None]
        lines += [table.last_line] if table.last_line is not None else []
        if lines and max(lines) > min(lines):  # a one-line document's table does not hide the rest of it
            self.spans |= set(range(min(lines), max(lines) + 1))
        self.cells += [c for row in table.rows for c in row if _ARROW_RE.search(c)]
        reading = read_table(
            table,
            meanings,
            era_hint=self.era,
            unit=self._unit_above(line) or None,
            name_hint=self.name_hint,
            fiscal_year=self.year,
        )
        self.name_hint = None
        self.warnings += reading.warnings
        section = self._section_for(line, table.title)
        for k in reading.indicators:
            _add_indicator(section.indicators, k, self.warnings, table.place)
            self.names.add(key(k.name))
        for p in reading.projects:
            section.projects.append(p)
        return len(reading.indicators) + len(reading.projects)

    def _unit_above(self, line: int) -> str | None:
        """（単位：千円） printed on the lines just above a table."""
        for n in range(max(line - 3, 0), line):
            for candidate in self.by_number.get(n, []):
                if "単位" in candidate.text and (u := header_unit(candidate.text)):
                    return u
        return None

    # ---- arrow lines ------------------------------------------------------------------------------
    def _arrows(self, inside: set[int]) -> int:
        found = 0
        for line in self.lines:
            if not any(a in line.text for a in ARROWS):
                continue
            for arrow in find_arrows(line.text, self.era):
                if line.number in inside and any(arrow.before.text.strip() in c for c in self.cells):
                    continue  # read with its table row
                if not arrow.name:
                    self.warnings.append(
                        Warning(
                            line.place(self.source), f"an arrow pair with no KPI name is skipped: {line.text.strip()}"
                        )
                    )
                    continue
                unit = arrow.before.unit or arrow.after.unit
                k = ix.Indicator(
                    name=arrow.name,
                    unit=unit,
                    direction="increase" if (arrow.after.value or 0) >= (arrow.before.value or 0) else "decrease",
                    baseline=ix.Baseline(value=arrow.before.value, period=arrow.before.period),
                    target=ix.Target(value=arrow.after.value, text=arrow.after.text.strip(), period=arrow.after.period),
                )
                _add_indicator(
                    self._section_for(line.number, None).indicators, k, self.warnings, line.place(self.source)
                )
                found += 1
        return found

    # ---- KPIs stated in sentences ------------------------------------------------------------------
    def _prose(self) -> int:
        kpis = read_prose_kpis(self.text, self.era)
        if not kpis:
            return 0
        known = {key(k.name) for s in self._all() for k in s.indicators}
        starts = []
        at = 0
        for line in self.lines:
            starts.append(at)
            at += len(line.text) + 1
        found = 0
        for kpi in kpis:
            if key(kpi.indicator.name) in known:
                continue
            line = self.lines[max(bisect_right(starts, kpi.at) - 1, 0)]
            section = self._section_for(line.number, None)
            _add_indicator(section.indicators, kpi.indicator, self.warnings, line.place(self.source))
            found += 1
        return found

    # ---- figures printed under KPI(1), KPI(2) ---------------------------------------------------------
    def _references(self, stream: Stream) -> None:
        """Yearly figures of a KPI printed under its number (`references`), added to the KPI read."""
        if "達成率" not in self.text or not ("KPI" in self.text or "指標" in self.text):
            return
        indicators = [k for s in self._all() for k in s.indicators]
        for reading in read_references(stream, indicators, self.era):
            k = indicators[reading.index]
            if k.baseline is None and reading.baseline is not None:
                k.baseline = ix.Baseline(value=reading.baseline)
            known = {o.period.fiscal_year or o.period.label for o in k.observations}
            k.observations += [
                ix.Observation(value=v, period=p) for p, v in reading.actuals if (p.fiscal_year or p.label) not in known
            ]

    # ---- an evaluation sheet ------------------------------------------------------------------------
    def _sheet(self) -> int:
        sheet = read_sheet([line.text for line in self.lines], self.era)
        if sheet is None:
            return 0
        project = sheet.project()
        found = 0
        line = sheet.line or 1
        section = self._section_for(line, None)
        if project is not None and self._single_project_sheet():
            # a sheet evaluates one project: what tables inside it list are its activities, not projects
            for s in self._all():
                for other in s.projects:
                    self.warnings.append(
                        Warning(
                            Place(self.source, line=line), f"{other.name!r} is read as an activity of {project.name!r}"
                        )
                    )
                s.projects = []
        if project is not None and all(p.name != project.name for s in self._all() for p in s.projects):
            section.projects.append(project)
            found += 1
        for k in sheet.kpis:
            if k.baseline or k.target or k.observations:
                _add_indicator(section.indicators, k, self.warnings, Place(self.source, line=line))
                found += 1
        return found

    def _indicators_at(self, indicators: list[tuple[ix.Indicator, Line]]) -> int:
        """A sheet's indicators read beside its tables (`values_first`, `unlabelled`), each under the
        section of its line, unless a table read the name already."""
        found = 0
        for k, line in indicators:
            if key(k.name) in self.names:
                continue
            _add_indicator(self._section_for(line.number, None).indicators, k, self.warnings, line.place(self.source))
            self.names.add(key(k.name))
            found += 1
        return found

    def _single_project_sheet(self) -> bool:
        """The document calls itself a sheet of one project (事務事業評価シート, 予算見積調書 …)."""
        head = "".join(line.text for line in self.lines[:12])
        return bool(re.search(r"評価シート|事業評価|見積調書|評価調書|評価表|事業シート|個票", head))

    # ---- the legend ---------------------------------------------------------------------------------
    def _legend(self) -> ix.EvaluationScheme | None:
        # lines read as a sheet's label/value pairs (評価：B) are facts of the sheet, not legend entries
        text = "\n".join("" if is_label_line(line.text) else line.text for line in self.lines)
        scheme = parse_legend(text)
        if scheme is None or not (scheme.grades or scheme.achievement_levels):
            return None
        return scheme

    # ---- the document --------------------------------------------------------------------------------
    def _all(self) -> list[ix.Section]:
        found: list[ix.Section] = []

        def walk(holder: _Holder) -> None:
            for child in holder.children:
                if child.section is not None:
                    found.append(child.section)
                walk(child)

        walk(self.root)
        return found

    def _title(self) -> tuple[str, bool]:
        """The printed title near the top, else one made of city, document type and year."""
        for line in self.lines[:20]:
            t = re.sub(r"\s+", " ", line.text.replace("\t", " ")).strip()
            if 4 <= len(t) <= 60 and _TITLE_RE.search(t) and not t.endswith(_SENTENCE_END) and match_heading(t) is None:
                return t, True
        city = self.context.municipality.name if self.context.municipality else ""
        doc_type = next((d for d in DOCUMENT_TYPES if d in self.text), "計画")
        year = self._year()
        parts = [city, doc_type, format_fiscal_year(year) if year else ""]
        return " ".join(p for p in parts if p), False

    def _year(self) -> int | None:
        """The year a document reports on: the 年度 its first lines print most, else its latest actual."""
        years: Counter[int] = Counter()
        for line in self.lines[:40]:
            if "年度" in line.text and (p := find_period(line.text, self.era)) and p.fiscal_year:
                years[p.fiscal_year] += 1
        if years:
            return years.most_common(1)[0][0]
        actual = [o.period.fiscal_year for s in self._all() for k in s.indicators for o in k.observations]
        return max((y for y in actual if y), default=None)

    def _document(self, scheme: ix.EvaluationScheme | None) -> ix.PlanDocument:
        title, printed = self._title()
        title = self.context.plan_title or title
        if not printed and not self.context.plan_title:
            self.warnings.append(Warning(Place(self.source), f"no title is printed; the plan is called {title!r}"))
        for holder in self.root.children:
            if holder.section is not None and holder.section.title == _UNTITLED:
                holder.section.title = title
        sections = _tree(self.root)
        self._dedupe(sections)
        targets = [
            k.target.period.fiscal_year
            for s in self._all()
            for k in s.indicators
            if k.target and k.target.period and k.target.period.fiscal_year
        ]
        plan = ix.PlanInfo(
            title=title,
            kind=plan_kind(title),
            end_fy=max(targets, default=None),
            version=self.context.plan_version or "",
            section_levels=sorted(self.levels, key=level_rank),
            source=self.source,
        )
        data = ix.PlanDocument(
            schema="hyoka.plan/1",
            municipality=require_municipality(self.context),
            plan=plan,
            evaluation_scheme=scheme,
            indicators=self.plan_indicators,
            sections=sections,
        )
        try:
            return _checked(data)
        except ValueError as e:
            raise IngestError(self.source, f"the plan read from this file is not valid: {e}") from e

    def _dedupe(self, sections: list[ix.Section]) -> None:
        """Natural keys are unique plan-wide: a KPI or project printed twice is merged into the first."""
        seen_k: dict[tuple[str, str | None], ix.Indicator] = {}
        seen_p: dict[tuple[str | None, str], ix.Project] = {}

        def walk(ss: list[ix.Section]) -> None:
            for s in ss:
                kept_k = []
                for k in s.indicators:
                    key = (k.name, k.project_number)
                    if key in seen_k:
                        merge_indicator(seen_k[key], k)
                        continue
                    seen_k[key] = k
                    kept_k.append(k)
                s.indicators = kept_k
                kept_p = []
                for p in s.projects:
                    key_p = (p.number, p.name)
                    if key_p in seen_p:
                        first = seen_p[key_p]
                        first.departments += [d for d in p.departments if d not in first.departments]
                        continue
                    seen_p[key_p] = p
                    kept_p.append(p)
                s.projects = kept_p
                walk(s.sections)

        walk(sections)


def _checked(doc: ix.PlanDocument) -> ix.PlanDocument:
    """`doc` validated again where reading changed it after it was built, without a copy.

    Merging a KPI printed twice, joining a section printed on two pages and dropping duplicates
    change lists of models already built, which pydantic does not see. Revalidating a dump of the
    whole plan re-checks every value (the largest cost of reading a long document); a model given
    its own fields, whose nested models are instances, is checked one level deep (its field types
    and its own rules: one observation per period, unique children). So every container the
    reader changes is checked that way, and the values, built once by their constructors, are not.
    """
    for section in doc.all_sections():
        for model in [*section.indicators, *section.projects, section]:
            _shallow(model)
    for k in doc.indicators:
        _shallow(k)
    return _shallow(doc)


def _shallow(model: _M) -> _M:
    fields = type(model).model_fields
    return type(model).model_validate({f.alias or name: getattr(model, name) for name, f in fields.items()})


def _name_only(table: Table, meanings: list) -> str | None:
    """The KPI of a one-row table that names it and holds no figures (指標名 | 指標の分類)."""
    kinds = [m.kind for m in meanings]
    if "kpi_name" not in kinds or any(k in VALUE_KINDS for k in kinds) or len(table.rows) != 1:
        return None
    name = table.rows[0][kinds.index("kpi_name")].strip()
    return name or None


def _line_of(holder: _Holder) -> int:
    return holder.line


def _tree(holder: _Holder) -> list[ix.Section]:
    """The holders' sections as a tree, dropping sections that hold nothing at any depth."""
    out: list[ix.Section] = []
    first: dict[tuple[str, str | None, str], ix.Section] = {}  # the first section of each key in `out`
    for child in holder.children:
        below = _tree(child)
        if child.section is None:
            out += below
            for b in below:
                first.setdefault((b.level, b.number, b.title), b)
            continue
        s = child.section
        s.sections = [x for x in below if all(x is not y for y in s.sections)] or s.sections
        if not (s.indicators or s.projects or s.sections):
            continue
        twin = first.get((s.level, s.number, s.title))
        if twin is None:
            out.append(s)
            first[(s.level, s.number, s.title)] = s
        else:  # the same heading printed again (next page): one section
            twin.indicators += s.indicators
            twin.projects += s.projects
            twin.sections += s.sections
    return out


def _add_indicator(into: list[ix.Indicator], k: ix.Indicator, warnings: list[Warning], place: Place) -> None:
    for existing in into:
        if existing.name == k.name and existing.project_number == k.project_number:
            merge_indicator(existing, k)
            return
    into.append(k)
