"""Documents cities already have (text, PDF, Excel, CSV, hyoka.plan/1 JSON) → `PlanDocument`.

`read_file` looks at the bytes, not only the name, to pick the reader. Everything here is
pure Python; writing to the database is `hyoka.ingest.importer`'s job.
"""

from __future__ import annotations

from pathlib import Path

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, Place, ReadResult, Warning

__all__ = ["Context", "IngestError", "Place", "ReadResult", "Warning", "read_bytes", "read_file", "sniff"]


def sniff(data: bytes, name: str) -> str:
    """The kind of a file: pdf, xlsx, json, csv or txt."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in (".pdf", ".xlsx", ".xlsm"):
        return suffix.lstrip(".").replace("xlsm", "xlsx")  # the reader says what is wrong with it
    if suffix == ".json" or data.lstrip()[:1] == b"{":
        return "json"
    if suffix in (".csv", ".tsv"):
        return "csv"
    return "txt"


def read_file(path: Path, context: Context) -> ReadResult:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(str(path), e.strerror or str(e)) from e
    return read_bytes(data, context)


def read_bytes(data: bytes, context: Context) -> ReadResult:
    from hyoka.ingest.checks import check_deltas

    result = _read(data, context)
    if context.plan_title:  # the caller's name for the plan wins, whatever the file calls it
        result.document.plan.title = context.plan_title
    result.warnings += check_deltas(result.document, context.source)
    return result


def _read(data: bytes, context: Context) -> ReadResult:
    if not data:
        raise IngestError(context.source, "the file is empty")
    kind = sniff(data, context.source)
    if kind == "pdf":
        from hyoka.ingest.readers.pdf import read_pdf

        return read_pdf(data, context)
    if kind == "xlsx":
        from hyoka.ingest.readers.xlsx import read_xlsx

        return read_xlsx(data, context, context.source)
    if kind == "csv":
        from hyoka.ingest.readers.csv import read_csv

        return read_csv(data, context, context.source)
    if kind == "json":
        try:
            return ReadResult(ix.parse_document(data, source=context.source), layout="hyoka.plan/1")
        except ix.DocumentError as e:
            raise IngestError(context.source, "; ".join(e.problems)) from e
    from hyoka.ingest.readers.txt import read_txt

    return read_txt(data, context)
