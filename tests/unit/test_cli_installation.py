"""The commands against a default installation: an encrypted database whose key this PC
keeps, as a first ``sportello run`` leaves it. Every command opens it the same way
(desktop/bootstrap.py); ``sync``, ``match`` and ``print`` used to open it
without its key and said "not a Sportello database"."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.errors import NotSportelloDatabase
from desktop.infra import encryption
from desktop.infra.database import Database, open_database
from desktop.models import Person
from desktop.models.agreement import Agreement
from desktop.models.audit import AuditEntry
from desktop.models.sync import OutboxEntry
from desktop.services.people.person_import import write_rows
from tests.helpers.installation import default_installation, sportello
from tests.sync.conftest import ServerThread

NOT_SPORTELLO = "non è un database di Sportello"


@pytest.fixture
def region(tmp_path: Path) -> Iterator[ServerThread]:
    """The real regional server on 127.0.0.1."""
    running = ServerThread(f"sqlite+pysqlite:///{tmp_path / 'regione.sqlite'}")
    yield running
    running.stop()


def open_installation(home: Path) -> Database:
    """The installation's database, opened the way the application opens it."""
    from desktop.app import database_url, load_config, open_session_database

    config = load_config(home)
    return open_session_database(config, database_url(config), demo=False)


def test_sync_match_print_open_the_encrypted_default_installation(
        isolated_home: Path, tmp_path: Path, region: ServerThread) -> None:
    database = default_installation(isolated_home, demo_people=8)
    db = open_installation(isolated_home)
    with db.read() as session:
        fiscal_code = session.scalar(
            select(Person.fiscal_code).join(Agreement, Agreement.person_id == Person.id)
            .order_by(Person.fiscal_code).limit(1))
        people = int(session.scalar(select(func.count()).select_from(Person)) or 0)
    db.dispose()
    assert fiscal_code, "the demo centre has a person with a service agreement"

    matched = sportello("match", "person", fiscal_code, "--top", "3", home=isolated_home)
    assert matched.returncode == 0, matched.stdout + matched.stderr
    assert NOT_SPORTELLO not in matched.stderr
    assert matched.stdout.strip(), "the ranking is printed"

    charter = tmp_path / "carta.pdf"
    printed = sportello("print", "charter", "--user", "demo", "--out", str(charter),
                        home=isolated_home)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    assert len(PdfReader(io.BytesIO(charter.read_bytes())).pages) >= 1
    agreement = tmp_path / "patto.pdf"
    printed = sportello("print", "agreement", fiscal_code, "--user", "demo", "--out",
                        str(agreement), home=isolated_home)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    text = "".join(page.extract_text() for page in PdfReader(agreement).pages)
    assert fiscal_code in text

    token = region.store.create_workstation("cpi-firenze")
    synced = sportello("sync", "--server", region.url, "--token", token, home=isolated_home)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Inviate " in synced.stdout and "Inviate 0," not in synced.stdout
    on_server = {fields["fiscal_code"] for fields in
                 region.store.snapshot_entities("person").values()}
    assert fiscal_code in on_server and len(on_server) == people
    assert encryption.is_encrypted(database), "still encrypted after the commands"


def import_file(tmp_path: Path) -> tuple[Path, list[str]]:
    from codicefiscale import codicefiscale

    rows = [
        {"fiscal_code": codicefiscale.encode(lastname="Rossi", firstname="Mario", gender="M",
                                             birthdate="10/12/1985", birthplace="A562"),
         "surname": "Rossi", "name": "Mario", "residence_code": "D612",
         "residence_address": "Via dei Servi", "residence_number": "1",
         "residence_postcode": "50122", "mobile": "3331234567", "email": "m@example.it"},
        {"fiscal_code": codicefiscale.encode(lastname="Verdi", firstname="Luigia", gender="F",
                                             birthdate="01/01/1990", birthplace="G702"),
         "surname": "Verdi", "name": "Luigia", "residence_code": "G702",
         "residence_address": "Via Roma", "residence_number": "2",
         "residence_postcode": "56125", "mobile": "3337654321", "email": ""},
    ]
    path = tmp_path / "persone.csv"
    path.write_text(write_rows(rows), encoding="utf-8")
    return path, [r["fiscal_code"] for r in rows]


def test_imported_people_reach_the_region(isolated_home: Path, tmp_path: Path,
                                          region: ServerThread) -> None:
    """`import persons` used to add people with no outbox row and no audit line: the
    next sync sent nothing and the region never saw them."""
    default_installation(isolated_home)
    csv_file, codes = import_file(tmp_path)

    imported = sportello("import", "persons", str(csv_file), home=isolated_home)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "2 persone importate." in imported.stdout

    db = open_installation(isolated_home)
    with db.read() as session:
        audited = session.scalars(select(AuditEntry.target_id).where(
            AuditEntry.action == "person.create")).all()
        queued = session.scalars(select(OutboxEntry.entity_id).where(
            OutboxEntry.kind == "person", OutboxEntry.status == "pending")).all()
        ids = session.scalars(select(Person.id).where(Person.fiscal_code.in_(codes))).all()
    db.dispose()
    assert sorted(audited) == sorted(str(i) for i in ids) and len(ids) == 2
    assert sorted(queued) == sorted(ids)
    verified = sportello("audit", "verify", home=isolated_home)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    token = region.store.create_workstation("cpi-pisa")
    synced = sportello("sync", "--server", region.url, "--token", token, home=isolated_home)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Inviate 3," in synced.stdout  # the two people and the audit checkpoint
    on_server = region.store.snapshot_entities("person")
    assert sorted(f["fiscal_code"] for f in on_server.values()) == sorted(codes)
    assert set(on_server) == {str(i) for i in ids}, "the region knows them by the same ids"


def test_a_command_on_an_encrypted_database_without_its_key_says_so(
        isolated_home: Path, tmp_path: Path) -> None:
    """The key is looked up, not guessed: on a PC that lacks it the sentence says what
    to do, and no new key is stored over the missing one."""
    database = default_installation(isolated_home)
    (isolated_home / "config" / "key.txt").unlink()
    for args in (("match", "person", "RSSMRA85T10A562S"), ("sync", "--server",
                                                             "http://127.0.0.1:9")):
        result = sportello(*args, home=isolated_home)
        assert result.returncode == 1
        assert "sportello encrypt --store-key" in result.stderr + result.stdout
        assert "Traceback" not in result.stderr
    assert not (isolated_home / "config" / "key.txt").exists()
    with pytest.raises(NotSportelloDatabase):  # unreadable without its key
        open_database(f"sqlite+pysqlite:///{database}", migrate=False)
