"""The audit chain's head is anchored outside the database: cutting the newest entries off,
or rewriting one and recomputing every later hash, no longer verifies as intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.infra.database import Database
from desktop.services.security import audit, audit_anchor
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.storage import TEST_KEY, trust_test_key


def drop_guards(db: Database) -> None:
    """What an intruder with the file (and the key) does first."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entry_no_update"))
        conn.execute(text("DROP TRIGGER audit_entry_no_delete"))


def read_some(db: Database, actor: OperatorInfo | None, times: int) -> int:
    """``times`` audited actions, each in its own transaction (as the counter makes them)."""
    seq = 0
    for i in range(times):
        with db.transaction() as session:
            seq = audit.record(session, actor, "person.read", "person", f"p{i}")
    return seq


def delete_newest(db: Database, how_many: int | None) -> None:
    drop_guards(db)
    with db.engine.begin() as conn:
        if how_many is None:
            conn.execute(text("DELETE FROM audit_entry"))
        else:
            conn.execute(text("DELETE FROM audit_entry WHERE seq > "
                              "(SELECT MAX(seq) FROM audit_entry) - :n"), {"n": how_many})


def recompute_from(db: Database, first: int) -> None:
    """Rewrite every hash from entry ``first`` on so that the chain links again."""
    with db.engine.begin() as conn:
        rows = conn.execute(text(
            "SELECT seq, at, operator_id, operator_username, workstation, action, "
            "target_type, target_id, detail FROM audit_entry WHERE seq >= :s ORDER BY seq"),
            {"s": first}).all()
        prev = conn.execute(text("SELECT hash FROM audit_entry WHERE seq = :s"),
                            {"s": first - 1}).scalar() or audit.GENESIS
    with db.read() as session:  # read the typed values back through the ORM
        from desktop.models.audit import AuditEntry

        entries = {e.seq: e for e in session.query(AuditEntry).filter(AuditEntry.seq >= first)}
        fixed = []
        for row in rows:
            e = entries[row[0]]
            digest = audit.entry_hash(audit.canonical(
                e.seq, e.at, e.operator_id, e.operator_username, e.workstation, e.action,
                e.target_type, e.target_id, e.detail, prev))
            fixed.append({"seq": e.seq, "prev": prev, "hash": digest})
            prev = digest
    with db.engine.begin() as conn:
        for item in fixed:
            conn.execute(text("UPDATE audit_entry SET prev_hash = :prev, hash = :hash "
                              "WHERE seq = :seq"), item)


@pytest.mark.parametrize("how_many", [1, 50, None], ids=["newest-1", "newest-50", "all"])
def test_deleting_the_newest_entries_is_detected(demo_db: Database, manager: OperatorInfo,
                                                 how_many: int | None) -> None:
    total = read_some(demo_db, manager, 60)
    assert audit.verify(demo_db).ok
    delete_newest(demo_db, how_many)
    result = audit.verify(demo_db)
    expected = 1 if how_many is None else total - how_many + 1
    assert (result.ok, result.first_broken) == (False, expected)
    assert f"{total}" in result.reason  # the newest entry the sealed copy recorded
    assert "eliminate" in audit.describe(result)  # said in Italian


def test_an_edited_entry_with_every_later_hash_recomputed_is_detected(
        demo_db: Database, manager: OperatorInfo) -> None:
    total = read_some(demo_db, manager, 20)
    victim = total - 10
    drop_guards(demo_db)
    with demo_db.engine.begin() as conn:  # hide who read the record, then relink the chain
        conn.execute(text("UPDATE audit_entry SET operator_username = 'altro' "
                          "WHERE seq = :seq"), {"seq": victim})
    recompute_from(demo_db, victim)
    result = audit.verify(demo_db)
    assert (result.ok, result.first_broken) == (False, victim)
    assert "riscritte" in audit.describe(result)


def test_a_new_chain_in_place_of_the_old_one_is_detected(db: Database) -> None:
    read_some(db, None, 3)
    delete_newest(db, None)
    read_some(db, None, 5)  # the app goes on writing a fresh chain from entry 1
    result = audit.verify(db)
    assert (result.ok, result.first_broken) == (False, 1)


def test_an_edited_line_of_the_sealed_copy_is_detected(demo_db: Database,
                                                       manager: OperatorInfo) -> None:
    read_some(demo_db, manager, 2)
    anchor = audit_anchor.anchor_path(Path(str(demo_db.file)))
    lines = anchor.read_text(encoding="utf-8").splitlines()
    forged = json.loads(lines[-1])
    forged["seq"] -= 1  # pretend the chain was one entry shorter
    lines[-1] = json.dumps(forged)
    anchor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = audit.verify(demo_db)
    assert not result.ok
    assert f"riga {len(lines)}" in result.reason


def test_a_removed_sealed_copy_is_detected_while_its_key_exists(
        demo_db: Database, manager: OperatorInfo) -> None:
    read_some(demo_db, manager, 2)
    audit_anchor.anchor_path(Path(str(demo_db.file))).unlink()
    result = audit.verify(demo_db)
    assert not result.ok
    assert "rimossa" in result.reason


def test_the_anchor_key_is_not_in_the_database(demo_db: Database,
                                               manager: OperatorInfo) -> None:
    read_some(demo_db, manager, 1)
    database = Path(str(demo_db.file))
    key = audit_anchor.load_key(database)
    assert key is not None
    # the test keyring refuses everything: the key went to its own file, owner-only
    key_file = database.with_name(database.name + audit_anchor.KEY_SUFFIX)
    assert key_file.read_text(encoding="ascii").strip() == key.hex()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert key.hex().encode() not in database.read_bytes()


def test_a_rolled_back_action_seals_nothing(demo_db: Database, manager: OperatorInfo) -> None:
    read_some(demo_db, manager, 1)
    anchor = audit_anchor.anchor_path(Path(str(demo_db.file)))
    before = anchor.read_bytes()
    with pytest.raises(RuntimeError), demo_db.transaction() as session:
        audit.record(session, manager, "person.write", "person", "x")
        raise RuntimeError("the change failed")
    assert anchor.read_bytes() == before
    read_some(demo_db, manager, 1)  # the next commit seals the same entry number
    assert audit.verify(demo_db).ok


def test_the_sealed_copy_stays_small(demo_db: Database, manager: OperatorInfo,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_anchor, "MAX_ANCHOR_BYTES", 4000)
    monkeypatch.setattr(audit_anchor, "THIN_STEP", 10)
    monkeypatch.setattr(audit_anchor, "KEEP_RECENT", 5)
    total = read_some(demo_db, manager, 80)
    anchor = audit_anchor.anchor_path(Path(str(demo_db.file)))
    assert anchor.stat().st_size <= 4000 + 300
    seqs = [json.loads(line)["seq"] for line in anchor.read_text().splitlines()]
    assert seqs[-1] == total
    delete_newest(demo_db, 1)  # thinned, it still holds the head
    assert audit.verify(demo_db).first_broken == total


def test_every_hundred_entries_a_checkpoint_joins_the_outbox(
        demo_db: Database, manager: OperatorInfo) -> None:
    from desktop.models.sync import OutboxEntry

    start = audit.count(demo_db)
    read_some(demo_db, manager, audit_anchor.SERVER_EVERY)
    with demo_db.read() as session:
        sent = [e.payload["fields"] for e in session.query(OutboxEntry).filter(
            OutboxEntry.kind == "audit_checkpoint")]
    expected = [s for s in range(start + 1, start + audit_anchor.SERVER_EVERY + 1)
                if s % audit_anchor.SERVER_EVERY == 0]
    assert [f["seq"] for f in sent][-len(expected):] == expected


def sportello(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SPORTELLO_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_cli_audit_verify_names_the_cut(demo_db: Database, manager: OperatorInfo,
                                        isolated_home: Path) -> None:
    total = read_some(demo_db, manager, 3)
    delete_newest(demo_db, 1)
    url = demo_db.url
    demo_db.dispose()
    trust_test_key(Path(str(demo_db.file)), isolated_home)
    broken = sportello("audit", "verify", "--db", url, home=isolated_home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"ALTERATO alla voce {total}" in broken.stdout


def test_a_retired_anchor_lets_a_new_database_start_its_chain(db: Database,
                                                              tmp_path: Path) -> None:
    """``demo --reset`` replaces the database: its old anchor is set aside, not deleted."""
    read_some(db, None, 3)
    database = Path(str(db.file))
    db.dispose()
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    kept = audit_anchor.retire(database)
    assert kept is not None and len(kept.read_text().splitlines()) == 3
    from desktop.infra.database import open_database

    fresh = open_database(f"sqlite+pysqlite:///{database}", tmp_path / "backups",
                          key=TEST_KEY)
    try:
        assert audit.verify(fresh).ok  # before its first entry, too
        read_some(fresh, None, 2)
        assert audit.verify(fresh).ok
    finally:
        fresh.dispose()


def test_the_bulk_import_path_is_anchored_too(demo_db: Database,
                                             manager: OperatorInfo) -> None:
    """A bulk import writes its audit lines in one statement, without ``record``."""
    import uuid

    from desktop.models.sync import OutboxEntry
    from desktop.services.people import bulk_journal

    start = audit.count(demo_db)
    with demo_db.transaction() as session:
        bulk_journal.audit_created(session, manager, "person.create", "person",
                                   [uuid.uuid4() for _i in range(250)])
    total = start + 250
    assert audit.count(demo_db) == total
    with demo_db.read() as session:
        sent = [e.payload["fields"]["seq"] for e in session.query(OutboxEntry).filter(
            OutboxEntry.kind == "audit_checkpoint").order_by(OutboxEntry.seq)]
    assert sent[-1] == total  # the import crossed a hundred: its head goes to the region
    delete_newest(demo_db, 1)
    assert audit.verify(demo_db).first_broken == total


def test_a_database_never_anchored_verifies_and_says_what_it_cannot_see(
        db: Database) -> None:
    """An installation from before the anchors: intact, with the limit said."""
    read_some(db, None, 2)
    database = Path(str(db.file))
    audit_anchor.anchor_path(database).unlink()
    database.with_name(database.name + audit_anchor.KEY_SUFFIX).unlink()
    audit_anchor.forget_cached_keys()
    result = audit.verify(db)
    assert result.ok and result.checkpoints == 0
    assert any("non ha ancora una copia sigillata" in note for note in result.notes)
    read_some(db, None, 1)  # the next action starts the sealed copy from the head
    assert audit.verify(db).checkpoints == 1


def test_cli_region_check_without_a_server_says_so(db: Database,
                                                   isolated_home: Path) -> None:
    from tests.helpers.net import free_port

    read_some(db, None, 1)
    url = db.url
    db.dispose()
    trust_test_key(Path(str(db.file)), isolated_home)
    unset = sportello("audit", "verify", "--db", url, "--region", home=isolated_home)
    assert unset.returncode == 2, unset.stdout + unset.stderr
    assert "Nessun server regionale impostato" in unset.stdout
    away = sportello("audit", "verify", "--db", url, "--region", "--server",
                     f"http://127.0.0.1:{free_port()}", home=isolated_home)
    assert away.returncode == 2, away.stdout + away.stderr
    assert "non è raggiungibile" in away.stdout


def test_two_processes_sealing_at_once_write_whole_lines(tmp_path: Path) -> None:
    """A command run while the application is open appends to the same sealed copy."""
    database = tmp_path / "shared.sqlite"
    audit_anchor.seal(database, audit_anchor.Checkpoint("ws", 1, "0" * 64, 1, "t"))
    script = ("import sys\nfrom pathlib import Path\n"
              "from desktop.services.security import audit_anchor as a\n"
              "for i in range(300):\n"
              "    a.seal(Path(sys.argv[1]), a.Checkpoint('w' * 300, i + 2, 'a' * 64, i + 2,"
              " 't'))\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    writers = [subprocess.Popen([sys.executable, "-c", script, str(database)], env=env)
               for _i in range(2)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    lines = audit_anchor.anchor_path(database).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 601
    key = audit_anchor.load_key(database)
    assert all(json.loads(line)["mac"] for line in lines)
    assert key is not None
