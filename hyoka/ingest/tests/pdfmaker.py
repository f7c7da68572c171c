"""Make PDFs like a city's from text, for the PDF reader's tests: tab rows become tables, ruled or not.

Uses reportlab with IPAexGothic (from matplotlib-fontja) embedded, so the text layer is
real and extractable, as in a PDF exported from Word or Excel.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "IPAexGothic"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        import matplotlib_fontja

        path = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
        pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def text_to_pdf(text: str, *, ruled: bool = True, col_widths: list[float] | None = None) -> bytes:
    """A PDF of `text`; tab rows become a table, with ruling lines unless `ruled` is False.

    `col_widths` (points) narrows columns so long cells wrap over lines, as in a city's layout.
    """
    style = ParagraphStyle("body", fontName=_font(), fontSize=8, leading=11, wordWrap="CJK")
    story: list = []
    rows: list[list[Paragraph]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            widths = col_widths[:width] if col_widths else None
            table = Table([r + [Paragraph("", style)] * (width - len(r)) for r in rows], colWidths=widths, repeatRows=0)
            rules = [("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled else []
            table.setStyle(TableStyle([*rules, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            rows.clear()

    for page_number, page in enumerate(text.split("\f")):
        if page_number:
            flush()
            story.append(PageBreak())
        for line in page.split("\n"):
            if "\t" in line:
                rows.append([Paragraph(_escape(cell), style) for cell in line.split("\t")])
                continue
            flush()
            story.append(Paragraph(_escape(line), style) if line.strip() else Spacer(1, 4))
        flush()
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=30, rightMargin=30, topMargin=30, bottomMargin=30).build(
        story
    )
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
