"""Accoglienza's card of the current person's active policies.

It follows ``ctx.current``: for the person served it lists the measures of their patto,
the actions already delivered and the placements, and records a new action
(Ctrl+Shift+A) or placement (Ctrl+Shift+P) in a dialog. What is recorded here is what
the Osservatorio counts. All database work goes through ``ctx.ops``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import _
from desktop.services.actions.catalogue import load_catalogue, load_contract_types, outcome_label
from desktop.services.actions.person_card import PersonActions, person_actions
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import error_html, report_error
from desktop.views.registration.action_dialogs import ActionDialog, PlacementDialog, date_text
from desktop.views.widgets import scoped_shortcut

ACTION_SHORTCUT = "Ctrl+Shift+A"
PLACEMENT_SHORTCUT = "Ctrl+Shift+P"


def _table(headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setMaximumHeight(150)
    # Read-only lists: Tab leaves the table (arrows move inside it).
    table.setTabKeyNavigation(False)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(0)
    for values in rows:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))


def _hours(hours: float) -> str:
    return formatting.hours(hours)


class ActionsPanel(QFrame):
    """The card; ``shortcut_scope`` is the page whose focus makes the shortcuts work."""

    def __init__(self, ctx: ViewContext, shortcut_scope: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Card")
        self.person: PersonRef | None = None
        self.overview: PersonActions | None = None
        self.dialog: ActionDialog | PlacementDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("DID and patto of the person"))
        layout.addWidget(self.summary)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.status)

        self.measure_table = _table([_("Type"), _("Description"), _("Provider"), _("From"),
                                _("To")], _("Measures of the patto"))
        self.action_table = _table([_("Date"), _("Measure"), _("Hours"), _("Provider"),
                               _("Outcome")], _("Actions delivered"))
        self.placement_table = _table([_("Start"), _("Employer"), _("Contract"), _("Source")],
                                 _("Placements"))
        for heading, table in ((_("Measures of the patto"), self.measure_table),
                               (_("Actions delivered"), self.action_table),
                               (_("Placements"), self.placement_table)):
            label = QLabel(f"<b>{heading}</b>")
            label.setBuddy(table)
            layout.addWidget(label)
            layout.addWidget(table)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.action_button = QPushButton(_("Record action… (Ctrl+Shift+A)"))
        self.placement_button = QPushButton(_("Record placement… (Ctrl+Shift+P)"))
        for button, slot in ((self.action_button, self.record_action),
                             (self.placement_button, self.record_placement)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        scope = shortcut_scope or self
        scoped_shortcut(ACTION_SHORTCUT, scope, self.record_action, description=_("Record a policy action"))
        scoped_shortcut(PLACEMENT_SHORTCUT, scope, self.record_placement, description=_("Record a placement"))

        self._measure_labels = {m.code: m.label for m in load_catalogue()}
        self._contract_labels = {t.code: t.label for t in load_contract_types()}
        ctx.current.changed.connect(self.follow)
        self.follow(ctx.current.person)

    # --- following the current person ---------------------------------------------------

    def follow(self, person: PersonRef | None) -> None:
        self.person = person
        self.overview = None
        self.status.setText("")
        for table in (self.measure_table, self.action_table, self.placement_table):
            table.setRowCount(0)
        self.action_button.setEnabled(person is not None)
        self.placement_button.setEnabled(person is not None)
        if person is None:
            self.title.setText(_("Actions and placements"))
            self.summary.setText(_("Open a person to see the measures of their patto, the "
                                   "actions delivered and the placements."))
            return
        self.title.setText(_("Actions and placements — {name}").format(name=person.full_name))
        self.summary.setText(_("Loading…"))
        self.reload()

    def reload(self) -> None:
        if self.person is None:
            return
        self.ctx.ops.run(person_actions, self.ctx.database, self.ctx.operator, self.person.id,
                         on_success=self.show_overview, on_error=self._show_error)

    def show_overview(self, overview: PersonActions) -> None:
        if self.person is None or overview.person_id != self.person.id:
            return  # the answer for a person no longer current
        self.overview = overview
        if overview.did_date is None:
            did = _("No DID in force: declare the DID before recording an action.")
        else:
            did = _("DID of {date}.").format(date=date_text(overview.did_date))
        patto = (_("Patto {number}.").format(number=overview.agreement_number)
                 if overview.agreement_number else _("No patto di servizio yet."))
        self.summary.setText(f"{did} {patto}")
        _fill(self.measure_table, [(m.kind, m.description, m.provider, date_text(m.start),
                               date_text(m.end)) for m in overview.measures])
        _fill(self.action_table, [
            (date_text(a.delivered_on), self._measure_labels.get(a.measure_code, a.measure_code),
             _hours(a.hours), a.provider, outcome_label(a.outcome)) for a in overview.actions])
        _fill(self.placement_table, [
            (date_text(p.start_date), p.employer_name,
             self._contract_labels.get(p.contract_type, p.contract_type),
             _("matching") if p.source == "incrocio" else _("entered"))
            for p in overview.placements])

    def _show_error(self, error: BaseException) -> None:
        report_error(self, error, status=self._say_error)

    def _say_error(self, sentence: str) -> None:
        self.summary.setText("")
        self.status.setText(error_html(sentence))

    # --- recording ----------------------------------------------------------------------

    def record_action(self) -> None:
        """Ctrl+Shift+A: an action delivered to the current person."""
        if self.person is None:
            return
        dialog = ActionDialog(self.ctx, self.person, self.overview, self)
        dialog.accepted.connect(lambda: self._recorded(
            _("Action recorded: it counts in the Osservatorio.")))
        self._open(dialog, self.action_table)

    def record_placement(self) -> None:
        """Ctrl+Shift+P: a placement of the current person."""
        if self.person is None:
            return
        dialog = PlacementDialog(self.ctx, self.person, self)
        dialog.accepted.connect(lambda: self._recorded(
            _("Placement recorded: it counts in the Osservatorio.")))
        self._open(dialog, self.placement_table)

    def _open(self, dialog: ActionDialog | PlacementDialog, back_to: QTableWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(back_to))
        self.dialog = dialog
        dialog.open()

    def _closed(self, back_to: QTableWidget) -> None:
        """The dialog is gone: the keyboard goes back to the list it added to, so the
        next shortcut works without reaching for the mouse."""
        self.dialog = None
        self.window().activateWindow()
        back_to.setFocus(Qt.FocusReason.OtherFocusReason)

    def _recorded(self, message: str) -> None:
        self.reload()
        self.status.setText(f"<span style='color:#15803D'><b>{message}</b></span>")
