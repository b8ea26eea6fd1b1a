"""Documenti: choose a printout, preview and print it, save it as PDF; the Patto di
servizio form; the archive of printed documents.

Building and rasterising PDFs runs on the print worker (``ctx.ops.run(kind="print")``);
the GUI thread only paints ready page images on the printer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.centre_sheet import render_centre_sheet
from desktop.i18n import _
from desktop.services.accounts import OperatorInfo
from desktop.services.agreements import AgreementVersionInfo, print_version
from desktop.services.archive import ArchivedDocument, recent_documents, reprint
from desktop.services.centre import SiteInfo
from desktop.services.database import Database
from desktop.services.printing import print_charter
from desktop.settings import save_settings
from desktop.views.context import ViewContext
from desktop.views.documents.agreement_form import AgreementForm
from desktop.views.documents.preview import (
    RasterDocument,
    make_preview_dialog,
    make_printer,
    rasterize,
)
from desktop.views.pages.base import Page, card, card_layout

LANGUAGES = {"it": "Italiano", "en": "English"}


def editions() -> dict[str, str]:
    return {"cittadini": _("Citizens"), "imprese": _("Employers"),
            "disabili": _("People with disabilities (targeted placement)")}


@dataclass(frozen=True)
class PrintRequest:
    """What the operator asked for in the "Printouts" card."""

    kind: str  # "centre_sheet" | "charter" | "agreement" | "archive"
    edition: str = "cittadini"
    lang: str = "it"
    copies: int = 1
    version_id: uuid.UUID | None = None
    archive_id: uuid.UUID | None = None


def produce(db: Database, actor: OperatorInfo, site: SiteInfo,
            request: PrintRequest) -> tuple[str, bytes]:
    """Build the PDF asked for (runs on the print worker); returns (title, bytes)."""
    today = dt.date.today()
    if request.kind == "charter":
        printed = print_charter(db, actor, site.site_code, request.edition, request.lang, today)
        return printed.archived.title, printed.pdf
    if request.kind == "agreement":
        if request.version_id is None:
            from desktop.errors import ValidationError

            raise ValidationError(_("Choose a person with a service agreement in the form on "
                                    "the right, or save a version first."))
        agreement = print_version(db, actor, request.version_id, copies=request.copies)
        return agreement.archived.title, agreement.pdf
    if request.kind == "archive" and request.archive_id is not None:
        return _("Reprint"), reprint(db, actor, request.archive_id)
    return _("Centre information sheet"), render_centre_sheet(site, today)


def write_printout(db: Database, actor: OperatorInfo, site: SiteInfo, request: PrintRequest,
                   target: Path) -> Path:
    target.write_bytes(produce(db, actor, site, request)[1])
    return target


def prepare_preview(db: Database, actor: OperatorInfo, site: SiteInfo,
                    request: PrintRequest) -> RasterDocument:
    title, pdf = produce(db, actor, site, request)
    return rasterize(pdf, title)


def write_centre_sheet(site: SiteInfo, target: Path) -> Path:
    """Render and write the centre sheet (runs on the print worker)."""
    target.write_bytes(render_centre_sheet(site, dt.date.today()))
    return target


class DocumentsPage(Page):
    area_id = "documenti"
    shortcut = "Ctrl+3"
    icon_name = "documenti"

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)"))[0])
    #: Replaced in tests: builds the preview dialog for a printer and a document.
    make_preview = staticmethod(make_preview_dialog)
    #: Replaced in tests: shows the dialog modally and returns its result code.
    exec_dialog: Callable[[QDialog], int] = staticmethod(lambda dialog: dialog.exec())

    @classmethod
    def title(cls) -> str:
        return _("Documents")

    @classmethod
    def subtitle(cls) -> str:
        return _("Printouts for people and firms, identical every time they are printed.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        self.body.addLayout(columns, 1)

        # Left: what to print, how, and the archive.
        left = QVBoxLayout()
        printouts = card(_("Printouts"))
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Centre information sheet"), "centre_sheet")
        self.kind_combo.addItem(_("Service charter (Carta dei servizi)"), "charter")
        self.kind_combo.addItem(_("Service agreement of the chosen person"), "agreement")
        self.kind_combo.currentIndexChanged.connect(lambda _index: self._kind_changed())
        kind_label = QLabel(_("&Printout"))
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, self.kind_combo)
        self.edition_combo = QComboBox()
        for key, label in editions().items():
            self.edition_combo.addItem(label, key)
        edition_label = QLabel(_("&Edition"))
        edition_label.setBuddy(self.edition_combo)
        form.addRow(edition_label, self.edition_combo)
        self.lang_combo = QComboBox()
        for key, label in LANGUAGES.items():
            self.lang_combo.addItem(label, key)
        lang_label = QLabel(_("&Language"))
        lang_label.setBuddy(self.lang_combo)
        form.addRow(lang_label, self.lang_combo)
        self.copies_check = QCheckBox(_("Two copies (person and centre)"))
        form.addRow("", self.copies_check)
        card_layout(printouts).addLayout(form)
        row = QHBoxLayout()
        self.preview_button = QPushButton(_("Pre&view and print…"))
        self.preview_button.setProperty("primary", True)
        self.preview_button.setShortcut("Ctrl+P")
        self.preview_button.clicked.connect(lambda: self.preview())
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        card_layout(printouts).addLayout(row)
        self.result_label = QLabel()
        self.result_label.setObjectName("Muted")
        self.result_label.setWordWrap(True)
        card_layout(printouts).addWidget(self.result_label)
        left.addWidget(printouts)

        archive = card(_("Printed documents"))
        self.archive_list = QListWidget()
        self.archive_list.setAccessibleName(_("Printed documents"))
        self.archive_items: list[ArchivedDocument] = []
        card_layout(archive).addWidget(self.archive_list, 1)
        self.reprint_button = QPushButton(_("&Reprint the selected agreement…"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        card_layout(archive).addWidget(self.reprint_button)
        left.addWidget(archive, 1)
        columns.addLayout(left, 2)

        # Right: the agreement form.
        agreement = card(_("Personal service agreement (Patto di servizio)"))
        self.form = AgreementForm(ctx)
        self.form.saved_callbacks.append(self._agreement_saved)
        card_layout(agreement).addWidget(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(agreement)
        columns.addWidget(scroll, 3)
        self._kind_changed()

    def activated(self) -> None:
        self.refresh_archive()
        if not self.form.people:
            self.form.search(select_first=False)

    # -- requests ----------------------------------------------------------------------------

    def request(self) -> PrintRequest:
        kind = str(self.kind_combo.currentData())
        version: AgreementVersionInfo | None = self.form.versions[0] if self.form.versions \
            else None
        return PrintRequest(kind=kind, edition=str(self.edition_combo.currentData()),
                            lang=str(self.lang_combo.currentData()),
                            copies=2 if self.copies_check.isChecked() else 1,
                            version_id=version.id if version else None)

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.edition_combo.setEnabled(kind == "charter")
        self.lang_combo.setEnabled(kind == "charter")
        self.copies_check.setEnabled(kind == "agreement")

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.save_button, self.reprint_button):
            button.setEnabled(not busy)

    # -- save as PDF ---------------------------------------------------------------------------

    def save_pdf(self) -> None:
        request = self.request()
        names = {"charter": f"carta-servizi-{request.edition}-{request.lang}.pdf",
                 "agreement": "patto-di-servizio.pdf"}
        suggested = str(Path.home() / names.get(
            request.kind, f"scheda-centro-{self.ctx.site.site_code}.pdf"))
        chosen = self.ask_save_path(self, suggested)
        if not chosen:
            return
        self._busy(True)
        self.ctx.ops.run(write_printout, self.ctx.database, self.ctx.operator, self.ctx.site,
                         request, Path(chosen), kind="print", on_success=self._saved,
                         on_error=self._failed)

    # Kept for callers of the foundation's page.
    save_centre_sheet = save_pdf

    def _saved(self, path: Path) -> None:
        self._busy(False)
        self.result_label.setText(_("Saved: {path}").format(path=path))
        QTimer.singleShot(0, self.refresh_archive)

    def _failed(self, exc: BaseException) -> None:
        from desktop.errors import SportelloError
        from desktop.views.errors import show_error

        self._busy(False)
        if isinstance(exc, OSError):
            self.result_label.setText(_("Cannot write the file: {reason}").format(
                reason=exc.strerror or exc))
            return
        if isinstance(exc, SportelloError):
            self.result_label.setText(exc.user_message)
            return
        show_error(self, exc)

    # -- preview and print ---------------------------------------------------------------------

    def preview(self, request: PrintRequest | None = None) -> None:
        self._busy(True)
        self.result_label.setText(_("Preparing the preview…"))
        self.ctx.ops.run(prepare_preview, self.ctx.database, self.ctx.operator, self.ctx.site,
                         request or self.request(), kind="print",
                         on_success=self._show_preview, on_error=self._failed)

    def _show_preview(self, document: RasterDocument) -> None:
        self._busy(False)
        self.result_label.setText(_("{pages} page(s) ready.").format(pages=len(document.pages)))
        QTimer.singleShot(0, self.refresh_archive)
        printer = make_printer(self.ctx.settings.printer_name, document.title)
        dialog = self.make_preview(printer, document, self)
        try:
            if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
                self.remember_printer(printer)
        finally:
            # Delete now, while the printer it points to is alive (see preview.py).
            shiboken6.delete(dialog)

    def remember_printer(self, printer: QPrinter) -> None:
        name = printer.printerName()
        if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not name or \
                name == self.ctx.settings.printer_name:
            return
        self.ctx.settings = self.ctx.settings.with_changes(printer_name=name)
        self.ctx.ops.run(save_settings, self.ctx.settings, self.ctx.paths.settings_file,
                         kind="print", on_error=self._failed)
        self.result_label.setText(_("Printed on {printer}; it will be proposed next time.")
                                  .format(printer=name))

    # -- archive -------------------------------------------------------------------------------

    def refresh_archive(self) -> None:
        self.ctx.ops.run(recent_documents, self.ctx.database, self.ctx.operator,
                         on_success=self._show_archive, on_error=self._failed)

    def _show_archive(self, documents: list[ArchivedDocument]) -> None:
        self.archive_items = documents
        self.archive_list.clear()
        for doc in documents:
            self.archive_list.addItem(_("{when} · {title} · {number} v{version} · {who}").format(
                when=doc.printed_at.astimezone().strftime("%d/%m/%Y %H:%M"), title=doc.title,
                number=doc.number, version=doc.version, who=doc.operator_username))

    def reprint_selected(self) -> None:
        row = self.archive_list.currentRow()
        if not 0 <= row < len(self.archive_items):
            self.result_label.setText(_("Select a document in the list first."))
            return
        self.preview(PrintRequest(kind="archive", archive_id=self.archive_items[row].id))

    def _agreement_saved(self) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("agreement"))

    # -- screenshots ---------------------------------------------------------------------------

    def extra_screenshots(self) -> dict[str, Callable[[], QWidget]]:
        def preview() -> QWidget:
            pdf = produce(self.ctx.database, self.ctx.operator, self.ctx.site,
                          PrintRequest(kind="charter"))
            document = rasterize(pdf[1], pdf[0], dpi=60)
            dialog = make_preview_dialog(make_printer("", document.title), document, self)
            dialog.resize(1100, 800)
            dialog.show()
            return dialog

        return {"documenti-anteprima": preview}
