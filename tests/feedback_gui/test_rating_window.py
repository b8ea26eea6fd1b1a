"""The rating window: a finished ticket arms it, one press (of twenty) is recorded, and the
rating appears in the Osservatorio's satisfaction tile."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desktop.infra import clock
from desktop.services.feedback import ratings
from desktop.services.queue.types import TicketInfo
from desktop.views.context import ViewContext
from desktop.views.main_window import MainWindow
from desktop.views.pages.coda import QueuePage
from desktop.views.pages.osservatorio import ObservatoryPage
from tests.gui.conftest import wait_idle


def _ticket(ctx: ViewContext) -> tuple[object, TicketInfo]:
    counter = ctx.site.counters[0]
    service = next(s for s in ctx.site.services if s.prefix == counter.service_prefixes[0])
    now = clock.now()
    return counter.id, TicketInfo(service_id=service.id, service_prefix=service.prefix,
                                  service_name=service.name, id=counter.id, code="A001",
                                  number=1, status="done", issued_at=now, queued_at=now)


def test_a_finished_ticket_asks_once_and_the_osservatorio_counts_it(
        qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.ctx
    coda = window.pages["coda"]
    assert isinstance(coda, QueuePage)
    rating = coda.rating
    qtbot.mouseClick(coda.rating_button, Qt.MouseButton.LeftButton)
    assert rating.isVisible() and rating.isWindow()
    assert not rating.buttons[ratings.HAPPY].isEnabled()  # nothing finished yet
    osservatorio = window.pages["osservatorio"]
    assert isinstance(osservatorio, ObservatoryPage)
    today = QDate.currentDate()
    osservatorio.date_from.setDate(today)
    osservatorio.date_to.setDate(today)
    osservatorio.refresh()
    wait_idle(qtbot, ctx.ops)
    before = osservatorio.feedback.current
    assert before is not None

    counter_id, ticket = _ticket(ctx)
    coda.console.ticket_finished.emit(counter_id, ticket)  # what F10 emits once finished
    assert rating.buttons[ratings.HAPPY].isEnabled()
    assert ticket.service_name in rating.note.text()
    for _press in range(10):
        qtbot.mouseClick(rating.buttons[ratings.HAPPY], Qt.MouseButton.LeftButton)
        qtbot.keyClick(rating, Qt.Key.Key_3)
    wait_idle(qtbot, ctx.ops)
    assert rating.question.text() == "Grazie!"
    assert not rating.buttons[ratings.HAPPY].isEnabled()

    osservatorio.refresh()
    wait_idle(qtbot, ctx.ops)
    after = osservatorio.feedback.current
    assert after is not None
    assert (after.ratings.ratings, after.ratings.happy) == (
        before.ratings.ratings + 1, before.ratings.happy + 1)
    assert f"{after.ratings.ratings} valutazioni" in osservatorio.feedback.satisfaction.detail.text()
    assert dt.date.today() == clock.today()
