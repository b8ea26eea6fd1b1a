"""The three-face rating ("Mettiamoci la faccia"): a small window facing the person at
the counter, opened from the Coda page.

When the counter finishes a ticket the window asks "How were you served?" for that
service; one press records the face (service, counter and day only, never the ticket or
the person) and the window thanks and goes quiet until the next finished ticket. Further
presses before then do nothing, and the service ignores repeats within a second too.
Keys 1, 2 and 3 press the faces.
"""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.feedback import ratings
from desktop.services.queue.types import TicketInfo
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import scoped_shortcut

#: (face, symbol, colour)
FACES = ((ratings.HAPPY, "☺", "#15803D"), (ratings.NEUTRAL, "😐", "#B45309"),
         (ratings.UNHAPPY, "☹", "#B91C1C"))
#: How long the thanks stay before the window goes quiet.
THANKS_MS = 4000


def face_caption(face: int) -> str:
    return {ratings.HAPPY: _("Satisfied"), ratings.NEUTRAL: _("So-so"),
            ratings.UNHAPPY: _("Not satisfied")}[face]


class RatingWindow(QWidget):
    """Emits ``rated(int)`` with the face once a rating is recorded."""

    rated = Signal(int)

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(_("How were you served?"))
        self.setObjectName("RatingWindow")
        self.armed: tuple[uuid.UUID, uuid.UUID] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        self.question = QLabel(_("How were you served?"))
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.question.setWordWrap(True)
        self.note = QLabel("")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("font-size: 13pt;")
        self.note.setAccessibleName(_("Rating window message"))
        layout.addWidget(self.question)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for number, (face, symbol, colour) in enumerate(FACES, 1):
            column = QVBoxLayout()
            button = QPushButton(symbol)
            button.setMinimumSize(150, 120)
            button.setStyleSheet(f"font-size: 48pt; color: {colour};")
            button.setAccessibleName(face_caption(face))
            button.clicked.connect(partial(self.press, face))
            scoped_shortcut(str(number), self, partial(self.press, face),
                            Qt.ShortcutContext.WindowShortcut,
                            description=face_caption(face))
            caption = QLabel(f"{face_caption(face)}  [{number}]")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setStyleSheet(f"font-size: 14pt; color: {colour};")
            column.addWidget(button)
            column.addWidget(caption)
            self.buttons[face] = button
            row.addLayout(column)
        layout.addLayout(row)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self._idle)
        self._idle()

    def arm(self, counter_id: uuid.UUID, service_id: uuid.UUID, service_name: str) -> None:
        """A ticket of ``service_id`` was just finished at ``counter_id``: ask once."""
        self._quiet.stop()
        self.armed = (counter_id, service_id)
        self.question.setText(_("How were you served?"))
        self.note.setText(_("Service: {service}. Press a face: your answer is anonymous.")
                          .format(service=service_name))
        for button in self.buttons.values():
            button.setEnabled(True)

    def ticket_finished(self, counter_id: uuid.UUID, ticket: TicketInfo) -> None:
        self.arm(counter_id, ticket.service_id, ticket.service_name)

    def press(self, face: int, *_signal_args: object) -> None:
        if self.armed is None:
            return
        counter_id, service_id = self.armed
        self.armed = None  # one press per finished ticket, however many follow
        for button in self.buttons.values():
            button.setEnabled(False)
        self.ctx.ops.run(ratings.record_rating, self.ctx.database, self.ctx.operator,
                         counter_id, service_id, face,
                         on_success=partial(self._recorded, face), on_error=self._failed)

    def _recorded(self, face: int, _recorded: bool) -> None:
        self._thanks(face)

    def _thanks(self, face: int) -> None:
        self.question.setText(_("Thank you!"))
        self.note.setText(_("Your rating helps the centre improve."))
        self.rated.emit(face)
        self._quiet.start(THANKS_MS)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.note,
                     fallback=_("The rating could not be recorded."))
        self._quiet.start(THANKS_MS)

    def _idle(self) -> None:
        if self.armed is not None:
            return
        self.question.setText(_("How were you served?"))
        self.note.setText(_("You can rate the service here at the end of your visit."))
        for button in self.buttons.values():
            button.setEnabled(False)
