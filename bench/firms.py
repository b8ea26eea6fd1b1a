"""The Imprese counter's employer search among 20,000 synthetic firms (target p95 < 30 ms),
and the occupation picker's search by words over CP2021 (``bench.occupations``, target
p95 < 20 ms, with its own floor), so one run gives both figures of the firms' desk.

What is timed: ``registry.search_firms`` as the Imprese page calls it, with a real
operator account (so the permission check's re-read of the account is included), on a
migrated SQLite file holding 20,000 firms. The queries mix what the counter types:
60% the first letters of a name ("TRATT", "GELATERIA VIV"), 20% the first 8 digits of a
partita IVA, 20% a word from inside a name ("VIVOLI") — the last one finds no name
starting with it, so the service also runs its "name holds the word" pass.

The floor (baseline) is the same work in plain SQL: the same statements the service
sends (the indexed range on ``employer.search_name`` or ``fiscal_code``, then the
``LIKE '%word%'`` pass when fewer than 50 rows came back), through the same driver
(the ``sqlite3`` module SQLAlchemy's pysqlite dialect uses), on the same database file,
in the same run, without the ORM, the permission check and the result objects.
The ratio printed is service p95 / floor p95. The file is plain (not SQLCipher), as in
the other benchmarks, so both sides pay the same page reads.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

from bench.harness import Figure, percentile, timed

FIRMS = 20_000
LIMIT = 50
FIRST = ("Trattoria", "Pasticceria", "Gelateria", "Officina", "Tessitura", "Logistica",
         "Edilizia", "Impianti", "Servizi", "Cooperativa", "Studio", "Farmacia", "Hotel",
         "Autotrasporti", "Supermercati", "Falegnameria", "Panificio", "Calzaturificio",
         "Agenzia", "Centro")
SECOND = ("Arno", "Bisenzio", "Toscana", "Medicea", "del Ponte", "Fiorentina", "Pratese",
          "Lucchese", "Senese", "Aretina", "Pisana", "Etrusca", "Apuana", "Chianti",
          "Mugello", "Casentino", "Valdarno", "Versilia", "Maremma", "Garfagnana")
FAMILY = ("Rossi", "Bini", "Vivoli", "Gori", "Ricci", "Cecchi", "Pieri", "Nardi", "Vanni",
          "Masi", "Fani", "Bigi", "Lenzi", "Pardini", "Biagini", "Innocenti", "Bartolini",
          "Mazzoni", "Tozzi", "Niccolai", "Baldini", "Paoli", "Lapi", "Sarti", "Chelli")
FORMS = ("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Soc. Coop.", "di {f} & C.")


@dataclass(frozen=True)
class _Operator:
    id: uuid.UUID
    username: str
    role: str


def _partita_iva(number: int) -> str:
    base = f"{number:07d}{(number % 100) + 1:03d}"
    return base + luhn.calc_check_digit(base)


def firm_rows(count: int, seed: int = 21) -> list[tuple[object, ...]]:
    from desktop.models.search_key import search_key

    rng = random.Random(seed)
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    rows: list[tuple[object, ...]] = []
    for n in range(count):
        family = rng.choice(FAMILY)
        form = rng.choice(FORMS).format(f=family)
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {family} {form}"
        employees = rng.choice((3, 8, 12, 20, 40, 60, 150, 600))
        band = "0-14" if employees < 15 else "15-35" if employees <= 35 else \
            "36-50" if employees <= 50 else ">50"
        rows.append((uuid.uuid4().hex, _partita_iva(1_000_000 + n * 37), name,
                     search_key(name), "56.10.11", "D612", "", "", "", "", "FI01", band,
                     employees, None, now, now))
    return rows


INSERT = ("INSERT INTO employer (id, fiscal_code, name, search_name, ateco, comune_code, "
          "address, contact_name, phone, email, site_code, size_band, employees, l68_hires, "
          "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
RANGE = ("SELECT id, * FROM employer WHERE search_name BETWEEN ? AND ? OR fiscal_code "
         "BETWEEN ? AND ? ORDER BY search_name, fiscal_code LIMIT ?")
HOLDS = ("SELECT id, * FROM employer WHERE search_name LIKE '%' || ? || '%' ESCAPE '/' "
         "ORDER BY search_name, fiscal_code LIMIT ?")


def queries(rows: list[tuple[object, ...]], repeat: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(repeat):
        row = rows[rng.randrange(len(rows))]
        key = str(row[3])
        if i % 5 < 3:
            out.append(key[:rng.randrange(4, 14)])
        elif i % 5 == 3:
            out.append(str(row[1])[:8])
        else:
            out.append(key.split()[2])  # the family name inside the firm's name
    return out


def floor_search(raw: sqlite3.Connection, text: str) -> list[tuple[object, ...]]:
    """The service's statements in plain SQL (see the module's docstring)."""
    from desktop.models.search_key import search_key

    key, code = search_key(text), "".join(text.split()).upper()
    rows = raw.execute(RANGE, (key, key + "\uffff", code, code + "\uffff", LIMIT)).fetchall()
    if len(rows) < LIMIT and len(key) >= 3:
        seen = {r[0] for r in rows}
        more = raw.execute(HOLDS, (key, LIMIT)).fetchall()
        rows += [r for r in more if r[0] not in seen][:LIMIT - len(rows)]
    return rows


def run(quick: bool = False) -> list[Figure]:
    from desktop.infra.database import open_database
    from desktop.models.organisation import Operator
    from desktop.services.firms import registry

    count = 5_000 if quick else FIRMS
    repeat = 100 if quick else 400
    with tempfile.TemporaryDirectory(prefix="sportello-bench-firms-") as tmp:
        folder = Path(tmp)
        db = open_database(f"sqlite+pysqlite:///{folder / 'firms.sqlite'}",
                           folder / "backups", plain=True)
        actor = _Operator(uuid.uuid4(), "bench-imprese", "operatore")
        with db.transaction() as session:
            session.add(Operator(id=actor.id, username=actor.username,
                                 full_name="Bench Imprese", role=actor.role, site_id=None))
        rows = firm_rows(count)
        raw = sqlite3.connect(folder / "firms.sqlite")
        with raw:
            raw.executemany(INSERT, rows)
        raw.execute("ANALYZE")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mix = queries(rows, repeat)
        # The same answers from both sides, before timing anything.
        for text in mix[:20]:
            app_ids = [r.id.hex for r in registry.search_firms(db, actor, text)]
            assert app_ids == [str(r[0]) for r in floor_search(raw, text)], text
        gc.collect()
        gc.freeze()
        it = iter(mix * 2)
        app = timed(lambda: registry.search_firms(db, actor, next(it)), repeat)
        it2 = iter(mix * 2)
        floor = timed(lambda: floor_search(raw, next(it2)), repeat)
        gc.unfreeze()
        raw.close()
        db.dispose()
    from bench import occupations  # the occupation picker belongs to the firms' run too
    return [Figure("firms", "employer_search_p95_ms", percentile(app, 95), "ms",
                   percentile(floor, 95), 30.0), *occupations.run(quick)]
