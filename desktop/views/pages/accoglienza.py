"""Accoglienza: walk-in registration (the registration issue fills this area)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.services.centre import DatabaseSummary, database_summary
from desktop.views.context import ViewContext
from desktop.views.pages.base import PlannedArea


class RegistrationPage(PlannedArea):
    area_id = "accoglienza"
    shortcut = "Ctrl+1"
    icon_name = "accoglienza"

    @classmethod
    def title(cls) -> str:
        return _("Registration")

    @classmethod
    def subtitle(cls) -> str:
        return _("Walk-ins: codice fiscale, personal record (SAP), DID and profiling.")

    @classmethod
    def planned(cls) -> Sequence[str]:
        return (
            _("Codice fiscale from the health-card scanner, checked and decoded as you type"),
            _("Personal record: identity, birthplace, residence, contacts, residence permit"),
            _("DID and quantitative profiling, with the deadline for the service agreement"),
            _("Duplicate warnings and one search box for codice fiscale, name, phone, e-mail"),
        )

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people_label = QLabel()
        self.people_label.setObjectName("Muted")
        self.body.insertWidget(0, self.people_label)
        self.body.addStretch(1)

    def activated(self) -> None:
        self.ctx.ops.run(database_summary, self.ctx.database, on_success=self._show_summary)

    def _show_summary(self, summary: DatabaseSummary) -> None:
        self.people_label.setText(
            _("People in this database: {count}").format(count=f"{summary.people:n}"))
