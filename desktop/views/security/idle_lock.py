"""Idle lock: after some minutes without input the window is covered until the
operator types their password again. Open work stays as it was underneath.

The same cover ends the session for good when a service finds that the operator's
account was disabled or given another role (``Operations.session_revoked``): it shows
the service's sentence and offers only the way back to the login.

An application-wide event filter watches keyboard and mouse input. While the
window is locked, the filter also swallows input and shortcuts aimed at anything in
that window except the lock overlay, so nothing behind it can be reached.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from desktop.views.context import ViewContext
from desktop.views.errors import report_error, user_message

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}
_BLOCKED = _ACTIVITY | {
    QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu,
    QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
}


class LockOverlay(QWidget):
    """Opaque cover over the whole window with a password field in the middle.

    Signals:
        unlock_requested(str): the operator submitted a password.
    """

    unlock_requested = Signal(str)
    login_requested = Signal()

    def __init__(self, operator: OperatorInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("LockOverlay")
        self.setAutoFillBackground(False)
        panel = QFrame()
        panel.setObjectName("Card")
        panel.setFixedWidth(440)
        title = QLabel(_("Sportello is locked"))
        title.setObjectName("PageTitle")
        self.title = title
        text = QLabel(_("The window was locked after some minutes without activity. "
                        "{name}, type your password to go on: your open work is kept.")
                      .format(name=operator.full_name))
        text.setWordWrap(True)
        # A wrapped label inside a fixed-width panel: reserve the height it needs.
        text.setMinimumHeight(text.heightForWidth(440 - 48))
        self.text = text
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(200)
        self.password.setAccessibleName(_("Password"))
        label = QLabel(_("&Password"))
        label.setBuddy(self.password)
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.password_label = label
        self.login_button = QPushButton(_("Back to the &login"))
        self.login_button.setProperty("primary", True)
        self.login_button.setAccessibleName(_("Back to the login"))
        self.login_button.clicked.connect(self.login_requested)
        self.login_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        row.addWidget(self.login_button)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addSpacing(6)
        inner.addWidget(label)
        inner.addLayout(row)
        inner.addWidget(self.error)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()

    def _submit(self) -> None:
        if not self.password.text():
            return
        self.unlock_button.setEnabled(False)
        self.error.hide()
        self.unlock_requested.emit(self.password.text())

    def show_error(self, message: str) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def show_ended(self, message: str) -> None:
        """The session is over: say why, and offer only the way back to the login."""
        self.title.setText(_("Session closed"))
        self.text.setText(message)
        self.text.setMinimumHeight(self.text.heightForWidth(440 - 48))
        for widget in (self.password, self.password_label, self.unlock_button, self.error):
            widget.hide()
        self.login_button.show()
        self.login_button.setDefault(True)
        self.login_button.setFocus()

    def reset(self) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.error.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1D2A3A"))  # opaque: nothing shows through
        painter.end()


class IdleLock(QObject):
    """Locks ``window`` after ``timeout_ms`` without input (0: never).

    Signals:
        locked(): the overlay now covers the window.
        unlocked(): the right password was typed; the window is usable again.
        session_ended(): the account was revoked and the operator asked for the login
            (the application closes the window and shows the login dialog).
    """

    locked = Signal()
    unlocked = Signal()
    session_ended = Signal()

    def __init__(self, window: QWidget, ctx: ViewContext, timeout_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._locked = False
        self._ended = False
        self._focus: QWidget | None = None
        self.backups: QObject | None = None
        self.overlay = LockOverlay(ctx.operator, window)
        self.overlay.unlock_requested.connect(self._try_unlock)
        self.overlay.login_requested.connect(self.session_ended)
        ctx.ops.session_revoked.connect(self.end_session)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("the idle lock needs a running QApplication")
        app.installEventFilter(self)
        window.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self._locked

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.stop()
        self._timer.setInterval(max(0, timeout_ms))
        if timeout_ms > 0 and not self._locked:
            self._timer.start()

    def _inside_window(self, obj: QObject) -> bool:
        node: QObject | None = obj
        while node is not None and not isinstance(node, QWidget):
            node = node.parent()
        if node is None:
            return False
        if node is self.overlay or self.overlay.isAncestorOf(node):
            return False
        return node.window() is self._window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Resize and self._locked:
            self.overlay.setGeometry(self._window.rect())
        if self._locked:
            return kind in _BLOCKED and self._inside_window(watched)
        if kind in _ACTIVITY and self._timer.interval() > 0:
            self._timer.start()
        return False

    def lock(self) -> None:
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        self._focus = QApplication.focusWidget()
        self.overlay.reset()
        self.overlay.setGeometry(self._window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.locked.emit()

    @property
    def is_ended(self) -> bool:
        return self._ended

    def end_session(self, exc: BaseException) -> None:
        """Cover the window for good with the sentence of ``exc`` (a SessionRevoked)."""
        if self._ended:
            return
        self._ended = True
        self.lock()
        self.overlay.show_ended(user_message(exc))
        self.overlay.login_button.setFocus()

    def _try_unlock(self, password: str) -> None:
        self._ctx.ops.run(accounts.unlock_session, self._ctx.database, self._ctx.operator,
                          password, on_success=self._unlocked, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        report_error(self.overlay, exc, status=self.overlay.show_error, inline=True)

    def _unlocked(self, _operator: OperatorInfo) -> None:
        self._locked = False
        self.overlay.hide()
        self.overlay.reset()
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        if self._timer.interval() > 0:
            self._timer.start()
        self.unlocked.emit()


def install_idle_lock(window: QWidget, ctx: ViewContext) -> IdleLock:
    """Attach the idle lock configured in the settings (``idle_lock_minutes``) and the
    daily backup scheduler (``backup_keep``) to a logged-in main window."""
    from desktop.views.security.scheduler import BackupScheduler

    lock = IdleLock(window, ctx, ctx.settings.idle_lock_minutes * 60_000)
    lock.backups = BackupScheduler(ctx, lock)
    return lock
