"""IPAexGothic from the matplotlib-fontja package: embedded in PDFs and used to draw PNG charts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT = "IPAexGothic"


@cache
def font_path() -> Path:
    import matplotlib_fontja

    return Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"


@cache
def register_pdf_font() -> str:
    """Register IPAexGothic with reportlab once; returns its name (embedded as a subset on use)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    return FONT
