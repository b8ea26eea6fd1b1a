"""The README's demo database is a working day on the day it is made and any later day.

The database is built by the same code ``sportello demo`` runs; the kiosk widget
issues a ticket, a counter console calls it and finishes it: today, and with the
clock a week later (the demo opened again on that day).
"""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import build_view_context, create_qt_app, database_url, load_config
from desktop.commands.demo import demo as demo_command
from desktop.demo import DEMO_USERNAME
from desktop.infra import clock
from desktop.infra.database import open_database
from desktop.infra.encryption import load_key
from desktop.models.queue import Ticket
from desktop.services import queue as q
from desktop.views.context import ViewContext
from desktop.views.ops import Operations
from desktop.views.queue.console import CounterConsole
from desktop.views.queue.display import Announcer, WaitingRoomDisplay
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.kiosk import KioskWindow

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")


def _lunchtime(day: dt.date) -> dt.datetime:
    """12:40 local: after every seeded ticket of the demo day, so the test does not
    depend on the hour it runs at."""
    return dt.datetime.combine(day, dt.time(12, 40)).astimezone(dt.UTC)


@pytest.fixture
def ops(qapp, isolated_home) -> Iterator[Operations]:  # type: ignore[no-untyped-def]
    create_qt_app(load_config(isolated_home).settings)
    operations = Operations()
    yield operations
    operations.shutdown()


def open_demo(ops: Operations) -> ViewContext:
    """``sportello demo`` (creates the demo, or brings it to today), then log in to it."""
    assert demo_command(argparse.Namespace(reset=False)) == 0
    config = load_config()
    db = open_database(database_url(config, demo=True), config.paths.backups,
                       key=load_key(config.paths.demo_database, config.paths.config))
    return build_view_context(config, db, ops, DEMO_USERNAME, demo=True)


def idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=20_000)


def serve_at_kiosk_and_counter(qtbot: QtBot, ctx: ViewContext) -> q.IssuedTicket:
    """A walk-in takes an A ticket; counter 1 finishes its current ticket, calls the
    walk-in (selected in the list, F7) and finishes it."""
    events = QueueEvents(ctx.database)
    kiosk = KioskWindow(ctx)
    console = CounterConsole(ctx, events, counter_number=1)
    display = WaitingRoomDisplay(ctx, events, Announcer(audio=False, engine="mock"))
    for widget in (kiosk, console, display):
        qtbot.addWidget(widget)
    kiosk.load()
    console.start()
    display.refresh()
    idle(qtbot, ctx)
    # The demo day is a working day: calls on the display, people waiting.
    assert display.state is not None and display.state.current
    assert console.state is not None and console.state.waiting

    issued: list[q.IssuedTicket] = []
    kiosk.issued.connect(issued.append)
    kiosk.service_buttons["A"].click()
    idle(qtbot, ctx)
    assert len(issued) == 1, kiosk.ticket_label.text()
    ticket = issued[0].ticket
    assert ticket.code in kiosk.ticket_label.text()
    assert ticket.issued_at == clock.now()

    console.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    console.ask_text = lambda parent, title, label: "test"  # type: ignore[method-assign]
    if console.state is not None and console.state.current is not None:
        console.finish()
        idle(qtbot, ctx)
    model = console.waiting_model

    def rows() -> list[uuid.UUID]:
        return [model.row_at(i).id for i in range(model.rowCount())]

    qtbot.waitUntil(lambda: ticket.id in rows())
    row = rows().index(ticket.id)
    console.waiting_view.selectRow(row)
    console.call_specific()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: console.ticket_label.text() == ticket.code)
    qtbot.waitUntil(lambda: ticket.code in display.shown_text())
    console.finish()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    with ctx.database.read() as session:
        row = session.get(Ticket, ticket.id)
        assert row is not None
        assert (row.status, row.outcome) == ("finished", "servito")
    # Nothing may still read the database when the test closes it.
    events.close()
    for widget in (kiosk, console, display):
        widget.close()
    idle(qtbot, ctx)
    return issued[0]


def test_demo_issues_calls_and_finishes_today_and_a_week_later(
        qtbot: QtBot, ops: Operations) -> None:
    today = dt.date.today()
    with clock.use(clock.fixed(_lunchtime(today))):
        ctx = open_demo(ops)
        first = serve_at_kiosk_and_counter(qtbot, ctx)
        # The number follows the demo's own A tickets of the day instead of clashing.
        assert first.ticket.number > 1
        idle(qtbot, ctx)
        ctx.database.dispose()

    later = today + dt.timedelta(days=7)
    with clock.use(clock.fixed(_lunchtime(later))):
        ctx = open_demo(ops)
        state = q.counter_state(ctx.database, ctx.site.counters[0].id)
        # The old day was closed: what counter 1 holds now is of the new day.
        assert state.current is None or state.current.issued_at.astimezone().date() == later
        second = serve_at_kiosk_and_counter(qtbot, ctx)
        assert second.ticket.issued_at.astimezone().date() == later
        idle(qtbot, ctx)
        ctx.database.dispose()
