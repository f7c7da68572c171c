"""Chart scenes (``hyoka.reports.charts``) as SVG text, reportlab drawings and PNG images."""

from __future__ import annotations

import io
from functools import cache
from html import escape

from hyoka.reports.charts import Scene
from hyoka.reports.render.fonts import font_path, register_pdf_font

_SVG_ANCHOR = {"start": "start", "middle": "middle", "end": "end"}


def to_svg(scene: Scene) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {scene.width:g} {scene.height:g}" '
        f'width="{scene.width:g}" height="{scene.height:g}" role="img" class="chart">'
    ]
    for s in scene.shapes:
        if s.kind == "line":
            (x1, y1), (x2, y2) = s.points
            dash = ' stroke-dasharray="4 3"' if s.dashed else ""
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{s.colour}" '
                f'stroke-width="{s.width:g}"{dash}/>'
            )
        elif s.kind == "rect":
            (x, y), (w, h) = s.points
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{s.colour}"/>')
        elif s.kind == "dot":
            (x, y), (r, _) = s.points
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" fill="{s.colour}"/>')
        elif s.kind == "text":
            ((x, y),) = s.points
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="{s.size:g}" fill="{s.colour}" '
                f'text-anchor="{_SVG_ANCHOR[s.anchor]}">{escape(s.text)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def to_drawing(scene: Scene):
    """A reportlab Drawing (flowable); reportlab's y axis points up, so every y is flipped."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib.colors import HexColor

    font = register_pdf_font()
    h = scene.height
    d = Drawing(scene.width, scene.height)
    for s in scene.shapes:
        colour = HexColor(s.colour)
        if s.kind == "line":
            (x1, y1), (x2, y2) = s.points
            d.add(
                Line(
                    x1,
                    h - y1,
                    x2,
                    h - y2,
                    strokeColor=colour,
                    strokeWidth=s.width,
                    strokeDashArray=[4, 3] if s.dashed else None,
                )
            )
        elif s.kind == "rect":
            (x, y), (w, rh) = s.points
            d.add(Rect(x, h - y - rh, w, rh, fillColor=colour, strokeColor=None))
        elif s.kind == "dot":
            (x, y), (r, _) = s.points
            d.add(Circle(x, h - y, r, fillColor=colour, strokeColor=None))
        elif s.kind == "text":
            ((x, y),) = s.points
            d.add(String(x, h - y, s.text, fontName=font, fontSize=s.size, fillColor=colour, textAnchor=s.anchor))
    return d


@cache
def _pil_font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size)


def to_png(scene: Scene, scale: float = 2.0) -> bytes:
    """A PNG at ``scale`` pixels per point (2 → sharp when Excel shows it at 50 %)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (round(scene.width * scale), round(scene.height * scale)), "white")
    draw = ImageDraw.Draw(img)
    for s in scene.shapes:
        pts = [(x * scale, y * scale) for x, y in s.points]
        if s.kind == "line":
            width = max(1, round(s.width * scale))
            if s.dashed:
                _dashed(draw, pts[0], pts[1], s.colour, width, 4 * scale, 3 * scale)
            else:
                draw.line(pts, fill=s.colour, width=width)
        elif s.kind == "rect":
            (x, y), (w, rh) = pts
            draw.rectangle([x, y, x + w, y + rh], fill=s.colour)
        elif s.kind == "dot":
            (x, y), (r, _) = pts
            draw.ellipse([x - r, y - r, x + r, y + r], fill=s.colour)
        elif s.kind == "text":
            ((x, y),) = pts
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text((x, y), s.text, fill=s.colour, font=_pil_font(round(s.size * scale)), anchor=anchor)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=False)
    return out.getvalue()


def _dashed(draw, a, b, colour, width, on, off) -> None:
    (x1, y1), (x2, y2) = a, b
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1
    t = 0.0
    while t < length:
        e = min(t + on, length)
        draw.line(
            [
                (x1 + (x2 - x1) * t / length, y1 + (y2 - y1) * t / length),
                (x1 + (x2 - x1) * e / length, y1 + (y2 - y1) * e / length),
            ],
            fill=colour,
            width=width,
        )
        t = e + off
