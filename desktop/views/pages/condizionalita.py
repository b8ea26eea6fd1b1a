"""Condizionalità: the absences waiting for a justification and the sanction proposals.

F5 records the missed convocations and turns the expired windows into proposals;
Ctrl+G justifies the chosen absence; Ctrl+P prints the chosen proposal's letter (which
is archived); Ctrl+Shift+M opens the unsent reminders; Ctrl+Shift+P records the current person's
consent to reminders and their channel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.conditionality import proposals
from desktop.services.conditionality.config import load_config
from desktop.services.documents.sanction_letters import sanction_letter
from desktop.views.conditionality.justify_dialog import JustifyDialog
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.documents.print_flow import PrintFlow
from desktop.views.errors import report_error
from desktop.views.messaging.preference_dialog import PreferenceDialog
from desktop.views.messaging.unsent_dialog import UnsentDialog
from desktop.views.pages.base import Page
from desktop.views.table_model import FISCAL_CODE_SAMPLE, Column, RowTableModel
from desktop.views.widgets import scoped_shortcut

STATES = {"open": N_("Waiting for justification"), "sanctioned": N_("Sanction proposed")}
SANCTIONS = {"quarter_month": N_("A quarter of a monthly payment"),
             "one_month": N_("One monthly payment"), "decadenza": N_("Decadenza"),
             "status_loss": N_("Loss of the unemployment status")}


def _sanction(a: Any) -> str:
    return _(SANCTIONS[a.sanction]) if a.sanction in SANCTIONS else ""


class WorklistModel(RowTableModel[Any]):
    columns = (
        Column(N_("Person"), lambda a: a.person_name),
        Column(N_("Fiscal code"), lambda a: a.fiscal_code, sample=FISCAL_CODE_SAMPLE),
        Column(N_("Appointment"), lambda a: formatting.date_time(a.scheduled_at.astimezone())),
        Column(N_("Justify by"), lambda a: formatting.date(a.window_until)),
        Column(N_("State"), lambda a: _(STATES.get(a.status, a.status))),
        Column(N_("Proposal"), _sanction, tooltip=lambda a: a.wording),
    )


class ConditionalityPage(Page):
    area_id = "condizionalita"
    shortcut = "Ctrl+9"
    icon_name = "condizionalita"

    #: Replaced in tests: shows the justification dialog and returns whether it saved.
    exec_justify = staticmethod(lambda dialog: dialog.exec())
    exec_unsent = staticmethod(lambda dialog: dialog.exec())
    exec_preference = staticmethod(lambda dialog: dialog.exec())

    @classmethod
    def title(cls) -> str:
        return _("Conditionality")

    @classmethod
    def subtitle(cls) -> str:
        return _("Absences at convocations: justifications within the window, and the "
                 "sanction proposals of art. 21 D.Lgs. 150/2015. F5 updates the list.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = WorklistModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Absences and sanction proposals"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.summary.setAccessibleName(_("Conditionality summary"))
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setAccessibleName(_("Conditionality status"))
        self.status.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.table, 1)
        buttons = QHBoxLayout()  # the status gets its own line: the buttons keep their text
        self.refresh_button = QPushButton(_("Update (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.justify_button = QPushButton(_("&Justify… (Ctrl+G)"))
        self.justify_button.clicked.connect(self.justify)
        self.letter_button = QPushButton(_("&Print letter (Ctrl+P)"))
        self.letter_button.clicked.connect(self.print_letter)
        self.unsent_button = QPushButton(_("Unsent messages (Ctrl+Shift+M)"))
        self.unsent_button.clicked.connect(self.show_unsent)
        self.preference_button = QPushButton(_("Reminders of the person (Ctrl+Shift+P)"))
        self.preference_button.clicked.connect(self.edit_preference)
        # Two rows, in Tab order: on one row a 1280-px window cut the last labels short.
        messages = QHBoxLayout()
        for layout, row in ((buttons, (self.refresh_button, self.justify_button,
                                       self.letter_button)),
                            (messages, (self.unsent_button, self.preference_button))):
            for button in row:
                layout.addWidget(button)
            layout.addStretch(1)
            self.body.addLayout(layout)
        self.body.addWidget(self.status)
        scoped_shortcut("F5", self, self.refresh, description=_("Update the list"))
        scoped_shortcut("Ctrl+G", self, self.justify, description=_("Record a justification"))
        scoped_shortcut("Ctrl+P", self, self.print_letter,
                        description=_("Print the sanction proposal letter"))
        scoped_shortcut("Ctrl+Shift+M", self, self.show_unsent, description=_("Unsent messages"))
        scoped_shortcut("Ctrl+Shift+P", self, self.edit_preference,
                        description=_("Reminders of the person"))
        self.flow = PrintFlow(ctx, self, self.status.setText)
        self._loaded_once = False

    def activated(self) -> None:
        if not self._loaded_once:
            self.refresh()

    def refresh(self) -> None:
        config = load_config(self.ctx.paths.config)
        self.status.setText(_("Updating…"))
        self.ctx.ops.run(proposals.review, self.ctx.database, self.ctx.operator, config,
                         on_success=self._reviewed, on_error=self._failed)

    def _reviewed(self, review: Any) -> None:
        self._loaded_once = True
        self.model.set_rows(review.items)
        waiting = sum(1 for a in review.items if a.status == "open")
        proposed = len(review.items) - waiting
        self.summary.setText(_("Absences waiting for a justification: {waiting}. "
                               "Sanction proposals: {proposed}.").format(
            waiting=waiting, proposed=proposed))
        self.status.setText(_("Updated. New absences: {new}; new proposals: {proposals}.")
                            .format(new=review.new_absences, proposals=review.proposals))
        if review.items and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def justify(self) -> None:
        absence = self.selected()
        if absence is None or absence.status != "open":
            self.status.setText(_("Choose an absence waiting for a justification."))
            return
        dialog = JustifyDialog(self.ctx, absence, self)
        self.exec_justify(dialog)
        if dialog.saved is not None:
            self.status.setText(_("Justification recorded."))
            self.refresh()

    def print_letter(self) -> None:
        absence = self.selected()
        if absence is None or absence.proposal_id is None:
            self.status.setText(_("Choose a sanction proposal to print its letter."))
            return
        self.flow.preview(sanction_letter, self.ctx.database, self.ctx.operator,
                          absence.proposal_id)

    def show_unsent(self) -> None:
        self.exec_unsent(UnsentDialog(self.ctx, self))

    def edit_preference(self) -> None:
        """Consent and channel of the current person (or of the chosen row's person)."""
        person = self.ctx.current.person
        chosen = self.selected()
        if person is None and chosen is not None:
            person = PersonRef(chosen.person_id, chosen.fiscal_code, chosen.person_name)
        if person is None:
            self.status.setText(_("No person is open: open one in Registration (Ctrl+1) or "
                                  "choose a row."))
            return
        dialog = PreferenceDialog(self.ctx, person, self)
        self.exec_preference(dialog)
        if dialog.saved is not None:
            self.status.setText(_("Reminder preference saved."))

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status.setText)
