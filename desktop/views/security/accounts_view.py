"""Operator accounts for the responsabile: create, disable, unlock, reset, change role.

Every decision (who may do it, the last manager rule, password rules) is taken by
``desktop.services.security.accounts``; this window reads the selection and shows results.
A generated password is shown once, to be handed to the operator, and never stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from desktop.i18n import N_, _
from desktop.services.security import accounts
from desktop.services.security.accounts import AccountInfo, NewPassword
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.table_model import Column, RowTableModel

ROLE_NAMES = {
    "sportello": N_("Front desk"),
    "operatore": N_("Counsellor"),
    "collocamento_mirato": N_("Targeted placement (L. 68)"),
    "responsabile": N_("Centre manager"),
}


def _state(a: AccountInfo) -> str:
    states = []
    if not a.active:
        states.append(_("disabled"))
    if a.locked:
        states.append(_("locked"))
    if a.must_change_password:
        states.append(_("must change password"))
    return ", ".join(states) or _("active")


class AccountsModel(RowTableModel[AccountInfo]):
    columns = (
        Column(N_("User name"), lambda a: a.username),
        Column(N_("Name"), lambda a: a.full_name),
        Column(N_("Role"), lambda a: _(ROLE_NAMES.get(a.role, a.role))),
        Column(N_("State"), _state),
    )


class AccountsDialog(QDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Operator accounts"))
        self.resize(860, 520)
        self.model = AccountsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Operator accounts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.new_username = QLineEdit()
        self.new_username.setMaxLength(60)
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(200)
        self.role = QComboBox()
        for value, name in ROLE_NAMES.items():
            self.role.addItem(_(name), value)
        form = QFormLayout()
        for text, widget in ((_("&User name"), self.new_username),
                             (_("Full &name"), self.new_name), (_("&Role"), self.role)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        self.create_button = QPushButton(_("&Create account"))
        self.create_button.clicked.connect(self.create_new)
        form.addRow("", self.create_button)

        actions = QHBoxLayout()
        self.role_button = QPushButton(_("&Give the chosen role"))
        self.role_button.clicked.connect(self.apply_role)
        self.reset_button = QPushButton(_("Reset &password"))
        self.reset_button.clicked.connect(self.reset)
        self.unlock_button = QPushButton(_("Un&lock"))
        self.unlock_button.clicked.connect(self.unlock)
        self.toggle_button = QPushButton(_("&Disable / enable"))
        self.toggle_button.clicked.connect(self.toggle)
        for button in (self.role_button, self.reset_button, self.unlock_button,
                       self.toggle_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def _error(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.message, inline=True)

    def refresh(self) -> None:
        self.ctx.ops.run(accounts.list_accounts, self.ctx.database, self.ctx.operator,
                         on_success=self.model.set_rows, on_error=self._error)

    def selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()

    def _password_shown(self, result: NewPassword) -> None:
        self._done(_("Password for {username}: {password} — hand it over now: it is not "
                     "kept and must be changed at the first login.").format(
                         username=result.account.username, password=result.password))

    def _on_selected(self, fn: Any, *args: Any, done: Any) -> None:
        account = self.selected()
        if account is None:
            self.message.setText(_("Choose an account in the list first."))
            return
        self.ctx.ops.run(fn, self.ctx.database, self.ctx.operator, account.id, *args,
                         on_success=done, on_error=self._error)

    def create_new(self) -> None:
        self.ctx.ops.run(accounts.create_account, self.ctx.database, self.ctx.operator,
                         self.new_username.text(), self.new_name.text(),
                         self.role.currentData(), on_success=self._password_shown,
                         on_error=self._error)

    def apply_role(self) -> None:
        self._on_selected(accounts.change_role, self.role.currentData(),
                          done=lambda _a: self._done(_("Role changed.")))

    def reset(self) -> None:
        self._on_selected(accounts.reset_password, done=self._password_shown)

    def unlock(self) -> None:
        self._on_selected(accounts.unlock_account,
                          done=lambda _a: self._done(_("Account unlocked.")))

    def toggle(self) -> None:
        account = self.selected()
        active = not account.active if account else True
        self._on_selected(accounts.set_active, active,
                          done=lambda _a: self._done(_("Account updated.")))
