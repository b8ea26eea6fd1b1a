"""The unattended stations started alone: ``sportello kiosk`` and ``sportello display``.

Real widgets, a real SQLite file, a real TCP thermal printer on loopback, and a second
process that calls tickets as another counter PC would.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QShortcut
from pytestqt.qtbot import QtBot

from desktop.app import create_qt_app, load_config
from desktop.cli import main
from desktop.documents.ticket import PrinterChoice
from desktop.services import queue as q
from desktop.stations import POLL_SECONDS, Station, StationOptions, build_station
from desktop.views.context import StationContext
from desktop.views.ops import Operations
from desktop.views.queue.display import Announcer
from desktop.views.queue.kiosk import KioskWindow
from tests.helpers.net import free_port
from tests.queue.conftest import Site

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def station_ctx(qapp, isolated_home: Path, site: Site) -> Iterator[StationContext]:  # type: ignore[no-untyped-def]
    config = load_config(isolated_home)
    create_qt_app(config.settings)
    ops = Operations()
    yield StationContext(ops=ops, database=site.db, settings=config.settings,
                         paths=config.paths, site=site.info)
    ops.shutdown()


@pytest.fixture
def stations(station_ctx: StationContext) -> Iterator[list[Station]]:
    """Stations built by a test: closed at its end, pass or fail, before the workers stop
    (a display left polling would call into the next test's event loop)."""
    built: list[Station] = []
    yield built
    for station in built:
        station.close()


def start(stations: list[Station], ctx: StationContext, options: StationOptions,
          **kwargs: object) -> Station:
    station = build_station(ctx, options, **kwargs)  # type: ignore[arg-type]
    stations.append(station)
    return station


class PrinterServer:
    """A thermal printer's raw port (9100) on 127.0.0.1: keeps every byte it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.received = bytearray()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                while chunk := conn.recv(4096):
                    self.received += chunk

    def close(self) -> None:
        self.sock.close()


def test_kiosk_station_is_locked_until_staff_close_it(
        qtbot: QtBot, station_ctx: StationContext, stations: list[Station]) -> None:
    station = start(stations, station_ctx, StationOptions("kiosk"))
    kiosk = station.window
    assert isinstance(kiosk, KioskWindow)
    qtbot.addWidget(kiosk)
    assert kiosk.isFullScreen() and kiosk.locked

    class FromWindowManager(QCloseEvent):
        def spontaneous(self) -> bool:  # what Alt+F4 delivers
            return True

    alt_f4 = FromWindowManager()
    kiosk.closeEvent(alt_f4)
    assert not alt_f4.isAccepted() and kiosk.isVisible()

    unlock = next(s for s in kiosk.findChildren(QShortcut)
                  if s.key().toString() == KioskWindow.UNLOCK_KEYS)
    unlock.activated.emit()
    assert not kiosk.isVisible()


def test_kiosk_prints_on_a_network_thermal_printer(
        qtbot: QtBot, station_ctx: StationContext, site: Site, stations: list[Station]) -> None:
    printer = PrinterServer()
    try:
        station = start(stations, station_ctx, StationOptions(
            "kiosk", windowed=True, printer=PrinterChoice("escpos", "127.0.0.1", printer.port)))
        kiosk = station.window
        qtbot.addWidget(kiosk)
        assert not kiosk.isFullScreen()
        with qtbot.waitSignal(kiosk.issued, timeout=10_000) as issued:
            kiosk.service_buttons["A"].click()
        code = issued.args[0].ticket.code
        qtbot.waitUntil(lambda: code.encode() in printer.received
                        and b"\x1dV" in printer.received, timeout=10_000)  # text, then cut
        assert code in kiosk.ticket_label.text()
    finally:
        printer.close()


def test_kiosk_keeps_the_ticket_when_the_printer_is_off(
        qtbot: QtBot, station_ctx: StationContext, site: Site, stations: list[Station]) -> None:
    station = start(stations, station_ctx, StationOptions(
        "kiosk", windowed=True, printer=PrinterChoice("escpos", "127.0.0.1", free_port())))
    kiosk = station.window
    qtbot.addWidget(kiosk)
    with qtbot.waitSignal(kiosk.issued, timeout=10_000) as issued:
        kiosk.service_buttons["B"].click()
    code = issued.args[0].ticket.code
    qtbot.waitUntil(lambda: "stampante" in kiosk.ticket_label.text(), timeout=15_000)
    assert code in kiosk.ticket_label.text()  # the number stays on screen
    state = q.display_state(site.db, site.info.site_id)
    assert state.current == ()  # issued, waiting: nothing lost, nothing called


CALL_FROM_ANOTHER_PC = textwrap.dedent("""
    import sys, uuid
    from desktop.infra.database import open_database
    from desktop.services.security.accounts import get_operator
    from desktop.services import queue as q
    url, backups, site_id, service_id, counter_id, key = sys.argv[1:7]
    db = open_database(url, backups, key=key)
    issued = q.issue_ticket(db, uuid.UUID(site_id), uuid.UUID(service_id))
    q.call_next(db, get_operator(db, "g.bellini"), uuid.UUID(counter_id))
    print(issued.ticket.code)
    db.dispose()
""")


def test_display_station_sees_calls_made_by_another_process(
        qtbot: QtBot, station_ctx: StationContext, site: Site, tmp_path: Path,
        stations: list[Station]) -> None:
    announcer = Announcer(audio=False, engine="mock", italian_only=False)
    station = start(stations, station_ctx, StationOptions("display", windowed=True),
                    announcer=announcer)
    display = station.window
    qtbot.addWidget(display)
    qtbot.waitUntil(lambda: not display._reading, timeout=10_000)  # first read done
    assert display.state.current == ()
    heard: list[str] = []
    announcer.announced.connect(heard.append)
    done = subprocess.run(
        [sys.executable, "-c", CALL_FROM_ANOTHER_PC, str(site.db.url), str(tmp_path / "b"),
         str(site.info.site_id), str(site.service("A").id), str(site.counter(1).id),
         str(site.db.key)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    code = done.stdout.strip()
    assert code == "A001"
    # No notification crosses processes on SQLite: the display's own polling finds it.
    qtbot.waitUntil(lambda: [c.ticket_code for c in display.state.current] == [code],
                    timeout=int(POLL_SECONDS * 1000 * 4))
    qtbot.waitUntil(lambda: heard == ["A uno, sportello uno"], timeout=10_000)
    assert "A001" in display.shown_text()


def test_unknown_printer_setting_is_refused_before_any_window(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kiosk", "--printer", "laser:ufficio"]) == 2
    assert "escpos:INDIRIZZO" in capsys.readouterr().err
    assert main(["kiosk", "--printer", "escpos:192.168.1.50:99999"]) == 2
    assert "porta" in capsys.readouterr().err


def test_a_closed_display_stops_reading_the_queue(
        qtbot: QtBot, isolated_home: Path, site: Site) -> None:
    """Closing a station stops its polling at once, not when the window is deleted: the
    workers stop right after, and a read started then would fail in the event loop."""
    config = load_config(isolated_home)
    create_qt_app(config.settings)
    ops = Operations()
    ctx = StationContext(ops=ops, database=site.db, settings=config.settings,
                         paths=config.paths, site=site.info)
    station = build_station(ctx, StationOptions("display", windowed=True),
                            announcer=Announcer(audio=False, engine="mock"))
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=10_000)
    display = station.window
    assert any(timer.isActive() for timer in display.findChildren(QTimer))  # it polls
    station.close()
    assert not any(timer.isActive() for timer in display.findChildren(QTimer))
    ops.shutdown()
    qtbot.wait(int(POLL_SECONDS * 1000 * 1.5))  # an exception here fails the test
