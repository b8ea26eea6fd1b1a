"""Documenti's further screen: the print preview of the service charter."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots.rendering import Scenarios
from desktop.views.documents.preview import make_preview_dialog, make_printer, rasterize
from desktop.views.pages.documenti import DocumentsPage, PrintRequest, produce


def scenarios(page: DocumentsPage) -> Scenarios:
    def preview() -> QWidget:
        ctx = page.ctx
        rendered = produce(ctx.database, ctx.operator, ctx.site, PrintRequest(kind="charter"))
        document = rasterize(rendered.pdf, rendered.title, dpi=60)
        dialog = make_preview_dialog(make_printer("", document.title), document, page)
        dialog.resize(1100, 800)
        dialog.show()
        return dialog

    return {"documenti-anteprima": preview}
