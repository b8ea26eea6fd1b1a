"""Print the A4 ticket from the counter: preview on the print worker, then the dialog.

The PDF is made and rasterised on the print worker (``ctx.ops.run(kind="print")``);
the GUI thread only shows the preview dialog, whose printer is the one the operator
chose last (``settings.printer_name``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QDialog, QWidget

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.services.queue.ticket_print import ticket_pdf
from desktop.services.security.permissions import Actor
from desktop.views.context import ViewContext
from desktop.views.documents.preview import (
    RasterDocument,
    make_preview_dialog,
    make_printer,
    rasterize,
)


def prepare_ticket(db: Database, actor: Actor, site_code: str,
                   ticket_id: uuid.UUID) -> RasterDocument:
    """Render and rasterise the A4 ticket (runs on the print worker)."""
    ticket = ticket_pdf(db, actor, site_code, ticket_id)
    return rasterize(ticket.pdf, ticket.title)


class A4TicketPrinter:
    """Previews and prints a ticket on A4 for a widget (the counter console)."""

    #: Replaced in tests: builds the preview dialog, and runs it.
    make_preview = staticmethod(make_preview_dialog)
    exec_dialog: Callable[[QDialog], int] = staticmethod(lambda dialog: dialog.exec())

    def __init__(self, ctx: ViewContext, parent: QWidget, say: Callable[[str], None],
                 failed: Callable[[BaseException], None]) -> None:
        self.ctx = ctx
        self.parent = parent
        self.say = say
        self.failed = failed

    def print_ticket(self, ticket_id: uuid.UUID, code: str) -> None:
        self.say(_("Preparing ticket {code} for printing…").format(code=code))
        self.ctx.ops.run(prepare_ticket, self.ctx.database, self.ctx.operator,
                         self.ctx.site.site_code, ticket_id, kind="print",
                         on_success=self._show, on_error=self.failed)

    def _show(self, document: RasterDocument) -> None:
        self.say("")
        printer = make_printer(self.ctx.settings.printer_name, document.title)
        dialog = self.make_preview(printer, document, self.parent)
        try:
            self.exec_dialog(dialog)
        finally:
            # Delete now, while the printer it points to is alive (see preview.py).
            shiboken6.delete(dialog)
