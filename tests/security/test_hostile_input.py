"""Hostile input: arbitrary text, sizes and encodings at every entry point we own
and at the foundation's. Each answers with a domain error or succeeds; after a
rejection the database is exactly as before."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.errors import SportelloError, ValidationError
from desktop.infra.database import Database
from desktop.models import Base
from desktop.services.security import accounts, audit, subject_requests
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.backup import backup_database, restore_database
from desktop.services.security.permissions import Permission, allowed, require
from desktop.settings import Settings, parse_settings, validate_changes

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Any text, including NULs, surrogates-free unicode, SQL and very long strings.
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "' OR 1=1 --", "demo'; DROP TABLE operator; --",
                     "é" * 5000, "\u202e\u200b", "%s%s%n", "{0}{name}", "../../etc/passwd",
                     "RSSMRA80A01D612X", "a" * 100_000]),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the audit log (a refused attempt is itself worth a line there)."""
    with db.read() as session:
        return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables if t.name != "audit_entry"}


def domain_or_success(call: Any, db: Database) -> bool:
    """Run ``call``; True if it succeeded. A domain error must leave the db unchanged."""
    before = snapshot(db)
    try:
        call()
    except SportelloError as exc:
        assert exc.user_message.strip()
        assert snapshot(db) == before
        assert audit.verify(db).ok
        return False
    return True


@FUZZ
@given(username=hostile_text, password=hostile_text)
def test_authenticate(demo_db: Database, username: str, password: str) -> None:
    try:
        accounts.authenticate(demo_db, username, password)
    except SportelloError as exc:
        assert exc.user_message.strip()
    # a refusal may only add audit lines and count a failure; the chain stays intact
    assert audit.verify(demo_db).ok


@FUZZ
@given(username=hostile_text, full_name=hostile_text, role=hostile_text)
def test_create_account(demo_db: Database, manager: OperatorInfo, username: str,
                        full_name: str, role: str) -> None:
    domain_or_success(
        lambda: accounts.create_account(demo_db, manager, username, full_name, role), demo_db)


@FUZZ
@given(current=hostile_text, new=hostile_text)
def test_change_password(demo_db: Database, actors: dict[str, OperatorInfo], current: str,
                         new: str) -> None:
    me = actors["sportello"]
    if domain_or_success(lambda: accounts.change_password(demo_db, me, current, new), demo_db):
        accounts.change_password(demo_db, me, new, "demo-Ripristino-1")


@FUZZ
@given(code=hostile_text)
def test_lookups_by_codice_fiscale(demo_db: Database, manager: OperatorInfo,
                                   code: str) -> None:
    domain_or_success(lambda: audit.person_history(demo_db, manager, code), demo_db)
    domain_or_success(lambda: subject_requests.export_person(demo_db, manager, code), demo_db)


@FUZZ
@given(username=hostile_text, day=st.dates(min_value=dt.date(1900, 1, 2)))
def test_operator_day(demo_db: Database, manager: OperatorInfo, username: str,
                      day: dt.date) -> None:
    domain_or_success(lambda: audit.operator_day(demo_db, manager, username, day), demo_db)


@FUZZ
@given(role=hostile_text, permission=st.sampled_from(list(Permission)))
def test_permissions_never_grant_unknown_roles(demo_db: Database, role: str,
                                               permission: Permission) -> None:
    actor = OperatorInfo(uuid.uuid4(), "x", "X", role, "", cli=True)
    known = {"sportello", "operatore", "collocamento_mirato", "responsabile"}
    if role not in known:
        assert not allowed(actor, permission)
        with pytest.raises(SportelloError):
            require(actor, permission, demo_db)


@settings(max_examples=200, deadline=None)
@given(raw=st.dictionaries(st.sampled_from(["language", "database_url", "workstation",
                                            "idle_lock_minutes", "backup_keep", "log_level",
                                            "sync_server_url", "nonsense"]),
                           st.one_of(hostile_text, st.integers(), st.none(), st.booleans(),
                                     st.floats(allow_nan=True), st.lists(st.integers()))))
def test_settings_parsing_and_validation(raw: dict[str, Any]) -> None:
    parsed, rejected = parse_settings(raw)
    assert isinstance(parsed, Settings)
    changes = {k: v for k, v in raw.items() if k != "nonsense"}
    try:
        validate_changes(Settings(), changes)
    except ValidationError as exc:
        assert set(exc.fields) <= set(changes)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                           blacklist_characters="/\x00"),
                    min_size=1, max_size=80))
def test_backup_and_restore_paths(demo_db: Database, tmp_path: Path, name: str) -> None:
    before = snapshot(demo_db)
    for call in (lambda: backup_database(demo_db.url, tmp_path / "out" / name, demo_db.key),
                 lambda: restore_database(demo_db.url, tmp_path / "in" / name,
                                          tmp_path / "b", demo_db.key)):
        # A name the file system refuses (too long, reserved) is an OS answer.
        with contextlib.suppress(SportelloError, OSError):
            call()
    assert snapshot(demo_db) == before


# -- no SQL built by string formatting ------------------------------------------------------

_EXEC = re.compile(r"(execute|exec_driver_sql|text|executescript)\(\s*(f[\"']|[\"'][^\"']*[\"']\s*%"
                   r"|[\"'][^\"']*[\"']\s*\.format\(|[A-Za-z_]+\s*%|[A-Za-z_]+\s*\+)")
#: Reviewed exceptions: PRAGMA takes no bound parameters; these values are checked.
_ALLOWED = {
    ("desktop/infra/encryption.py", "PRAGMA key = '{key}'"),
    ("desktop/infra/encryption.py", "PRAGMA encrypted.application_id = {int(app_id)}"),
    ("desktop/infra/database.py", "PRAGMA application_id={SQLITE_APPLICATION_ID}"),
    # DDL whose only variable is the loop's constant 'UPDATE' / 'DELETE'.
    ("desktop/migrations/versions/0500_security.py", "CREATE TRIGGER audit_entry_no_"),
    # Identifiers cannot be bound parameters; each is a constant of the module.
    ("desktop/migrations/versions/0100_registration.py", "DROP TRIGGER IF EXISTS {name}"),
    ("desktop/infra/notify.py", "LISTEN {CHANNEL}"),
    ("bench/queue.py", "CREATE DATABASE {name}"),
    ("desktop/sync/bulk.py", "DROP TRIGGER {FTS_TRIGGER}"),
    # A pragma takes no bound parameter; the size is an int constant of the module.
    ("desktop/sync/bulk.py", "PRAGMA cache_size=-{SNAPSHOT_CACHE_KIB}"),
    # The floor's rows: table and column names are literals of the benchmark's own dicts.
    ("bench/journey.py", "INSERT INTO {table} ({names}) VALUES ({marks})"),
}


def test_no_query_is_built_by_string_formatting() -> None:
    offenders = []
    for folder in ("desktop", "server", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            relative = path.relative_to(ROOT).as_posix()
            sql_text = re.search(r"from sqlalchemy import[^\n]*\btext\b", source)
            for match in _EXEC.finditer(source):  # calls may span lines
                before = source[max(0, match.start() - 3):match.start()]
                if match.group(1) == "text" and not sql_text and before != "sa.":
                    continue  # a local text() helper (e.g. in documents), not SQL
                start = source.rfind("\n", 0, match.start()) + 1
                end = source.find("\n", match.end())
                call = source[start:end if end >= 0 else None]
                if any(relative == f and snippet in call for f, snippet in _ALLOWED):
                    continue
                number = source.count("\n", 0, match.start()) + 1
                offenders.append(f"{relative}:{number}: {' '.join(call.split())}")
    assert not offenders, "SQL built by string formatting:\n" + "\n".join(offenders)


def test_the_formatting_check_catches_what_it_should() -> None:
    for bad in ('session.execute(text(f"SELECT * FROM person WHERE id = {x}"))',
                'conn.execute("SELECT * FROM t WHERE a = %s" % value)',
                'cursor.execute("DELETE FROM t WHERE id = {}".format(i))',
                "conn.exec_driver_sql(query + where)"):
        assert _EXEC.search(bad), bad
    assert _EXEC.search('op.execute(\n    f"DROP TABLE {name}")')  # across lines too
    assert not _EXEC.search('session.execute(text("SELECT 1 WHERE a = :a"), {"a": 1})')
