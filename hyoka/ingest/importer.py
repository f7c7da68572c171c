"""Bring a document read by `hyoka.ingest` into the database: match, preview, apply.

A city imports next year's evaluation of a plan it already has. The incoming projects
and indicators are matched to the existing ones (by number and name, by name, by budget
codes, by number with a similar name) and take their natural keys, so the loader adds the new year's observations and
evaluations to them instead of creating duplicates. Nothing already there is deleted.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import islice

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from hyoka import interchange as ix
from hyoka.indicators.models import Indicator
from hyoka.ingest import Context, IngestError, Warning, read_bytes, sniff
from hyoka.ingest.base import FoundTable, ReadResult
from hyoka.ingest.choices import Choice, ChoiceError, describe, mark_remembered, merge, resolve
from hyoka.ingest.encoding import decode
from hyoka.ingest.limits import configured
from hyoka.ingest.models import ColumnChoice
from hyoka.ingest.readers.workbook import PLAN, open_workbook, sheet_rows
from hyoka.jp import format_cell, municipalities
from hyoka.plans.loader import LoadError, LoadResult, load_document, lock_municipality
from hyoka.plans.matching import number_key, text_key
from hyoka.plans.models import Municipality, Plan
from hyoka.projects.models import Project

logger = logging.getLogger("hyoka.ingest")

MAX_DETAILS = 60  # changed rows listed before "show all" (--all-changes on the command line)


@dataclass(frozen=True)
class Match:
    kind: str  # 事業 / 指標
    incoming: str
    existing: str
    by: str  # what matched: 番号・事業名, 事業名, 予算事務事業コード …


@dataclass
class ImportOutcome:
    document: ix.PlanDocument
    existing_plan: Plan | None
    matches: list[Match]
    load: LoadResult
    applied: bool


def read_document(
    data: bytes,
    *,
    source: str,
    municipality: str | None = None,
    municipality_code: str | None = None,
    prefecture: str | None = None,
    plan_title: str | None = None,
    column_choices: Mapping[str, Mapping[int | str, str]] | None = None,
    columns: Sequence[Choice] = (),
) -> ReadResult:
    """Read an uploaded or named file with what the user told us (the CLI's options, the web form's fields).

    A column means what the user said for this import (`column_choices` by table signature, from the
    web preview; `columns` by table number, from `--column`), else what the city said at an earlier
    import of the same layout (`ColumnChoice`), else what its header's words say.
    Raises IngestError naming `source` for anything that keeps it from being read, the city included.
    """
    city = municipality_for(
        data, source, name=municipality or None, code=municipality_code or None, prefecture=prefecture or None
    )
    remembered = ColumnChoice.objects.for_municipality(city.code).as_choices() if city else {}
    explicit = merge(column_choices or {})
    context = Context(
        municipality=city, plan_title=plan_title or None, source=source, column_choices=merge(remembered, explicit)
    )
    result = read_bytes(data, context)
    if columns:  # numbered as the preview numbers the tables: read once to learn which tables those are
        try:
            explicit = merge(explicit, resolve(columns, result.tables))
        except ChoiceError as e:
            raise IngestError(source, f"--column: {e}") from e
        result = read_bytes(data, replace(context, column_choices=merge(remembered, explicit)))
    result.tables = mark_remembered(result.tables, explicit)
    return result


def municipality_for(
    data: bytes, source: str, *, name: str | None, code: str | None, prefecture: str | None
) -> ix.Municipality | None:
    """The city the user named, else the one the file names (text, CSV, a PDF's first pages, a workbook's first rows).

    A stored city is taken as stored; any other comes from the national list (全国地方公共団体コード), so a
    new city needs no code: its row is created when the import is applied. A code given by the user is
    for a city the list does not have yet (a merger after the list was made).
    """
    if name:
        stored = find_municipality(name, prefecture)
        if stored is not None:
            return _as_interchange(stored)
        if code:
            return _unlisted(source, name, code, prefecture)
        try:
            listed = municipalities.find(name, prefecture)
        except municipalities.MunicipalityError as e:
            raise IngestError(source, str(e)) from e
        return _as_interchange(_stored(listed) or listed)
    text = _opening_text(data, source)
    try:
        listed = municipalities.named_in(text)
    except municipalities.AmbiguousMunicipality as e:
        return _one_of(source, e, prefecture)
    if listed is not None:
        return _as_interchange(_stored(listed) or listed)
    stored = municipality_named_in(text)
    return _as_interchange(stored) if stored else None  # else the reader asks for it


def _one_of(source: str, e: municipalities.AmbiguousMunicipality, prefecture: str | None) -> ix.Municipality:
    """The file names a city of several prefectures: the one in the prefecture given, else the one stored."""
    listed = municipalities.prefecture(prefecture) if prefecture else None
    there = [c for c in e.candidates if listed and c.prefecture == listed.name]
    if len(there) == 1:
        return _as_interchange(_stored(there[0]) or there[0])
    stored = [row for c in e.candidates if (row := _stored(c)) is not None]
    if len(stored) == 1:
        return _as_interchange(stored[0])
    raise IngestError(
        source, f"the file names {e.name}, which is in more than one prefecture ({e.listed}): give the prefecture"
    ) from e


def _as_interchange(row: Municipality | municipalities.LocalGovernment) -> ix.Municipality:
    return ix.Municipality(code=row.code, name=row.name, prefecture=row.prefecture)


def _unlisted(source: str, name: str, code: str, prefecture: str | None) -> ix.Municipality:
    if not prefecture:
        raise IngestError(source, f"{name!r} with code {code}: also give its prefecture")
    try:
        return ix.Municipality(code=code, name=name, prefecture=prefecture)
    except ValueError as e:
        raise IngestError(source, f"municipality code {code}: {e}") from e


def find_municipality(name: str, prefecture: str | None = None) -> Municipality | None:
    """The stored city of that name (in that prefecture), if exactly one."""
    rows = Municipality.objects.filter(name=name.strip())
    if prefecture:
        listed = municipalities.prefecture(prefecture)
        rows = rows.filter(prefecture=listed.name if listed else prefecture.strip())
    found = list(rows[:2])
    return found[0] if len(found) == 1 else None


def _stored(listed: municipalities.LocalGovernment) -> Municipality | None:
    """The stored row of a city of the list: by code, else by name and prefecture (a row stored with another code)."""
    return (
        Municipality.objects.filter(code=listed.code).first()
        or Municipality.objects.filter(name=listed.name, prefecture=listed.prefecture).first()
    )


def municipality_named_in(text: str) -> Municipality | None:
    """The stored municipality whose name the text mentions first (for files that print it outside their title)."""
    best: tuple[int, Municipality] | None = None
    for municipality in Municipality.objects.all():
        at = text.find(municipality.name)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, municipality)
    return best[1] if best else None


OPENING_PAGES = 2  # of a PDF, where its title and city are printed
OPENING_ROWS = 15  # of each sheet of a workbook


def _opening_text(data: bytes, source: str) -> str:
    """Where a file prints whose it is, as text; "" where that is not cheap or the file is unreadable
    (the reader then says what is wrong with it). Hyoka's own workbook and JSON name their city."""
    kind = sniff(data, source)
    try:
        if kind in ("txt", "csv"):
            return decode(data, source)
        if kind == "pdf":
            return _pdf_opening(data)
        if kind == "xlsx":
            return _workbook_opening(data, source)
    except Exception:  # pdfminer and openpyxl raise many kinds; the reader reports the damage with its place
        return ""
    return ""


def _pdf_opening(data: bytes) -> str:
    import pdfplumber

    # Only the opening pages are built: pdf.pages alone would parse every page of a huge file first.
    with pdfplumber.open(io.BytesIO(data), pages=list(range(1, OPENING_PAGES + 1))) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _workbook_opening(data: bytes, source: str) -> str:
    wb = open_workbook(data, source, read_only=True)
    try:
        if PLAN in wb.sheetnames:
            return ""  # Hyoka's workbook: its 計画 sheet names the city with its code
        lines = []
        for ws in wb.worksheets:
            # sheet_rows ignores a sheet's claimed size, which would pad each row to 16,384 columns
            for row in islice(sheet_rows(ws, source, configured()), OPENING_ROWS):
                lines.append("\t".join(str(v) for v in row if v is not None and str(v).strip()))
        return "\n".join(lines)
    finally:
        wb.close()


def import_document(result: ReadResult, *, apply: bool, source: str = "", by=None) -> ImportOutcome:
    """Match the document to what is stored and load it; roll back unless `apply`.

    The city's row is locked before the plan is read, so two imports of one document run one after the
    other and the second matches the first's rows (no duplicate projects, KPIs or sections).
    """
    doc = result.document.model_copy(deep=True)
    with transaction.atomic():
        lock_municipality(doc.municipality.code)
        plans = Plan.objects.filter(municipality__code=doc.municipality.code, title=doc.plan.title)
        existing = plans.filter(version=doc.plan.version).first() or plans.order_by("pk").first()
        if existing is not None:
            doc.plan.version = existing.version  # documents seldom print the 期; the stored plan's stands
        matches = _align(doc, existing) if existing else []
        try:
            load = load_document(doc, prune=False, source=source, by=by)
        except LoadError as e:  # a number or text the database cannot hold, a grade the scheme lacks: a message
            raise IngestError(source or "<document>", str(e)) from e
        if apply:
            remember_choices(result.tables, municipality=load.plan.municipality, by=by)
        else:
            transaction.set_rollback(True)
    if apply:
        logger.info("import applied: %s by %s: %s — %s", source or "?", by or "command line", load.plan, load.summary())
    return ImportOutcome(doc, existing, matches, load, applied=apply)


def remember_choices(tables: Sequence[FoundTable], *, municipality: Municipality, by=None) -> None:
    """This import's column choices become the city's, for its next import of the same layouts.

    A column chosen back to what its header's words say forgets the remembered choice instead.
    """
    for table in tables:
        for column, found in enumerate(table.columns):
            if found.origin != "chosen":
                continue
            rows = ColumnChoice.objects.filter(municipality=municipality, signature=table.signature, column=column)
            if found.kind == found.read_as:
                rows.delete()
                continue
            ColumnChoice.objects.update_or_create(
                municipality=municipality,
                signature=table.signature,
                column=column,
                defaults={
                    "kind": found.kind,
                    "header": found.header.strip()[:200],
                    "chosen_by": by if by is not None and by.is_authenticated else None,
                    "chosen_at": timezone.now(),
                },
            )


def _align(doc: ix.PlanDocument, plan: Plan) -> list[Match]:
    """Give incoming projects and indicators the natural keys of the stored ones they match."""
    matches: list[Match] = []
    stored = list(Project.objects.filter(plan=plan).prefetch_related("budget_links__budget_item"))
    by_key = {(number_key(p.number), text_key(p.name)): p for p in stored}  # （ ） = ( ), ① = 1, spacing
    by_name = _unique_index(stored, lambda p: text_key(p.name))
    by_codes = _unique_index(stored, _budget_codes)
    by_number = _unique_index(stored, lambda p: number_key(p.number) or None)
    taken: set[int] = set()
    for incoming in doc.all_projects():
        number, name = incoming.number or "", incoming.name
        codes = frozenset(b.code for b in incoming.budget_items if b.code) or None
        found, by = by_key.get((number_key(number), text_key(name))), "番号・事業名"
        if found is None and text_key(name) in by_name:
            found, by = by_name[text_key(name)], "事業名"
        if found is None and codes and codes in by_codes:
            found, by = by_codes[codes], "予算事務事業コード"
        if found is None and number_key(number) in by_number and _similar(name, by_number[number_key(number)].name):
            found, by = by_number[number_key(number)], "番号（事業名が一部異なる）"
        if found is None or found.pk in taken:
            continue
        taken.add(found.pk)
        incoming.number, incoming.name = found.number or None, found.name
        label = f"{number} {name}".strip()
        matches.append(Match("事業", label, str(found), by))

    stored_indicators = Indicator.objects.filter(plan=plan).select_related("project")
    indicator_keys = {
        (text_key(k.name), number_key(k.project.number) if k.project else None) for k in stored_indicators
    }
    for k in doc.all_indicators():
        if (text_key(k.name), number_key(k.project_number) if k.project_number is not None else None) in indicator_keys:
            matches.append(Match("指標", k.name, k.name, "指標名"))
    return matches


def _similar(a: str, b: str) -> bool:
    """Names that are the same project reworded (…の向上 / …の向上事業), not a different project."""
    return SequenceMatcher(None, a, b).ratio() >= 0.6


def _budget_codes(project: Project) -> frozenset[str] | None:
    return frozenset(link.budget_item.code for link in project.budget_links.all() if link.budget_item.code) or None


def _unique_index(rows, key_of) -> dict:
    """key → row for keys that only one row has (an ambiguous key matches nothing)."""
    counts = Counter(key_of(row) for row in rows)
    return {key_of(row): row for row in rows if key_of(row) is not None and counts[key_of(row)] == 1}


@dataclass
class Report:
    """What a preview (or an applied import) shows, the same for `hyoka import` and the web page."""

    layout: str
    document: ix.PlanDocument
    counts: list[tuple[str, int]]  # (基本目標, 3), (施策, 12), (指標, 29) …
    indicators: list[str]  # one line per KPI: name, baseline, actuals, target
    warnings: list[Warning]
    outcome: ImportOutcome
    tables: list[FoundTable] = field(default_factory=list)  # read with column meanings, each column's meaning

    @property
    def changes(self) -> list[tuple[str, str, int]]:
        """(created/updated/deleted, the model's verbose name, how many), as the loader counted them."""
        names = {model.__name__: str(model._meta.verbose_name) for model in apps.get_models()}
        rows = []
        for key, n in sorted(self.outcome.load.changes.items()):
            action, _, model = key.partition(" ")
            if n:
                rows.append((action, names.get(model, model), n))
        return rows

    @property
    def absent(self) -> str:
        """The stored rows the document lacks, which an import keeps: '実績値 27、評価 67' ('' when none)."""
        return "、".join(f"{name} {n}" for name, n in self.outcome.load.absent.items())

    @property
    def project_matches(self) -> list[Match]:
        return [m for m in self.outcome.matches if m.kind == "事業"]

    def lines(self, source: str, *, limit: int | None) -> list[str]:
        """The preview as `hyoka import` prints it; `limit` caps the list of changes."""
        doc, outcome = self.document, self.outcome
        out = [
            f"{source}: {self.layout}",
            f"自治体: {doc.municipality.name}（{doc.municipality.code}）  計画: {doc.plan.title} {doc.plan.version}".rstrip(),
            "見つかったもの: " + "、".join(f"{label} {n}" for label, n in self.counts),
        ]
        out += [f"  指標 {line}" for line in self.indicators]
        if self.tables:
            out.append("表と列の意味（--column 列=意味 または --column 表:列=意味 で変えられます）:")
            out += [f"  {describe(table)}" for table in self.tables]
        if self.warnings:
            out.append(f"警告 {len(self.warnings)} 件:")
            out += [f"  {warning}" for warning in self.warnings]
        if outcome.existing_plan is not None:
            out.append(f"既存の計画（ID {outcome.existing_plan.pk}）と照合: {len(outcome.matches)} 件一致")
            out += [f"  {m.kind} {m.incoming} = 既存 {m.existing}（{m.by}）" for m in self.project_matches]
        if self.absent:
            out.append(f"文書にない既存の行（取り込みでは削除しません）: {self.absent}")
        details = outcome.load.details
        shown = details if limit is None else details[:limit]
        out.append("データベースへの変更" + ("（書き込みました）:" if outcome.applied else "（--apply で書き込み）:"))
        out += [f"  {line}" for line in shown]
        if len(shown) < len(details):
            out.append(f"  … ほか {len(details) - len(shown)} 件（--all-changes ですべて表示）")
        out.append(("書き込み: " if outcome.applied else "変更予定: ") + outcome.load.summary())
        return out


def report(result: ReadResult, outcome: ImportOutcome) -> Report:
    doc = outcome.document
    indicators = doc.all_indicators()
    projects = doc.all_projects()
    counts = list(Counter(s.level for s in doc.all_sections()).items())
    counts += [  # in Japanese, as the CLI prints them; the web preview translates them
        (gettext_noop("指標"), len(indicators)),
        (gettext_noop("実績値"), sum(len(k.observations) for k in indicators)),
        (gettext_noop("事業"), len(projects)),
        (gettext_noop("予算事務事業"), sum(len(p.budget_items) for p in projects)),
        (gettext_noop("評価"), sum(1 for p in projects for e in p.evaluations if e.grade or e.achievement)),
        (gettext_noop("比較値"), len(doc.benchmarks)),
        (gettext_noop("改定ポイント"), len(doc.revisions)),
    ]
    return Report(
        layout=result.layout,
        document=doc,
        counts=counts,
        indicators=[_indicator_line(k) for k in indicators],
        warnings=result.warnings,
        outcome=outcome,
        tables=result.tables,
    )


def _indicator_line(k: ix.Indicator) -> str:
    parts = [k.name]
    if k.baseline:
        parts.append(
            f"基準値 {format_cell(k.baseline.value, k.unit, k.baseline.text)}"
            + (f"（{k.baseline.period.label}）" if k.baseline.period else "")
        )
    parts += [f"{o.period.label} {format_cell(o.value, k.unit, o.text)}" for o in k.observations]
    if k.target:
        parts.append(
            f"目標 {k.target.text or format_cell(k.target.value, k.unit)}"
            + (f"（{k.target.period.label}）" if k.target.period else "")
        )
    return "  ".join(parts)
