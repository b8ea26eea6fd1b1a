"""One instance per database: a second application, a restore or an encryption while the
database is open are refused with one Italian sentence; a crash leaves no lock behind."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.app import database_url, load_config, open_session_database
from desktop.errors import BackupError
from desktop.infra.database import Database
from desktop.infra.instance_lock import DatabaseInUse, acquire_instance, read_holder
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.services.security.backup import backup_database, restore_database
from tests.helpers.installation import ROOT, default_installation, sportello


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _open_app(home: Path) -> Database:
    config = load_config(home)
    return open_session_database(config, database_url(config), demo=False)


def test_a_second_instance_on_the_same_database_is_refused(isolated_home: Path) -> None:
    default_installation(isolated_home)
    first = _open_app(isolated_home)
    try:
        with pytest.raises(DatabaseInUse) as info:
            _open_app(isolated_home)
        message = info.value.user_message
        assert "è già aperto in Sportello" in message
        assert f"processo {os.getpid()}" in message
        # the kiosk and the display share the database with the application
        config = load_config(isolated_home)
        station = open_session_database(config, database_url(config), demo=False,
                                        single_instance=False)
        station.dispose()
    finally:
        first.dispose()
    _open_app(isolated_home).dispose()  # closed: the next start is welcome


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.infra.instance_lock import acquire_instance
    lock = acquire_instance(Path(sys.argv[1]), "sportello run")
    print("held", flush=True)
    sys.stdin.read()
""")


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    database = tmp_path / "centre.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseInUse) as info:
            acquire_instance(database, "sportello run")
        assert f"processo {holder.pid}" in info.value.user_message
        holder.send_signal(signal.SIGKILL)  # a crash: no clean-up runs
        assert holder.wait(timeout=30) == -signal.SIGKILL
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    stale = read_holder(database)
    assert stale is not None and stale.pid == holder.pid  # the file is still there
    lock = acquire_instance(database, "sportello run")  # but the OS let go of the lock
    try:
        now = read_holder(database)
        assert now is not None and now.pid == os.getpid()
    finally:
        lock.release()


def _people(db: Database) -> int:
    with db.read() as session:
        return len(session.scalars(select(Person.id)).all())


def test_restore_under_a_running_app_is_refused(isolated_home: Path, tmp_path: Path) -> None:
    live = default_installation(isolated_home, demo_people=3)
    app = _open_app(isolated_home)
    copy = backup_database(app.url, tmp_path / "copy.sqlite", app.key).path
    before = _digest(live)
    try:
        with pytest.raises(DatabaseInUse) as info:
            restore_database(app.url, copy, tmp_path / "kept", app.key)
        assert "è già aperto in Sportello" in info.value.user_message
        done = sportello("restore", str(copy), home=isolated_home)
        assert done.returncode == 1
        assert "è già aperto in Sportello" in done.stderr
        encrypting = sportello("encrypt", home=isolated_home)
        assert encrypting.returncode == 1
        assert "è già aperto in Sportello" in encrypting.stderr
        assert _people(app) > 0  # the running app still reads its own data
    finally:
        app.dispose()
    assert _digest(live) == before
    assert not (tmp_path / "kept").exists()


def test_restore_keeps_the_replaced_copy_and_writes_an_audit_line(isolated_home: Path,
                                                                  tmp_path: Path) -> None:
    default_installation(isolated_home, demo_people=3)
    app = _open_app(isolated_home)
    copy = backup_database(app.url, tmp_path / "copy.sqlite", app.key).path
    with app.transaction() as session:
        session.query(Person).delete()
    app.dispose()
    done = sportello("restore", str(copy), home=isolated_home)
    assert done.returncode == 0, done.stdout + done.stderr
    config = load_config(isolated_home)
    kept = list(config.paths.backups.glob("pre-restore-*.sqlite"))
    assert len(kept) == 1
    app = _open_app(isolated_home)
    try:
        assert _people(app) == 3
        with app.read() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "restore"
        assert last.operator_username == "cli"
        assert "copy.sqlite" in last.detail and kept[0].name in last.detail
    finally:
        app.dispose()


def test_backup_does_not_overwrite_an_existing_file(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "precious.sqlite"
    target.write_bytes(b"yesterday's only copy")
    with pytest.raises(BackupError) as info:
        backup_database(demo_db.url, target, demo_db.key)
    assert "esiste già" in info.value.user_message and "--force" in info.value.user_message
    assert target.read_bytes() == b"yesterday's only copy"
    result = backup_database(demo_db.url, target, demo_db.key, overwrite=True)
    assert result.path == target and target.read_bytes()[:16] != b"yesterday's only"


def test_backup_command_needs_force_to_overwrite(isolated_home: Path, tmp_path: Path) -> None:
    default_installation(isolated_home)
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"keep me")
    refused = sportello("backup", str(target), home=isolated_home)
    assert refused.returncode == 1
    assert "esiste già" in refused.stderr
    assert target.read_bytes() == b"keep me"
    forced = sportello("backup", str(target), "--force", home=isolated_home)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert target.read_bytes() != b"keep me"


def test_the_application_refuses_to_start_twice(isolated_home: Path) -> None:
    """``sportello run`` while another application holds the database: one sentence, exit 1,
    and the holder's lock is untouched."""
    config = load_config(isolated_home)
    demo = config.paths.demo_database
    lock = acquire_instance(demo, "sportello run")
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        second = sportello("run", "--demo", "--bench-startup", home=isolated_home, env=env)
        assert second.returncode == 1, second.stdout + second.stderr
        assert "è già aperto in Sportello" in second.stderr
        assert f"processo {os.getpid()}" in second.stderr
        assert "Traceback" not in second.stderr
        holder = read_holder(demo)
        assert holder is not None and holder.pid == os.getpid()
    finally:
        lock.release()
