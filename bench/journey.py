"""The counter day's service steps on a regional database of 250,000 people.

For each sampled person (never seen before, no DID), the four steps the counter takes,
each timed on its own through the application's services:

- ``open_person``: open the record at the counter (read, lookup visit, audit line);
- ``declare_did``: the DID with its profiling, visit, audit line and outbox row;
- ``patto_pdf``: save the Patto version built from the DID, render it in two copies and
  archive the printed bytes with the audit line;
- ``record_action``: an action delivered, checked against the DID and the day's hours,
  with its audit line and outbox row.

Target: p95 of each under 150 ms. The baseline of each step is the same work done the
cheapest correct way, in the same run, on the same file and with the same durability
(WAL, ``synchronous=FULL``, one commit per step): plain ``sqlite3`` statements that read
and write the same rows, and for the Patto a plain ReportLab document with the same
text and page count (``bench.documents.plain_twin``).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import random
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import Figure, percentile

TARGET_MS = 150.0


def _ms(fn: Callable[[], object]) -> float:
    import time

    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _fill(path: Path, people: int) -> list[uuid.UUID]:
    """The regional population, inserted raw (the FTS triggers run)."""
    from bench.registration import INSERT, person_rows

    rows = person_rows(people, seed=23)
    raw = sqlite3.connect(path)
    with raw:
        raw.executemany(INSERT, rows)
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return [uuid.UUID(str(r[0])) for r in rows]


def _raw(path: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("PRAGMA foreign_keys=ON")
    return raw


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def _insert(raw: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    raw.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - fixed names
                tuple(values.values()))


def _audit(raw: sqlite3.Connection, person: str, action: str) -> None:
    """One chained audit line, as the application writes it: read the last hash."""
    last = raw.execute("SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    prev = last[0] if last else "0" * 64
    at = _now()
    line = hashlib.sha256(f"{prev}|{at}|bench|{action}|person|{person}".encode()).hexdigest()
    _insert(raw, "audit_entry", {
        "at": at, "operator_id": None, "operator_username": "bench", "workstation": "bench",
        "action": action, "target_type": "person", "target_id": person, "detail": "",
        "prev_hash": prev, "hash": line})


def _outbox(raw: sqlite3.Connection, kind: str, entity: str, payload: dict[str, Any]) -> None:
    """One outbox row with the next sequence number, as the application queues it (the
    floor numbers its rows from 10^9 on, clear of the application's own)."""
    raw.execute("INSERT INTO sync_outbox (id, seq, kind, entity_id, op, hlc, payload, status, "
                "created_at) VALUES (?, (SELECT coalesce(max(seq), 1000000000) + 1 "
                "FROM sync_outbox WHERE seq > 1000000000), ?, ?, "
                "'upsert', ?, ?, 'pending', ?)",
                (uuid.uuid4().hex, kind, entity, f"{_now()}.00000.bench", json.dumps(payload),
                 _now()))


def run(quick: bool = False) -> list[Figure]:
    from bench.documents import plain_twin
    from desktop.demo import create_demo
    from desktop.documents.agreement import Measure, SearchAct
    from desktop.infra.database import open_database
    from desktop.services.actions import ActionForm, record_action
    from desktop.services.documents.agreements import AgreementDraft, print_version
    from desktop.services.documents.agreements import save_version as save_patto
    from desktop.services.documents.archive import record_printed
    from desktop.services.organisation.centre import site_info
    from desktop.services.people.did import DidForm, declare_did
    from desktop.services.people.registration import open_at_counter
    from desktop.services.security.accounts import get_operator

    people = 40_000 if quick else 250_000
    samples = 20 if quick else 60
    today = dt.date.today()
    steps: dict[str, tuple[list[float], list[float]]] = {
        name: ([], []) for name in ("open_person", "declare_did", "patto_pdf", "record_action")}
    with tempfile.TemporaryDirectory(prefix="sportello-bench-journey-") as tmp:
        folder = Path(tmp)
        path = folder / "journey.sqlite"
        # plain: the benchmark fills it with raw sqlite3 inserts (a scratch file)
        db = open_database(f"sqlite+pysqlite:///{path}", folder / "backups", plain=True)
        create_demo(db, people=10)
        ids = _fill(path, people)
        actor = get_operator(db, "m.conti")
        site = site_info(db)
        raw = _raw(path)
        rng = random.Random(31)
        chosen = rng.sample(ids, 2 * samples)
        gc.collect()
        gc.freeze()
        for n in range(samples):
            # The application's services, then the floor, on two different new people.
            app_id, floor_id = chosen[2 * n], chosen[2 * n + 1]
            _app_journey(steps, db, actor, site, app_id, today, open_at_counter,
                         declare_did, DidForm, save_patto, AgreementDraft, Measure,
                         SearchAct, print_version, record_printed, record_action, ActionForm)
            _floor_journey(steps, raw, floor_id.hex, today, plain_twin)
        raw.close()
        db.dispose()
    figures = []
    for name, (app, base) in steps.items():
        figures.append(Figure("journey", f"{name}_p95_ms", percentile(app, 95), "ms",
                              percentile(base, 95), TARGET_MS))
    return figures


def _app_journey(steps: dict[str, tuple[list[float], list[float]]], db: Any, actor: Any,
                 site: Any, person_id: uuid.UUID, today: dt.date, *services: Any) -> None:
    (open_at_counter, declare_did, did_form, save_patto, draft_type, measure, search_act,
     print_version, record_printed, record_action, action_form) = services
    steps["open_person"][0].append(_ms(lambda: open_at_counter(
        db, actor, person_id, site_code=site.site_code)))
    steps["declare_did"][0].append(_ms(lambda: declare_did(
        db, actor, person_id, did_form(did_date=today, education="diploma",
                                       employment_condition="disoccupato",
                                       months_unemployed=6, naspi=True),
        site_code=site.site_code)))
    draft = draft_type(
        person_id=person_id,
        measures=(measure("Orientamento di base", "Colloquio di orientamento", "CPI",
                          today, None),),
        appointments=(), place=site.town, signed_on=today, responsible=actor.username,
        search_acts=(search_act("Inviare candidature", "ogni settimana"),),
        reporting="Una volta al mese", search_proof="Elenco delle candidature")

    def patto() -> None:
        version = save_patto(db, actor, site, draft)
        rendered = print_version(db, actor, version.id, copies=2)
        record_printed(db, actor, rendered, "print")
        _last_pdf[:] = [rendered.pdf]

    steps["patto_pdf"][0].append(_ms(patto))
    steps["record_action"][0].append(_ms(lambda: record_action(
        db, actor, action_form(person_id=person_id, measure_code="ORB", delivered_on=today,
                               hours=2.0, provider="CPI"), site_code=site.site_code)))


#: The Patto just rendered by the application: the floor prints the same text.
_last_pdf: list[bytes] = []


def _floor_journey(steps: dict[str, tuple[list[float], list[float]]], raw: sqlite3.Connection,
                   person: str, today: dt.date, plain_twin: Callable[[bytes], Any]) -> None:
    def open_person() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("SELECT * FROM person WHERE id = ?", (person,)).fetchone()
        _insert(raw, "visit", {"id": uuid.uuid4().hex, "person_id": person, "at": _now(),
                               "kind": "lookup", "reason": "A", "operator": "bench",
                               "site_code": "FI01-SC", "created_at": _now(),
                               "updated_at": _now()})
        _audit(raw, person, "person.open")
        raw.execute("COMMIT")

    did_id = uuid.uuid4().hex

    def declare() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("SELECT birth_date, sex FROM person WHERE id = ?", (person,)).fetchone()
        raw.execute("SELECT id FROM did WHERE person_id = ? AND ended_on IS NULL",
                    (person,)).fetchone()
        _insert(raw, "did", {
            "id": did_id, "person_id": person, "did_date": today.isoformat(),
            "education": "diploma", "employment_condition": "disoccupato",
            "months_unemployed": 6, "years_in_italy": 0, "household_size": 1,
            "dependent_children": 0, "driving_licence": 0, "naspi": 1, "annual_income": 0,
            "profiling_index": 0.5, "profiling_class": "media", "coefficients_version": "x",
            "gol_path": 2, "patto_deadline": today.isoformat(), "operator": "bench",
            "site_code": "FI01-SC", "created_at": _now(), "updated_at": _now()})
        _insert(raw, "visit", {"id": uuid.uuid4().hex, "person_id": person, "at": _now(),
                               "kind": "did", "reason": "A", "operator": "bench",
                               "site_code": "FI01-SC", "created_at": _now(),
                               "updated_at": _now()})
        _outbox(raw, "did", did_id, {"person_id": person, "did_date": today.isoformat()})
        _audit(raw, person, "person.did")
        raw.execute("COMMIT")

    build_twin = plain_twin(_last_pdf[0])  # reading the text back is not timed

    def patto() -> None:
        pdf = build_twin()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("SELECT * FROM person WHERE id = ?", (person,)).fetchone()
        raw.execute("SELECT * FROM did WHERE person_id = ? AND ended_on IS NULL",
                    (person,)).fetchone()
        snapshot = json.dumps({"person": person, "did": did_id, "text": "x" * 4000})
        agreement_id, version_id = uuid.uuid4().hex, uuid.uuid4().hex
        _insert(raw, "agreement", {"id": agreement_id, "person_id": person,
                                   "number": agreement_id[:20], "centre_code": "FI",
                                   "signed_on": today.isoformat(), "created_at": _now(),
                                   "updated_at": _now()})
        _insert(raw, "agreement_version", {
            "id": version_id, "agreement_id": agreement_id, "version": 1,
            "snapshot": snapshot, "snapshot_sha256": hashlib.sha256(snapshot.encode())
            .hexdigest(), "operator_username": "bench", "reason": "",
            "responsible_username": "bench", "created_at": _now(), "updated_at": _now()})
        _outbox(raw, "agreement", version_id, {"snapshot": snapshot})
        _insert(raw, "printed_document", {
            "id": uuid.uuid4().hex, "kind": "agreement", "number": uuid.uuid4().hex[:20],
            "version": 1, "title": "Patto", "sha256": hashlib.sha256(pdf).hexdigest(),
            "pages": 6,
            "size_bytes": len(pdf), "person_id": person, "params": "{}",
            "agreement_version_id": version_id,
            "operator_username": "bench", "printed_at": _now(), "pdf": pdf,
            "created_at": _now(), "updated_at": _now()})
        _audit(raw, person, "document.print")
        raw.execute("COMMIT")

    def action() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("SELECT did_date FROM did WHERE person_id = ? AND ended_on IS NULL",
                    (person,)).fetchone()
        raw.execute("SELECT sum(hours) FROM policy_action WHERE person_id = ? AND "
                    "delivered_on = ?", (person, today.isoformat())).fetchone()
        _insert(raw, "policy_action", {
            "id": uuid.uuid4().hex, "person_id": person, "agreement_id": None, "measure_code": "ORB",
            "delivered_on": today.isoformat(), "hours": 2.0, "operator": "bench",
            "provider": "CPI", "outcome": "completato", "site_code": "FI01-SC",
            "notes": "", "created_at": _now(), "updated_at": _now()})
        _outbox(raw, "action", person, {"measure_code": "ORB", "hours": 2.0})
        _audit(raw, person, "action.record")
        raw.execute("COMMIT")

    for name, fn in (("open_person", open_person), ("declare_did", declare),
                     ("patto_pdf", patto), ("record_action", action)):
        steps[name][1].append(_ms(fn))
