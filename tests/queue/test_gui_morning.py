"""A full morning with real widgets: kiosk, two counter consoles, the display, statistics."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.queue import TicketEvent
from desktop.services import queue as q
from desktop.services.queue.stats import queue_statistics
from desktop.views.context import ViewContext
from desktop.views.queue.console import CounterConsole
from desktop.views.queue.display import Announcer, WaitingRoomDisplay, spoken
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.kiosk import KioskWindow
from tests.queue.conftest import Site

# Qt Multimedia says which optional system libraries (PipeWire, VA-API) it did not find;
# that is the machine, not Sportello: the announcer handles "no audio" itself.
pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")


def idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=10_000)


def test_spoken_sentence_reads_numbers() -> None:
    assert spoken("A012", 3) == "A dodici, sportello tre"


def test_announcer_without_italian_voice_is_silent_and_logs(
        qtbot: QtBot, qctx: ViewContext, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        announcer = Announcer(audio=False, engine="mock")
    assert not announcer.speaks
    assert "no Italian voice" in caplog.text
    with qtbot.waitSignals([announcer.announced, announcer.announced], timeout=5000):
        announcer.announce("A001", 1)
        announcer.announce("B002", 2)


def test_announcer_speaks_one_call_at_a_time(qtbot: QtBot, qctx: ViewContext) -> None:
    announcer = Announcer(audio=False, engine="mock", italian_only=False)
    assert announcer.speaks
    heard: list[str] = []
    announcer.announced.connect(heard.append)
    announcer.announce("A001", 1)
    announcer.announce("B002", 2)
    assert heard == []  # the first is still being spoken
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=10_000)
    assert heard == ["A uno, sportello uno", "B due, sportello due"]


def test_full_morning(qtbot: QtBot, qctx: ViewContext, site: Site) -> None:
    ctx = qctx
    events = QueueEvents(ctx.database)
    kiosk = KioskWindow(ctx)
    c1 = CounterConsole(ctx, events, counter_number=1)  # serves A, B
    c3 = CounterConsole(ctx, events, counter_number=3)  # serves B, C
    for console in (c1, c3):
        console.config = q.QueueConfig(recall_cooldown=0)
    announcer = Announcer(audio=False, engine="mock")
    display = WaitingRoomDisplay(ctx, events, announcer)
    for widget in (kiosk, c1, c3, display):
        qtbot.addWidget(widget)
        widget.show()
    kiosk.load()
    c1.start()
    c3.start()
    display.refresh()
    idle(qtbot, ctx)
    assert c1.counter_id == site.counter(1).id and c3.counter_id == site.counter(3).id

    # The kiosk: a walk-in for A, a pregnant woman for A, one for B.
    issued: list[q.IssuedTicket] = []
    kiosk.issued.connect(issued.append)
    kiosk.service_buttons["A"].click()
    idle(qtbot, ctx)
    kiosk.priority_buttons["gravidanza"].click()
    kiosk.service_buttons["A"].click()
    idle(qtbot, ctx)
    kiosk.service_buttons["B"].click()
    idle(qtbot, ctx)
    assert [i.ticket.code for i in issued] == ["A001", "A002", "B001"]
    assert "B001" in kiosk.ticket_label.text()
    qtbot.waitUntil(lambda: c1.waiting_model.rowCount() == 3)

    # Counter 1 calls: the priority ticket first, and says why.
    with qtbot.waitSignal(announcer.announced, timeout=5000) as spoken_call:
        c1.buttons["next"].click()
        idle(qtbot, ctx)
    assert spoken_call.args == ["A due, sportello uno"]
    assert c1.ticket_label.text() == "A002"
    assert "priorità: gravidanza" in c1.reason_label.text()
    qtbot.waitUntil(lambda: "A002" in display.shown_text())
    assert "Sportello 1" in display.shown_text()
    assert "Bellini" not in display.shown_text()

    c3.buttons["next"].click()
    idle(qtbot, ctx)
    assert c3.ticket_label.text() == "B001"

    c1.buttons["recall"].click()
    idle(qtbot, ctx)
    assert "richiamato" in c1.message.text()

    # Transfer A002 to C (not returning); counter 3 finishes B001 and takes it.
    c1.ask_item = lambda parent, title, label, items: next(i for i in items if i[0] == "C")  # type: ignore[method-assign]
    c1.ask_yes = lambda parent, title, question: False  # type: ignore[method-assign]
    c1.buttons["transfer"].click()
    idle(qtbot, ctx)
    assert c1.ticket_label.text() == "—"
    c3.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    c3.buttons["finish"].click()
    idle(qtbot, ctx)
    c3.buttons["next"].click()
    idle(qtbot, ctx)
    assert c3.ticket_label.text() == "A002"
    c3.buttons["finish"].click()
    idle(qtbot, ctx)

    # Counter 1 takes the walk-in with F5 and finishes.
    # (the offscreen platform has no active window, so the F5 shortcut is fired directly)
    f5 = next(s for s in c1.findChildren(QShortcut) if s.key() == QKeySequence("F5"))
    f5.activated.emit()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: c1.ticket_label.text() == "A001")
    c1.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    c1.buttons["finish"].click()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: display.state.current == ())
    assert {c.ticket_code for c in display.state.recent} >= {"A001", "A002", "B001"}

    # Statistics agree with the event log.
    today = dt.date.today()
    stats = queue_statistics(ctx.database, ctx.site.site_id, today, today)
    assert (stats.tickets, stats.called, stats.served, stats.no_shows) == (3, 3, 3, 0)
    by_counter = {g.key: g.called for g in stats.groups if g.dimension == "counter"}
    assert by_counter == {"1": 2, "3": 1}
    with ctx.database.read() as s:
        kinds = sorted(s.scalars(select(TicketEvent.kind)).all())
    assert kinds.count("called") == 4 and kinds.count("recalled") == 1
    assert kinds.count("transferred") == 1 and kinds.count("finished") == 3
    events.close()
