"""Documenti: printouts. Today the centre information sheet; the printouts issue adds
the Carta dei servizi, the Patto di servizio, receipts and the print preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.documents.centre_sheet import render_centre_sheet
from desktop.i18n import _
from desktop.services.centre import SiteInfo
from desktop.views.context import ViewContext
from desktop.views.pages.base import PlannedArea, card, card_layout


def write_centre_sheet(site: SiteInfo, target: Path) -> Path:
    """Render and write the sheet (runs on the print worker)."""
    target.write_bytes(render_centre_sheet(site, dt.date.today()))
    return target


class DocumentsPage(PlannedArea):
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

    @classmethod
    def planned(cls) -> Sequence[str]:
        return (
            _("Service charter (Carta dei servizi) for citizens, firms and people with "
              "disabilities"),
            _("Personal service agreement (Patto di servizio), versioned, two copies"),
            _("Registration receipts, tickets and shortlists; print preview and archive"),
        )

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        sheet = card(_("Centre information sheet"), [
            _("Address, opening hours, services and counters of this site, on one A4 page.")])
        row = QHBoxLayout()
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save_centre_sheet)
        self.result_label = QLabel()
        self.result_label.setObjectName("Muted")
        row.addWidget(self.save_button)
        row.addWidget(self.result_label, 1)
        card_layout(sheet).addLayout(row)
        self.body.insertWidget(0, sheet)
        self.body.addStretch(1)

    def save_centre_sheet(self) -> None:
        suggested = str(Path.home() / f"scheda-centro-{self.ctx.site.site_code}.pdf")
        chosen = self.ask_save_path(self, suggested)
        if not chosen:
            return
        self.save_button.setEnabled(False)
        self.ctx.ops.run(write_centre_sheet, self.ctx.site, Path(chosen), kind="print",
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, path: Path) -> None:
        self.save_button.setEnabled(True)
        self.result_label.setText(_("Saved: {path}").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        from desktop.views.errors import show_error

        self.save_button.setEnabled(True)
        if isinstance(exc, OSError):
            self.result_label.setText(_("Cannot write the file: {reason}").format(
                reason=exc.strerror or exc))
            return
        show_error(self, exc)
