"""The unattended stations alone: the ticket kiosk and the waiting-room display.

``sportello kiosk`` runs on the PC at the entrance, ``sportello display`` on the PC of the
waiting-room TV (or on a second screen of a counter PC). Nobody logs in there: neither
window shows or asks for personal data (the display's service does not even read names).
Both open the same database as the counters. With PostgreSQL the display hears every
call at once (LISTEN/NOTIFY); with SQLite the counters run in another process, whose
calls it cannot hear, so it also re-reads the queue every ``POLL_SECONDS``.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop import APP_NAME, collector
from desktop.documents.ticket import PrinterChoice
from desktop.errors import SportelloError

if TYPE_CHECKING:
    from desktop.app import AppConfig
    from desktop.views.context import StationContext

log = logging.getLogger(__name__)

KINDS = ("kiosk", "display")
POLL_SECONDS = 2.0


@dataclass(frozen=True)
class StationOptions:
    kind: str
    #: A normal window instead of a locked full-screen one (set-up, trials).
    windowed: bool = False
    #: Screen of the display (its name, as the system gives it); empty: remembered/primary.
    screen: str = ""
    printer: PrinterChoice = field(default_factory=lambda: PrinterChoice("none"))


class Station:
    """A station's window and what it listens to; ``close()`` releases both."""

    def __init__(self, window: Any, events: Any = None) -> None:
        self.window = window
        self.events = events

    def close(self) -> None:
        """Stop what runs on its own (the display's polling, its NOTIFY listener) now: the
        window itself goes only when the event loop next runs."""
        stop_polling = getattr(self.window, "stop_polling", None)
        if stop_polling is not None:
            stop_polling()
        if self.events is not None:
            self.events.close()
            self.events = None
        self.window.deleteLater()


def build_station(ctx: StationContext, options: StationOptions, *,
                  announcer: Any = None) -> Station:
    """The station's window, loaded and shown (tests drive it with qtbot)."""
    if options.kind not in KINDS:
        raise ValueError(f"unknown station {options.kind!r}")
    if options.kind == "kiosk":
        from desktop.views.queue.kiosk import KioskWindow
        from desktop.views.queue.printing import printer_for

        kiosk = KioskWindow(ctx, printer_for(options.printer))
        kiosk.load()
        if options.windowed:
            kiosk.resize(1024, 768)
            kiosk.show()
        else:
            kiosk.lock()
        return Station(kiosk)

    from desktop.views.queue.display import WaitingRoomDisplay
    from desktop.views.queue.events import QueueEvents

    events = QueueEvents(ctx.database)
    display = WaitingRoomDisplay(ctx, events, announcer)
    if ctx.database.is_sqlite:
        display.poll_every(POLL_SECONDS)
    display.refresh()
    if options.windowed:
        display.resize(1280, 720)
        display.show()
    else:
        display.place(options.screen or ctx.settings.display_screen)
    return Station(display, events)


def run_station(config: AppConfig, url: str, options: StationOptions, *, demo: bool) -> int:
    """Start one station; returns the process exit status."""
    from desktop.app import open_session_database, start_gui

    started_gui = start_gui(config)
    if started_gui is None:
        return 2
    app, ops = started_gui
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.organisation.centre import site_info
    from desktop.views.context import StationContext
    from desktop.views.errors import user_message

    if config.settings_warning:
        # No dialog on an unattended screen: it would wait for a click nobody gives.
        log.warning("station %s: %s", options.kind, config.settings_warning.detail)
        print(config.settings_warning.user_message, file=sys.stderr)
    state: dict[str, Any] = {}

    def fail(exc: BaseException) -> None:
        if not isinstance(exc, SportelloError):
            log.error("station %s cannot start", options.kind, exc_info=exc)
        QMessageBox.critical(None, APP_NAME, user_message(exc))
        app.exit(1)

    def opened(db: Any) -> None:
        state["db"] = db
        ops.run(site_info, db, config.settings.site_code, on_success=show, on_error=fail)

    def show(site: Any) -> None:
        ctx = StationContext(ops=ops, database=state["db"], settings=config.settings,
                             paths=config.paths, site=site)
        state["station"] = build_station(ctx, options)
        log.info("station %s started", options.kind)
        QTimer.singleShot(1500, collector.settle_after_startup)

    ops.run(open_session_database, config, url, demo=demo, single_instance=False,
            on_success=opened, on_error=fail)
    status = app.exec()
    station = state.pop("station", None)
    if station is not None:
        station.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ops.shutdown(wait=False)
    if "db" in state:
        state["db"].dispose()
    return int(status)
