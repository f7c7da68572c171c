"""Bytes from city hall → text: UTF-8 (with or without BOM) or CP932 (Shift_JIS), detected.

Strict UTF-8 is tried first because CP932 bytes are almost never valid UTF-8, while
UTF-8 Japanese is often *valid* CP932 (mojibake). CP932 is the superset of Shift_JIS
that Windows Excel writes (①, ㈱, NEC/IBM extensions). charset-normalizer is not
used: for these two encodings the strict decoders are exact and it only adds guesses.
An error names the line and byte where neither decoder could continue.
"""

from __future__ import annotations

import codecs
import re

from hyoka.ingest.base import IngestError, Place
from hyoka.ingest.limits import Limits, check_size, configured, exceeded

# Magic numbers of binary files people save with a .csv/.txt name by mistake.
_BINARY_KINDS: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "a zip archive (xlsx/docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (xls/doc)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
]


_ODD = re.compile("[\x80\uf8f0-\uf8f3]")


def decode(data: bytes, source: str, limits: Limits | None = None) -> str:
    """The text of `data`; raise IngestError naming `source` (and line/byte) if it is not text.

    NUL is refused anywhere (no city text has one; PostgreSQL cannot store it), and the text may
    not pass `limits.text_chars`.
    """
    limits = limits or configured()
    if not data:
        raise IngestError(source, "the file is empty")
    check_size(data, source, limits)
    return _bounded(_decode(data, source), source, limits)


def _decode(data: bytes, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source, offset=len(codecs.BOM_UTF8), whole=data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, source)  # Excel's "Unicode text" export
    if b"\x00" in data[:8192] or any(data.startswith(magic) for magic, _ in _BINARY_KINDS):
        raise IngestError(source, f"this is not a text file (looks like {_binary_kind(data)})")
    if (nul := data.find(b"\x00")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise IngestError(Place(source, line=line), f"a NUL byte at byte {nul + 1:,}: a damaged or binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        # Python's cp932 maps the single bytes 0x80, 0xA0 and 0xFD-0xFF to U+0080 and private-use
        # characters; no city text holds them, so there the bytes are neither encoding.
        try:
            text = data.decode("cp932")
            odd = _ODD.search(text)
            if odd is None:
                return text
            cp932_stop = len(text[: odd.start()].encode("cp932"))
        except UnicodeDecodeError as cp932_error:
            cp932_stop = cp932_error.start
        # Report where the text stops being readable in the more plausible encoding: the one that got further.
        raise _error(data, max(utf8_error.start, cp932_stop), source) from utf8_error


def _bounded(text: str, source: str, limits: Limits) -> str:
    if len(text) > limits.text_chars:
        raise exceeded(source, f"the text has {len(text):,} characters", "text_chars", limits.text_chars)
    if (nul := text.find("\x00")) >= 0:  # UTF-16 text, where NUL bytes are normal but NUL characters are not
        line = text.count("\n", 0, nul) + 1
        raise IngestError(Place(source, line=line), "a NUL character in the text: a damaged or binary file")
    return text


def _utf16(data: bytes, source: str) -> str:
    """UTF-16 with its byte-order mark; a cut-off last character or a lone surrogate names its place."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as e:
        text = data[: e.start - e.start % 2].decode("utf-16", errors="replace")
        line = text.count("\n") + 1
        why = "an odd number of bytes (cut off?)" if len(data) % 2 else f"an invalid character at byte {e.start:,}"
        raise IngestError(Place(source, line=line), f"not valid UTF-16 text: {why}") from e


def _strict(body: bytes, encoding: str, source: str, *, offset: int, whole: bytes) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as e:
        raise _error(whole, e.start + offset, source) from e


def _error(data: bytes, where: int, source: str) -> IngestError:
    line = data.count(b"\n", 0, where) + 1
    column = where - (data.rfind(b"\n", 0, where) + 1) + 1
    return IngestError(
        Place(source, line=line),
        f"not UTF-8 or Shift_JIS (CP932) text: byte 0x{data[where]:02X} at line {line}, byte {column} of the line",
    )


def _binary_kind(data: bytes) -> str:
    for magic, kind in _BINARY_KINDS:
        if data.startswith(magic):
            return kind
    return "binary data: it has NUL bytes"
