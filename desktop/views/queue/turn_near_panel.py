"""The kiosk's optional step after a ticket: "Avvisami quando tocca a me".

A person may type a mobile number or an e-mail; it is validated, kept for the day only
and used for one message when the turn is near. Nothing of it is ever shown again.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.queue import turn_near
from desktop.views.context import StationContext
from desktop.views.errors import report_error


class TurnNearPanel(QWidget):
    #: The person is typing: the kiosk keeps the ticket on screen a while longer.
    activity = Signal()

    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_id: uuid.UUID | None = None
        self.setObjectName("TurnNearPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit()
        self.field.setStyleSheet("font-size: 22px; padding: 10px;")
        self.field.setAccessibleName(_("Mobile number or e-mail for the notice"))
        self.field.setPlaceholderText(_("Mobile number or e-mail"))
        label = QLabel(_("&Want a message when your turn is near? (optional)"))
        label.setStyleSheet("font-size: 20px;")
        label.setBuddy(self.field)
        self.button = QPushButton(_("Notify me"))
        self.button.setStyleSheet("font-size: 22px; padding: 10px 24px;")
        self.button.clicked.connect(self.submit)
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.activity.emit())
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 20px;")
        self.message.setAccessibleName(_("Notice outcome"))
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.hide()

    def offer(self, ticket_id: uuid.UUID) -> None:
        self.ticket_id = ticket_id
        self.field.clear()
        self.message.clear()
        self.field.setEnabled(True)
        self.button.setEnabled(True)
        self.show()

    def close_offer(self) -> None:
        self.ticket_id = None
        self.field.clear()
        self.hide()

    def submit(self) -> None:
        if self.ticket_id is None:
            return
        self.button.setEnabled(False)
        self.ctx.ops.run(turn_near.leave_contact, self.ctx.database, self.ticket_id,
                         self.field.text(), on_success=self._kept, on_error=self._failed)

    def _kept(self, _channel: str) -> None:
        self.field.clear()
        self.field.setEnabled(False)
        self.message.setStyleSheet("font-size: 20px;")
        self.message.setText(_("Thank you: you will receive a message when your turn is "
                               "near. The number is deleted at the end of the day."))

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.message.setStyleSheet("font-size: 20px; color: #b3261e; font-weight: 600;")
        if isinstance(exc, ValidationError):
            self.message.setText(exc.user_message)
            self.field.setFocus()
            return
        report_error(self, exc, status=self.message.setText, fallback=_(
            "The notice could not be saved: please ask at the front desk."))
