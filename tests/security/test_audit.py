"""The audit chain: intact logs verify, an edited or removed row is named."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import NotFoundError, PermissionDenied
from desktop.infra.database import Database
from desktop.models import Person
from desktop.services.security import accounts, audit
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.storage import trust_test_key


def first_person(db: Database) -> Person:
    with db.read() as session:
        person = session.query(Person).order_by(Person.fiscal_code).first()
        assert person is not None
        return person


def test_entries_chain_and_verify(demo_db: Database, manager: OperatorInfo) -> None:
    person = first_person(demo_db)
    with demo_db.transaction() as session:
        seq = audit.record(session, manager, "person.read", "person", person.id)
    result = audit.verify(demo_db)
    assert result.ok and result.entries == seq
    with demo_db.read() as session:
        rows = session.execute(text(
            "SELECT prev_hash, hash FROM audit_entry ORDER BY seq")).all()
    assert rows[0][0] == audit.GENESIS
    assert all(rows[i][0] == rows[i - 1][1] for i in range(1, len(rows)))


def drop_guards(db: Database) -> None:
    """What an intruder with the file (and the key) would do first."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entry_no_update"))
        conn.execute(text("DROP TRIGGER audit_entry_no_delete"))


def test_the_database_refuses_to_change_audit_lines(demo_db: Database) -> None:
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    for statement in ("UPDATE audit_entry SET action = 'x' WHERE seq = 1",
                      "DELETE FROM audit_entry WHERE seq = 1"):
        with pytest.raises(SADatabaseError, match="append-only"), \
                demo_db.engine.begin() as conn:
            conn.execute(text(statement))
    assert audit.verify(demo_db).ok


def test_an_edited_row_breaks_the_chain_there(demo_db: Database,
                                              manager: OperatorInfo) -> None:
    with demo_db.transaction() as session:
        for _i in range(3):
            audit.record(session, manager, "person.read", "person", "x")
    total = audit.count(demo_db)
    victim = total - 2
    drop_guards(demo_db)
    with demo_db.engine.begin() as conn:  # an intruder hides who read the record
        conn.execute(text("UPDATE audit_entry SET operator_username = 'altro' "
                          "WHERE seq = :seq"), {"seq": victim})
    result = audit.verify(demo_db)
    assert not result.ok
    assert result.first_broken == victim


def test_a_removed_row_is_detected(demo_db: Database) -> None:
    drop_guards(demo_db)
    with demo_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    result = audit.verify(demo_db)
    assert (result.ok, result.first_broken) == (False, 2)


def test_recomputing_the_hash_of_an_edited_row_still_breaks_the_next(
        demo_db: Database) -> None:
    drop_guards(demo_db)
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET hash = :h WHERE seq = 1"), {"h": "f" * 64})
    result = audit.verify(demo_db)
    assert result.first_broken == 1


def test_who_looked_at_a_person_and_what_an_operator_did(
        demo_db: Database, actors: dict[str, OperatorInfo]) -> None:
    person = first_person(demo_db)
    reader = actors["operatore"]
    with demo_db.transaction() as session:
        audit.record(session, reader, "person.read", "person", person.id)
        audit.record(session, reader, "document.print", "person", person.id, "patto")
    lines = audit.person_history(demo_db, actors["responsabile"], person.fiscal_code.lower())
    assert [(line.operator_username, line.action) for line in lines][:3] == [
        ("demo", "audit.query"),  # this very consultation is recorded first
        ("m.conti", "document.print"), ("m.conti", "person.read")]
    day = audit.operator_day(demo_db, actors["responsabile"], "m.conti", dt.date.today())
    assert [line.action for line in day][-2:] == ["person.read", "document.print"]
    assert "login" in [line.action for line in day]  # the demo morning
    # the consultation itself is on record
    assert audit.recent(demo_db, actors["responsabile"], 1)[0].action == "audit.query"
    with pytest.raises(NotFoundError):
        audit.person_history(demo_db, actors["responsabile"], "ZZZZZZ00Z00Z000Z")
    for role in ("sportello", "operatore", "collocamento_mirato"):
        with pytest.raises(PermissionDenied):
            audit.person_history(demo_db, actors[role], person.fiscal_code)
        with pytest.raises(PermissionDenied):
            audit.operator_day(demo_db, actors[role], "demo", dt.date.today())


def test_a_rolled_back_action_leaves_no_audit_line(demo_db: Database,
                                                   manager: OperatorInfo) -> None:
    before = audit.count(demo_db)
    with pytest.raises(RuntimeError), demo_db.transaction() as session:
        audit.record(session, manager, "person.write", "person", "x")
        raise RuntimeError("the change failed")
    assert audit.count(demo_db) == before
    assert audit.verify(demo_db).ok


def test_entries_carry_the_workstation(demo_db: Database) -> None:
    audit.configure("SPORTELLO-09")
    try:
        accounts.authenticate(demo_db, "demo", "demo")
    finally:
        audit.configure("postazione")
    last = audit.recent(demo_db, accounts.get_operator(demo_db, "demo"), 1)[0]
    assert (last.workstation, last.action) == ("SPORTELLO-09", "login")


def sportello(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SPORTELLO_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_cli_audit_verify_exit_codes(demo_db: Database, isolated_home: Path) -> None:
    url = demo_db.url
    demo_db.dispose()
    trust_test_key(Path(str(demo_db.file)), isolated_home)
    ok = sportello("audit", "verify", "--db", url, home=isolated_home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "integro" in ok.stdout
    drop_guards(demo_db)
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET action = 'backup' WHERE seq = 4"))
    demo_db.dispose()
    broken = sportello("audit", "verify", "--db", url, home=isolated_home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "voce 4" in broken.stdout
