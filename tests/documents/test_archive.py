"""Printed means archived, exactly: the archive keeps the bytes printed, a reprint
returns them (any kind), a tampered copy is refused, and the responsabile sees who
printed what for a person."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop.errors import DatabaseError, NotFoundError, PermissionDenied
from desktop.infra.database import Database
from desktop.models.document_archive import PrintedDocument
from desktop.services.documents.agreements import AgreementDraft, print_version, save_version
from desktop.services.documents.archive import (
    person_documents,
    record_printed,
    reprint,
    reprint_document,
    save_printed,
)
from desktop.services.documents.person_printouts import did_receipt, employment_certificate
from desktop.services.security import audit
from desktop.services.security.accounts import OperatorInfo, get_operator
from desktop.values.site import SiteInfo
from tests.documents.test_person_printouts import with_did


def archived_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(PrintedDocument)) or 0)


def test_rendering_archives_nothing_printing_archives_the_bytes(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    person, did = with_did(demo_db)
    before = archived_count(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    assert archived_count(demo_db) == before  # a preview the operator may still cancel
    archived = record_printed(demo_db, front_desk, rendered, how="print")
    assert archived_count(demo_db) == before + 1
    assert (archived.kind, archived.person_id, archived.pages) == ("receipt", person.id, 1)
    assert archived.params["output"] == "print"
    with demo_db.read() as session:
        row = session.get(PrintedDocument, archived.id)
        assert row is not None and row.pdf == rendered.pdf


def test_any_kind_reprints_the_very_bytes_printed(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    person, _did = with_did(demo_db)
    first = employment_certificate(demo_db, front_desk, person.id)
    archived = record_printed(demo_db, front_desk, first, how="pdf")
    again = reprint_document(demo_db, front_desk, archived.id)
    assert again.pdf == first.pdf and again.archived_id == archived.id
    # Printing the reprint audits it but does not archive a second copy.
    count = archived_count(demo_db)
    record_printed(demo_db, front_desk, again, how="print")
    assert archived_count(demo_db) == count


def test_the_reprint_does_not_depend_on_the_code_that_rendered_it(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    """Stored bytes are returned as they are: a later renderer is never consulted."""
    _person, did = with_did(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    # What a different ReportLab would have produced: other bytes, same document.
    printed = rendered.__class__(**{**rendered.__dict__, "pdf": rendered.pdf + b"\n% v2\n"})
    archived = record_printed(demo_db, front_desk, printed)
    assert reprint(demo_db, front_desk, archived.id) == printed.pdf != rendered.pdf


def test_bytes_tampered_in_the_database_are_refused(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    _person, did = with_did(demo_db)
    archived = record_printed(demo_db, front_desk, did_receipt(demo_db, front_desk, did.id))
    with demo_db.transaction() as session:
        row = session.get(PrintedDocument, archived.id)
        assert row is not None and row.pdf is not None
        session.execute(update(PrintedDocument).where(PrintedDocument.id == archived.id)
                        .values(pdf=row.pdf.replace(b"Rossi", b"Rosso") + b" "))
    with pytest.raises(DatabaseError) as info:
        reprint(demo_db, front_desk, archived.id)
    assert info.value.user_message.startswith(
        "La copia archiviata di questo documento non corrisponde all'impronta")


def test_an_agreement_archived_before_the_bytes_were_kept_is_rebuilt(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    printed = print_version(demo_db, counsellor, saved.id)
    archived = record_printed(demo_db, counsellor, printed)
    with demo_db.transaction() as session:  # what a row from before revision 0820 holds
        session.execute(update(PrintedDocument).where(PrintedDocument.id == archived.id)
                        .values(pdf=None))
    assert reprint(demo_db, counsellor, archived.id) == printed.pdf
    assert [d.id for d in person_documents(demo_db, counsellor, draft.person_id)] == [
        archived.id]


def test_an_old_agreement_whose_layout_changed_asks_to_print_again_not_for_it(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    """A row from before revision 0820 holds the hash of a PDF made by an older layout:
    the rebuild differs, which is expected and no sign of tampering."""
    saved = save_version(demo_db, counsellor, site, draft)
    archived = record_printed(demo_db, counsellor, print_version(demo_db, counsellor, saved.id))
    with demo_db.transaction() as session:
        session.execute(update(PrintedDocument).where(PrintedDocument.id == archived.id)
                        .values(pdf=None, sha256="0" * 64))
    with pytest.raises(NotFoundError) as refused:
        reprint(demo_db, counsellor, archived.id)
    assert "stamparlo di nuovo" in refused.value.user_message


def test_who_consulted_this_person_lists_prints_and_saves(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        front_desk: OperatorInfo, draft: AgreementDraft) -> None:
    person, did = with_did(demo_db)
    record_printed(demo_db, front_desk, did_receipt(demo_db, front_desk, did.id))
    record_printed(demo_db, front_desk, employment_certificate(demo_db, front_desk, person.id),
                   how="pdf")
    manager = get_operator(demo_db, "demo")
    lines = audit.person_history(demo_db, manager, person.fiscal_code)
    mine = [(line.operator_username, line.action, line.detail.split()[0]) for line in lines
            if line.operator_username == "g.bellini" and line.action.startswith("document.")]
    assert mine[:2] == [("g.bellini", "document.save", "certificate"),
                        ("g.bellini", "document.print", "receipt")]
    # The Patto too.
    saved = save_version(demo_db, counsellor, site, draft)
    record_printed(demo_db, counsellor, print_version(demo_db, counsellor, saved.id))
    from desktop.services.documents.agreements import search_people

    code = next(p.fiscal_code for p in search_people(demo_db, counsellor)
                if p.id == draft.person_id)
    actions = [(x.operator_username, x.action, x.detail.split()[0] if x.detail else "")
               for x in audit.person_history(demo_db, manager, code)]
    assert ("m.conti", "document.print", "agreement") in actions
    assert ("m.conti", "agreement.version", saved.number) in actions  # saving it, too
    assert audit.verify(demo_db).ok


def test_an_unknown_output_is_refused_and_nothing_archived(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    from desktop.errors import ValidationError

    _person, did = with_did(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    before = archived_count(demo_db)
    with pytest.raises(ValidationError) as info:
        record_printed(demo_db, front_desk, rendered, how="fax")  # type: ignore[arg-type]
    assert info.value.user_message == "Modo di produzione del documento sconosciuto."
    assert archived_count(demo_db) == before


def test_the_persons_data_export_carries_the_printed_pdf(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    """GDPR access: the copy of a printout given to the person is part of their data,
    exported as base64 (not a Python ``b'...'`` string)."""
    import base64
    import json

    from desktop.services.security.subject_requests import export_person

    person, did = with_did(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    archived = record_printed(demo_db, front_desk, rendered)
    exported = json.loads(export_person(demo_db, get_operator(demo_db, "demo"),
                                        person.fiscal_code).json_text)
    rows = [row for table, rows in exported.get("related", exported).items()
            if table == "printed_document" for row in rows]
    mine = next(row for row in rows if row["id"] == str(archived.id))
    assert base64.b64decode(mine["pdf"]) == rendered.pdf


def test_a_saved_pdf_appears_only_once_archived(
        demo_db: Database, counsellor: OperatorInfo, front_desk: OperatorInfo,
        tmp_path: Path) -> None:
    """A refused archive leaves no unaudited copy of personal data on the disk."""
    import dataclasses

    person, did = with_did(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "ricevuta.pdf"
    nobody = dataclasses.replace(front_desk, role="nessuno")
    with pytest.raises(PermissionDenied):
        save_printed(demo_db, nobody, rendered, target)
    assert list(folder.iterdir()) == []
    archived = save_printed(demo_db, front_desk, rendered, target)
    assert target.read_bytes() == rendered.pdf and list(folder.iterdir()) == [target]
    assert reprint(demo_db, front_desk, archived.id) == rendered.pdf
