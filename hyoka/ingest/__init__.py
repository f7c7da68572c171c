"""Documents cities already have (text, PDF, Excel, CSV, hyoka.plan/1 JSON) → `PlanDocument`.

`read_file` looks at the bytes, not only the name, to pick the reader. Everything here is
pure Python; writing to the database is `hyoka.ingest.importer`'s job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, MissingOption, Place, ReadResult, Warning
from hyoka.ingest.limits import Limits, check_size, exceeded, json_depth, strip_controls

__all__ = [
    "Context",
    "IngestError",
    "MissingOption",
    "Place",
    "ReadResult",
    "Warning",
    "file_bytes",
    "read_bytes",
    "read_file",
    "sniff",
]


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
    return read_bytes(file_bytes(path, context.limits), context)


def file_bytes(path: Path, limits: Limits) -> bytes:
    """A file's bytes, its size checked before they are loaded (IngestError naming the file otherwise)."""
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise exceeded(str(path), f"the file has {size:,} bytes", "file_bytes", limits.file_bytes)
        return path.read_bytes()
    except OSError as e:
        raise IngestError(str(path), e.strerror or str(e)) from e


def read_bytes(data: bytes, context: Context) -> ReadResult:
    from hyoka.ingest.checks import check_deltas

    try:
        result = _read(data, context)
    except ValidationError as e:  # a reader built a plan that breaks the contract (a section printed twice …)
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()[:3])
        raise IngestError(context.source, f"the document does not make one consistent plan ({problems})") from e
    if context.plan_title:  # the caller's name for the plan wins, whatever the file calls it
        result.document.plan.title = context.plan_title
    result.warnings += check_deltas(result.document, context.source)
    return result


def _read(data: bytes, context: Context) -> ReadResult:
    if not data:
        raise IngestError(context.source, "the file is empty")
    check_size(data, context.source, context.limits)
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
        return read_json(data, context)
    from hyoka.ingest.readers.txt import read_txt

    return read_txt(data, context)


def read_json(data: bytes, context: Context) -> ReadResult:
    """A hyoka.plan/1 document. Its nesting is measured before json.loads (which would recurse until
    Python's stack gives out), every string is checked against cell_chars, and control characters
    (NUL, which PostgreSQL refuses, and the like) are removed with one warning."""
    source, limits = context.source, context.limits
    depth, at = json_depth(data)
    if depth > limits.json_depth:
        where = Place(source, line=data.count(b"\n", 0, at) + 1)
        raise exceeded(where, f"the JSON nests {depth:,} levels deep", "json_depth", limits.json_depth)
    try:
        value = json.loads(data)
    except json.JSONDecodeError as e:
        raise IngestError(Place(source, line=e.lineno), f"not valid JSON: {e.msg} (column {e.colno})") from e
    except UnicodeDecodeError as e:
        raise IngestError(source, f"not UTF-8 text: byte {e.start:,}") from e
    except RecursionError as e:  # brackets the scan could not see (it counts them outside strings only)
        raise exceeded(source, "the JSON nests too deep", "json_depth", limits.json_depth) from e
    removed: list[str] = []
    value = _clean(value, "$", limits.cell_chars, source, removed)
    if not isinstance(value, dict):
        raise IngestError(source, "$: expected a JSON object")
    try:
        document = ix.parse_document(value, source=source)
    except ix.DocumentError as e:
        raise IngestError(source, "; ".join(e.problems)) from e
    warnings = []
    if removed:
        message = f"{len(removed):,} strings had control characters (NUL …), removed: {', '.join(removed[:3])}"
        warnings.append(Warning(Place(source), message + (" …" if len(removed) > 3 else "")))
    return ReadResult(document, warnings, layout="hyoka.plan/1")


def _clean(value: Any, path: str, max_chars: int, source: str, removed: list[str]) -> Any:
    """`value` with every string checked for length and stripped of control characters (paths in `removed`)."""
    if isinstance(value, str):
        if len(value) > max_chars:
            raise exceeded(f"{source}:{path}", f"a string of {len(value):,} characters", "cell_chars", max_chars)
        cleaned, count = strip_controls(value)
        if count:
            removed.append(path)
        return cleaned
    if isinstance(value, list):
        return [_clean(v, f"{path}[{i}]", max_chars, source, removed) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {
            _clean(k, path, max_chars, source, removed): _clean(v, f"{path}.{k}", max_chars, source, removed)
            for k, v in value.items()
        }
    return value
