"""Hostile workbooks, made on the spot, and what reading them costs: `make bench` prints the numbers.

- a 1.1 MB .xlsx whose sheet expands to 1.1 GB (a decompression bomb): refused in under 2 s
  with under 200 MB peak memory;
- a 1,000,000-row workbook: refused (or read) under 500 MB.

Each file is read by `hyoka import`'s own path (`read_bytes`) in a fresh child process, so the
peak resident memory (getrusage) is the reader's alone. The generators are also what the tests
use (`hyoka/ingest/tests/test_limits_xlsx.py`): bomb files are never committed.
"""

from __future__ import annotations

import dataclasses
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{_MAIN}"><sheetData>'.encode()


def sheet_head(dimension: str) -> bytes:
    """The start of a sheet part with its <dimension> (Excel always writes one; openpyxl reads it first)."""
    return SHEET_HEAD.replace(b"<sheetData>", f'<dimension ref="{dimension}"/><sheetData>'.encode())


SHEET_TAIL = b"</sheetData></worksheet>"


def _skeleton() -> dict[str, bytes]:
    """The parts of a real one-sheet workbook (openpyxl's own), to put a made-up sheet into."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


SHEET = "xl/worksheets/sheet1.xml"


def bomb_xlsx(expanded: int = 1100 * 2**20) -> bytes:
    """A valid .xlsx whose one sheet inflates to about `expanded` bytes of XML whitespace (~1,000:1).

    The deflate stream is built from one compressed block repeated: after a full flush the
    compressor starts afresh, so the same input gives the same bytes again, and a gigabyte is
    "compressed" in a fraction of a second.
    """
    unit = b" " * (4 * 2**20)
    times = max(1, expanded // len(unit))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(SHEET_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(SHEET_HEAD)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(SHEET_TAIL, crc)
    body = b"".join([head, block * times, compressor.compress(SHEET_TAIL), compressor.flush()])
    size = len(SHEET_HEAD) + len(unit) * times + len(SHEET_TAIL)
    parts = [(name, data) for name, data in _skeleton().items() if name != SHEET]
    return _zip(parts, (SHEET, body, crc, size))


def rows_xlsx(rows: int = 1_000_000) -> bytes:
    """A valid .xlsx with `rows` rows of a number and a short text (about 30 MB), written as a stream."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in _skeleton().items():
            if name != SHEET:
                archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as part:
            part.write(sheet_head(f"A1:B{rows}"))
            batch = []
            for n in range(1, rows + 1):
                batch.append(
                    f'<row r="{n}"><c r="A{n}"><v>{n * 7919 % 1000003}</v></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>指標{n}</t></is></c></row>'
                )
                if len(batch) == 10_000:
                    part.write("".join(batch).encode())
                    batch.clear()
            part.write("".join(batch).encode())
            part.write(SHEET_TAIL)
    return buffer.getvalue()


def _zip(parts: list[tuple[str, bytes]], raw: tuple[str, bytes, int, int]) -> bytes:
    """A zip archive of `parts` (deflated here) and one part already deflated: (name, data, crc, size)."""
    entries = []
    for name, data in parts:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        entries.append((name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    entries.append(raw)
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), directory.tell(), start, 0))
    return out.getvalue()


# ---------------------------------------------------------------- measuring


def _child(path: Path, overrides: dict[str, int]) -> None:
    """Read one file as `hyoka import` does; print outcome, seconds and peak memory (MB)."""
    from hyoka import interchange as ix
    from hyoka.ingest import Context, IngestError, read_bytes
    from hyoka.ingest.limits import configured

    IRUMA = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")
    limits = dataclasses.replace(configured(), **overrides)
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        read_bytes(data, Context(municipality=IRUMA, source=path.name, limits=limits))  # --municipality 入間市
        outcome = "read"
    except IngestError as e:
        outcome = f"refused: {e}"
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.3f}\t{_peak_mb():.0f}\t{outcome}")


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss keeps the parent's peak."""
    try:
        status = Path("/proc/self/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(data: bytes, name: str, overrides: dict[str, int] | None = None) -> tuple[float, float, str]:
    """(seconds, peak MB, outcome) of reading `data` in a fresh Python process, with limits overridden."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, "-m", "hyoka.ingest.bench_limits", "--child", str(path), json.dumps(overrides or {})],
            capture_output=True,
            text=True,
            check=True,
        )
    seconds, peak, outcome = done.stdout.strip().splitlines()[-1].split("\t", 2)
    return float(seconds), float(peak), outcome


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":  # the readers are pure: no Django set-up to measure
        return _child(Path(sys.argv[2]), json.loads(sys.argv[3]))
    bomb, million = bomb_xlsx(), rows_xlsx()
    streamed = {"xlsx_sheet_bytes": 500 * 2**20, "xlsx_total_bytes": 500 * 2**20}  # past the directory check
    cases = [
        ("bomb.xlsx", bomb, "expands to 1.1 GB", None, 2.0, 200),
        ("million.xlsx", million, "1,000,000 rows", None, None, 500),
        (
            "million.xlsx",
            million,
            "1,000,000 rows, sheet size limits raised: read until the row limit",
            streamed,
            None,
            500,
        ),
    ]
    failed = False
    for name, data, what, overrides, max_seconds, max_mb in cases:
        seconds, peak, outcome = measure(data, name, overrides)
        ok = peak < max_mb and (max_seconds is None or seconds < max_seconds)
        failed |= not ok
        bar = f"< {max_seconds:g} s, " if max_seconds else ""
        print(
            f"{name} ({len(data) / 2**20:.1f} MB, {what}): {seconds:.2f} s, peak {peak:.0f} MB "
            f"(bar {bar}< {max_mb} MB) {'ok' if ok else 'OVER'}\n  {outcome}"
        )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
