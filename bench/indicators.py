"""Osservatorio at regional scale: a year's dashboard over 250,000 people and 600,000 actions.

One SQLite database, migrated by the application and encrypted with SQLCipher as every
database in service, is filled with raw SQL through the same driver:
250,000 people with a DID each in 2025, 200,000 patti, 600,000 actions, 100,000
placements, 16,000 employers, 27,000 vacancies with 60,000 proposals, and a
year of one large centre's queue (60,000 tickets, 240,000 events).

Figures:

- ``dashboard_year_ms``: every indicator query of the dashboard for the year, all
  sites (target < 1,000 ms, median of the repeats);
- ``dashboard_year_site_ms``: the same for one site (target < 1,000 ms).

The baseline is the floor any implementation pays: counting, in plain SQL through the
same driver on the same file, with the same key and pragmas, the year's rows of each
table the dashboard reads (:func:`floor_counts`), for the same sites: all of them for the all-sites figure, and only the rows of that
one site (``site_code`` of the DIDs, actions, placements and vacancies, the site's id
for the queue's tickets) for the one-site figure. Both are timed the same number of
times in the same run.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import random
import tempfile
import uuid
from pathlib import Path
from typing import Any

from bench.harness import Figure, median, timed

SITES = [f"FI{n:02d}-SC" for n in range(1, 11)]
MEASURES = ("ORB", "ORS", "FOR", "TIR", "ACC", "IDO", "AUT", "RIQ")
CONTRACTS = ("indeterminato", "apprendistato", "determinato", "determinato",
             "somministrazione", "stagionale")
YEAR_START = dt.date(2025, 1, 1)
NOW = "2025-06-01 10:00:00.000000"


def _day(rng: random.Random) -> str:
    return (YEAR_START + dt.timedelta(days=rng.randrange(365))).isoformat()


def fill(path: Path, people: int, actions: int, scale: float, key: str | None = None) -> None:
    """The region's year (see the module's docstring), ``scale`` times the full size
    for everything but the people and actions; ``key``: the file's SQLCipher key."""
    from bench.registration import INSERT, person_rows
    from desktop.infra.database import connect_file

    rng = random.Random(5)
    raw = connect_file(path, key=key)
    rows = person_rows(people)
    ids = [str(r[0]) for r in rows]
    with raw:
        raw.executemany(INSERT, rows)
        raw.execute("INSERT INTO centre (id, code, name, region, email, pec, phone, website, "
                    "created_at, updated_at) VALUES (?, 'FI', 'CPI', '', '', '', '', '', ?, ?)",
                    (uuid.uuid4().hex, NOW, NOW))
        centre_id = raw.execute("SELECT id FROM centre").fetchone()[0]
        site_ids = {}
        for code in SITES:
            site_ids[code] = uuid.uuid4().hex
            raw.execute("INSERT INTO site (id, centre_id, code, name, address, postcode, town, "
                        "province, phone, opening_hours, is_main, created_at, updated_at) "
                        "VALUES (?,?,?,?, '', '', '', '', '', '', 0, ?, ?)",
                        (site_ids[code], centre_id, code, code, NOW, NOW))
        dids, agreements = [], []
        agreement_of: dict[str, str] = {}
        for pid in ids:
            did = YEAR_START + dt.timedelta(days=rng.randrange(365))
            deadline = did + dt.timedelta(days=30)
            dids.append((uuid.uuid4().hex, pid, did.isoformat(), "diploma", "disoccupato", 0,
                         0, 1, 0, 0, 0, 0, 0.5, "media", "t", 1, deadline.isoformat(), "",
                         rng.choice(SITES), NOW, NOW))
            if rng.random() < 0.8:
                aid = uuid.uuid4().hex
                agreement_of[pid] = aid
                signed = did + dt.timedelta(days=rng.randrange(0, 45))
                agreements.append((aid, pid, f"PS-{aid[:12]}", "FI", signed.isoformat(), NOW,
                                   NOW))
        raw.executemany(
            "INSERT INTO did (id, person_id, did_date, education, employment_condition, "
            "months_unemployed, years_in_italy, household_size, dependent_children, "
            "driving_licence, naspi, annual_income, profiling_index, profiling_class, "
            "coefficients_version, gol_path, patto_deadline, operator, site_code, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", dids)
        raw.executemany("INSERT INTO agreement (id, person_id, number, centre_code, signed_on, "
                        "created_at, updated_at) VALUES (?,?,?,?,?,?,?)", agreements)
        raw.executemany(
            "INSERT INTO policy_action (id, person_id, agreement_id, measure_code, "
            "delivered_on, hours, operator, provider, outcome, site_code, notes, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?, 'op', 'CPI', 'completato', ?, '', ?, ?)",
            ((uuid.uuid4().hex, pid, agreement_of.get(pid), rng.choice(MEASURES), _day(rng),
              rng.choice((1.0, 2.0, 4.0, 40.0)), rng.choice(SITES), NOW, NOW)
             for pid in (rng.choice(ids) for _ in range(actions))))
        employers = [uuid.uuid4().hex for _ in range(int(16_000 * scale))]
        raw.executemany(
            "INSERT INTO employer (id, fiscal_code, name, ateco, comune_code, address, "
            "contact_name, phone, email, site_code, created_at, updated_at) "
            "VALUES (?,?,?, '', '', '', '', '', '', ?, ?, ?)",
            ((e, f"{n:011d}", f"Ditta {n}", rng.choice(SITES), NOW, NOW)
             for n, e in enumerate(employers)))
        vacancies = [(uuid.uuid4().hex, rng.choice(employers), rng.choice(SITES))
                     for _ in range(int(27_000 * scale))]
        raw.executemany(
            "INSERT INTO vacancy (id, number, employer_id, site_code, title, description, "
            "occupation_code, code_system, code_version, skills, education, languages, "
            "licences, contract_type, hours_per_week, part_time, workplace_code, positions, "
            "l68_only, opened_on, status, created_at, updated_at) VALUES (?,?,?,?, 'x', '', "
            "'', 'CP', '2021', '', '', '', '', '', 40, 0, '', ?, 0, ?, 'aperta', ?, ?)",
            ((v, f"OF-{v[:16]}", e, s, rng.choice((1, 1, 1, 2, 3)), _day(rng), NOW, NOW)
             for v, e, s in vacancies))
        pairs = {(rng.randrange(len(vacancies)), rng.randrange(len(ids)))
                 for _ in range(int(60_000 * scale))}
        raw.executemany(
            "INSERT INTO proposal (id, vacancy_id, person_id, proposed_at, operator, score, "
            "outcome, contract_type, notes, created_at, updated_at) "
            "VALUES (?,?,?,?, 'op', 0.5, 'proposto', '', '', ?, ?)",
            ((uuid.uuid4().hex, vacancies[v][0], ids[p], f"{_day(rng)} 10:00:00.000000",
              NOW, NOW) for v, p in pairs))
        raw.executemany(
            "INSERT INTO placement (id, person_id, employer_id, employer_name, contract_type, "
            "start_date, source, operator, site_code, created_at, updated_at) "
            "VALUES (?,?,?, '', ?, ?, 'diretto', 'op', ?, ?, ?)",
            ((uuid.uuid4().hex, rng.choice(ids), rng.choice(employers), rng.choice(CONTRACTS),
              _day(rng), rng.choice(SITES), NOW, NOW)
             for _ in range(int(100_000 * scale))))
        _queue(raw, rng, site_ids[SITES[0]], int(60_000 * scale))
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def _queue(raw: Any, rng: random.Random, site_id: str, tickets: int) -> None:
    service_id = uuid.uuid4().hex
    raw.execute("INSERT INTO service (id, site_id, prefix, name, description, active, "
                "created_at, updated_at) VALUES (?, ?, 'A', 'A', '', 1, ?, ?)",
                (service_id, site_id, NOW, NOW))
    events = []
    ticket_rows = []
    per_day = tickets // 250 + 1
    for n in range(tickets):
        day = YEAR_START + dt.timedelta(days=n // per_day * 365 // 250)
        issued = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(
            minutes=rng.randrange(0, 240))
        tid = uuid.uuid4().hex
        ticket_rows.append((tid, site_id, day.isoformat(), service_id, n % per_day + 1,
                            f"A{n % per_day:03d}", str(issued), service_id, str(issued)))
        called = issued + dt.timedelta(minutes=rng.expovariate(1 / 18))
        started = called + dt.timedelta(minutes=1)
        finished = started + dt.timedelta(minutes=rng.expovariate(1 / 9))
        for seq, (kind, when) in enumerate((("issued", issued), ("called", called),
                                            ("started", started), ("finished", finished)),
                                           start=1):
            events.append((uuid.uuid4().hex, tid, seq, kind, str(when)))
    raw.executemany(
        "INSERT INTO queue_ticket (id, site_id, day, first_service_id, number, code, "
        "issued_at, appointment_early, appointment_late, archived, status, service_id, "
        "queued_at, recalls, outcome, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?, 15, 15, 1, 'finished', ?, ?, 0, '', ?, ?)",
        [(*row, NOW, NOW) for row in ticket_rows])
    raw.executemany("INSERT INTO queue_ticket_event (id, ticket_id, seq, kind, at, detail, ref) "
                    "VALUES (?,?,?,?,?, '', '')", events)


FLOOR_TABLES = (("policy_action", "delivered_on", "site_code"),
                ("did", "did_date", "site_code"),
                ("placement", "start_date", "site_code"),
                ("vacancy", "opened_on", "site_code"),
                ("queue_ticket", "day", "site_id"))


def floor_counts(raw: Any, date_from: str, date_to: str,
                 site_code: str | None = None) -> list[int]:
    """The period's rows of each table the dashboard reads, for one site or all."""
    site_id = ""
    if site_code is not None:
        found = raw.execute("SELECT id FROM site WHERE code = ?", (site_code,)).fetchone()
        site_id = str(found[0]) if found else ""
    counts = []
    for table, day, site in FLOOR_TABLES:
        sql = f"SELECT count(*) FROM {table} WHERE {day} BETWEEN ? AND ?"  # noqa: S608
        params: tuple[str, ...] = (date_from, date_to)
        if site_code is not None:
            sql += f" AND {site} = ?"
            params += (site_id if site == "site_id" else site_code,)
        counts.append(raw.execute(sql, params).fetchone()[0])
    return counts


def run(quick: bool = False) -> list[Figure]:
    from desktop.infra.database import connect_file, open_database
    from desktop.infra.encryption import new_key
    from desktop.models.engine import SQLITE_PRAGMAS
    from desktop.services.actions.indicators import compute
    from desktop.values.indicators import Period

    people, actions = (50_000, 120_000) if quick else (250_000, 600_000)
    repeat = 3 if quick else 5
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sportello-bench-ind-") as tmp:
        folder = Path(tmp)
        path = folder / "region.sqlite"
        # Encrypted, as every database in service: both sides pay the decryption.
        key = new_key()
        db = open_database(f"sqlite+pysqlite:///{path}", folder / "backups", key=key)
        actor = manager_account(db)
        fill(path, people, actions, 0.25 if quick else 1.0, key)
        gc.collect()
        gc.freeze()
        year = Period.year(2025)
        raw = connect_file(path, key=key)
        for pragma in SQLITE_PRAGMAS:
            raw.execute(pragma)

        year_from, year_to = "2025-01-01", "2025-12-31"
        as_of = dt.date(2026, 3, 1)
        cases: tuple[tuple[str, Period, str | None], ...] = (
            ("dashboard_year_ms", year, None),
            ("dashboard_year_site_ms", Period.year(2025, SITES[0]), SITES[0]))
        for metric, period, site in cases:
            # The same rows both ways: what the floor counts is what the dashboard shows.
            counts = floor_counts(raw, year_from, year_to, site)
            shown = compute(db, actor, period, as_of=as_of)
            if (shown.actions.total, shown.people.total) != (counts[0], counts[1]) or (
                    site is None and counts[:2] != [actions, people]):
                raise RuntimeError(f"{metric}: the dashboard shows {shown.actions.total} "
                                   f"actions and {shown.people.total} people, the floor "
                                   f"counts {counts[:2]}")
            base = timed(functools.partial(floor_counts, raw, year_from, year_to, site),
                         repeat)
            app = timed(functools.partial(compute, db, actor, period, as_of=as_of), repeat)
            figures.append(Figure("indicators", metric, median(app), "ms", median(base),
                                  1000.0))
        raw.close()
        db.dispose()
    return figures


def manager_account(db: Any) -> Any:
    """An active manager's account (the services re-read it on every call)."""
    from desktop.models import Operator
    from desktop.services.security.accounts import OperatorInfo

    actor = OperatorInfo(uuid.uuid4(), "bench", "Bench", "responsabile", "")
    with db.transaction() as session:
        session.add(Operator(id=actor.id, username=actor.username, full_name="Bench",
                             role=actor.role, site_id=None))
    return actor
