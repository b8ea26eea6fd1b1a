"""The printouts of the current person: DID receipt, certificate of stato
occupazionale, privacy notice; read back from real PDFs."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from desktop.documents.certificate import unemployment_length
from desktop.documents.privacy import privacy_notice_version
from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.registration import Did
from desktop.services.documents.person_printouts import (
    did_receipt,
    employment_certificate,
    privacy_notice,
)
from desktop.services.people.did import active_did
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from desktop.services.security.accounts import OperatorInfo
from tests.documents.conftest import page_count, pdf_text


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def with_did(db: Database) -> tuple[Person, Did]:
    with db.read() as session:
        for person in session.scalars(select(Person).order_by(Person.surname)):
            did = active_did(session, person.id)
            if did is not None:
                return person, did
    raise AssertionError("the demo has no DID")


def without_did(db: Database) -> Person:
    with db.read() as session:
        for person in session.scalars(select(Person).order_by(Person.surname)):
            if active_did(session, person.id) is None:
                return person
    raise AssertionError("everyone in the demo has a DID")


def test_did_receipt_holds_the_did_row(demo_db: Database, front_desk: OperatorInfo) -> None:
    person, did = with_did(demo_db)
    rendered = did_receipt(demo_db, front_desk, did.id)
    text = flat(rendered.pdf)
    assert f"{person.surname} {person.name}" in text and person.fiscal_code in text
    assert f"Data della DID {did.did_date:%d/%m/%Y}" in text
    assert f"Classe di profilazione {did.profiling_class}" in text
    assert "Percorso GOL Percorso " in text
    assert f"Patto di servizio da stipulare entro {did.patto_deadline:%d/%m/%Y}" in text
    assert f"Entro il {did.patto_deadline:%d/%m/%Y}" in text
    assert rendered.number in text and "pagina 1 di 1" in text
    assert (rendered.kind, rendered.person_id) == ("receipt", person.id)
    # Rendering twice gives the same bytes (what a reprint is checked against).
    assert did_receipt(demo_db, front_desk, did.id).pdf == rendered.pdf


def test_certificate_states_since_when_and_how_long(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    person, did = with_did(demo_db)
    issued = did.did_date + dt.timedelta(days=400)
    rendered = employment_certificate(demo_db, front_desk, person.id, issued=issued)
    text = flat(rendered.pdf)
    assert "Certificato di stato occupazionale" in text
    assert f"{person.surname} {person.name}" in text and person.fiscal_code in text
    assert f"in stato di disoccupazione dal {did.did_date:%d/%m/%Y}" in text
    assert f"da {unemployment_length(did.did_date, issued)}" in text
    assert f"Data della DID {did.did_date:%d/%m/%Y}" in text
    assert "articolo 40 del D.P.R. 28 dicembre 2000, n. 445" in text
    assert rendered.number in text and "pagina 1 di 1" in text
    assert page_count(rendered.pdf) == 1


def test_unemployment_length_in_words() -> None:
    assert unemployment_length(dt.date(2025, 1, 31), dt.date(2026, 3, 5)) == \
        "1 anno, 1 mese e 5 giorni"
    assert unemployment_length(dt.date(2026, 1, 10), dt.date(2026, 1, 10)) == "0 giorni"
    assert unemployment_length(dt.date(2026, 1, 10), dt.date(2026, 3, 10)) == "2 mesi"
    assert unemployment_length(dt.date(2024, 2, 29), dt.date(2026, 2, 28)) == "2 anni"


def test_certificate_is_refused_without_an_active_did(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    person = without_did(demo_db)
    with pytest.raises(ValidationError) as info:
        employment_certificate(demo_db, front_desk, person.id)
    message = info.value.user_message
    assert message.startswith(f"{person.surname} {person.name} non ha una Dichiarazione")
    assert "non può essere rilasciato" in message


def test_privacy_notice_in_both_languages_with_the_recorded_version(
        demo_db: Database, front_desk: OperatorInfo) -> None:
    person = without_did(demo_db)
    version = privacy_notice_version()
    italian = flat(privacy_notice(demo_db, front_desk, person.id).pdf)
    assert "Informativa sul trattamento dei dati personali" in italian
    assert "articolo 13 del Regolamento (UE) 2016/679" in italian
    assert "Titolare del trattamento" in italian and "Garante per la protezione" in italian
    assert f"Versione dell'informativa {version}" in italian
    assert person.fiscal_code in italian and "Firma dell'interessato" in italian
    english = privacy_notice(demo_db, front_desk, person.id, lang="en")
    text = flat(english.pdf)
    assert "Information on the processing of personal data" in text
    assert f"Notice version {version}" in text and "page 1 of" in text
    assert english.params["notice_version"] == version


def test_registration_records_the_notice_version(demo_db: Database,
                                                 front_desk: OperatorInfo) -> None:
    person = register_person(demo_db, front_desk, PersonForm(
        fiscal_code="RSSMRA85T10A562S", surname="Rossi", name="Mario", sex="M",
        birth_date=dt.date(1985, 12, 10), birthplace_code="A562", residence_code="D612",
        residence_address="Via dei Servi", residence_number="12", residence_postcode="50122",
        mobile="3331234567", privacy_acknowledged=True))
    assert person.privacy_version == privacy_notice_version()


def test_unknown_did_is_a_sentence(demo_db: Database, front_desk: OperatorInfo) -> None:
    from desktop.errors import NotFoundError

    with pytest.raises(NotFoundError) as info:
        did_receipt(demo_db, front_desk, uuid.uuid4())
    assert "DID" in info.value.user_message
