"""The first sync as the operator starts it, for the sync benchmark and its tests: the
real Sincronizzazione page driven by its button, and a heartbeat on the GUI thread
that measures how long it went without turning its event loop."""

from __future__ import annotations

import dataclasses
import os
import random
import time
from pathlib import Path
from typing import Any

#: The heartbeat of the GUI thread (ms).
PERIOD_MS = 10


class StallMeter:
    """The longest time the GUI thread went without turning its event loop.

    A precise QTimer ticks every ``period_ms`` on the thread that starts it; each tick
    records the gap since the previous one. :meth:`stop` counts the gap from the last
    tick too, so a block at the very end is not missed. ``longest_ms`` is the largest
    gap minus the period (what the thread was late by), never below zero."""

    def __init__(self, period_ms: int = PERIOD_MS) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.period_ms = period_ms
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(period_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._tick()
        self._timer.stop()

    @property
    def longest_ms(self) -> float:
        return max(0.0, max(self.gaps, default=0.0) * 1000 - self.period_ms)


# -- the first sync on the real page ---------------------------------------------------------


def client_database(path: Path, key: str) -> Any:
    """A fresh migrated, encrypted database with a centre, its site and its operators
    (the demo's organisation only: no people, no vacancies)."""
    from desktop.demo import organisation
    from desktop.demo.context import SeedContext
    from desktop.infra.database import open_database

    db = open_database(f"sqlite+pysqlite:///{path}", key=key)
    with db.transaction() as session:
        organisation.seed(SeedContext(session, random.Random(1), None, people=0))
    return db


def drain(app: Any, ops: Any) -> None:
    while ops.pending:
        app.processEvents()
        time.sleep(0.005)  # bench setup only: waits for the page's first refresh


def first_sync_on_page(home: Path, db: Any, server_url: str, token: str,
                       idle_seconds: float = 0.0) -> tuple[float, float, float]:
    """Click "Synchronise now" on the real page and wait for the round's end; return
    (seconds, the GUI thread's longest stall in ms, the same meter's reading over
    ``idle_seconds`` on the same page before the click, with nothing to do: the timer's
    and the OS's own jitter). Raises when the round failed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from desktop import collector
    from desktop.app import build_view_context, create_qt_app
    from desktop.config import load_config
    from desktop.demo.context import DEMO_USERNAME
    from desktop.sync import service
    from desktop.views.ops import Operations
    from desktop.views.pages.sincronizzazione import SyncPage

    config = load_config(home)
    config = dataclasses.replace(config, settings=dataclasses.replace(
        config.settings, sync_server_url=server_url))
    app = create_qt_app(config.settings)
    ops = Operations()
    ctx = build_view_context(config, db, ops, DEMO_USERNAME, demo=False)
    service.save_token(db, config.paths.config, token)
    page = SyncPage(ctx)
    try:
        page.resize(1200, 800)
        page.show()
        app.processEvents()
        drain(app, ops)
        collector.settle_after_startup()  # as the app does once its window is up
        loop = QEventLoop()
        meter = StallMeter()
        meter.start()
        QTimer.singleShot(int(idle_seconds * 1000), loop.quit)
        loop.exec()
        meter.stop()
        idle_ms = meter.longest_ms
        page.scheduler.changed.connect(lambda: None if page.syncing else loop.quit())
        meter.start()
        start = time.perf_counter()
        QTest.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        if page.syncing:
            loop.exec()
        elapsed = time.perf_counter() - start
        meter.stop()
        scheduler = page.scheduler
        if scheduler.rounds != 1 or scheduler.last_error or scheduler.last_report is None:
            raise RuntimeError(f"the first sync failed: {scheduler.last_error!r}")
    finally:
        page.close()  # hidden, its timers no longer ask for anything
        drain(app, ops)
        page.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ops.shutdown()
    return elapsed, meter.longest_ms, idle_ms
