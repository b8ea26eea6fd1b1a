"""The kiosk's check-in for appointments: the health card's codice fiscale (a barcode
reader types it, then Enter) or the booking code. The ticket then carries the
appointment. A refusal says why in one sentence and issues nothing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services import agenda
from desktop.views.context import StationContext
from desktop.views.errors import report_error


class CheckInPanel(QWidget):
    #: The agenda.CheckIn just made (its ``issued`` is the queue's IssuedTicket).
    checked_in = Signal(object)

    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Do you have an &appointment? Scan your health card or type your "
                         "booking code:"))
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 20px;")
        row = QHBoxLayout()
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(_("Health card or booking code"))
        self.code_edit.setStyleSheet("font-size: 24px; padding: 10px;")
        self.code_edit.returnPressed.connect(self.check_in)
        title.setBuddy(self.code_edit)
        self.button = QPushButton(_("I have an appointment"))
        self.button.setStyleSheet("font-size: 22px; padding: 12px;")
        self.button.clicked.connect(self.check_in)
        row.addWidget(self.code_edit, 1)
        row.addWidget(self.button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 20px;")
        self.message.setAccessibleName(_("Check-in outcome"))
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def check_in(self) -> None:
        code = self.code_edit.text()
        self.button.setEnabled(False)
        self.ctx.ops.run(agenda.check_in, self.ctx.database, self.ctx.site.site_id, code,
                         on_success=self._done, on_error=self._failed)

    def _done(self, done: agenda.CheckIn) -> None:
        self.button.setEnabled(True)
        self.code_edit.clear()
        self.message.setText(_("Checked in for your appointment: your number is {code}.")
                             .format(code=done.issued.ticket.code))
        self.checked_in.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.code_edit.selectAll()  # the next scan replaces what was read
        # A sentence written for the public, never the exception's text.
        report_error(self, exc, status=self.message, fallback=_(
            "The check-in did not work: please ask at the front desk."))
