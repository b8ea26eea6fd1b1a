"""Data-subject requests for the responsabile: export a person's data, or erase it.

The service checks the role, finds the person, decides between erasing and
anonymising, and records the audit line; this window reads the codice fiscale,
asks for confirmation, and writes the export files off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.subject_export import render_subject_export
from desktop.i18n import _
from desktop.services.security import subject_requests
from desktop.services.security.subject_requests import ErasureResult, PersonExport
from desktop.views.context import ViewContext
from desktop.views.errors import report_error


def ask_folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _("Folder for the export"))


def ask_erase(parent: QWidget) -> bool:
    answer = QMessageBox.question(parent, _("Erase personal data"), _(
        "Erase this person's data? If the centre must keep records about them, the "
        "person is anonymised instead. This cannot be undone."))
    return answer == QMessageBox.StandardButton.Yes


def write_export(export: PersonExport, folder: Path, centre: str, site: str) -> list[Path]:
    """Write the JSON and the PDF of an export (runs on a worker thread)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"dati-personali-{export.person_id}"
    json_path = folder / f"{stem}.json"
    pdf_path = folder / f"{stem}.pdf"
    json_path.write_text(export.json_text, encoding="utf-8")
    pdf_path.write_bytes(render_subject_export(
        centre, site, str(export.command.audit_seq), export.command.at.date()
        if export.command.at else dt.date.today(), export.sections))
    return [json_path, pdf_path]


class SubjectRequestsDialog(QDialog):
    #: Injected so tests can answer without a real dialog.
    choose_folder: Callable[[QWidget], str] = staticmethod(ask_folder)
    confirm_erase: Callable[[QWidget], bool] = staticmethod(ask_erase)

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Data-subject requests"))
        self.setMinimumWidth(560)
        intro = QLabel(_("A person may ask for a copy of everything the centre holds about "
                         "them, or for its erasure. Both are recorded in the audit log."))
        intro.setWordWrap(True)
        self.fiscal_code = QLineEdit()
        self.fiscal_code.setMaxLength(16)
        self.fiscal_code.setAccessibleName(_("Codice fiscale"))
        label = QLabel(_("&Codice fiscale"))
        label.setBuddy(self.fiscal_code)
        self.export_button = QPushButton(_("&Export data (JSON and PDF)…"))
        self.export_button.clicked.connect(self.export)
        self.erase_button = QPushButton(_("E&rase…"))
        self.erase_button.clicked.connect(self.erase)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.fiscal_code, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.export_button)
        buttons_row.addWidget(self.erase_button)
        buttons_row.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(buttons_row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _error(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.message, inline=True)

    def export(self) -> None:
        folder = self.choose_folder(self)
        if not folder:
            return
        self.ctx.ops.run(subject_requests.export_person, self.ctx.database, self.ctx.operator,
                         self.fiscal_code.text(),
                         on_success=lambda export: self._write(export, Path(folder)),
                         on_error=self._error)

    def _write(self, export: PersonExport, folder: Path) -> None:
        self.ctx.ops.run(write_export, export, folder, self.ctx.site.centre_name,
                         self.ctx.site.site_name, kind="print",
                         on_success=self._written, on_error=self._error)

    def _written(self, paths: list[Path]) -> None:
        self.message.setText(_("Export written: {files}. Hand it to the person, then delete "
                               "these files.").format(files=", ".join(str(p) for p in paths)))

    def erase(self) -> None:
        if not self.fiscal_code.text().strip() or not self.confirm_erase(self):
            return
        self.ctx.ops.run(subject_requests.erase_person, self.ctx.database, self.ctx.operator,
                         self.fiscal_code.text(), on_success=self._erased,
                         on_error=self._error)

    def _erased(self, result: ErasureResult) -> None:
        if result.outcome == "deleted":
            self.message.setText(_("The person's data were erased."))
        else:
            self.message.setText(_("The person was anonymised: records the centre must keep "
                                   "({tables}) still exist without their identity.").format(
                                       tables=", ".join(result.kept_because)))
