"""Cost of security at the counter: login, audit append, encrypted queries.

Figures, each with a baseline measured in the same run:
- login with argon2id vs the foundation's scrypt hash (target: under 500 ms);
- appending one audit entry in its own transaction vs an empty transaction;
- opening a database and reading 300 people, SQLCipher-encrypted vs plain SQLite.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.harness import Figure, median, timed


def run(quick: bool = False) -> list[Figure]:
    from sqlalchemy import select, update

    from desktop.demo import create_demo
    from desktop.infra import encryption
    from desktop.infra.database import open_database
    from desktop.models import Operator, Person
    from desktop.services.security import accounts, audit, passwords

    repeat = 3 if quick else 10
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        plain_url = f"sqlite+pysqlite:///{Path(tmp) / 'plain.sqlite'}"
        db = open_database(plain_url, plain=True)  # the baseline of the encrypted read
        create_demo(db, people=300)
        argon = median(timed(lambda: accounts.authenticate(db, "demo", "demo"), repeat))
        with db.transaction() as session:
            session.execute(update(Operator).where(Operator.username == "m.conti").values(
                password_hash=passwords.legacy_scrypt_hash("demo")))

        def scrypt_login() -> None:
            # verify only: a login would upgrade the hash to argon2id
            passwords.verify_password("demo", passwords.legacy_scrypt_hash("demo"))

        figures.append(Figure("security", "login_argon2id_ms", argon, "ms",
                              median(timed(scrypt_login, repeat)), 500.0))
        actor = accounts.get_operator(db, "demo")

        def append() -> None:
            with db.transaction() as session:
                audit.record(session, actor, "person.read", "person", "bench")

        def empty() -> None:
            with db.transaction():
                pass

        figures.append(Figure("security", "audit_append_ms", median(timed(append, repeat * 5)),
                              "ms", median(timed(empty, repeat * 5)), 20.0))
        db.dispose()

        key = encryption.new_key()
        enc_path = Path(tmp) / "enc.sqlite"
        enc_url = f"sqlite+pysqlite:///{enc_path}"
        import shutil

        shutil.copy(Path(tmp) / "plain.sqlite", enc_path)
        encryption.encrypt_file(enc_path, key)

        def read(url: str, k: str | None) -> None:
            opened = open_database(url, migrate=False, key=k)
            with opened.read() as session:
                assert len(session.scalars(select(Person)).all()) == 300
            opened.dispose()

        figures.append(Figure(
            "security", "open_and_read_300_people_encrypted_ms",
            median(timed(lambda: read(enc_url, key), repeat)), "ms",
            median(timed(lambda: read(plain_url, None), repeat)), 1000.0))
    return figures
