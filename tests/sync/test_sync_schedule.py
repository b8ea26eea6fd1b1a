"""Sync scheduled by the application (issue 18): the main window's scheduler runs rounds
by itself, database steps on the database worker and network on the network worker; an
unreachable server pauses it with back-off, and it resumes when the server answers. The
Sincronizzazione page tells the truth meanwhile (real widgets, a real server)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func, select

from desktop.models.person import Person
from desktop.models.sync import OutboxEntry
from desktop.sync import outbox, service
from desktop.sync.loop import delays
from desktop.sync.registry import person_fields
from desktop.sync.transport import Transport
from desktop.views.context import ViewContext
from desktop.views.main_window import MainWindow
from desktop.views.pages.sincronizzazione import SyncPage
from desktop.views.sync.scheduler import SyncScheduler
from tests.gui.conftest import config, ctx, ops, wait_idle  # noqa: F401 - fixtures
from tests.helpers.net import free_port
from tests.sync import conftest as sync_conftest
from tests.sync.conftest import ServerThread

UNSENT = 1238


def add_people(database: Any, count: int, prefix: str = "SCHD") -> list[uuid.UUID]:
    """``count`` new people with their outbox rows, as registration writes them."""
    ids = []
    with database.transaction() as session:
        for n in range(count):
            code = f"{prefix}{n:06d}X01H501"[:16]
            person = Person(id=uuid.uuid4(), fiscal_code=code, fiscal_code_base=code,
                            surname="Coda", name=f"N{n}", sex="F",
                            birth_date=dt.date(1990, 1, 1), birthplace_code="H501",
                            citizenship="italiana", mobile="", email="")
            session.add(person)
            session.flush()
            outbox.record(session, "person", person.id, "upsert", person_fields(person))
            ids.append(person.id)
    return ids


def pending(database: Any) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.status == "pending")) or 0)


class Threads:
    """Which threads wrote to the database and which called the server."""

    def __init__(self, database: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writers: set[str] = set()
        self.callers: set[str] = set()
        self.engine = database.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        real_call = Transport.call

        def call(transport: Transport, path: str, body: Any) -> Any:
            self.callers.add(threading.current_thread().name)
            return real_call(transport, path, body)

        monkeypatch.setattr(Transport, "call", call)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.writers.add(threading.current_thread().name)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)


@pytest.fixture
def threads(ctx: ViewContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[Threads]:  # noqa: F811
    spy = Threads(ctx.database, monkeypatch)
    yield spy
    spy.close()


def test_the_main_window_schedules_rounds_off_the_gui_thread(
        qtbot: QtBot, ctx: ViewContext, server: ServerThread, threads: Threads) -> None:  # noqa: F811
    token = server.store.create_workstation("cpi-a", site=ctx.site.site_code)
    service.save_token(ctx.database, ctx.paths.config, token)
    settings = dataclasses.replace(ctx.settings, sync_server_url=server.url)
    window = MainWindow(dataclasses.replace(ctx, settings=settings))
    window.confirm_quit = lambda parent: True
    qtbot.addWidget(window)
    scheduler = window.sync_scheduler
    scheduler.interval = 0.3  # the settings allow 10 s at least; the test has no time
    page = window.pages["sincronizzazione"]
    assert isinstance(page, SyncPage) and page.scheduler is scheduler
    assert scheduler.running and scheduler.next_try is not None
    window.show()
    before = pending(ctx.database)
    assert before > 0, "the demo centre's people are waiting to be sent"

    # nobody presses anything: the first round comes by itself
    qtbot.waitUntil(lambda: scheduler.rounds >= 1 and not scheduler.syncing, timeout=30_000)
    assert scheduler.last_error == "" and not scheduler.offline
    # ... and the round first anchors the audit chain's head: one checkpoint more
    assert scheduler.last_report is not None and scheduler.last_report.pushed == before + 1
    assert pending(ctx.database) == 0

    # a change made at the counter leaves with the next automatic round
    ctx.ops.run(add_people, ctx.database, 1, "AUTO")
    qtbot.waitUntil(lambda: scheduler.rounds >= 3 and not scheduler.syncing, timeout=30_000)
    wait_idle(qtbot, ctx.ops)
    assert pending(ctx.database) == 0
    on_server = {f["fiscal_code"] for f in server.store.snapshot_entities("person").values()}
    assert any(code.startswith("AUTO") for code in on_server)

    assert threads.writers == {"sportello-db_0"}, threads.writers
    assert threads.callers and all(n.startswith(("sportello-net", "sync-prefetch"))
                                   for n in threads.callers), threads.callers
    window.close()
    assert not scheduler.running and scheduler.next_try is None


@pytest.fixture
def later_server(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A port where nothing listens yet, and a way to start the real server on it."""
    port = free_port()
    started: list[ServerThread] = []

    def start() -> ServerThread:
        monkeypatch.setattr(sync_conftest, "free_port", lambda: port)
        started.append(ServerThread(f"sqlite+pysqlite:///{tmp_path / 'late.sqlite'}"))
        return started[0]

    yield f"http://127.0.0.1:{port}", start
    for running in started:
        running.stop()


def test_unreachable_server_pauses_with_backoff_and_the_page_says_so(
        qtbot: QtBot, ctx: ViewContext, later_server: Any, threads: Threads) -> None:  # noqa: F811
    url, start_server = later_server
    # the first round anchors the audit chain's head: one checkpoint joins the queue
    add_people(ctx.database, UNSENT - 1 - pending(ctx.database))
    assert pending(ctx.database) == UNSENT - 1
    live = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings,
                                                                 sync_server_url=url))
    waits: list[float] = []

    def quick_delays() -> Iterator[float]:
        """The package's back-off, a hundred times faster."""
        for value in delays():
            waits.append(value / 100)
            yield value / 100

    scheduler = SyncScheduler(live, interval=60, waits=quick_delays)
    page = SyncPage(live)
    qtbot.addWidget(page)
    page.attach(scheduler)
    page.show()
    scheduler.start(first_after_ms=0)

    qtbot.waitUntil(lambda: scheduler.failures >= 3 and not scheduler.syncing, timeout=30_000)
    wait_idle(qtbot, ctx.ops)
    page.load_now()
    assert scheduler.offline and scheduler.next_try is not None
    assert len(waits) >= 3
    assert page.state_label.property("state") == "offline"
    assert page.pending_label.text() == f"Modifiche non ancora inviate: {UNSENT}"
    assert page.error_label.isVisible()
    assert "Il server regionale non è raggiungibile" in page.error_label.text()
    assert page.next_label.isVisible() and page.next_label.text().startswith(
        "Prossimo tentativo:")
    assert "Ultima sincronizzazione riuscita: mai" in page.last_label.text()
    assert "tutte le modifiche sono arrivate" not in page.problems_hint.text()
    assert str(UNSENT) in page.problems_hint.text()

    # the server comes back: the next try (still backing off) finds it and sends it all,
    # while the GUI thread keeps turning
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start()
    server = start_server()
    service.save_token(ctx.database, ctx.paths.config, server.store.create_workstation("c", site=ctx.site.site_code))
    qtbot.waitUntil(lambda: not scheduler.offline and not scheduler.syncing, timeout=60_000)
    ticker.stop()
    wait_idle(qtbot, ctx.ops)
    stall = max(b - a for a, b in itertools.pairwise(ticks))
    print(f"{UNSENT} changes sent; longest GUI-thread stall {stall * 1000:.0f} ms")
    assert stall < 1.0, f"the GUI thread stalled {stall:.2f} s during the round"
    page.load_now()
    assert scheduler.failures == 0 and pending(ctx.database) == 0
    assert page.state_label.property("state") == "online"
    assert "aggiornato" in page.state_label.text().lower()
    assert page.pending_label.text() == "Modifiche non ancora inviate: 0"
    assert not page.error_label.isVisible()
    assert "mai" not in page.last_label.text()
    assert "tutte le modifiche sono arrivate" in page.problems_hint.text()
    # the regular interval again, not the back-off
    assert scheduler.next_try is not None and (
        scheduler.next_try - dt.datetime.now(dt.UTC)).total_seconds() > 30
    with ctx.database.read() as session:
        local_people = {str(i) for i in session.scalars(select(Person.id))}
    assert local_people <= set(server.store.snapshot_entities("person"))
    assert threads.writers <= {"sportello-db_0", "MainThread"}
    scheduler.stop()


def test_a_paused_sync_resumes_as_soon_as_the_server_answers(
        qtbot: QtBot, ctx: ViewContext, later_server: Any) -> None:  # noqa: F811
    """Backed off for ten minutes, the scheduler still notices the server's return: a
    cheap probe while paused starts a round at once."""
    url, start_server = later_server
    live = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings,
                                                                 sync_server_url=url))
    scheduler = SyncScheduler(live, interval=60, waits=lambda: iter([600.0] * 10),
                              probe_every=0.2)
    scheduler.start(first_after_ms=0)
    qtbot.waitUntil(lambda: scheduler.failures == 1 and not scheduler.syncing,
                    timeout=30_000)
    assert scheduler.offline and scheduler.next_try is not None
    assert (scheduler.next_try - dt.datetime.now(dt.UTC)).total_seconds() > 500

    server = start_server()
    service.save_token(ctx.database, ctx.paths.config, server.store.create_workstation("p", site=ctx.site.site_code))
    back = dt.datetime.now(dt.UTC)
    qtbot.waitUntil(lambda: not scheduler.offline and not scheduler.syncing, timeout=30_000)
    resumed = (dt.datetime.now(dt.UTC) - back).total_seconds()
    wait_idle(qtbot, ctx.ops)
    assert resumed < 20, f"resumed after {resumed:.1f} s"
    assert scheduler.failures == 0 and pending(ctx.database) == 0
    scheduler.stop()


def test_an_empty_token_is_refused_next_to_the_field(qtbot: QtBot, ctx: ViewContext) -> None:  # noqa: F811
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.token_edit.setText("   ")
    page.token_button.click()
    wait_idle(qtbot, ctx.ops)
    assert page.token_error.isVisible()
    assert page.token_error.text() == ("Incolla il token che la Regione ha rilasciato per "
                                       "questa postazione, poi salvalo.")
    assert not (ctx.paths.config / "sync-token").exists(), "nothing saved"
    page.token_edit.setText("spt_valid")
    page.token_button.click()
    wait_idle(qtbot, ctx.ops)
    assert not page.token_error.isVisible() and page.token_edit.text() == ""
    assert (ctx.paths.config / "sync-token").read_text().strip() == "spt_valid"
