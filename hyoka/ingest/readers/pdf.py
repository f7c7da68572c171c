"""PDF files: pdfplumber's text, with tables turned into tab-separated rows, then the text reader.

Text outside tables keeps pdfplumber's line layout; each table row becomes one line of
tab-separated cells at the height where it stands, so the text layouts read tables the same
way whether they came from a PDF's ruling, from word positions or from a tab-exported text.
Ruled tables come from pdfplumber's `find_tables`; tables drawn without rules are rebuilt
from the words' positions (`hyoka.ingest.layout.positions`), found by their header words.
"""

from __future__ import annotations

import io
import unicodedata

from hyoka.ingest.base import Context, IngestError, Place, ReadResult
from hyoka.ingest.layout.positions import Box, find_tables
from hyoka.ingest.limits import Limits, configured, exceeded
from hyoka.ingest.readers.txt import read_text
from hyoka.ingest.text.lines import PAGE_BREAK


def read_pdf(data: bytes, context: Context) -> ReadResult:
    return read_text(pdf_text(data, context.source, context.limits), context)


def pdf_text(data: bytes, source: str, limits: Limits | None = None) -> str:
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    pages: list[str] = []
    limits = limits or configured()
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            # Count through the page tree (stopping past the limit) before pdfplumber builds every page.
            for count, _ in enumerate(PDFPage.create_pages(pdf.doc), start=1):
                if count > limits.pdf_pages:
                    raise exceeded(source, "the PDF has too many pages", "pdf_pages", limits.pdf_pages)
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    pages.append(_page_text(page))
                    chars += len(pages[-1])
                except Exception as e:  # pdfminer raises many kinds on a damaged page
                    raise IngestError(Place(source, page=number), f"cannot read this page ({e})") from e
                if chars > limits.text_chars:  # the text layouts' time and memory grow with the text
                    raise exceeded(
                        Place(source, page=number), "the PDF's text is too long", "text_chars", limits.text_chars
                    )
    except IngestError:
        raise
    except Exception as e:  # pdfminer's errors share no base class worth naming
        raise IngestError(source, f"not a readable PDF (truncated or damaged?): {type(e).__name__}: {e}") from e
    if not any(text.strip() for text in pages):
        raise IngestError(source, "the PDF has no text layer (a scanned image?); OCR it first")
    return PAGE_BREAK.join(pages)


def _page_text(page) -> str:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        x, top = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and t0 <= top <= t1 for x0, t0, x1, t1 in boxes)

    rest = page.filter(outside)
    placed: list[tuple[float, str]] = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            text = "\t".join(join_wrapped((cell or "").split("\n")) for cell in cells)
            if text.strip():
                placed.append((row.bbox[1], text))
    unruled = find_tables(
        [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in rest.extract_words(keep_blank_chars=True)]
    )
    spans = [(t.top, t.bottom) for t in unruled]
    for t in unruled:
        placed.append((t.top, "\t".join(t.header)))
        placed.extend((top, "\t".join(row)) for top, row in zip(t.row_tops, t.rows, strict=True))
    for line in rest.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if line["text"].strip() and not any(top - 1 <= middle <= bottom + 1 for top, bottom in spans):
            placed.append((line["top"], line["text"]))
    placed.sort(key=lambda item: item[0])
    return "\n".join(text for _, text in placed)


def join_wrapped(lines: list[str]) -> str:
    """Rejoin a cell's lines wrapped by the PDF: 商工観光 + 課 → 商工観光課, but 'T-1' + 'Grand' keeps a space."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if text and not (_wide(text[-1]) and _wide(line[0])):
            text += " "
        text += line
    return text


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")
