"""The frame every printout shares: fonts, styles, header, footer, QR code, metadata.

Output is reproducible: the same input gives the same bytes (ReportLab's
``invariant`` mode, fixed creation date taken from the document's own date), so a
reprint is identical to the first print and tests can compare builds.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

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

from desktop import formatting
from desktop.errors import SportelloError
from desktop.i18n import _
from desktop.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
INK = colors.HexColor("#1F2937")
ACCENT = colors.HexColor("#1D4E89")
MUTED = colors.HexColor("#6B7280")
#: Table header background and the thin rules between rows, shared by every printout.
LIGHT = colors.HexColor("#E8EEF6")
RULE = colors.HexColor("#D1D5DB")
QR_SIZE = 19 * mm
#: Width of the text frame on an A4 page (15 mm margins).
CONTENT_WIDTH = A4[0] - 30 * mm


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
                             leading=21, textColor=ACCENT, spaceBefore=6, spaceAfter=8))
    sheet.add(ParagraphStyle("Heading", parent=base, fontName=FONT_BOLD, fontSize=12.5,
                             leading=16, textColor=ACCENT, spaceBefore=10, spaceAfter=4,
                             keepWithNext=1))
    sheet.add(ParagraphStyle("Heading2", parent=base, fontName=FONT_BOLD, fontSize=11,
                             leading=14, textColor=INK, spaceBefore=8, spaceAfter=4,
                             keepWithNext=1))
    sheet.add(ParagraphStyle("Cover", parent=base, fontName=FONT_BOLD, fontSize=26,
                             leading=32, textColor=ACCENT, spaceBefore=4, spaceAfter=10))
    sheet.add(ParagraphStyle("CoverSub", parent=base, fontSize=14, leading=19, textColor=INK))
    sheet.add(ParagraphStyle("Toc", parent=base, fontSize=11, leading=17, leftIndent=6))
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=9.5, leading=12, spaceAfter=0))
    sheet.add(ParagraphStyle("CellBold", parent=base, fontName=FONT_BOLD, fontSize=9.5,
                             leading=12, spaceAfter=0))
    return sheet


class UnprintableCharacters(SportelloError):
    """The text holds characters the embedded font cannot draw.

    ReportLab would print an empty box or nothing at all; a document that silently
    loses a letter of a name is worse than no document, so the build is refused.
    """

    def __init__(self, characters: Sequence[str]) -> None:
        listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in characters)
        super().__init__(
            _("The document cannot be printed: the font has no glyph for {chars}. Correct "
              "the text (for example write the letter without the special sign) and try "
              "again.").format(chars=listed),
            f"missing glyphs: {listed}")
        self.characters = tuple(characters)


@cache
def _font_codepoints() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def unprintable(*values: object) -> list[str]:
    """Characters in ``values`` (strings, dataclasses, containers) the font lacks."""
    known = _font_codepoints()
    missing: dict[str, None] = {}
    for value in (t for v in values for t in _strings(v)):
        for char in unicodedata.normalize("NFC", value):
            if ord(char) not in known and char not in "\n\r\t":
                missing.setdefault(char, None)
    return sorted(missing)


def ensure_printable(*values: object) -> None:
    """Raise :class:`UnprintableCharacters` listing every glyph the font lacks."""
    missing = unprintable(*values)
    if missing:
        raise UnprintableCharacters(missing)


def text(value: str) -> str:
    """Escape plain text for a Paragraph (so "<", "&" print as they are)."""
    return escape(unicodedata.normalize("NFC", value)).replace("\n", "<br/>")


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
    """The QR code as a ReportLab Drawing (for stories that want it as a flowable)."""
    widget = QrCodeWidget(payload, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.initialFontName = FONT  # else the graphics state starts in (unembedded) Helvetica
    drawing.add(widget)
    return drawing


#: Fixed QR mask pattern: any of the eight is valid; searching for the "best" one costs
#: ~20 ms per code, which alone would exceed the budget of a ticket.
QR_MASK = 2


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's dark modules, encoded by ReportLab's own QR widget and encoder."""
    qr = QrCodeWidget(payload, barLevel="M").qr
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return [[bool(m) for m in row] for row in qr.modules]


def qr_path_operators(modules: list[list[bool]]) -> str:
    """PDF path operators drawing the dark modules, in module units (origin bottom left,
    one module of quiet zone): one ``re`` per horizontal run of dark modules."""
    count = len(modules) + 2
    ops: list[str] = []
    for r, row in enumerate(modules):
        y = count - 2 - r
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                ops.append(f"{start + 1} {y} {c - start} 1 re")
            else:
                c += 1
    return "\n".join(ops) + "\nf"


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code at (x, y) as one vector path, written as integer module coordinates
    under a scale transform: sharp at any resolution and cheap to write."""
    modules = qr_modules(payload)
    count = len(modules) + 2
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)
    canvas.setFillColor(colors.black)
    canvas.addLiteral(qr_path_operators(modules))
    canvas.restoreState()


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
        # Pages are numbered within their part ("pagina 1 di 3" again on a second copy).
        starts = sorted({1, *getattr(self, "restarts", ())})
        ends = [*[s - 1 for s in starts[1:]], len(self._pages)]
        # The QR code is the same on every page: draw it once, as a form XObject.
        self.beginForm("sportello-qr", 0, 0, QR_SIZE, QR_SIZE)
        draw_qr(self, self.meta.qr_payload, 0, 0, QR_SIZE)
        self.endForm()
        for state in self._pages:
            self.__dict__.update(state)
            number = self._pageNumber
            start, end = next((s, e) for s, e in zip(starts, ends, strict=True)
                              if s <= number <= e)
            _draw_frame(self, self.meta, number - start + 1, end - start + 1)
            super().showPage()
        super().save()


class RestartPageNumbers(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Put first on a page: the footers number the pages from there anew (each copy
    of a two-copy printout reads "pagina 1 di n")."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        if not hasattr(canvas, "restarts"):
            canvas.restarts = []
        canvas.restarts.append(canvas.getPageNumber())


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
    canvas.saveState()
    canvas.translate(width - 15 * mm - QR_SIZE, height - 34 * mm)
    canvas.doForm("sportello-qr")
    canvas.restoreState()
    canvas.setFont(FONT, 7)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - 15 * mm, height - 37 * mm, meta.number)
    # Footer: document code and version, date, page x of y.
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(15 * mm, 16 * mm, width - 15 * mm, 16 * mm)
    canvas.setFont(FONT, 8)
    if meta.language.startswith("en"):  # a printout's language, not the application's
        doc_label, page_label = "Document {number} · version {version}", "page {page} of {total}"
    else:
        doc_label = _("Document {number} · version {version}")
        page_label = _("page {page} of {total}")
    canvas.drawString(15 * mm, 11 * mm, doc_label.format(number=meta.number,
                                                         version=meta.version))
    canvas.drawCentredString(width / 2, 11 * mm, formatting.date(meta.issued))
    canvas.drawRightString(width - 15 * mm, 11 * mm,
                           page_label.format(page=page, total=total))
    canvas.restoreState()


def build_pdf(meta: DocumentMeta, story: Sequence[Flowable]) -> bytes:
    """Lay out ``story`` in the shared A4 frame and return the PDF bytes."""
    register_fonts()
    ensure_printable(meta)
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
