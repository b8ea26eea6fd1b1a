"""Authority (docs/sync-protocol.md, "Authority") and the clock bound, against the real
server on 127.0.0.1 with clients on real SQLite files.

A workstation's token speaks for one site; a person's identity and deletion are for the
site holding them, their contacts for anyone; per-site records only for their own site.
A refusal is one mutation's "forbidden", set aside in Problems, and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from desktop.i18n import current_language, set_language
from desktop.infra.database import Database, open_database
from desktop.models.sync import EntityClock, OutboxEntry, SyncClient
from desktop.sync import hlc, outbox
from desktop.sync.push import forbidden_reason
from desktop.sync.report import SyncReport
from server.app import create_app
from tests.gui.conftest import config, ctx, ops  # noqa: F401 - fixtures
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, ServerThread
from wire.protocol import MAX_CLOCK_SKEW_MS

MARIO = "RSSMRA80A01H501U"
Centre = Callable[..., Client]


@pytest.fixture
def centre(tmp_path: Path, server: ServerThread) -> Iterator[Centre]:
    """``centre(name, site)``: a client whose token speaks for ``site`` (None: no site)."""
    opened: list[Database] = []

    def make(name: str, site: str | None) -> Client:
        db = open_database(f"sqlite+pysqlite:///{tmp_path / (name + '.sqlite')}", key=TEST_KEY)
        opened.append(db)
        return Client(name, db, server.store.create_workstation(name, site=site), server.url)

    yield make
    for db in opened:
        db.dispose()


@pytest.fixture
def italian() -> Iterator[None]:
    previous = current_language()
    set_language("it")
    yield
    set_language(previous)


def record(client: Client, kind: str, fields: dict[str, Any], op: str = "upsert",
           entity_id: uuid.UUID | None = None) -> uuid.UUID:
    entity_id = entity_id or uuid.uuid4()
    with client.db.transaction() as session:
        outbox.record(session, kind, entity_id, op, fields)
    return entity_id


def statuses(client: Client) -> list[tuple[str, str]]:
    with client.db.read() as session:
        return [(e.kind, e.status) for e in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]


def aggregate(site: str, day: str = "2025-03-01", actions: int = 3) -> dict[str, Any]:
    return {"schema": 1, "site_code": site, "day": day, "figures": {"actions": actions}}


def test_contacts_from_any_centre_identity_only_from_the_holder(
        centre: Centre, server: ServerThread, italian: None) -> None:
    a, b = centre("a", "S1"), centre("b", "S2")
    pid = a.register(MARIO, mobile="3330000000")
    a.sync()
    b.sync()
    b.edit(pid, surname="Russo")          # identity: S1 holds Mario
    b.edit(pid, mobile="3471111111")      # contact: anyone; the batch goes on
    report = b.sync()
    assert report.rejected == 1 and report.applied == 1 and b.pending() == 0
    held = server.store.snapshot_entities("person")[str(pid)]
    assert (held["surname"], held["mobile"]) == ("Rossi", "3471111111")
    [problem] = b.problems()
    assert (problem.status, problem.entity_id, problem.mine) == ("forbidden", pid,
                                                                 {"surname": "Russo"})
    assert problem.reason == forbidden_reason("person")
    assert problem.reason.startswith("solo il centro che ha in carico la persona")
    assert b.people()[str(pid)]["surname"] == "Rossi"  # the region's version meanwhile
    a.edit(pid, surname="Russo")  # the holder may
    assert a.sync().applied == 1
    assert server.store.snapshot_entities("person")[str(pid)]["surname"] == "Russo"


def test_only_the_holder_deletes_and_an_unknown_id_leaves_no_tombstone(
        centre: Centre, server: ServerThread) -> None:
    a, b = centre("a", "S1"), centre("b", "S2")
    pid = a.register(MARIO)
    a.sync()
    b.sync()
    b.delete(pid)
    assert b.sync().rejected == 1
    assert str(pid) in server.store.snapshot_entities("person")
    assert [p.status for p in b.problems()] == ["forbidden"]
    unused = uuid.uuid4()
    record(b, "person", {}, "delete", unused)
    assert b.sync().applied == 1
    with server.store.sessions() as session:
        from server.models import Entity

        assert session.get(Entity, ("person", unused)) is None
    a.delete(pid)
    assert a.sync().applied == 1
    assert str(pid) not in server.store.snapshot_entities("person")


def test_a_did_puts_the_person_in_the_charge_of_its_site(
        centre: Centre, server: ServerThread) -> None:
    a, b = centre("a", "S1"), centre("b", "S2")
    pid = a.register(MARIO)
    a.sync()
    b.sync()
    did = record(b, "did", {"person_id": str(pid), "did_date": "2025-03-01",
                            "site_code": "S2"})
    b.edit(pid, surname="Russo")
    assert b.sync().applied == 2
    a.sync()
    a.edit(pid, name="Marco")
    a.sync()
    assert [p.status for p in a.problems()] == ["forbidden"]
    assert server.store.snapshot_entities("person")[str(pid)]["name"] == "Mario"
    record(a, "did_end", {"did_id": str(did), "person_id": str(pid), "kind": "revoca"})
    a.sync()
    assert [p.status for p in a.problems()] == ["forbidden", "forbidden"]
    assert server.store.snapshot_entities("did_end") == {}


def test_a_site_sends_only_its_own_daily_figures(centre: Centre, server: ServerThread,
                                                  italian: None) -> None:
    a, b, old = centre("a", "S1"), centre("b", "S2"), centre("old", None)
    record(a, "daily_aggregate", aggregate("S1"), "create")
    record(b, "daily_aggregate", aggregate("S1", actions=99), "create")  # not b's site
    record(b, "daily_aggregate", aggregate("S2"), "create")
    record(old, "daily_aggregate", aggregate("S1", actions=50), "create")  # no site: none
    a.sync()
    assert b.sync().rejected == 1 and statuses(b) == [("daily_aggregate", "forbidden"),
                                                      ("daily_aggregate", "applied")]
    assert old.sync().rejected == 1
    [problem] = b.problems()
    assert problem.reason == "questi dati appartengono a un'altra sede e ogni sede invia " \
                             "solo i propri."
    summed = server.store.aggregates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert summed["by_site"]["S1"]["actions"] == 3 and summed["by_site"]["S2"]["actions"] == 3


def test_a_token_without_a_site_keeps_only_what_no_site_holds(
        centre: Centre, server: ServerThread) -> None:
    old, a = centre("old", None), centre("a", "S1")
    legacy = old.register(MARIO)
    held = a.register("VRDLGU75B02F205X", surname="Verdi", name="Luigi")
    old.sync()
    a.sync()
    old.sync()
    old.edit(legacy, surname="Russo")  # nobody holds it: protocol 1's rules
    old.edit(held, surname="Bianchi")
    old.sync()
    people = server.store.snapshot_entities("person")
    assert (people[str(legacy)]["surname"], people[str(held)]["surname"]) == ("Russo", "Verdi")
    assert [p.entity_id for p in old.problems()] == [held]


# -- clocks -----------------------------------------------------------------------------


def push(client: Client, mutations: list[dict[str, Any]]) -> requests.Response:
    return requests.post(f"{client.url}/v1/push", json={"mutations": mutations}, timeout=10,
                         headers={"Authorization": f"Bearer {client.token}"})


def mutation(seq: int, entity_id: uuid.UUID, fields: dict[str, Any], ms: int) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": "person", "entity_id": str(entity_id),
            "op": "upsert", "hlc": hlc.encode(ms, 0, "ab12cd34"), "payload": {"fields": fields}}


def test_a_mutation_stamped_in_the_future_is_answered_clock_and_changes_nothing(
        centre: Centre, server: ServerThread) -> None:
    a = centre("a", "S1")
    pid = a.register(MARIO, mobile="3330000000")
    a.sync()
    before = server.store.processed()
    now = int(time.time() * 1000)
    future = mutation(2, pid, {"mobile": "3999999999"}, now + MAX_CLOCK_SKEW_MS + 60_000)
    after = mutation(3, pid, {"email": "x@example.it"}, now)
    answer = push(a, [future, after])
    assert answer.status_code == 200
    assert [r["status"] for r in answer.json()["results"]] == ["clock"]
    assert server.store.processed() == before
    assert server.store.snapshot_entities("person")[str(pid)]["mobile"] == "3330000000"
    # the same mutation, re-stamped, keeps its id and sequence number
    fixed = {**future, "hlc": hlc.encode(now, 1, "ab12cd34")}
    assert [r["status"] for r in push(a, [fixed, after]).json()["results"]] == [
        "applied", "applied"]


def test_the_bound_is_configurable(tmp_path: Path) -> None:
    from server.store import Store

    store = Store(f"sqlite+pysqlite:///{tmp_path / 's.sqlite'}")
    try:
        token = store.create_workstation("a", site="S1")
        ws = store.who(token)
        assert ws is not None
        now = int(time.time() * 1000)
        m = mutation(1, uuid.uuid4(), {"mobile": "3"}, now + 10_000)
        assert store.push(ws, [m], latest_ms=now + 1_000)[0]["status"] == "clock"
        assert create_app(store, max_clock_skew_ms=1_000) is not None
        assert store.push(ws, [m], latest_ms=now + 60_000)[0]["status"] == "rejected"
    finally:
        store.dispose()


def test_a_pc_a_day_ahead_no_longer_wins_forever(
        centre: Centre, server: ServerThread, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = centre("a", "S1"), centre("b", "S2")
    pid = a.register(MARIO, mobile="3330000000")
    a.sync()
    b.sync()
    real = time.time
    monkeypatch.setattr(hlc, "wall_clock", lambda: real() + 86_400)
    with b.db.transaction() as session:  # as if b never met the server with this clock
        outbox.client_row(session).clock_skew_ms = 0
    b.edit(pid, mobile="3471111111")  # stamped a day ahead, offline
    b.sync()  # hello re-stamps it from the server's time
    monkeypatch.setattr(hlc, "wall_clock", real)
    time.sleep(0.01)
    a.edit(pid, mobile="3482222222")  # a later edit must win
    assert a.sync().applied == 1
    b.sync()
    assert server.store.snapshot_entities("person")[str(pid)]["mobile"] == "3482222222"
    assert b.people()[str(pid)]["mobile"] == "3482222222"
    with b.db.read() as session:
        client = session.get(SyncClient, 1)
        assert client is not None
        assert hlc.decode(client.last_hlc)[0] < int(real() * 1000) + 60_000


def test_the_agent_restamps_what_the_server_answers_clock(
        centre: Centre, server: ServerThread, monkeypatch: pytest.MonkeyPatch) -> None:
    a = centre("a", "S1")
    pid = a.register(MARIO, mobile="3330000000")
    a.sync()
    real = time.time
    monkeypatch.setattr(hlc, "wall_clock", lambda: real() + 86_400)
    with a.db.transaction() as session:
        outbox.client_row(session).clock_skew_ms = 0
    a.edit(pid, mobile="3471111111")
    a.edit(pid, email="m@example.it")
    monkeypatch.setattr(hlc, "wall_clock", real)
    agent = a.agent()
    try:
        assert agent.acquire()
        report = SyncReport()
        agent.push_all(report)  # no hello: the server's "clock" answer drives the re-stamp
        agent.release()
    finally:
        agent.transport.close()
    assert report.applied == 2 and a.pending() == 0
    held = server.store.snapshot_entities("person")[str(pid)]
    assert (held["mobile"], held["email"]) == ("3471111111", "m@example.it")
    with a.db.read() as session:
        readings = [e.hlc for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        clock = session.get(EntityClock, ("person", pid))
        assert clock is not None
    limit = hlc.encode(int(real() * 1000) + 60_000, 0, "")
    assert readings[-2:] == sorted(readings[-2:]) and all(r < limit for r in readings[-2:])
    assert clock.fields["mobile"] == readings[-2] and clock.fields["email"] == readings[-1]


def test_a_centre_database_serving_two_sites_speaks_for_both(
        centre: Centre, server: ServerThread) -> None:
    main, other = centre("centre", "S1,S2"), centre("other", "S3")
    record(main, "daily_aggregate", aggregate("S1"), "create")
    record(main, "daily_aggregate", aggregate("S2", actions=4), "create")
    record(main, "daily_aggregate", aggregate("S3", actions=9), "create")
    pid = main.register(MARIO)
    report = main.sync()
    assert (report.applied, report.rejected) == (3, 1)
    summed = server.store.aggregates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert {site: figures["actions"] for site, figures in summed["by_site"].items()} == {
        "S1": 3, "S2": 4}
    other.sync()
    other.edit(pid, surname="Russo")
    other.sync()
    assert [p.status for p in other.problems()] == ["forbidden"]  # held by S1, the main site


def test_admin_creates_a_workstation_for_a_site(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from server.cli import main
    from server.store import Store

    url = f"sqlite+pysqlite:///{tmp_path / 'region.sqlite'}"
    assert main(["admin", "--db", url, "create-workstation", "cpi-pisa", "--site", "PI01"]) == 0
    token = capsys.readouterr().out.strip()
    assert main(["admin", "--db", url, "create-workstation", "old"]) == 0
    old = capsys.readouterr().out.strip()
    store = Store(url)
    try:
        station, legacy = store.who(token), store.who(old)
        assert station is not None and station.site_code == "PI01"
        assert legacy is not None and legacy.site_code is None
    finally:
        store.dispose()


def test_the_problems_page_says_who_may(qtbot: Any, ctx: Any, server: ServerThread,  # noqa: F811
                                        centre: Centre, italian: None) -> None:
    import dataclasses

    from desktop.views.pages.sincronizzazione import SyncPage
    from tests.gui.conftest import wait_idle

    a = centre("a", "S1")
    pid = a.register(MARIO)
    a.sync()
    local = Client("local", ctx.database, server.store.create_workstation(
        "local", site=ctx.site.site_code), server.url)
    local.sync()
    local.edit(pid, surname="Russo")
    local.sync()
    settings = dataclasses.replace(ctx.settings, sync_server_url=server.url)
    page = SyncPage(dataclasses.replace(ctx, settings=settings))
    qtbot.addWidget(page)
    page.load_now()
    wait_idle(qtbot, ctx.ops)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "Non consentito"
    page.table.selectRow(0)
    assert forbidden_reason("person") in page.reason_label.text()
