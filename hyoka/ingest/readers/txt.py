"""Plain text as extracted from a city's PDF or Word file: recognise the layout, then read it."""

from __future__ import annotations

from collections.abc import Callable

from hyoka.ingest.base import Context, IngestError, ReadResult
from hyoka.ingest.encoding import decode
from hyoka.ingest.text.evaluation_table import detect_evaluation_table, read_evaluation_table
from hyoka.ingest.text.lines import Line, split_lines
from hyoka.ingest.text.outline import detect_outline, read_outline

Layout = tuple[str, Callable[[list[Line]], int], Callable[[list[Line], Context], ReadResult]]

# Each layout scores how much of its structure the text shows; the best score reads the text.
LAYOUTS: list[Layout] = [
    ("numbered evaluation table", detect_evaluation_table, read_evaluation_table),
    ("goals with tables and blocks", detect_outline, read_outline),
]


def read_txt(data: bytes, context: Context) -> ReadResult:
    return read_text(decode(data, context.source), context)


def read_text(text: str, context: Context) -> ReadResult:
    lines = split_lines(text)
    if not any(line.text.strip() for line in lines):
        raise IngestError(context.source, "the file has no text")
    scores = [(detect(lines), name, read) for name, detect, read in LAYOUTS]
    best, name, read = max(scores, key=lambda s: s[0])
    if best == 0:
        raise IngestError(
            context.source,
            "not a plan: no goal headings (基本目標…), KPI tables, project blocks or numbered evaluation rows found",
        )
    result = read(lines, context)
    result.layout = result.layout or name
    return result
