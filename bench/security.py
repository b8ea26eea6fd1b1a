"""Cost of security at the counter: login, audit append, encrypted queries.

Figures, each with a baseline measured in the same run:
- login with argon2id (target: under 500 ms). Floor: :func:`login_floor`, one bare
  argon2id verify of the same stored hash with the parameters read from that hash
  (what any login must do at least), nothing hashed; the login adds the account's
  row, the lockout counters and the audit line;
- appending one audit entry in its own transaction. Floor: :func:`audit_floor`, the same
  entry chained in plain SQL on the same file with the same pragmas (write lock, the
  last entry's hash, the new entry's hash, one INSERT, commit); the service adds the
  sealed copy of the chain's head;
- opening a database and reading 300 people, SQLCipher-encrypted vs plain SQLite.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path
from typing import Any

from bench.harness import Figure, median, timed


def login_floor(stored: str, password: str) -> bool:
    """The cheapest correct login check: one argon2id verify of ``stored``, with the
    parameters it was made with (read from the hash itself), and no hashing."""
    import argon2

    hasher = argon2.PasswordHasher.from_parameters(argon2.extract_parameters(stored))
    try:
        return hasher.verify(stored, password)
    except argon2.exceptions.VerificationError:
        return False


def audit_floor(raw: Any, operator_id: uuid.UUID, username: str, station: str) -> int:
    """One audit entry appended in plain SQL: what any hash-chained log must do."""
    from desktop.services.security.audit import GENESIS, canonical, entry_hash

    raw.execute("BEGIN IMMEDIATE")
    last = raw.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    digest = entry_hash(canonical(seq, at, operator_id, username, station, "person.read",
                                  "person", "bench", "", prev))
    raw.execute("INSERT INTO audit_entry (seq, at, operator_id, operator_username, "
                "workstation, action, target_type, target_id, detail, prev_hash, hash) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (seq, at.isoformat(sep=" ", timespec="microseconds"), operator_id.hex,
                 username, station, "person.read", "person", "bench", "", prev, digest))
    raw.execute("COMMIT")
    return seq


def run(quick: bool = False) -> list[Figure]:
    from sqlalchemy import select

    from desktop.demo import create_demo
    from desktop.infra import encryption
    from desktop.infra.database import open_database
    from desktop.models import Operator, Person
    from desktop.services.security import accounts, audit

    repeat = 3 if quick else 10
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        plain_url = f"sqlite+pysqlite:///{Path(tmp) / 'plain.sqlite'}"
        db = open_database(plain_url, plain=True)  # the baseline of the encrypted read
        create_demo(db, people=300)
        with db.read() as session:
            stored = session.scalars(select(Operator.password_hash)
                                     .where(Operator.username == "demo")).one()
        if not stored.startswith("$argon2id$") or not login_floor(stored, "demo"):
            raise RuntimeError("the demo account's hash is not the argon2id login's")
        argon = timed(lambda: accounts.authenticate(db, "demo", "demo"), repeat)
        floor = timed(lambda: login_floor(stored, "demo"), repeat)
        figures.append(Figure("security", "login_argon2id_ms", median(argon), "ms",
                              median(floor), 500.0))
        actor = accounts.get_operator(db, "demo")

        def append() -> None:
            with db.transaction() as session:
                audit.record(session, actor, "person.read", "person", "bench")

        from desktop.infra.database import connect_file
        from desktop.models.engine import SQLITE_PRAGMAS

        raw = connect_file(Path(tmp) / "plain.sqlite")
        raw.isolation_level = None
        for pragma in SQLITE_PRAGMAS:
            raw.execute(pragma)
        station = audit.workstation()[:100]
        app = timed(append, repeat * 5)
        floor = timed(lambda: audit_floor(raw, actor.id, actor.username, station), repeat * 5)
        raw.close()
        if not audit.verify(db).ok:
            raise RuntimeError("the floor's entries broke the audit chain")
        figures.append(Figure("security", "audit_append_ms", median(app), "ms",
                              median(floor), 20.0))
        db.dispose()

        key = encryption.new_key()
        enc_path = Path(tmp) / "enc.sqlite"
        enc_url = f"sqlite+pysqlite:///{enc_path}"
        import shutil

        shutil.copy(Path(tmp) / "plain.sqlite", enc_path)
        encryption.encrypt_file(enc_path, key)

        def read(url: str, k: str | None) -> None:
            opened = open_database(url, migrate=False, key=k, plain=k is None)
            with opened.read() as session:
                assert len(session.scalars(select(Person)).all()) == 300
            opened.dispose()

        figures.append(Figure(
            "security", "open_and_read_300_people_encrypted_ms",
            median(timed(lambda: read(enc_url, key), repeat)), "ms",
            median(timed(lambda: read(plain_url, None), repeat)), 1000.0))
    return figures
