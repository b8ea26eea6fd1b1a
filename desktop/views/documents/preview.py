"""Print preview and printing of a PDF: QtPdf rasterises, QPrinter prints.

The PDF is rasterised on the print worker (:func:`rasterize`, no widgets involved);
the preview dialog's ``paintRequested`` then only draws the ready images on the
printer, so the GUI thread never waits for PDF rendering.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop.errors import SportelloError
from desktop.i18n import _

#: Resolution of the rasterised pages: sharp on paper, light enough for 10+ pages.
PRINT_DPI = 200


@dataclass(frozen=True)
class RasterDocument:
    """A PDF turned into page images, ready to paint on any printer."""

    title: str
    pages: tuple[QImage, ...]
    pdf: bytes


def rasterize(pdf: bytes, title: str, dpi: int = PRINT_DPI) -> RasterDocument:
    """Render every page with QtPdf (runs on the print worker)."""
    with tempfile.TemporaryDirectory(prefix="sportello-preview-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        document.load(str(path))
        if document.status() != QPdfDocument.Status.Ready:
            raise SportelloError(_("The document cannot be shown: the PDF is not readable."),
                                 f"QPdfDocument status {document.status()}")
        pages = []
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            pages.append(document.render(index, size))
        document.close()
    return RasterDocument(title, tuple(pages), pdf)


def paint_pages(printer: QPrinter, document: RasterDocument) -> None:
    """Draw the page images on ``printer``, one per sheet, scaled to the paper."""
    painter = QPainter()
    if not painter.begin(printer):
        raise SportelloError(_("The printer cannot be used: check that it is on and "
                               "connected, or save the document as PDF."))
    try:
        for index, image in enumerate(document.pages):
            if index:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.x(), target.y(), scaled.width(), scaled.height()),
                              image)
    finally:
        painter.end()


def make_printer(printer_name: str, title: str) -> QPrinter:
    """An A4 printer: the remembered one when it still exists, else the default."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name and printer_name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(printer_name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setDocName(title)
    return printer


def make_preview_dialog(printer: QPrinter, document: RasterDocument,
                        parent: QWidget | None = None) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    # The dialog keeps a raw pointer to the printer: keep the Python object alive with it.
    dialog._printer = printer  # type: ignore[attr-defined]
    dialog.setWindowTitle(_("Print preview — {title}").format(title=document.title))
    dialog.paintRequested.connect(lambda target: paint_pages(target, document))
    dialog.resize(1000, 820)
    _name_preview_parts(dialog)
    return dialog


def _name_preview_parts(dialog: QPrintPreviewDialog) -> None:
    """Qt's preview dialog leaves its page field and page view without accessible names."""
    from PySide6.QtWidgets import QGraphicsView, QLineEdit

    for field in dialog.findChildren(QLineEdit):
        if not field.accessibleName():
            field.setAccessibleName(_("Page number"))
    for view in dialog.findChildren(QGraphicsView):
        view.setAccessibleName(_("Pages of the document"))
