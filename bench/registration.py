"""Registration at regional scale: 250,000 people in one encrypted SQLite database.

The database is the application's own: migrated, encrypted with SQLCipher as every
database in service, filled with raw ``executemany`` (the FTS triggers run), analysed
and checkpointed. Each figure times what the counter calls (``lookup_code``,
``search_people``, ``find_duplicates``, ``import_rows``: the permission check, which
re-reads the operator's row, included) against its floor, on the same samples, the same
number of times, in the same run.

The floor is the cheapest correct way to get the same answer: plain SQL through the
same driver (``sqlcipher3``), on the same file, with the same key and the same pragmas
(WAL, ``synchronous=FULL``, ``foreign_keys``), no ORM and no session:

- CF lookup p95 < 1 ms (an omocode typed in the box: nobody holds it, so the holders of
  its reduced form come back). Floor: the operator's row, then one indexed statement on
  ``fiscal_code_base`` (the exact holder, if any, is among those rows).
- name search p95 < 15 ms ("surname name-prefix" and "name surname-prefix"). Floor: the
  operator's row, the ordered range on the folded ``search_key`` (50 rows), then, when
  the page is not full, the FTS5 matches ordered on their key and birth date and only
  the rows kept read whole: the service's statements, ``sqlite3``-style.
- duplicate check p95 < 25 ms (all three tiers for a new person resembling one).
  Floor: the operator's row, the three indexed statements, and the same name
  similarity on the rows of the second.
- bulk import >= 0.6x its floor (validation, audit lines and outbox rows included).
  Floor: the very rows the import wrote (people, their FTS entries, audit lines,
  entity clocks, outbox rows, every other row it added) read back from its file and
  written into an identical fresh database with one ``executemany`` per table in one
  transaction, nothing computed while timed. The reference tables the validation
  reads (comuni, CAP: 0.6 s once per process) are loaded first, as the application
  loads them when it starts, and 200 rows are imported into a scratch file first.

Before timing, the answers of the application and of the floor are compared on the
samples (the same people, in the same order for the searches); a difference stops the
benchmark with :class:`Mismatch` (an explicit check: ``python -O`` keeps it).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import json
import random
import string
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stdnum.it.codicefiscale import calc_check_digit

from bench.harness import Figure, percentile, timed

MONTHS = "ABCDEHLMPRST"
SURNAMES = ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
            "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini",
            "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "D'Angelo", "Niccolò",
            "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara")
NAMES = ("Mario", "Luca", "Giulia", "Francesca", "Marco", "Sara", "Andrea", "Chiara",
         "Matteo", "Alessia", "Lorenzo", "Martina", "Nicolò", "Élodie", "Davide", "Anna")
TOWNS = ("D612", "G999", "G713", "D403", "B962", "G702", "A390", "I726", "E625", "E715")
#: The columns the search box shows (``search.PersonRow``), in the floor's statements.
#: The floor's statements (constants: nothing typed reaches the SQL text).
BY_BASE = ("SELECT id, fiscal_code, surname, name, birth_date FROM person "
           "WHERE fiscal_code_base = ? ORDER BY fiscal_code")
NAME_RANGE = ("SELECT id, fiscal_code, surname, name, birth_date, search_key FROM person "
              "WHERE search_key >= ? AND search_key < ? ORDER BY search_key, birth_date "
              "LIMIT ?")
FTS_KEYS = ("SELECT f.person_id, f.search_key, p.birth_date FROM (SELECT person_id, "
            "search_key FROM person_fts WHERE person_fts MATCH ? LIMIT ?) AS f "
            "JOIN person AS p ON p.id = f.person_id")
BY_IDS = ("SELECT id, fiscal_code, surname, name, birth_date, search_key FROM person "
          "WHERE id IN (SELECT value FROM json_each(?))")
LIMIT = 50


class Mismatch(RuntimeError):
    """The application and its floor gave different answers: the figures would lie."""


def _code(rng: random.Random, birth: dt.date, sex: str, place: str) -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(6))
    day = birth.day + (40 if sex == "F" else 0)
    body = f"{letters}{birth.year % 100:02d}{MONTHS[birth.month - 1]}{day:02d}{place}"
    return body + calc_check_digit(body)


def person_rows(count: int, seed: int = 7) -> list[tuple[object, ...]]:
    from desktop.models.person import search_key

    rng = random.Random(seed)
    rows: list[tuple[object, ...]] = []
    seen: set[str] = set()
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    while len(rows) < count:
        sex = rng.choice("MF")
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
        place = rng.choice(TOWNS)
        code = _code(rng, birth, sex, place)
        if code in seen:
            continue
        seen.add(code)
        surname, name = rng.choice(SURNAMES), rng.choice(NAMES)
        mobile = f"3{rng.randrange(10**8, 10**9)}"
        rows.append((uuid.uuid4().hex, code, code, surname, name, sex, birth.isoformat(),
                     place, "italiana", mobile, mobile, f"{code.lower()}@example.it",
                     search_key(surname, name), "D612", "Firenze", "FI", "Via Roma", "1",
                     "50122", now, now))
    return rows


INSERT = ("INSERT INTO person (id, fiscal_code, fiscal_code_base, surname, name, sex, "
          "birth_date, birthplace_code, citizenship, mobile, mobile_key, email, search_key, "
          "residence_code, residence_town, residence_province, residence_address, "
          "residence_number, residence_postcode, created_at, updated_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def omocode(code: str) -> str:
    """``code`` typed as an omocode: the last digit of the day becomes its letter."""
    body = code[:10] + "LMNPQRSTUV"[int(code[10])] + code[11:15]
    return body + calc_check_digit(body)


# -- the databases ---------------------------------------------------------------------------


def new_database(folder: Path, name: str, key: str) -> tuple[Any, Any]:
    """A migrated, encrypted database with one active manager: (Database, actor)."""
    from desktop.infra.database import open_database
    from desktop.models import Operator
    from desktop.services.security.accounts import OperatorInfo

    db = open_database(f"sqlite+pysqlite:///{folder / name}", folder / "backups", key=key)
    actor = OperatorInfo(uuid.UUID(int=1), "bench", "Bench", "responsabile", "")
    with db.transaction() as session:
        session.add(Operator(id=actor.id, username=actor.username, full_name="Bench",
                             role=actor.role, site_id=None))
    return db, actor


def raw_connection(path: Path, key: str) -> Any:
    """The floor's connection: the application's driver, key and pragmas, no pool, no
    ORM; autocommit unless the floor says BEGIN."""
    from desktop.infra.database import connect_file
    from desktop.models.engine import SQLITE_PRAGMAS

    conn = connect_file(path, key=key)
    conn.isolation_level = None
    for pragma in ("PRAGMA journal_mode=WAL", *SQLITE_PRAGMAS):
        conn.execute(pragma)
    return conn


# -- the floors ------------------------------------------------------------------------------


def _operator_row(raw: Any, actor: Any) -> None:
    row = raw.execute("SELECT role, active FROM operator WHERE id = ?",
                      (actor.id.hex,)).fetchone()
    if row is None or not row[1] or row[0] != actor.role:
        raise PermissionError(actor.username)


def floor_code(raw: Any, actor: Any, typed: str) -> list[tuple[Any, ...]]:
    """CF lookup: the operator's row and the holders of the reduced code."""
    from desktop.services.people.fiscal_code import base_form, normalise_input

    _operator_row(raw, actor)
    return list(raw.execute(BY_BASE, (base_form(normalise_input(typed)),)))


def floor_name(raw: Any, actor: Any, typed: str) -> list[tuple[Any, ...]]:
    """Name search: the ordered prefix range, then FTS5 to fill the page."""
    from desktop.services.reference.places import fold

    _operator_row(raw, actor)
    words = [w for w in (fold(word) for word in typed.split()) if w][:6]
    prefix = " ".join(words)
    ordered = list(raw.execute(
        NAME_RANGE, (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), LIMIT)))
    if len(ordered) < LIMIT:
        seen = {r[0] for r in ordered}
        match = " ".join(f'"{w}"*' for w in words)
        kept = sorted((key, born, pid) for pid, key, born in raw.execute(
            FTS_KEYS, (match, LIMIT * 4)) if pid not in seen)[:LIMIT - len(ordered)]
        ids = [pid for _key, _born, pid in kept]
        rows = {r[0]: r for r in raw.execute(BY_IDS, (json.dumps(ids),))}
        ordered += [rows[pid] for pid in ids if pid in rows]
    return [r[:5] for r in ordered]


def floor_duplicates(raw: Any, actor: Any, query: Any) -> set[str]:
    """Duplicate check: the three tiers' statements and the name similarity."""
    from desktop.models.person import phone_key, search_key
    from desktop.services.people.fiscal_code import base_form, normalise_input

    _operator_row(raw, actor)
    found = {r[0] for r in raw.execute("SELECT id FROM person WHERE fiscal_code_base = ?",
                                       (base_form(normalise_input(query.fiscal_code)),))}
    mine = search_key(query.surname, query.name)
    for pid, surname, name in raw.execute(
            "SELECT id, surname, name FROM person WHERE birth_date = ? AND sex = ?",
            (query.birth_date.isoformat(), query.sex)):
        best = max(difflib.SequenceMatcher(None, mine, search_key(surname, name)).ratio(),
                   difflib.SequenceMatcher(None, mine, search_key(name, surname)).ratio())
        if best >= 0.78:
            found.add(pid)
    found |= {r[0] for r in raw.execute(
        "SELECT id FROM person WHERE mobile_key = ? OR email = ? LIMIT 20",
        (phone_key(query.mobile), query.email.strip().lower()))}
    return found


def check_same(what: str, app: Sequence[object], floor: Sequence[object]) -> None:
    """Raise :class:`Mismatch` unless both sides found the same people (by id)."""
    if list(app) != list(floor):
        raise Mismatch(f"{what}: the application found {list(app)[:3]}..., "
                       f"the floor {list(floor)[:3]}...")


def check_samples(db: Any, actor: Any, raw: Any, rows: Sequence[tuple[object, ...]],
                  codes: Sequence[str], names: Sequence[str], dups: Sequence[Any]) -> None:
    """Before timing: the application and the floor find the same people for each
    sample, and the CF lookup finds the very person the omocode was made from."""
    from desktop.services.people.duplicates import find_duplicates
    from desktop.services.people.search import lookup_code, search_people

    for i, row in enumerate(rows):
        found = _ids(lookup_code(db, actor, codes[i]).candidates)
        check_same("CF lookup", found, _ids(floor_code(raw, actor, codes[i])))
        if str(row[0]) not in found:
            raise Mismatch(f"CF lookup: {codes[i]} did not find {row[1]}")
        check_same("name search", _ids(search_people(db, actor, names[i])),
                   _ids(floor_name(raw, actor, names[i])))
        check_same("duplicates",
                   sorted(c.person.id.hex for c in find_duplicates(db, actor, dups[i])),
                   sorted(floor_duplicates(raw, actor, dups[i])))


def samples(rows: Sequence[tuple[object, ...]]) -> tuple[list[str], list[str], list[Any]]:
    """What is typed for each row: its code as an omocode, "surname na" or "name surn",
    and a new person resembling it (the duplicate check)."""
    from desktop.services.people.duplicates import DuplicateQuery

    codes = [omocode(str(r[1])) for r in rows]
    names = [f"{r[3]} {str(r[4])[:3]}" if i % 2 else f"{r[4]} {str(r[3])[:4]}"
             for i, r in enumerate(rows)]
    dups = [DuplicateQuery(
        fiscal_code=str(r[1]), surname=str(r[3]), name=str(r[4])[:-1] + "a",
        sex=str(r[5]), birth_date=dt.date.fromisoformat(str(r[6])), mobile=str(r[9]),
        email=str(r[11])) for r in rows]
    return codes, names, dups


def _ids(rows: Sequence[Any]) -> list[str]:
    return [r.id.hex if hasattr(r, "id") else str(r[0]) for r in rows]


def paired(app: Callable[[Any], object], floor: Callable[[Any], object],
           inputs: Sequence[Any]) -> tuple[list[float], list[float]]:
    """Both sides timed once on each input: the same samples, the same count."""
    app_it, floor_it = iter(inputs), iter(inputs)
    return (timed(lambda: app(next(app_it)), len(inputs)),
            timed(lambda: floor(next(floor_it)), len(inputs)))


# -- the bulk import's floor -----------------------------------------------------------------

#: Written by the import through SQLite itself (the FTS5 index and its shadow tables):
#: the floor rebuilds them the way the import does, from the people's rows.
_DERIVED = ("person_fts", "sqlite_")


def table_marks(raw: Any) -> dict[str, int]:
    """The highest rowid of every ordinary table (what an import is measured from)."""
    names = [r[0] for r in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'")
        if not r[0].startswith(_DERIVED)]
    # Identifiers cannot be bound: the names are the file's own tables, quoted.
    marks = {}
    for name in names:
        sql = 'SELECT coalesce(max(rowid), 0) FROM "' + name + '"'  # noqa: S608
        marks[name] = raw.execute(sql).fetchone()[0]
    return marks


def added_rows(raw: Any, marks: dict[str, int]) -> dict[str, tuple[list[str], list[Any]]]:
    """Every row added since ``marks``, by table: (column names, rows)."""
    out: dict[str, tuple[list[str], list[Any]]] = {}
    for name, mark in marks.items():
        sql = 'SELECT * FROM "' + name + '" WHERE rowid > ?'  # noqa: S608 (own table)
        cursor = raw.execute(sql, (mark,))
        rows = cursor.fetchall()
        if rows:
            out[name] = ([d[0] for d in cursor.description], rows)
    return out


def floor_import(raw: Any, tables: dict[str, tuple[list[str], list[Any]]], *,
                 defer_fts: bool) -> None:
    """The same rows written with one executemany per table in one transaction. The
    people's FTS entries come from the table's own trigger (the bare executemany), or,
    with ``defer_fts``, as the import makes them: trigger off, one INSERT … SELECT."""
    trigger = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                          "AND name = 'person_fts_ai'").fetchone()[0]
    raw.execute("BEGIN IMMEDIATE")
    if defer_fts:
        raw.execute("DROP TRIGGER person_fts_ai")
    for name, (columns, rows) in tables.items():
        sql = (f'INSERT INTO "{name}" ({", ".join(columns)}) '  # noqa: S608 (own names)
               f"VALUES ({', '.join('?' for _ in columns)})")
        raw.executemany(sql, rows)
    if defer_fts:
        raw.execute("INSERT INTO person_fts (person_id, search_key) SELECT id, search_key "
                    "FROM person")
        raw.execute(trigger)
    raw.execute("COMMIT")


def import_figures(folder: Path, quick: bool) -> list[Figure]:
    """People per second through ``import_rows`` into an encrypted database, against
    writing the same rows in plain SQL (see the module's docstring)."""
    from desktop.infra.encryption import new_key
    from desktop.services.people.person_import import import_rows
    from desktop.services.reference import places

    count = 10_000 if quick else 30_000
    fresh = person_rows(count, seed=99)
    csv_rows = [{"fiscal_code": str(r[1]), "surname": str(r[3]), "name": str(r[4]),
                 "residence_code": "D612", "residence_address": "Via Roma",
                 "residence_number": "1", "residence_postcode": "50122",
                 "mobile": str(r[9]), "email": str(r[11])} for r in fresh]
    key = new_key()
    target, actor = new_database(folder, "import.sqlite", key)
    # The reference tables (comuni, CAP) are read once per process: the application
    # reads them when it starts (places.preload_in_background), not per import. A small
    # import into a scratch database first, as in an application already running.
    places.caps_of("D612")
    places.place_at("D612", None)
    warm, warm_actor = new_database(folder, "warm.sqlite", key)
    import_rows(warm, warm_actor, csv_rows[:200])
    warm.dispose()
    target.engine.dispose()
    raw = raw_connection(folder / "import.sqlite", key)
    marks = table_marks(raw)
    start = time.perf_counter()
    report = import_rows(target, actor, csv_rows)
    elapsed = time.perf_counter() - start
    if not report.ok or report.imported != count:
        raise Mismatch(f"import: {report.imported} of {count}, {report.rejected[:3]}")
    target.dispose()
    tables = added_rows(raw, marks)
    raw.close()
    if len(tables.get("person", ((), ()))[1]) != count:
        raise Mismatch("import: the people read back are not those imported")
    rates = []
    for name, defer in (("floor.sqlite", False), ("floor_deferred.sqlite", True)):
        floor_db, _floor_actor = new_database(folder, name, key)
        floor_db.dispose()
        floor = raw_connection(folder / name, key)
        start = time.perf_counter()
        floor_import(floor, tables, defer_fts=defer)
        rates.append(count / (time.perf_counter() - start))
        floor.close()
    return [Figure("registration", "import_people_per_s", count / elapsed, "people/s",
                   rates[0], 0.6 * rates[0], direction="min"),
            Figure("registration", "import_over_deferred_fts_floor_x",
                   count / elapsed / rates[1], "x", None, None)]


# -- the run ---------------------------------------------------------------------------------


def run(quick: bool = False) -> list[Figure]:
    from desktop.infra.encryption import new_key
    from desktop.services.people.duplicates import find_duplicates
    from desktop.services.people.search import lookup_code, search_people

    people = 40_000 if quick else 250_000
    repeat = 100 if quick else 300
    rng = random.Random(11)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sportello-bench-reg-") as tmp:
        folder = Path(tmp)
        key = new_key()
        db, actor = new_database(folder, "people.sqlite", key)
        rows = person_rows(people)
        raw = raw_connection(folder / "people.sqlite", key)
        raw.execute("BEGIN")
        raw.executemany(INSERT, rows)
        raw.execute("COMMIT")
        raw.execute("ANALYZE")
        # A database in service is checkpointed; do not time reads through a 100 MB WAL.
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sample = [rows[rng.randrange(len(rows))] for _ in range(repeat)]
        codes, names, dups = samples(sample)

        def app_code(typed: str) -> list[Any]:
            return list(lookup_code(db, actor, typed).candidates)

        def app_dups(query: Any) -> list[str]:
            return sorted(c.person.id.hex for c in find_duplicates(db, actor, query))

        check_samples(db, actor, raw, sample[:20], codes, names, dups)
        # The generated rows are the benchmark's, not the application's: keep the
        # garbage collector from rescanning them during the timed calls.
        gc.collect()
        gc.freeze()
        app, base = paired(app_code, lambda c: floor_code(raw, actor, c), codes)
        figures.append(Figure("registration", "cf_lookup_p95_ms", percentile(app, 95), "ms",
                              percentile(base, 95), 1.0))
        app, base = paired(lambda q: search_people(db, actor, q),
                           lambda q: floor_name(raw, actor, q), names)
        figures.append(Figure("registration", "name_search_p95_ms", percentile(app, 95),
                              "ms", percentile(base, 95), 15.0))
        app, base = paired(app_dups, lambda q: floor_duplicates(raw, actor, q), dups)
        figures.append(Figure("registration", "duplicate_check_p95_ms", percentile(app, 95),
                              "ms", percentile(base, 95), 25.0))
        raw.close()
        db.dispose()
        gc.unfreeze()
        figures += import_figures(folder, quick)
    return figures
