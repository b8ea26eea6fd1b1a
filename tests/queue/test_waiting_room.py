"""The waiting-room display: the centre, the time and the queues per letter, calls read
as Italians read them, a window when there is one screen, Esc to close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.infra import clock
from desktop.services import queue as q
from desktop.views.context import ViewContext
from desktop.views.queue.display import Announcer, WaitingRoomDisplay
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.spoken import italian_number, spoken
from tests.queue.conftest import Site, at

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")


@pytest.mark.parametrize(("number", "words"), [
    (0, "zero"), (1, "uno"), (3, "tre"), (7, "sette"), (11, "undici"), (17, "diciassette"),
    (20, "venti"), (21, "ventuno"), (23, "ventitré"), (28, "ventotto"), (33, "trentatré"),
    (88, "ottantotto"), (100, "cento"), (101, "centouno"), (103, "centotré"),
    (108, "centotto"), (180, "centottanta"), (200, "duecento"), (999, "novecentonovantanove"),
    (1000, "mille"), (1003, "milletré"), (2000, "duemila"), (21000, "ventunomila"),
    (23000, "ventitremila"),
])
def test_numbers_are_read_in_italian_words(number: int, words: str) -> None:
    assert italian_number(number) == words


def test_a_call_is_read_as_italians_read_it() -> None:
    assert spoken("A007", 3) == "A sette, sportello tre"
    assert spoken("B120", 12) == "B centoventi, sportello dodici"
    with pytest.raises(ValueError):
        italian_number(-1)


def test_the_display_shows_the_centre_the_time_and_the_queues_by_letter(
        qtbot: QtBot, qctx: ViewContext, site: Site) -> None:
    moment = at(30)  # 9:00 on the test day
    with clock.use(clock.fixed(moment)):
        for prefix in ("A", "A", "B"):
            q.issue_ticket(qctx.database, qctx.site.site_id, site.service(prefix).id,
                           now=moment)
        display = WaitingRoomDisplay(qctx, QueueEvents(qctx.database),
                                     Announcer(audio=False, engine="mock"))
        qtbot.addWidget(display)
        display.show()
        display.refresh()
        qtbot.waitUntil(lambda: "In attesa" in display.waiting.text(), timeout=10_000)
        assert qctx.site.site_name in display.centre.text()
        assert qctx.site.centre_name in display.centre.text()
        assert display.clock.text() == moment.astimezone().strftime("%H:%M")
        text = display.waiting.text()
        assert "A 2" in text and "B 1" in text and "C 0" in text
        # letters and counts only: no service's name
        for service in ("A", "B", "C"):
            assert site.service(service).name not in display.shown_text()


def test_with_one_screen_the_display_is_a_window_and_esc_closes_it(
        qtbot: QtBot, qctx: ViewContext) -> None:
    assert len(QGuiApplication.screens()) == 1  # the offscreen platform has one
    display = WaitingRoomDisplay(qctx, QueueEvents(qctx.database),
                                 Announcer(audio=False, engine="mock"))
    qtbot.addWidget(display)
    display.place()
    qtbot.waitExposed(display)
    assert display.isVisible() and not display.isFullScreen()
    display.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(display.isActiveWindow)
    qtbot.keyClick(display, Qt.Key.Key_F11)
    assert display.isFullScreen()
    qtbot.keyClick(display, Qt.Key.Key_F11)
    assert not display.isFullScreen()
    qtbot.keyClick(display, Qt.Key.Key_Escape)
    assert not display.isVisible()
