"""Plain text as extracted from a city's PDF or Word file: recognise the layout, then read it."""

from __future__ import annotations

from hyoka.ingest.base import Context, IngestError, ReadResult, TextLayout
from hyoka.ingest.encoding import decode
from hyoka.ingest.meaning.document import TablesAndBlocksReader
from hyoka.ingest.text.evaluation import EvaluationTableReader
from hyoka.ingest.text.lines import split_lines
from hyoka.ingest.text.outline import OutlineReader

# Each layout scores how much of its structure the text shows; the best score reads the text
# (the first listed wins a tie). "tables and blocks" reads any city's tables, arrow lines, sheets
# and legends; it scores a quarter of what it sees, so the seed layouts win where they match, and
# it reads what they refuse.
# Each is a `TextLayout` (hyoka.ingest.base): a `LayoutReader` class.
LAYOUTS: list[TextLayout] = [EvaluationTableReader, OutlineReader, TablesAndBlocksReader]


def read_txt(data: bytes, context: Context) -> ReadResult:
    return read_text(decode(data, context.source), context)


def read_text(text: str, context: Context) -> ReadResult:
    lines = split_lines(text)
    if not any(line.text.strip() for line in lines):
        raise IngestError(context.source, "the file has no text")
    scores = [(layout.detect(lines), -i, layout.name, layout.read) for i, layout in enumerate(LAYOUTS)]
    candidates = sorted((s for s in scores if s[0] > 0), key=lambda s: (s[0], s[1]), reverse=True)
    if not candidates:
        raise IngestError(
            context.source,
            "not a plan: no KPI (指標 with values), project (事業名), rating legend (評価基準), goal headings "
            "or numbered evaluation rows found",
        )
    refusals: list[IngestError] = []
    empty: ReadResult | None = None
    for _, _, name, read in candidates:
        try:
            result = read(lines, context)
        except IngestError as e:
            if "municipality" in e.message:
                raise  # the caller must name the city, whichever layout reads it
            refusals.append(e)
            continue  # the next layout may read what this one cannot
        result.layout = result.layout or name
        if _holds_facts(result):
            return result
        empty = empty or result  # headings only: a later layout may find the KPIs under them
    if empty is not None:
        return empty
    raise refusals[-1]


def _holds_facts(result: ReadResult) -> bool:
    """A reading with at least one KPI, project, legend, benchmark or revision point."""
    doc = result.document
    return bool(doc.all_indicators() or doc.all_projects() or doc.evaluation_scheme or doc.benchmarks or doc.revisions)
