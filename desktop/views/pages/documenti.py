"""Documenti: choose a printout, preview and print it, save it as PDF; the Patto di
servizio form; the archive of printed documents.

Building and rasterising PDFs runs on the print worker (``ctx.ops.run(kind="print")``);
the GUI thread only paints ready page images on the printer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from desktop import formatting
from desktop.documents.centre_sheet import centre_sheet_meta, render_centre_sheet
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.services.charter.printing import charter_document
from desktop.services.documents.agreements import print_version
from desktop.services.documents.archive import ArchivedDocument, recent_documents, reprint_document
from desktop.services.documents.cv_printout import cv_document
from desktop.services.documents.person_printouts import (
    did_receipt_for_person,
    employment_certificate,
    latest_agreement,
    privacy_notice,
)
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import SiteInfo
from desktop.views.charter.problems import period_choices
from desktop.views.context import ViewContext
from desktop.views.documents.agreement_form import AgreementForm
from desktop.views.documents.print_flow import PrintFlow
from desktop.views.pages.base import Page, card, card_layout
from desktop.views.widgets import follow_focus, scoped_shortcut

LANGUAGES = {"it": "Italiano", "en": "English"}
#: The printouts about one person: they need a current person.
PERSON_KINDS = ("did_receipt", "certificate", "privacy", "agreement", "cv")


def editions() -> dict[str, str]:
    return {"cittadini": _("Citizens"), "imprese": _("Employers"),
            "disabili": _("People with disabilities (targeted placement)")}


@dataclass(frozen=True)
class PrintRequest:
    """What the operator asked for in the "Printouts" card."""

    # "centre_sheet" | "charter" | "did_receipt" | "certificate" | "privacy" | "agreement"
    # | "archive"
    kind: str
    edition: str = "cittadini"
    lang: str = "it"
    #: The Carta's measured period (desktop.services.charter.printing.PERIODS).
    period: str = "auto"
    copies: int = 1
    version_id: uuid.UUID | None = None
    archive_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


def produce(db: Database, actor: OperatorInfo, site: SiteInfo,
            request: PrintRequest) -> RenderedDocument:
    """Build the document asked for (runs on the print worker); archives nothing."""
    today = dt.date.today()
    if request.kind == "charter":
        return charter_document(db, actor, site.site_code, request.edition, request.lang,
                                today, request.period)
    if request.kind == "archive" and request.archive_id is not None:
        return reprint_document(db, actor, request.archive_id)
    if request.kind == "agreement" and request.version_id is not None:
        return print_version(db, actor, request.version_id, copies=request.copies)
    if request.kind in PERSON_KINDS:
        if request.person_id is None:
            raise ValidationError(no_person_message())
        person = request.person_id
        if request.kind == "did_receipt":
            return did_receipt_for_person(db, actor, person)
        if request.kind == "certificate":
            return employment_certificate(db, actor, person, site.site_code, today)
        if request.kind == "privacy":
            return privacy_notice(db, actor, person, site.site_code, request.lang, today)
        if request.kind == "cv":
            return cv_document(db, actor, person, request.lang, site.site_code, issued=today)
        return latest_agreement(db, actor, person, copies=request.copies)
    meta = centre_sheet_meta(site, today)
    return RenderedDocument(render_centre_sheet(site, today), kind="centre_sheet",
                            number=meta.number, version=meta.version, title=meta.title,
                            filename=f"scheda-centro-{site.site_code}.pdf")


def no_person_message() -> str:
    return _("No person is open: find the person in Registration (Ctrl+1) or in the "
             "queue, then come back to print their documents.")


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
        self.person_label = QLabel()
        self.person_label.setWordWrap(True)
        self.person_label.setAccessibleName(_("Current person"))
        card_layout(printouts).addWidget(self.person_label)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Centre information sheet"), "centre_sheet")
        self.kind_combo.addItem(_("Service charter (Carta dei servizi)"), "charter")
        self.kind_combo.addItem(_("Service agreement of the current person"), "agreement")
        self.kind_combo.addItem(_("DID receipt of the current person"), "did_receipt")
        self.kind_combo.addItem(_("Certificate of employment status (stato occupazionale)"),
                                "certificate")
        self.kind_combo.addItem(_("Privacy notice for the current person"), "privacy")
        self.kind_combo.addItem(_("CV of the current person (Europass)"), "cv")
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
        self.period_combo = QComboBox()
        for key, label in period_choices().items():
            self.period_combo.addItem(label, key)
        period_label = QLabel(_("Measured peri&od"))
        period_label.setBuddy(self.period_combo)
        form.addRow(period_label, self.period_combo)
        self.copies_check = QCheckBox(_("Two copies (person and centre)"))
        form.addRow("", self.copies_check)
        card_layout(printouts).addLayout(form)
        row = QHBoxLayout()
        self.preview_button = QPushButton(_("Pre&view and print…"))
        self.preview_button.setProperty("primary", True)
        self.preview_button.setShortcut("Ctrl+P")
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
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
        scoped_shortcut("Ctrl+Shift+C", self, self.preview_cv,
                        description=_("The current person's CV"))
        self.printing = PrintFlow(ctx, self, self.result_label.setText, self._busy,
                                  lambda _doc: QTimer.singleShot(0, self.refresh_archive))

        archive = card(_("Printed documents"))
        self.archive_list = QListWidget()
        self.archive_list.setAccessibleName(_("Printed documents"))
        self.archive_items: list[ArchivedDocument] = []
        card_layout(archive).addWidget(self.archive_list, 1)
        self.reprint_button = QPushButton(_("&Reprint the selected document…"))
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
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(agreement)
        follow_focus(scroll)
        columns.addWidget(scroll, 3)
        ctx.current.changed.connect(lambda _person: self._person_changed())
        self._person_changed()
        self._kind_changed()

    def activated(self) -> None:
        self.refresh_archive()
        self.form.refresh()
        if not self.form.people:
            self.form.search(select_first=False)

    # -- requests ----------------------------------------------------------------------------

    def request(self) -> PrintRequest:
        kind = str(self.kind_combo.currentData())
        current = self.ctx.current.person
        version_id = None
        chosen = self.form.current_person()
        if kind == "agreement" and self.form.versions and chosen is not None and (
                current is None or chosen.id == current.id):
            version_id = self.form.versions[0].id  # the version the form shows
        return PrintRequest(kind=kind, edition=str(self.edition_combo.currentData()),
                            lang=str(self.lang_combo.currentData()),
                            period=str(self.period_combo.currentData()),
                            copies=2 if self.copies_check.isChecked() else 1,
                            version_id=version_id,
                            person_id=current.id if current else None)

    def _person_changed(self) -> None:
        person = self.ctx.current.person
        self.person_label.setText(
            _("Person: {person}").format(person=person.label) if person
            else no_person_message())
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.edition_combo.setEnabled(kind == "charter")
        self.period_combo.setEnabled(kind == "charter")
        self.lang_combo.setEnabled(kind in ("charter", "privacy", "cv"))
        self.copies_check.setEnabled(kind == "agreement")

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.save_button, self.reprint_button):
            button.setEnabled(not busy)

    def _missing_person(self, request: PrintRequest) -> bool:
        """A person printout with nobody current: say so, start nothing."""
        if request.kind in PERSON_KINDS and request.person_id is None and \
                request.version_id is None:
            self.result_label.setText(no_person_message())
            return True
        return False

    # -- save as PDF ---------------------------------------------------------------------------

    def save_pdf(self) -> None:
        request = self.request()
        if self._missing_person(request):
            return
        names = {"charter": f"carta-servizi-{request.edition}-{request.lang}.pdf",
                 "agreement": "patto-di-servizio.pdf", "did_receipt": "ricevuta-did.pdf",
                 "certificate": "certificato-stato-occupazionale.pdf",
                 "privacy": f"informativa-privacy-{request.lang}.pdf",
                 "cv": f"cv-{request.lang}.pdf"}
        suggested = str(Path.home() / names.get(
            request.kind, f"scheda-centro-{self.ctx.site.site_code}.pdf"))
        chosen = self.ask_save_path(self, suggested)
        if not chosen:
            return
        self.printing.save(Path(chosen), produce, self.ctx.database, self.ctx.operator,
                           self.ctx.site, request)

    # Kept for callers of the foundation's page.
    save_centre_sheet = save_pdf

    # -- preview and print ---------------------------------------------------------------------

    def preview(self, request: PrintRequest | None = None) -> None:
        request = request or self.request()
        if self._missing_person(request):
            return
        self.printing.preview(produce, self.ctx.database, self.ctx.operator, self.ctx.site,
                              request)

    def preview_cv(self) -> None:
        """Ctrl+Shift+C: the current person's CV, in the language chosen."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("cv"))
        self.preview()

    def remember_printer(self, printer: QPrinter) -> None:
        self.printing.remember_printer(printer)

    # -- archive -------------------------------------------------------------------------------

    def refresh_archive(self) -> None:
        self.ctx.ops.run(recent_documents, self.ctx.database, self.ctx.operator,
                         on_success=self._show_archive, on_error=self.printing.failed)

    def _show_archive(self, documents: list[ArchivedDocument]) -> None:
        self.archive_items = documents
        self.archive_list.clear()
        for doc in documents:
            self.archive_list.addItem(_("{when} · {title} · {number} v{version} · {who}").format(
                when=formatting.date_time(doc.printed_at.astimezone()), title=doc.title,
                number=doc.number, version=doc.version, who=doc.operator_username))

    def reprint_selected(self) -> None:
        row = self.archive_list.currentRow()
        if not 0 <= row < len(self.archive_items):
            self.result_label.setText(_("Select a document in the list first."))
            return
        self.preview(PrintRequest(kind="archive", archive_id=self.archive_items[row].id))

    def _agreement_saved(self) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("agreement"))

