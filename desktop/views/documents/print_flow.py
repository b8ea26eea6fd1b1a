"""The one way a printout leaves the application: render, preview, archive on print.

:class:`PrintFlow` renders a :class:`~desktop.services.documents.rendered.RenderedDocument` on
the print worker (``ctx.ops.run(kind="print")``) and rasterises it there, shows the
print preview, and archives the document (:func:`record_printed`, which also writes
the audit line on the person) only when the operator printed it. Closing the preview
archives nothing. :meth:`PrintFlow.save` renders, writes the file and archives it as
saved, all on the worker. Documenti and Accoglienza (Ctrl+P after a DID) share it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from desktop.i18n import _, ngettext
from desktop.infra.database import Database
from desktop.services.documents.archive import ArchivedDocument, record_printed, save_printed
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.security.accounts import OperatorInfo
from desktop.settings import save_settings
from desktop.views.context import ViewContext
from desktop.views.documents.preview import (
    RasterDocument,
    make_preview_dialog,
    make_printer,
    rasterize,
)

Render = Callable[..., RenderedDocument]


def render_for_preview(render: Render, *args: Any) -> tuple[RenderedDocument, RasterDocument]:
    """Runs on the print worker: build the PDF and its page images; archive nothing."""
    rendered = render(*args)
    return rendered, rasterize(rendered.pdf, rendered.title)


def render_and_save(db: Database, actor: OperatorInfo, target: Path, render: Render,
                    *args: Any) -> tuple[Path, ArchivedDocument]:
    """Runs on the print worker: build, then save the file archived (see
    :func:`desktop.services.documents.archive.save_printed`)."""
    rendered = render(*args)
    return target, save_printed(db, actor, rendered, target)


class PrintFlow:
    """Preview-print-archive for one widget; ``report`` shows one-line outcomes."""

    #: Replaced in tests: builds the preview dialog for a printer and a document.
    make_preview = staticmethod(make_preview_dialog)
    #: Replaced in tests: shows the dialog modally and returns its result code.
    exec_dialog: Callable[[QDialog], int] = staticmethod(lambda dialog: dialog.exec())

    def __init__(self, ctx: ViewContext, parent: QWidget, report: Callable[[str], None],
                 busy: Callable[[bool], None] | None = None,
                 on_archived: Callable[[ArchivedDocument], None] | None = None) -> None:
        self.ctx = ctx
        self.parent = parent
        self.report = report
        self.busy = busy or (lambda _busy: None)
        self.on_archived = on_archived or (lambda _doc: None)

    def preview(self, render: Render, *args: Any) -> None:
        """Render ``render(*args)`` on the print worker, then preview it."""
        self.busy(True)
        self.report(_("Preparing the preview…"))
        self.ctx.ops.run(render_for_preview, render, *args, kind="print",
                         on_success=self._show, on_error=self.failed)

    def save(self, target: Path, render: Render, *args: Any) -> None:
        self.busy(True)
        self.ctx.ops.run(render_and_save, self.ctx.database, self.ctx.operator, target,
                         render, *args, kind="print", on_success=self._saved,
                         on_error=self.failed)

    def _show(self, ready: tuple[RenderedDocument, RasterDocument]) -> None:
        rendered, document = ready
        self.busy(False)
        self.report(ngettext("{pages} page ready.", "{pages} pages ready.", len(document.pages))
                    .format(pages=len(document.pages)))
        printer = make_printer(self.ctx.settings.printer_name, document.title)
        dialog = self.make_preview(printer, document, self.parent)
        try:
            accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
            if accepted:
                self.remember_printer(printer)
        finally:
            # Delete now, while the printer it points to is alive (see preview.py).
            shiboken6.delete(dialog)
        if not accepted:
            self.report(_("Preview closed: nothing was printed or archived."))
            return
        self.ctx.ops.run(record_printed, self.ctx.database, self.ctx.operator, rendered,
                         "print", on_success=self._printed, on_error=self.failed)

    def _printed(self, archived: ArchivedDocument) -> None:
        self.report(_("Printed and archived: {title} {number}.").format(
            title=archived.title, number=archived.number))
        self.on_archived(archived)

    def _saved(self, result: tuple[Path, ArchivedDocument]) -> None:
        path, archived = result
        self.busy(False)
        self.report(_("Saved: {path}").format(path=path))
        self.on_archived(archived)

    def failed(self, exc: BaseException) -> None:
        from desktop.views.charter.problems import show_problems
        from desktop.views.errors import report_error

        self.busy(False)
        # A file that cannot be written says why in the OS's words, never with its path.
        unwritable = _("Cannot write the file: {reason}").format(
            reason=exc.strerror or _("access denied")) if isinstance(exc, OSError) else ""
        report_error(self.parent, exc, status=self.report, fallback=unwritable)
        show_problems(self.parent, exc)  # a Carta contradicted by the configuration

    def remember_printer(self, printer: QPrinter) -> None:
        name = printer.printerName()
        if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not name or \
                name == self.ctx.settings.printer_name:
            return
        self.ctx.settings = self.ctx.settings.with_changes(printer_name=name)
        self.ctx.ops.run(save_settings, self.ctx.settings, self.ctx.paths.settings_file,
                         kind="print", on_error=self.failed)
        self.report(_("Printed on {printer}; it will be proposed next time.")
                    .format(printer=name))


# -- Accoglienza: Ctrl+P prints the receipt of the DID just saved ------------------------------


class _DidPage(Protocol):
    ctx: ViewContext
    status: QLabel

    @property
    def last_did(self) -> Any: ...


_flows: weakref.WeakKeyDictionary[QWidget, PrintFlow] = weakref.WeakKeyDictionary()


def flow_for(widget: QWidget, ctx: ViewContext, report: Callable[[str], None]) -> PrintFlow:
    """The widget's print flow, made on first use."""
    flow = _flows.get(widget)
    if flow is None:
        flow = _flows[widget] = PrintFlow(ctx, widget, report)
    return flow


def print_last_did(page: _DidPage) -> None:
    """Preview the receipt of the DID saved last on ``page``; archive it if printed."""
    from desktop.services.documents.person_printouts import did_receipt

    if not isinstance(page, QWidget):
        raise TypeError("print_last_did() takes the page (a widget) the DID was saved on")
    flow = flow_for(page, page.ctx, page.status.setText)
    did = page.last_did
    if did is None:
        flow.report(_("Save the DID first: then Ctrl+P prints its receipt."))
        return
    flow.preview(did_receipt, page.ctx.database, page.ctx.operator, did.id)
