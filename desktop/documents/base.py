"""The frame every printout shares: fonts, styles, header, footer, QR code, metadata.

Output is reproducible: the same input gives the same bytes (ReportLab's
``invariant`` mode, fixed creation date taken from the document's own date), so a
reprint is identical to the first print and tests can compare builds.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop.i18n import _
from desktop.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
INK = colors.HexColor("#1F2937")
ACCENT = colors.HexColor("#1D4E89")
MUTED = colors.HexColor("#6B7280")


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans (shipped in resources/fonts) under stable names."""
    for name in (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@cache
def styles() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    sheet.add(base)
    sheet.add(ParagraphStyle("Title", parent=base, fontName=FONT_BOLD, fontSize=17,
                             leading=21, textColor=ACCENT, spaceAfter=8))
    sheet.add(ParagraphStyle("Heading", parent=base, fontName=FONT_BOLD, fontSize=12.5,
                             leading=16, textColor=ACCENT, spaceBefore=10, spaceAfter=4))
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=9.5, leading=12, spaceAfter=0))
    sheet.add(ParagraphStyle("CellBold", parent=base, fontName=FONT_BOLD, fontSize=9.5,
                             leading=12, spaceAfter=0))
    return sheet


@dataclass(frozen=True)
class DocumentMeta:
    """What identifies a printout: shown in its header and footer and in its QR code."""

    title: str
    #: Short document code, unique per document and version, e.g. "SC-FI01-20261125".
    number: str
    issued: dt.date
    centre_name: str
    site_name: str
    header_lines: tuple[str, ...] = ()
    author: str = "Sportello"
    subject: str = ""
    language: str = "it-IT"
    version: int = 1

    @property
    def qr_payload(self) -> str:
        return f"SPORTELLO:{self.number}:v{self.version}"


def qr_drawing(payload: str, size: float = 20 * mm) -> Drawing:
    widget = QrCodeWidget(payload, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.initialFontName = FONT  # else the graphics state starts in (unembedded) Helvetica
    drawing.add(widget)
    return drawing


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """Defers page output so each footer can say "pagina x di y"."""

    meta: DocumentMeta

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            _draw_frame(self, self.meta, self._pageNumber, total)
            super().showPage()
        super().save()


def _draw_frame(canvas: Canvas, meta: DocumentMeta, page: int, total: int) -> None:
    register_fonts()
    width, height = A4
    canvas.saveState()
    # Header: centre name, site and the document's own lines; QR code on the right.
    canvas.setFillColor(ACCENT)
    canvas.rect(15 * mm, height - 14 * mm, width - 30 * mm, 1.2 * mm, stroke=0, fill=1)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(15 * mm, height - 21 * mm, meta.centre_name)
    canvas.setFont(FONT, 9)
    canvas.setFillColor(INK)
    y = height - 26 * mm
    for line in (meta.site_name, *meta.header_lines):
        canvas.drawString(15 * mm, y, line)
        y -= 4.2 * mm
    qr = qr_drawing(meta.qr_payload, 18 * mm)
    qr.drawOn(canvas, width - 33 * mm, height - 34 * mm)
    canvas.setFont(FONT, 7)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - 15 * mm, height - 37 * mm, meta.number)
    # Footer: document code and version, date, page x of y.
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(15 * mm, 16 * mm, width - 15 * mm, 16 * mm)
    canvas.setFont(FONT, 8)
    canvas.drawString(15 * mm, 11 * mm, _("Document {number} · version {version}").format(
        number=meta.number, version=meta.version))
    canvas.drawCentredString(width / 2, 11 * mm, meta.issued.strftime("%d/%m/%Y"))
    canvas.drawRightString(width - 15 * mm, 11 * mm,
                           _("page {page} of {total}").format(page=page, total=total))
    canvas.restoreState()


def build_pdf(meta: DocumentMeta, story: Sequence[Flowable]) -> bytes:
    """Lay out ``story`` in the shared A4 frame and return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    header_height = 44 * mm
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=header_height, bottomMargin=22 * mm, title=meta.title, author=meta.author,
        subject=meta.subject or meta.title, creator="Sportello", lang=meta.language,
        invariant=True,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        # The canvas's own initial font would otherwise be Helvetica, which is not embedded.
        kwargs["initialFontName"] = FONT
        kwargs["initialFontSize"] = 10
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.meta = meta
        return canvas

    doc.build(list(story), canvasmaker=make_canvas)
    return buffer.getvalue()
