"""The kiosk: a touch screen where a walk-in picks a service and gets a ticket.

Large buttons, one per open service; a priority category where the centre allows
walk-ins to choose it. The ticket appears on screen and, when a printer is set, on
paper; a printer that fails never loses the ticket (its number stays on screen).

On the kiosk PC itself (``sportello kiosk``) the window is *locked*: full screen, and
the window manager's close (Alt+F4) is ignored, so a visitor cannot close it; staff
close it with Ctrl+Shift+Q.

Signals:
    issued(object): the IssuedTicket just given out.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services import queue as q
from desktop.services.queue import IssuedTicket, PriorityInfo
from desktop.views.agenda.checkin_panel import CheckInPanel
from desktop.views.context import StationContext
from desktop.views.errors import report_error
from desktop.views.queue.printing import TicketPrinter
from desktop.views.queue.turn_near_panel import TurnNearPanel

log = logging.getLogger(__name__)

BIG = "font-size: 26px; padding: 22px; min-height: 70px;"


class KioskWindow(QWidget):
    issued = Signal(object)

    #: Closes a locked kiosk (staff only: not shown on screen).
    UNLOCK_KEYS = "Ctrl+Shift+Q"

    def __init__(self, ctx: StationContext, printer: TicketPrinter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.printer = printer
        self.locked = False
        self._unlock = QShortcut(QKeySequence(self.UNLOCK_KEYS), self)
        self._unlock.setContext(Qt.ShortcutContext.WindowShortcut)
        self._unlock.activated.connect(self.close_by_staff)
        self.priority_code: str | None = None
        self.setObjectName("QueueKiosk")
        self.setWindowTitle(_("Ticket kiosk — {site}").format(site=ctx.site.site_name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.setSpacing(18)
        # The centre's name (issue 22: "Benvenuti a Sede centrale" named only the branch).
        place = " · ".join(n for n in (ctx.site.centre_name, ctx.site.site_name) if n)
        welcome = QLabel(_("Welcome to {site}. Touch the service you need.").format(
            site=place))
        welcome.setWordWrap(True)
        self.welcome = welcome
        welcome.setStyleSheet("font-size: 30px; font-weight: 700;")
        outer.addWidget(welcome)
        grid = QGridLayout()
        self.service_buttons: dict[str, QPushButton] = {}
        for i, service in enumerate(s for s in ctx.site.services if s.active):
            # The name only: a service's own letter ("D" of collocamento mirato) would
            # tell the room what the neutral ticket letters hide (queue/letters.py).
            button = QPushButton(service.name)
            button.setStyleSheet(BIG)
            button.setAccessibleName(service.name)
            button.clicked.connect(lambda _c=False, sid=service.id: self.take(sid))
            self.service_buttons[service.prefix] = button
            grid.addWidget(button, i // 2, i % 2)
        outer.addLayout(grid)
        self.check_in = CheckInPanel(ctx, self)  # appointments (desktop.views.agenda)
        self.check_in.checked_in.connect(lambda done: self.issued.emit(done.issued))
        outer.addWidget(self.check_in)
        self.priority_title = QLabel(_("Priority (only if it applies to you):"))
        self.priority_title.setStyleSheet("font-size: 20px;")
        outer.addWidget(self.priority_title)
        self.priority_row = QHBoxLayout()
        self.priority_group = QButtonGroup(self)
        self.priority_group.setExclusive(False)
        self.priority_buttons: dict[str, QPushButton] = {}
        outer.addLayout(self.priority_row)
        self.ticket_label = QLabel()
        self.ticket_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_label.setWordWrap(True)
        self.ticket_label.setStyleSheet("font-size: 24px;")
        outer.addWidget(self.ticket_label, 1)
        self.turn_near = TurnNearPanel(ctx, self)  # optional "your turn is near" step
        outer.addWidget(self.turn_near)
        self._clear = QTimer(self)
        self._clear.setSingleShot(True)
        self._clear.setInterval(20_000)
        self._clear.timeout.connect(lambda: self.ticket_label.setText(""))
        self._clear.timeout.connect(self.turn_near.close_offer)
        self.turn_near.activity.connect(self._clear.start)

    def lock(self) -> None:
        """Full screen, and deaf to the window manager's close."""
        self.locked = True
        self.showFullScreen()

    def close_by_staff(self) -> None:
        self.locked = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked and event.spontaneous():
            log.info("kiosk: close from the window manager ignored (locked)")
            event.ignore()
            return
        super().closeEvent(event)

    def load(self) -> None:
        self.ctx.ops.run(q.priority_categories, self.ctx.database, self.ctx.site.site_id,
                         kiosk_only=True, on_success=self._show_priorities,
                         on_error=self._failed)

    def _show_priorities(self, priorities: tuple[PriorityInfo, ...]) -> None:
        for p in priorities:
            button = QPushButton(p.label)
            button.setCheckable(True)
            button.setStyleSheet("font-size: 18px; padding: 14px;")
            button.toggled.connect(lambda on, code=p.code: self._priority(code, on))
            self.priority_group.addButton(button)
            self.priority_buttons[p.code] = button
            self.priority_row.addWidget(button)

    def _priority(self, code: str, on: bool) -> None:
        if on:
            for other, button in self.priority_buttons.items():
                if other != code:
                    button.setChecked(False)
            self.priority_code = code
        elif self.priority_code == code:
            self.priority_code = None

    def take(self, service_id: object) -> None:
        for button in self.service_buttons.values():
            button.setEnabled(False)
        self.ctx.ops.run(q.issue_ticket, self.ctx.database, self.ctx.site.site_id, service_id,
                         priority_code=self.priority_code, on_success=self._issued,
                         on_error=self._failed)

    def _issued(self, issued: IssuedTicket) -> None:
        self._enable()
        for button in self.priority_buttons.values():
            button.setChecked(False)
        self.ticket_label.setText(_(
            "<div style='font-size:64px; font-weight:700'>{code}</div>{service}<br/>"
            "People ahead of you: {count} · estimated wait {low}-{high} min").format(
            code=issued.ticket.code, service=issued.ticket.service_name, count=issued.ahead,
            low=issued.estimate_low, high=issued.estimate_high))
        self._clear.start()
        self.turn_near.offer(issued.ticket.id)
        self.issued.emit(issued)
        if self.printer is not None:
            self.ctx.ops.run(self.printer, issued, kind="print", on_error=self._print_failed)

    def _print_failed(self, exc: BaseException) -> None:
        # The public sees a sentence written for it, never the exception's text.
        report_error(self, exc, status=self._add_to_ticket, fallback=_(
            "The ticket could not be printed: please remember the number on the screen."))

    def _add_to_ticket(self, sentence: str) -> None:
        self.ticket_label.setText(self.ticket_label.text() + "<br/><b>" + escape(sentence)
                                  + "</b>")

    def _failed(self, exc: BaseException) -> None:
        self._enable()
        report_error(self, exc, status=self.ticket_label, fallback=_(
            "The ticket could not be issued: please ask at the front desk."))

    def _enable(self) -> None:
        for button in self.service_buttons.values():
            button.setEnabled(True)
