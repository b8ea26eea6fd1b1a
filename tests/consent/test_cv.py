"""The CV printout: Europass-like sections from the curriculum, Italian and English,
archived, never a codice fiscale, and to a firm only with the consent for the vacancy."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.document_archive import PrintedDocument
from desktop.models.registration import CurriculumProfile, DesiredOccupation, WorkExperience
from desktop.services.documents.cv_printout import cv_document, print_cv
from desktop.services.matching import consent
from desktop.services.matching.consent import ConsentMissing
from tests.consent.conftest import open_vacancy, operator, person_with_cv


def _text(pdf: bytes) -> str:
    return " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _no_curriculum(db: Database) -> Person:
    with db.read() as session:
        with_cv = set(session.scalars(select(CurriculumProfile.person_id))) | set(
            session.scalars(select(DesiredOccupation.person_id))) | set(
            session.scalars(select(WorkExperience.person_id)))
        return next(p for p in session.scalars(select(Person)) if p.id not in with_cv)


def test_cv_in_italian_and_english_has_every_section_and_no_codice_fiscale(
        demo_db: Database) -> None:
    counsellor = operator(demo_db, "m.conti")
    person_id, person = person_with_cv(demo_db)
    italian = print_cv(demo_db, counsellor, person_id, "it")
    text = _text(italian.pdf)
    for heading in ("Informazioni personali", "Occupazioni desiderate", "Esperienza lavorativa",
                    "Istruzione e formazione", "Competenze linguistiche", "Competenze digitali",
                    "Patente di guida"):
        assert heading in text, heading
    assert f"{person.name} {person.surname}" in text
    assert "Magazzini Arno S.r.l." in text and "03/2019 – 06/2023" in text
    assert "Diploma di scuola superiore" in text and "livello B2 (QCER)" in text
    assert "excel" in text and "muletto" in text and "automunito" in text
    assert person.fiscal_code not in text.replace(" ", "")
    assert italian.archived.kind == "cv" and italian.archived.person_id == person_id

    english = print_cv(demo_db, counsellor, person_id, "en")
    text = _text(english.pdf)
    for heading in ("Personal information", "Desired occupations", "Work experience",
                    "Education and training", "Language skills", "Digital skills",
                    "Driving licence"):
        assert heading in text, heading
    assert "Upper secondary school diploma" in text and "English level B2 (CEFR)" in text
    assert english.archived.params["lang"] == "en"


def test_a_cv_without_curriculum_says_what_is_missing(demo_db: Database) -> None:
    counsellor = operator(demo_db, "m.conti")
    person = _no_curriculum(demo_db)
    with demo_db.read() as session:
        before = session.scalar(select(func.count()).select_from(PrintedDocument))
    with pytest.raises(ValidationError) as caught:
        print_cv(demo_db, counsellor, person.id, "it")
    assert caught.value.user_message == (
        f"{person.surname} {person.name} non ha un curriculum da stampare: mancano il titolo "
        "di studio, un'occupazione desiderata, le esperienze di lavoro. Registrarli prima in "
        "Accoglienza, Curriculum (Ctrl+U).")
    with pytest.raises(ValidationError) as caught:
        cv_document(demo_db, counsellor, person.id, "de")
    assert caught.value.user_message == "Scegliere italiano o inglese per il CV."
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(PrintedDocument)) == before


def test_a_cv_goes_to_a_firm_only_with_the_consent_for_that_vacancy(demo_db: Database) -> None:
    counsellor = operator(demo_db, "m.conti")
    person_id, _person = person_with_cv(demo_db)
    vacancy = open_vacancy(demo_db)
    with pytest.raises(ConsentMissing) as caught:
        print_cv(demo_db, counsellor, person_id, "it", vacancy_id=vacancy.id)
    assert "non ha dato il consenso" in caught.value.user_message
    consent.give_consent(demo_db, counsellor, person_id, vacancy.id)
    sent = print_cv(demo_db, counsellor, person_id, "it", vacancy_id=vacancy.id)
    text = _text(sent.pdf)
    assert f"per l'offerta {vacancy.number} con il consenso del candidato" in text
    assert sent.archived.params["vacancy"] == vacancy.number
    consent.withdraw_consent(demo_db, counsellor, person_id, vacancy.id)
    with pytest.raises(ConsentMissing) as caught:
        cv_document(demo_db, counsellor, person_id, "en", vacancy_id=vacancy.id)
    assert "revocato il consenso" in caught.value.user_message
