"""Data-subject requests: export everything (JSON + PDF), erase or anonymise."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.documents.subject_export import render_subject_export
from desktop.errors import NotFoundError, PermissionDenied
from desktop.infra.database import Database
from desktop.models import Base, Person
from desktop.services.security import audit, subject_requests
from desktop.services.security.accounts import OperatorInfo


def a_new_person(db: Database) -> Person:
    """A person nothing else refers to yet (demo people carry visits, DIDs, agreements)."""
    import datetime as dt

    from codicefiscale import codicefiscale

    code = codicefiscale.encode(lastname="Nuovi", firstname="Dati", gender="F",
                                birthdate="02/03/1990", birthplace="Prato")
    person = Person(fiscal_code=code, fiscal_code_base=code, surname="Nuovi", name="Dati",
                    sex="F", birth_date=dt.date(1990, 3, 2), birthplace_code=code[11:15])
    with db.transaction() as session:
        session.add(person)
    return person


def a_person(db: Database, index: int = 0) -> Person:
    with db.read() as session:
        return session.scalars(select(Person).order_by(Person.fiscal_code)).all()[index]


def test_export_holds_everything_and_is_audited(demo_db: Database,
                                                actors: dict[str, OperatorInfo]) -> None:
    person = a_person(demo_db)
    with demo_db.transaction() as session:
        audit.record(session, actors["operatore"], "person.read", "person", person.id)
    result = subject_requests.export_person(demo_db, actors["responsabile"],
                                            person.fiscal_code)
    data = json.loads(result.json_text)
    assert data["person"]["fiscal_code"] == person.fiscal_code
    assert data["person"]["surname"] == person.surname
    assert data["person"]["email"] == person.email
    assert [a["operator"] for a in data["accesses"]] == ["m.conti"]
    assert result.command.kind == "person.export"
    assert result.command.person_id == person.id
    last = audit.recent(demo_db, actors["responsabile"], 1)[0]
    assert (last.action, last.target_id, last.seq) == (
        "person.export", str(person.id), result.command.audit_seq)
    assert person.surname not in last.detail  # the log holds identifiers only
    pdf = render_subject_export("CPI Firenze", "Sede centrale", "1", dt.date(2026, 11, 25),
                                result.sections)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert person.fiscal_code in text and person.surname in text and "m.conti" in text


def test_erase_deletes_a_person_nothing_refers_to(demo_db: Database,
                                                  manager: OperatorInfo) -> None:
    person = a_new_person(demo_db)
    result = subject_requests.erase_person(demo_db, manager, person.fiscal_code)
    assert result.outcome == "deleted" and result.command.kind == "person.erase"
    with demo_db.read() as session:
        assert session.get(Person, person.id) is None
    with pytest.raises(NotFoundError):
        subject_requests.export_person(demo_db, manager, person.fiscal_code)
    assert audit.verify(demo_db).ok


def test_erase_anonymises_when_records_must_be_kept(demo_db: Database,
                                                    manager: OperatorInfo) -> None:
    # A record another issue keeps by law (here a stand-in table pointing at person).
    kept = sa.Table("kept_record_test", Base.metadata,
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("person_id", sa.Uuid, sa.ForeignKey("person.id")))
    try:
        kept.create(demo_db.engine)
        person = a_new_person(demo_db)
        with demo_db.transaction() as session:
            session.execute(kept.insert().values(id=1, person_id=person.id))
        result = subject_requests.erase_person(demo_db, manager, person.fiscal_code)
        assert (result.outcome, result.kept_because) == ("anonymised", ("kept_record_test",))
        with demo_db.read() as session:
            left = session.get(Person, person.id)
            assert left is not None
            assert person.fiscal_code not in (left.fiscal_code, left.fiscal_code_base)
            assert (left.surname, left.name, left.mobile, left.email) == (
                "ANONIMIZZATO", "ANONIMIZZATO", "", "")
            assert session.execute(select(func.count()).select_from(kept)).scalar() == 1
    finally:
        Base.metadata.remove(kept)


@pytest.mark.parametrize("role", ["sportello", "operatore", "collocamento_mirato"])
def test_only_the_manager_handles_subject_requests(demo_db: Database, role: str,
                                                   actors: dict[str, OperatorInfo]) -> None:
    person = a_person(demo_db)
    before = audit.count(demo_db)
    with pytest.raises(PermissionDenied):
        subject_requests.export_person(demo_db, actors[role], person.fiscal_code)
    with pytest.raises(PermissionDenied):
        subject_requests.erase_person(demo_db, actors[role], person.fiscal_code)
    assert audit.count(demo_db) == before
    assert a_person(demo_db).fiscal_code == person.fiscal_code


def test_erasure_drops_the_archived_copies_and_keeps_their_trail(
        demo_db: Database, manager: OperatorInfo) -> None:
    """Printed copies carry the name, the code and the address: an anonymised person's
    archive keeps only each document's hash and metadata."""
    from desktop.models.document_archive import PrintedDocument
    from desktop.services.documents.archive import record_printed
    from desktop.services.documents.rendered import RenderedDocument

    person = a_new_person(demo_db)
    pdf = b"%PDF-1.4 " + person.fiscal_code.encode() + b" " + person.surname.encode()
    archived = record_printed(demo_db, manager, RenderedDocument(
        pdf, "receipt", "RR-TEST-1", 1, "Ricevuta", person.id, None, {}))
    result = subject_requests.erase_person(demo_db, manager, person.fiscal_code)
    assert result.outcome == "anonymised" and "printed_document" in result.kept_because
    with demo_db.read() as session:
        row = session.get(PrintedDocument, archived.id)
        assert row is not None and row.pdf is None and row.sha256 == archived.sha256
