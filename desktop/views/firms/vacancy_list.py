"""A list of vacancies (one employer's, or all) with their lifecycle at hand.

``VacancyList(ctx, employer_id)`` is a widget to embed (the firm's page; the
Incrocio page opens it in a dialog for all employers). Keys, while the list has
the focus: Ins new, Enter edit, Ctrl+P publish, Ctrl+U suspend, Ctrl+K close
(suspending and closing ask the reason). An expired vacancy says so in its status.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.firms import vacancies, vacancy_lifecycle
from desktop.services.firms.employers import EmployerInfo, list_employers
from desktop.services.firms.vacancies import VacancyInfo
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.firms.vacancy_fields import status_text
from desktop.views.firms.vacancy_form import VacancyDialog
from desktop.views.table_model import Column, RowTableModel
from desktop.views.widgets import error_label, ok_cancel_buttons, scoped_shortcut


class VacanciesTable(RowTableModel[VacancyInfo]):
    columns = (
        Column(N_("Number"), lambda v: v.number),
        Column(N_("Title"), lambda v: v.title),
        Column(N_("Employer"), lambda v: v.employer),
        Column(N_("Occupation"), lambda v: f"{v.occupation_code} {v.occupation}".strip()),
        Column(N_("Positions"), lambda v: str(v.positions)),
        Column(N_("Expiry"), lambda v: formatting.date(v.closes_on, "—")),
        Column(N_("Status"), status_text,
               tooltip=lambda v: vacancy_lifecycle.reason_label(v.status_reason)),
    )


class VacancyList(QWidget):
    """Vacancies of ``employer_id`` (every employer's when None)."""

    #: Emitted after any change (saved, published, suspended, closed).
    changed = Signal()

    def __init__(self, ctx: ViewContext, employer_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.employer_id = employer_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = VacanciesTable(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Vacancies"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in (1, 2, 3):  # title, employer, occupation share what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        actions: tuple[tuple[str, str, Callable[[], None]], ...] = (
            (_("&New (Ins)"), "Ins", self.new_vacancy),
            (_("&Edit (Enter)"), "", self.edit_current),
            (_("&Publish (Ctrl+P)"), "Ctrl+P", self.publish_current),
            (_("S&uspend (Ctrl+U)"), "Ctrl+U", lambda: self.ask_reason("suspend")),
            (_("Clo&se (Ctrl+K)"), "Ctrl+K", lambda: self.ask_reason("close")),
        )
        self.buttons: dict[str, QPushButton] = {}
        for text, key, slot in actions:
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[key or "Enter"] = button
            if key:
                scoped_shortcut(key, self, slot, description=text.replace("&", ""))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Outcome of the last operation"))
        layout.addWidget(self.status)
        self.reload()

    # --- loading --------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.ops.run(vacancies.list_vacancies, self.ctx.database, self.ctx.operator,
                         open_only=False, employer_id=self.employer_id,
                         on_success=self._show, on_error=self._failed)

    def _show(self, rows: list[VacancyInfo]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        for i, v in enumerate(rows):
            if current is not None and v.id == current.id:
                self.table.selectRow(i)
                return
        if rows:
            self.table.selectRow(0)

    def current(self) -> VacancyInfo | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < len(self.model.rows) else None

    # --- actions --------------------------------------------------------------------

    def new_vacancy(self) -> None:
        if self.employer_id is not None:
            self._open_form(self.employer_id, None)
            return
        self.ctx.ops.run(list_employers, self.ctx.database, self.ctx.operator,
                         on_success=self._choose_employer, on_error=self._failed)

    def _choose_employer(self, employers: list[EmployerInfo]) -> None:
        self.chooser = EmployerChooser(employers, self)
        self.chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chooser.accepted.connect(
            lambda: self._open_form(self.chooser.chosen, None) if self.chooser.chosen else None)
        self.chooser.open()

    def edit_current(self) -> None:
        v = self.current()
        if v is None:
            self.status.setText(_("Choose a vacancy first."))
            return
        self._open_form(v.employer_id, v.id)

    def _open_form(self, employer_id: uuid.UUID, vacancy_id: uuid.UUID | None) -> None:
        self.form = VacancyDialog(self.ctx, employer_id, vacancy_id, self)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form.saved.connect(self._saved)
        self.form.open()

    def _saved(self, info: VacancyInfo) -> None:
        self.status.setText(_("Vacancy {number} saved ({status}).").format(
            number=info.number, status=vacancy_lifecycle.status_label(info.status)))
        self._select_after(info)

    def _select_after(self, info: VacancyInfo) -> None:
        rows = [r for r in self.model.rows if r.id != info.id]
        self.model.set_rows([info, *rows])
        self.table.selectRow(0)
        self.table.setFocus()
        self.changed.emit()
        self.reload()

    def publish_current(self) -> None:
        v = self.current()
        if v is None:
            self.status.setText(_("Choose a vacancy first."))
            return
        self.ctx.ops.run(vacancy_lifecycle.publish, self.ctx.database, self.ctx.operator,
                         v.id, on_success=self._moved, on_error=self._failed)

    def ask_reason(self, what: str) -> None:
        v = self.current()
        if v is None:
            self.status.setText(_("Choose a vacancy first."))
            return
        self.reason_dialog = ReasonDialog(self.ctx, v, what, self)
        self.reason_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reason_dialog.done_with.connect(self._moved)
        self.reason_dialog.open()

    def _moved(self, info: VacancyInfo) -> None:
        self.status.setText(_("Vacancy {number}: {status}.").format(
            number=info.number, status=vacancy_lifecycle.status_label(info.status)))
        self._select_after(info)

    def _failed(self, error: BaseException) -> None:
        report_error(self, error, status=self.status)


class ReasonDialog(QDialog):
    """Why a vacancy is suspended or closed: a reason from the list and a note."""

    done_with = Signal(object)

    def __init__(self, ctx: ViewContext, vacancy: VacancyInfo, what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.vacancy, self.what = ctx, vacancy, what
        closing = what == "close"
        self.setWindowTitle((_("Close vacancy {number}") if closing else
                             _("Suspend vacancy {number}")).format(number=vacancy.number))
        layout = QFormLayout(self)
        self.reason = QComboBox()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.addItem("", "")
        for code in (vacancy_lifecycle.CLOSE_REASONS if closing
                     else vacancy_lifecycle.SUSPEND_REASONS):
            self.reason.addItem(vacancy_lifecycle.reason_label(code), code)
        label = QLabel(_("&Reason"))
        label.setBuddy(self.reason)
        layout.addRow(label, self.reason)
        self.note = QLineEdit()
        self.note.setMaxLength(300)
        self.note.setAccessibleName(_("Note"))
        label = QLabel(_("N&ote"))
        label.setBuddy(self.note)
        layout.addRow(label, self.note)
        self.error = error_label(_("Reason errors"))
        layout.addRow(self.error)
        self.buttons = ok_cancel_buttons(_("&Close the vacancy") if closing
                                         else _("&Suspend the vacancy"), self.confirm,
                                         self.reject)
        layout.addRow(self.buttons)
        self.reason.setFocus()

    def confirm(self) -> None:
        action = vacancy_lifecycle.close if self.what == "close" else vacancy_lifecycle.suspend
        self.buttons.setEnabled(False)
        self.ctx.ops.run(action, self.ctx.database, self.ctx.operator, self.vacancy.id,
                         str(self.reason.currentData() or ""), self.note.text(),
                         on_success=self._done, on_error=self._failed)

    def _done(self, info: VacancyInfo) -> None:
        self.done_with.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_error(self, error, status=self.error)
        target = self.note if isinstance(error, ValidationError) and "note" in error.fields \
            else self.reason
        target.setFocus()


class EmployerChooser(QDialog):
    """Which employer a new vacancy is for (from the Incrocio page, all employers)."""

    def __init__(self, employers: list[EmployerInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen: uuid.UUID | None = None
        self.setWindowTitle(_("New vacancy: choose the employer"))
        layout = QFormLayout(self)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(_("Employer"))
        for e in employers:
            self.combo.addItem(f"{e.name} · {e.fiscal_code}", e.id)
        label = QLabel(_("&Employer"))
        label.setBuddy(self.combo)
        layout.addRow(label, self.combo)
        self.error = error_label(_("Employer errors"))
        layout.addRow(self.error)
        layout.addRow(ok_cancel_buttons(_("&Continue"), self.confirm, self.reject))
        self.combo.setFocus()

    def confirm(self) -> None:
        index = self.combo.findText(self.combo.currentText())
        value = self.combo.itemData(index) if index >= 0 else None
        if not isinstance(value, uuid.UUID):
            self.error.setText(_("Choose the employer."))
            self.error.show()
            return
        self.chosen = value
        self.accept()


def open_vacancy_list(parent: QWidget, ctx: ViewContext,
                      employer_id: uuid.UUID | None = None,
                      on_change: Callable[[], None] | None = None) -> QDialog:
    """The list in a dialog of its own (the Incrocio page's "Vacancies…")."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Vacancies"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    listed = VacancyList(ctx, employer_id, dialog)
    if on_change is not None:
        listed.changed.connect(on_change)
    layout.addWidget(listed)
    dialog.resize(1180, 560)
    dialog.vacancy_list = listed  # type: ignore[attr-defined]
    dialog.open()
    listed.table.setFocus()
    return dialog


class VacancyButtons(QWidget):
    """"New vacancy" and "Vacancies…" for a page without the firm's page at hand (the
    Incrocio page), with their shortcuts: Ctrl+Shift+O and Ctrl+Shift+V."""

    def __init__(self, ctx: ViewContext, on_change: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.on_change = ctx, on_change
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton(_("Ne&w vacancy… (Ctrl+Shift+O)"))
        self.new_button.clicked.connect(lambda _checked=False: self.new_vacancy())
        self.list_button = QPushButton(_("Vacancy &list… (Ctrl+Shift+V)"))
        self.list_button.clicked.connect(lambda _checked=False: self.open_list())
        row.addWidget(self.new_button)
        row.addWidget(self.list_button)
        self.dialog: QDialog | None = None
        self.chooser: EmployerChooser | None = None
        self.form: VacancyDialog | None = None

    def install_shortcuts(self, scope: QWidget) -> None:
        scoped_shortcut("Ctrl+Shift+O", scope, self.new_vacancy,
                        description=_("New vacancy"))
        scoped_shortcut("Ctrl+Shift+V", scope, self.open_list,
                        description=_("The list of vacancies"))

    def open_list(self) -> None:
        self.dialog = open_vacancy_list(self, self.ctx, None, self.on_change)

    def new_vacancy(self) -> None:
        self.ctx.ops.run(list_employers, self.ctx.database, self.ctx.operator,
                         on_success=self._choose, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        report_error(self, error)

    def _choose(self, employers: list[EmployerInfo]) -> None:
        self.chooser = EmployerChooser(employers, self)
        self.chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chooser.accepted.connect(self._chosen)
        self.chooser.open()

    def _chosen(self) -> None:
        if self.chooser is None or self.chooser.chosen is None:
            return
        self.form = VacancyDialog(self.ctx, self.chooser.chosen, None, self)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form.saved.connect(lambda _info: self.on_change())
        self.form.open()
