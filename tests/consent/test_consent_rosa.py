"""Consent per vacancy and the named rosa: contacts only with consent, never a codice
fiscale, and a withdrawal after the rosa was saved told at the counter."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.models.consent import CandidateConsent
from desktop.models.document_archive import PrintedDocument
from desktop.services import matching
from desktop.services.documents.printing import print_shortlist
from desktop.services.matching import consent
from tests.consent.conftest import open_vacancy, operator

#: The shape of a person's codice fiscale (omocodes included).
CF = re.compile(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]")


def _pdf_text(pdf: bytes) -> str:
    """The text of every page, lines joined (a long e-mail wraps in its cell)."""
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _flat(text: str) -> str:
    return "".join(text.split())


def _rosa_of_three(db: Database):  # type: ignore[no-untyped-def]
    counsellor = operator(db, "m.conti")
    vacancy = open_vacancy(db)
    ranked = [r for r in matching.candidates_for_vacancy(db, counsellor, vacancy.id).rows
              if not r.proposal][:3]
    matching.propose(db, counsellor, vacancy.id, [(r.person_id, r.score) for r in ranked])
    return counsellor, vacancy, ranked


def _contacts(db: Database, person_id: object) -> tuple[str, str]:
    with db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.mobile or person.phone, person.email


def test_rosa_carries_contacts_only_for_who_consented_and_no_codice_fiscale(
        demo_db: Database) -> None:
    counsellor, vacancy, ranked = _rosa_of_three(demo_db)
    yes, no = ranked[0], ranked[1]
    given = consent.give_consent(demo_db, counsellor, yes.person_id, vacancy.id, "telefono")
    assert given.in_force and given.channel == "telefono" and given.operator == "m.conti"

    printed = print_shortlist(demo_db, counsellor, "", vacancy.id, False, dt.date.today())
    text = _pdf_text(printed.pdf)
    phone, email = _contacts(demo_db, yes.person_id)
    assert phone and phone in _flat(text) and email in _flat(text)
    other_phone, other_email = _contacts(demo_db, no.person_id)
    assert other_phone not in _flat(text) and other_email not in _flat(text)
    assert no.title in text and "nessun consenso" in text
    assert CF.search(_flat(text)) is None
    assert all(r.detail not in text for r in ranked)
    # the archive remembers whose contacts this copy carries
    assert printed.archived.params["contacts"] == [str(yes.person_id)]
    with demo_db.read() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert "consent.give" in actions


def test_withdrawal_after_the_rosa_was_saved_is_told_and_the_next_printout_omits(
        demo_db: Database) -> None:
    counsellor, vacancy, ranked = _rosa_of_three(demo_db)
    person = ranked[0]
    consent.give_consent(demo_db, counsellor, person.person_id, vacancy.id)
    first = print_shortlist(demo_db, counsellor, "", vacancy.id, False, dt.date.today())
    phone, _email = _contacts(demo_db, person.person_id)
    assert phone in _flat(_pdf_text(first.pdf))

    withdrawal = consent.withdraw_consent(demo_db, counsellor, person.person_id, vacancy.id)
    assert not withdrawal.consent.in_force
    # one Italian sentence for the counter
    assert withdrawal.notice.startswith("Consenso revocato") and vacancy.number in \
        withdrawal.notice and withdrawal.notice.count(".") == 1
    second = print_shortlist(demo_db, counsellor, "", vacancy.id, False, dt.date.today())
    text = _pdf_text(second.pdf)
    assert phone not in _flat(text) and "consenso revocato" in text
    assert second.archived.params["contacts"] == []
    # the copy already saved is not rewritten
    with demo_db.read() as session:
        stored = session.get(PrintedDocument, first.archived.id)
        assert stored is not None and json.loads(stored.params)["contacts"] == [
            str(person.person_id)]
    # withdrawing again: one sentence, nothing changes
    with demo_db.read() as session:
        before = session.scalars(select(CandidateConsent.withdrawn_at)).all()
    with pytest.raises(ValidationError) as caught:
        consent.withdraw_consent(demo_db, counsellor, person.person_id, vacancy.id)
    assert "Non c'è un consenso" in caught.value.user_message
    with demo_db.read() as session:
        assert session.scalars(select(CandidateConsent.withdrawn_at)).all() == before


def test_withdrawal_without_a_saved_rosa_has_no_notice(demo_db: Database) -> None:
    counsellor, vacancy, ranked = _rosa_of_three(demo_db)
    consent.give_consent(demo_db, counsellor, ranked[0].person_id, vacancy.id)
    withdrawal = consent.withdraw_consent(demo_db, counsellor, ranked[0].person_id,
                                          vacancy.id)
    assert withdrawal.notice == ""
    again = consent.give_consent(demo_db, counsellor, ranked[0].person_id, vacancy.id)
    assert again.in_force  # given again after a withdrawal


def test_bad_channel_and_front_desk_role_change_nothing(demo_db: Database) -> None:
    counsellor, vacancy, ranked = _rosa_of_three(demo_db)
    with pytest.raises(ValidationError) as caught:
        consent.give_consent(demo_db, counsellor, ranked[0].person_id, vacancy.id, "piccione")
    assert "consenso" in caught.value.user_message
    with pytest.raises(PermissionDenied):
        consent.give_consent(demo_db, operator(demo_db, "g.bellini"), ranked[0].person_id,
                             vacancy.id)
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(CandidateConsent)) == 0
