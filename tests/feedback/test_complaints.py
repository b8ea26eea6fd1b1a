"""Complaints: recorded with the Carta's deadline, answered, listed when open or overdue,
printed (acknowledgement and answer, archived); bad dates refused in one sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services.charter.letters import complaint_letter
from desktop.services.documents.archive import record_printed
from desktop.services.feedback import complaints
from desktop.services.feedback.complaints import ComplaintForm
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo, get_operator
from tests.charter.conftest import flat_text

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def clerk(demo_db: Database) -> OperatorInfo:
    return get_operator(demo_db, "g.bellini")


@pytest.fixture
def code(demo_db: Database) -> str:
    return site_info(demo_db).site_code


def test_a_complaint_gets_a_number_and_the_carta_deadline(
        demo_db: Database, clerk: OperatorInfo, code: str) -> None:
    info = complaints.record_complaint(demo_db, clerk, code, ComplaintForm(
        "counter", dt.date(2026, 11, 18), "Attesa di due ore", service_prefix="A",
        complainant="Maria Rossi", contact="maria@example.invalid"), today=TODAY)
    assert info.number.startswith("R2026-")
    assert info.deadline == dt.date(2026, 12, 18)
    assert info.service_name == "Accoglienza e DID"
    assert info.id in {c.id for c in complaints.complaints(demo_db, clerk, code, "open", TODAY)}
    assert info.id not in {c.id for c in complaints.complaints(demo_db, clerk, code, "overdue",
                                                                TODAY)}
    assert complaints.complaints(demo_db, clerk, code, "overdue", dt.date(2026, 12, 19))[-1].id \
        == info.id


def test_an_anonymous_letter_names_nobody(demo_db: Database, clerk: OperatorInfo,
                                          code: str) -> None:
    info = complaints.record_complaint(demo_db, clerk, code, ComplaintForm(
        "letter", dt.date(2026, 11, 2), "Sala d'attesa fredda"), today=TODAY)
    assert (info.complainant, info.contact) == ("", "")
    text = flat_text(complaint_letter(demo_db, clerk, info.id, "acknowledgement", TODAY).pdf)
    assert "persona che non ha indicato il nome" in text


def test_an_answer_before_the_complaint_was_received_is_refused(
        demo_db: Database, clerk: OperatorInfo, code: str) -> None:
    info = complaints.record_complaint(demo_db, clerk, code, ComplaintForm(
        "email", dt.date(2026, 11, 10), "Nessuna risposta"), today=TODAY)
    with pytest.raises(ValidationError) as error:
        complaints.answer_complaint(demo_db, clerk, info.id, "Ci scusiamo.",
                                    dt.date(2026, 11, 9), today=TODAY)
    assert error.value.user_message == (
        "La risposta non può precedere il ricevimento del reclamo (10/11/2026): "
        "controlla le date.")
    assert error.value.fields == {"answered_on": "Prima del reclamo"}
    assert complaints.complaint(demo_db, clerk, info.id).answered_on is None  # nothing saved


@pytest.mark.parametrize(("form", "sentence"), [
    (ComplaintForm("counter", dt.date(2026, 11, 21), "Domani"),
     "La data di ricevimento non può essere nel futuro."),
    (ComplaintForm("counter", dt.date(2026, 11, 19), "  "), "Scrivi l'oggetto del reclamo."),
    (ComplaintForm("fax", dt.date(2026, 11, 19), "Fax"), "Scegli come è arrivato il reclamo."),
])
def test_bad_complaints_are_refused_and_not_saved(
        demo_db: Database, clerk: OperatorInfo, code: str, form: ComplaintForm,
        sentence: str) -> None:
    before = complaints.complaints(demo_db, clerk, code, "all", TODAY)
    with pytest.raises(ValidationError) as error:
        complaints.record_complaint(demo_db, clerk, code, form, today=TODAY)
    assert error.value.user_message == sentence
    assert complaints.complaints(demo_db, clerk, code, "all", TODAY) == before


def test_the_answer_is_printed_and_archived(demo_db: Database, clerk: OperatorInfo,
                                            code: str) -> None:
    info = complaints.record_complaint(demo_db, clerk, code, ComplaintForm(
        "pec", dt.date(2026, 11, 3), "Offerta pubblicata in ritardo", service_prefix="E",
        complainant="Edilizia Rossi S.r.l.", contact="edilrossi@pec.invalid"), today=TODAY)
    with pytest.raises(ValidationError):
        complaint_letter(demo_db, clerk, info.id, "answer", TODAY)
    complaints.answer_complaint(demo_db, clerk, info.id,
                                "L'offerta è stata pubblicata il 5 novembre.\nCi scusiamo.",
                                dt.date(2026, 11, 19), today=TODAY)
    answer = complaint_letter(demo_db, clerk, info.id, "answer", TODAY)
    text = flat_text(answer.pdf)
    assert "Risposta a un reclamo" in text and "Ci scusiamo." in text
    assert "Edilizia Rossi S.r.l." in text and info.number in text
    archived = record_printed(demo_db, clerk, answer, how="pdf")
    assert archived.number == f"{info.number}-RISP"
    ack = flat_text(complaint_letter(demo_db, clerk, info.id, "acknowledgement", TODAY).pdf)
    assert "entro il 03/12/2026, nei 30 giorni promessi dalla Carta dei servizi" in ack
    assert clock.today() is not None
