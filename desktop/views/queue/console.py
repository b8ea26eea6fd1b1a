"""The counter console: one counter's current ticket, its queue, and the actions.

Keyboard first: F5 call next, F6 recall, F7 call the selected ticket, F8 park,
Shift+F8 resume a parked ticket, F9 transfer, F10 finish, Ctrl+Z undo, F12 pause,
Ctrl+P print the A4 ticket (the ticket at the counter, else the one just issued here).

The person opened in Accoglienza (``ctx.current``) while a ticket is at the counter is
shown next to it, to the operator only (never on the display or the kiosk); finishing
the ticket links it to that person. Whoever was current before the call is the previous
visitor and is never linked to the new ticket.
Every action goes through ``ctx.ops`` to a queue service; the console reloads when
the queue changes (here or on another PC). Each action's message replaces the last.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SportelloError
from desktop.i18n import _
from desktop.services import queue as q
from desktop.services.queue import CounterState, TicketInfo
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import report_error
from desktop.views.queue import questions
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.ticket_print import A4TicketPrinter
from desktop.views.queue.tickets_model import TicketTableModel, tickets_view
from desktop.views.widgets import scoped_shortcut


class CounterConsole(QWidget):
    state_changed = Signal(object)  #: the CounterState just shown
    #: (counter id, TicketInfo) of a ticket this console finished: the rating window asks.
    ticket_finished = Signal(object, object)

    #: Injected dialogs (tests replace them): text, choice, yes/no.
    ask_text: Callable[[QWidget, str, str], str | None] = staticmethod(questions.ask_text)
    ask_item: Callable[[QWidget, str, str, list[str]], str | None] = staticmethod(
        questions.ask_item)
    ask_yes: Callable[[QWidget, str, str], bool] = staticmethod(questions.ask_yes)

    def __init__(self, ctx: ViewContext, events: QueueEvents, parent: QWidget | None = None,
                 *, counter_number: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: CounterState | None = None
        self.config = q.DEFAULT_CONFIG
        self.last_reason = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        counter_label = QLabel(_("&Counter:"))
        self.counter_box = QComboBox()
        counter_label.setBuddy(self.counter_box)
        for c in ctx.site.counters:
            if c.active:
                self.counter_box.addItem(
                    f"{c.name} ({', '.join(c.service_prefixes)})", c.id)
        if counter_number is not None:
            for i in range(self.counter_box.count()):
                if any(c.id == self.counter_box.itemData(i) and c.number == counter_number
                       for c in ctx.site.counters):
                    self.counter_box.setCurrentIndex(i)
        self.counter_box.currentIndexChanged.connect(self._counter_changed)
        self.pause_label = QLabel()
        self.pause_label.setObjectName("Muted")
        top.addWidget(counter_label)
        top.addWidget(self.counter_box)
        top.addStretch(1)
        top.addWidget(self.pause_label)
        layout.addLayout(top)

        current = QFrame()
        current.setObjectName("Card")
        grid = QGridLayout(current)
        self.ticket_label = QLabel("—")
        self.ticket_label.setObjectName("QueueTicket")
        self.ticket_label.setStyleSheet("font-size: 40px; font-weight: 700;")
        self.ticket_label.setAccessibleName(_("Current ticket"))
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("Muted")
        self.person_label = QLabel()
        self.person_label.setWordWrap(True)
        self.person_label.setObjectName("QueuePerson")
        grid.addWidget(self.ticket_label, 0, 0, 3, 1)
        grid.addWidget(self.reason_label, 0, 1)
        grid.addWidget(self.status_label, 1, 1)
        grid.addWidget(self.person_label, 2, 1)
        grid.setColumnStretch(1, 1)
        layout.addWidget(current)

        self.buttons: dict[str, QPushButton] = {}
        rows = QGridLayout()
        actions: list[tuple[str, str, str, Callable[[], None]]] = [
            ("next", _("Call &next"), "F5", self.call_next),
            ("recall", _("&Recall"), "F6", self.recall),
            ("specific", _("Call &selected"), "F7", self.call_specific),
            ("park", _("&Park"), "F8", self.park),
            ("resume", _("Resu&me parked"), "Shift+F8", self.resume),
            ("transfer", _("&Transfer"), "F9", self.transfer),
            ("finish", _("&Finish"), "F10", self.finish),
            ("undo", _("&Undo"), "Ctrl+Z", self.undo),
            ("pause", _("Pa&use"), "F12", self.toggle_pause),
            ("print", _("Print the A&4 ticket"), "Ctrl+P", self.print_ticket),
        ]
        for i, (key, text, shortcut, slot) in enumerate(actions):
            button = QPushButton(f"{text}  [{shortcut}]")
            button.clicked.connect(slot)
            if key == "next":
                button.setProperty("primary", True)
            # Ctrl+P also prints in Accoglienza and Documenti: it must act only where the
            # focus is. (The function keys are the console's alone, window-wide.)
            if key == "print":
                scoped_shortcut(shortcut, self, slot, description=text)
            else:
                QShortcut(QKeySequence(shortcut), self, slot,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                          ).setWhatsThis(text)
            self.buttons[key] = button
            rows.addWidget(button, i // 5, i % 5)
        layout.addLayout(rows)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("QueueMessage")
        layout.addWidget(self.message)

        lists = QHBoxLayout()
        self.waiting_model = TicketTableModel(self)
        self.waiting_view = tickets_view(self.waiting_model, _("Waiting tickets"))
        self.parked_model = TicketTableModel(self)
        self.parked_view = tickets_view(self.parked_model, _("Parked tickets"))
        waiting_box, parked_box = QVBoxLayout(), QVBoxLayout()
        self.waiting_title = QLabel(_("Waiting"))
        self.waiting_title.setObjectName("CardTitle")
        parked_title = QLabel(_("Parked at this counter"))
        parked_title.setObjectName("CardTitle")
        waiting_box.addWidget(self.waiting_title)
        waiting_box.addWidget(self.waiting_view)
        parked_box.addWidget(parked_title)
        parked_box.addWidget(self.parked_view)
        lists.addLayout(waiting_box, 3)
        lists.addLayout(parked_box, 2)
        layout.addLayout(lists, 1)

        self.events = events
        events.changed.connect(self._queue_changed)
        self._recovered = False
        #: The last ticket issued at this desk (the Coda page's kiosk), for Ctrl+P.
        self.last_issued: TicketInfo | None = None
        self.a4 = A4TicketPrinter(ctx, self, self.message.setText, self._failed)
        #: The person opened while each ticket was at this counter: only they can be
        #: linked to it (whoever was current before the call is the previous visitor).
        self._served: dict[uuid.UUID, PersonRef] = {}
        ctx.current.changed.connect(self._current_person_changed)

    # -- state ----------------------------------------------------------------------

    @property
    def counter_id(self) -> uuid.UUID:
        value = self.counter_box.currentData()
        if not isinstance(value, uuid.UUID):
            raise LookupError("no active counter is chosen at this console")
        return value

    def start(self) -> None:
        """Settle what a crash left at this counter (by rule), then load."""
        if not self._recovered:
            self._recovered = True
            self._run(q.recover_counter, self.ctx.database, self.ctx.operator, self.counter_id,
                      done=self._recovered_tickets)
        else:
            self.reload()

    def _recovered_tickets(self, tickets: list[TicketInfo]) -> None:
        if tickets:
            self.message.setText(_("Back in the queue after a restart: {codes}").format(
                codes=", ".join(t.code for t in tickets)))
        self.reload()

    def reload(self) -> None:
        self.ctx.ops.run(q.counter_state, self.ctx.database, self.counter_id,
                         on_success=self.show_state, on_error=self._failed)

    def _queue_changed(self, site_id: object) -> None:
        if site_id == self.ctx.site.site_id:
            self.reload()

    def _counter_changed(self) -> None:
        self.last_reason = ""
        self.reload()

    def show_state(self, state: CounterState) -> None:
        if state.counter_id != self.counter_id:
            return
        self.state = state
        current = state.current
        self.ticket_label.setText(current.code if current else "—")
        if current is None:
            self.reason_label.setText(_("No ticket at this counter."))
            self.status_label.setText("")
        else:
            reason = state.last_reason or self.last_reason
            self.reason_label.setText(_("Why this ticket: {reason}").format(reason=reason))
            self.status_label.setText(_("{service} · recalls: {recalls}").format(
                service=current.service_name, recalls=current.recalls))
        self._show_person()
        self.pause_label.setText(_("Paused: {reason}").format(reason=state.paused_reason)
                                 if state.paused_reason else "")
        self.waiting_title.setText(_("Waiting ({count})").format(count=len(state.waiting)))
        self.waiting_model.set_rows(state.waiting)
        self.parked_model.set_rows(state.parked)
        has = current is not None
        self.buttons["next"].setEnabled(not has and state.paused_reason is None)
        self.buttons["specific"].setEnabled(not has and state.paused_reason is None)
        for key in ("recall", "park", "transfer", "finish"):
            self.buttons[key].setEnabled(has)
        self.buttons["resume"].setEnabled(not has and bool(state.parked))
        self.buttons["pause"].setText(
            (_("End pa&use") if state.paused_reason else _("Pa&use")) + "  [F12]")
        self.state_changed.emit(state)

    def _current_person_changed(self, person: PersonRef | None) -> None:
        ticket = self._current()
        if ticket is not None:
            if person is None:
                self._served.pop(ticket.id, None)
            else:
                self._served[ticket.id] = person
        self._show_person()

    def _show_person(self) -> None:
        """Who is served for the ticket at the counter (operator's screen only)."""
        ticket = self._current()
        person = self._served.get(ticket.id) if ticket is not None else None
        if ticket is None:
            self.person_label.setText("")
        elif person is None:
            self.person_label.setText(_("No person opened: open them in Registration to link "
                                        "the ticket when you finish."))
        else:
            self.person_label.setText(_("Person served: {name}").format(name=person.full_name))
        self.person_label.setAccessibleName(self.person_label.text())

    def note_issued(self, issued: q.IssuedTicket) -> None:
        self.last_issued = issued.ticket

    # -- actions ----------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], *args: Any,
             done: Callable[[Any], None] | None = None, say: str = "") -> None:
        self.message.clear()  # "A009 recalled." no longer applies once A009 is parked

        def succeeded(result: Any) -> None:
            self.message.setText(say)
            (done or (lambda _r: self.reload()))(result)

        self.ctx.ops.run(fn, *args, on_success=succeeded, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.message)
        if isinstance(exc, SportelloError) and not isinstance(exc, q.QueueEmpty):
            self.reload()

    def _current(self) -> TicketInfo | None:
        return self.state.current if self.state else None

    def call_next(self) -> None:
        self._run(lambda: q.call_next(self.ctx.database, self.ctx.operator, self.counter_id,
                                      config=self.config), done=self._called)

    def _called(self, result: q.CallResult) -> None:
        self.last_reason = result.reason
        self.message.setText(_("Called {code}: {reason}").format(
            code=result.ticket.code, reason=result.reason))
        self.reload()

    def recall(self) -> None:
        current = self._current()
        if current is None:
            return
        self._run(lambda: q.recall(self.ctx.database, self.ctx.operator, self.counter_id,
                                   current.id, config=self.config), done=self._recalled)

    def _recalled(self, result: q.RecallResult) -> None:
        if result.no_show:
            self.message.setText(_("{code} did not come: marked as no-show.").format(
                code=result.ticket.code))
        else:
            self.message.setText(_("{code} recalled.").format(code=result.ticket.code))
        self.reload()

    def call_specific(self) -> None:
        rows = self.waiting_view.selectionModel().selectedRows()
        if not rows:
            self.message.setText(_("Select a waiting ticket first."))
            return
        ticket = self.waiting_model.row_at(rows[0].row())
        reason = self.ask_text(self, _("Call {code}").format(code=ticket.code),
                               _("Why is this ticket called out of order?"))
        if reason is None:
            return
        self._run(q.call_specific, self.ctx.database, self.ctx.operator, self.counter_id,
                  ticket.id, reason, done=self._called)

    def park(self) -> None:
        current = self._current()
        if current is not None:
            self._run(q.park, self.ctx.database, self.ctx.operator, self.counter_id,
                      current.id, say=_("{code} parked.").format(code=current.code))

    def resume(self) -> None:
        if not self.state or not self.state.parked:
            return
        rows = self.parked_view.selectionModel().selectedRows()
        ticket = self.parked_model.row_at(rows[0].row()) if rows else self.state.parked[0]
        self._run(q.resume, self.ctx.database, self.ctx.operator, self.counter_id, ticket.id,
                  say=_("{code} resumed.").format(code=ticket.code))

    def transfer(self) -> None:
        current = self._current()
        if current is None:
            return
        services = {f"{s.prefix} — {s.name}": s.id for s in self.ctx.site.services
                    if s.id != current.service_id}
        chosen = self.ask_item(self, _("Transfer {code}").format(code=current.code),
                               _("To which service?"), list(services))
        if chosen is None:
            return
        returning = self.ask_yes(self, _("Transfer {code}").format(code=current.code),
                                 _("Should the ticket come back to this service afterwards?"))
        say = _("{code} transferred to {service}.").format(code=current.code, service=chosen)
        self._run(lambda: q.transfer(self.ctx.database, self.ctx.operator, self.counter_id,
                                     current.id, services[chosen], returning=returning), say=say)

    def finish(self) -> None:
        current = self._current()
        if current is None:
            return
        labels = questions.outcome_choices()
        chosen = self.ask_item(self, _("Finish {code}").format(code=current.code),
                               _("Outcome:"), list(labels))
        if chosen is None:
            return
        person = self._served.pop(current.id, None)
        counter_id = self.counter_id
        self._run(lambda: q.finish(self.ctx.database, self.ctx.operator, counter_id,
                                   current.id, labels[chosen],
                                   person_id=person.id if person else None),
                  done=lambda ticket: self._finished(counter_id, ticket),
                  say=_("{code} finished: {outcome}.").format(code=current.code, outcome=chosen))

    def _finished(self, counter_id: uuid.UUID, ticket: TicketInfo) -> None:
        self.ticket_finished.emit(counter_id, ticket)
        self.reload()

    def print_ticket(self) -> None:
        ticket = self._current() or self.last_issued
        if ticket is None:
            self.message.setText(_("No ticket to print: call one, or issue one at the "
                                   "kiosk."))
            return
        self.a4.print_ticket(ticket.id, ticket.code)

    def undo(self) -> None:
        self._run(q.undo_last, self.ctx.database, self.ctx.operator, self.counter_id,
                  done=self._undone)

    def _undone(self, ticket: TicketInfo) -> None:
        self.message.setText(_("Undone: {code} is back as it was.").format(code=ticket.code))
        self.reload()

    def toggle_pause(self) -> None:
        if self.state and self.state.paused_reason:
            self._run(q.end_pause, self.ctx.database, self.ctx.operator, self.counter_id,
                      say=_("Pause over: the counter calls again."))
            return
        reason = self.ask_text(self, _("Pause"), _("Reason for the pause:"))
        if reason:
            self._run(q.pause, self.ctx.database, self.ctx.operator, self.counter_id, reason,
                      say=_("Counter paused: {reason}").format(reason=reason))
