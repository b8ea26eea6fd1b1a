"""The waiting room reveals nothing: walking every service of the demo, no ticket shown
or spoken carries a letter of its own, least of all collocamento mirato's."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from faker import Faker
from pytestqt.qtbot import QtBot

from desktop.app import AppConfig, build_view_context
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services import queue as q
from desktop.views.context import ViewContext
from desktop.views.ops import Operations
from desktop.views.queue.display import Announcer, WaitingRoomDisplay
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.kiosk import KioskWindow

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")

MORNING = dt.datetime(2026, 11, 25, 9, 0).astimezone(dt.UTC)


@pytest.fixture
def room(db: Database, ops: Operations, config: AppConfig) -> Iterator[ViewContext]:
    """The demo's organisation as seeded (services A-E, counters 1-5), no tickets yet."""
    from desktop.demo import SeedContext, organisation

    with db.transaction() as session:
        organisation.seed(SeedContext(session, random.Random(1), Faker("it_IT")))
    yield build_view_context(config, db, ops, "g.bellini", demo=False)


def test_no_ticket_reveals_collocamento_mirato(qtbot: QtBot, room: ViewContext) -> None:
    site = room.site
    l68 = next(s for s in site.services if "collocamento mirato" in s.name.lower())
    counter_of = {s.prefix: next(c for c in site.counters if s.prefix in c.service_prefixes)
                  for s in site.services}
    with clock.use(clock.fixed(MORNING)):
        display = WaitingRoomDisplay(room, QueueEvents(room.database),
                                     Announcer(audio=False, engine="mock"))
        qtbot.addWidget(display)
        display.show()
        display.refresh()
        qtbot.waitUntil(lambda: display.state is not None, timeout=10_000)
        spoken: list[str] = []
        display.announcer.announced.connect(spoken.append)
        codes: dict[str, str] = {}
        shown: list[str] = []
        for minute, service in enumerate(site.services, start=1):
            at = MORNING + dt.timedelta(minutes=minute)
            ticket = q.issue_ticket(room.database, site.site_id, service.id, now=at).ticket
            codes[service.prefix] = ticket.code
            counter = counter_of[service.prefix]
            q.call_specific(room.database, room.operator, counter.id, ticket.id,
                            "test", now=at)
            display.refresh()
            qtbot.waitUntil(lambda code=ticket.code: code in display.shown_text(),
                            timeout=10_000)
            shown.append(display.shown_text())
            qtbot.waitUntil(lambda n=minute: len(spoken) >= n, timeout=10_000)
            q.finish(room.database, room.operator, counter.id, ticket.id, "servito", now=at)
    # Every service shows the same letter from one sequence: a code says nothing.
    assert {code[0] for code in codes.values()} == {"A"}
    assert len(set(codes.values())) == len(codes)
    assert codes[l68.prefix][0] == codes["A"][0]
    for text in shown:
        assert f"{l68.prefix}0" not in text and l68.name not in text
        assert "In attesa" not in text or f" {l68.prefix} " not in f" {text} "
    assert len(spoken) == len(site.services)
    for sentence in spoken:
        assert sentence.startswith("A ") and not sentence.startswith(f"{l68.prefix} ")


def test_the_kiosk_shows_no_service_letter(qtbot: QtBot, room: ViewContext) -> None:
    """The kiosk's buttons name the service, never its own letter ("D · Collocamento
    mirato" told the people behind which queue a visitor joined); the ticket it gives
    carries the site's neutral letter."""
    site = room.site
    l68 = next(s for s in site.services if "collocamento mirato" in s.name.lower())
    kiosk = KioskWindow(room)
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.load()
    qtbot.waitUntil(lambda: room.ops.pending == 0, timeout=10_000)
    active = [s for s in site.services if s.active]
    assert [kiosk.service_buttons[s.prefix].text() for s in active] == [s.name for s in active]
    for service in active:
        text = kiosk.service_buttons[service.prefix].text()
        assert not text.startswith(f"{service.prefix} ") and "·" not in text
    with clock.use(clock.fixed(MORNING)):
        kiosk.service_buttons[l68.prefix].click()
        qtbot.waitUntil(lambda: room.ops.pending == 0, timeout=10_000)
    shown = kiosk.ticket_label.text()
    assert "A001" in shown and f"{l68.prefix}001" not in shown
