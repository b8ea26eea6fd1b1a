"""Login: user name and password, checked off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from desktop.views.errors import report_error
from desktop.views.ops import Operations
from desktop.views.resources import icon
from desktop.views.widgets import error_label, ok_cancel_buttons


def make_change_password_dialog(ops: Operations, database: Database, operator: OperatorInfo,
                                parent: QWidget) -> QDialog:
    from desktop.views.security.change_password import ChangePasswordDialog

    return ChangePasswordDialog(ops, database, operator, forced=True, parent=parent)


class LoginDialog(QDialog):
    """Asks for credentials; on success ``operator`` holds who logged in.

    An operator with an initial or reset password must choose a new one (a
    change-password dialog, replaceable in tests) before ``logged_in`` is emitted.

    Signals:
        logged_in(OperatorInfo): the credentials were accepted.
    """

    logged_in = Signal(object)

    #: Builds the forced change-password dialog; tests replace it.
    change_password_dialog: Callable[..., QDialog] = staticmethod(make_change_password_dialog)

    def __init__(self, ops: Operations, database: Database, centre_name: str, *,
                 demo_hint: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._database = database
        self.operator: OperatorInfo | None = None
        self.setWindowTitle(_("{app} — Login").format(app=APP_NAME))
        self.setWindowIcon(icon("sportello"))
        self.setMinimumWidth(420)

        title = QLabel(APP_NAME)
        title.setObjectName("PageTitle")
        subtitle = QLabel(centre_name)
        subtitle.setObjectName("PageSubtitle")

        self.username = QLineEdit()
        self.username.setAccessibleName(_("User name"))
        self.username.setMaxLength(60)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.password.setMaxLength(200)
        form = QFormLayout()
        user_label = QLabel(_("&User name"))
        user_label.setBuddy(self.username)
        password_label = QLabel(_("&Password"))
        password_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(password_label, self.password)

        self.error = error_label(_("Login error"))
        self.buttons = ok_cancel_buttons(_("&Log in"), self._submit, self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        if demo_hint:
            hint = QLabel(_("Demo database: user <b>demo</b>, password <b>demo</b>."))
            hint.setObjectName("Muted")
            hint.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def _submit(self) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)
        self._ops.run(accounts.authenticate, self._database, self.username.text(),
                      self.password.text(), on_success=self._accepted, on_error=self._failed)

    def _accepted(self, operator: OperatorInfo) -> None:
        self.buttons.setEnabled(True)
        if operator.must_change_password:
            dialog = self.change_password_dialog(self._ops, self._database, operator, self)
            self._change_dialog = dialog
            dialog.changed.connect(self._finish)  # type: ignore[attr-defined]
            dialog.rejected.connect(self._change_refused)
            dialog.open()
            return
        self._finish(operator)

    def _finish(self, operator: OperatorInfo) -> None:
        self.operator = operator
        self.logged_in.emit(operator)
        self.accept()

    def _change_refused(self) -> None:
        self.error.setText(_("You must choose a new password before using Sportello."))
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_error(self, exc, status=self.error, inline=True)
        self.password.selectAll()
        self.password.setFocus()
