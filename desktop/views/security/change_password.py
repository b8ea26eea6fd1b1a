"""The change-password dialog: required after an initial or reset password."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from desktop.views.errors import report_error
from desktop.views.ops import Operations
from desktop.views.widgets import error_label, ok_cancel_buttons


class ChangePasswordDialog(QDialog):
    """Asks the current password and a new one twice; checks happen in the service.

    Signals:
        changed(OperatorInfo): the new password was saved.
    """

    changed = Signal(object)

    def __init__(self, ops: Operations, database: Database, operator: OperatorInfo, *,
                 forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._database = database
        self._operator = operator
        self.setWindowTitle(_("Change password"))
        self.setMinimumWidth(440)
        intro = QLabel(_("This is an initial or reset password: choose your own before "
                         "going on.") if forced else _("Choose a new password."))
        intro.setWordWrap(True)
        rules = QLabel(_("At least 8 characters, letters mixed with digits or symbols, "
                         "not containing your user name."))
        rules.setObjectName("Muted")
        rules.setWordWrap(True)
        self.current = self._password_field(_("Current password"))
        self.new = self._password_field(_("New password"))
        self.repeat = self._password_field(_("Repeat the new password"))
        form = QFormLayout()
        for text, widget in ((_("&Current password"), self.current),
                             (_("&New password"), self.new),
                             (_("&Repeat the new password"), self.repeat)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("&Save password"), self._submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(rules)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.current.setFocus()

    @staticmethod
    def _password_field(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(200)
        field.setAccessibleName(name)
        return field

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _submit(self) -> None:
        self.error.hide()
        if self.new.text() != self.repeat.text():
            self._show_error(_("The two new passwords differ: type them again."))
            self.repeat.selectAll()
            self.repeat.setFocus()
            return
        self.buttons.setEnabled(False)
        self._ops.run(accounts.change_password, self._database, self._operator,
                      self.current.text(), self.new.text(),
                      on_success=self._saved, on_error=self._failed)

    def _saved(self, operator: OperatorInfo) -> None:
        self.buttons.setEnabled(True)
        self.changed.emit(operator)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_error(self, exc, status=self._show_error, inline=True)
        target = self.current if isinstance(exc, ValidationError) and \
            "current_password" in exc.fields else self.new
        target.selectAll()
        target.setFocus()
