"""The convocation: the e-mail text and the printed letter, read back with pypdf, say the
date, the place (the site's address), the purpose, what to bring and the consequences
of not coming (the Patto's art. 21 c.7 text); the letter is archived when printed."""

from __future__ import annotations

import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.documents.agreement import current_texts
from desktop.errors import ValidationError
from desktop.models.document_archive import PrintedDocument
from desktop.services import agenda
from desktop.services.agenda.convocation import convocation_text
from desktop.services.documents.archive import record_printed
from desktop.services.documents.convocation import render_convocation_document
from tests.agenda.conftest import MONDAY, NOW, Site, local


def _booked(site: Site, person: uuid.UUID) -> agenda.AppointmentInfo:
    return agenda.book(site.db, site.actor, agenda.BookingRequest(
        site.info.site_id, site.service("B").id, person, local(MONDAY, 10, 30), 45,
        purpose="Verifica del Patto di servizio", counter_id=site.counter(3).id,
        measure="Orientamento specialistico"), now=NOW)


def _flat(value: str) -> str:
    return " ".join(value.split())


def test_the_mail_text_says_when_where_why_what_to_bring_and_what_follows(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _booked(site, people[0][0])
    subject, body = convocation_text(site.db, site.actor, booked.id)
    assert subject == ("Convocazione al Centro per l'Impiego del 23/11/2026 alle 10:30 "
                       f"(prenotazione {booked.booking_code})")
    for words in ("Data: 23/11/2026", "Ora: 10:30 (durata prevista 45 minuti)",
                  "Via dei Servizi 1, 50129 Firenze (FI) – Sportello 3",
                  "Motivo: Verifica del Patto di servizio",
                  "Misura del Patto di servizio: Orientamento specialistico",
                  "documento di identità", "articolo 21, comma 7",
                  current_texts().conditionality[0][1], "AGNDAA80A01D612Z"):
        assert words in body, words


def test_the_letter_prints_the_same_and_is_archived_when_printed(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _booked(site, people[0][0])
    rendered = render_convocation_document(site.db, site.actor, booked.id)
    words = _flat("".join(page.extract_text() for page in PdfReader(
        io.BytesIO(rendered.pdf)).pages))
    for expected in ("Convocazione presso il Centro per l'Impiego", "23/11/2026",
                     "10:30", "Via dei Servizi 1", "Verifica del Patto di servizio",
                     "Porti con sé", "tessera sanitaria", booked.booking_code,
                     _flat(current_texts().conditionality[0][1])[:60]):
        assert expected in words, expected
    record_printed(site.db, site.actor, rendered)  # type: ignore[arg-type]
    with site.db.read() as session:
        row = session.scalars(select(PrintedDocument)).one()
    assert row.kind == "convocation" and row.person_id == people[0][0]


def test_a_cancelled_appointment_has_no_convocation(
        site: Site, people: list[tuple[uuid.UUID, str]]) -> None:
    booked = _booked(site, people[0][0])
    agenda.cancel(site.db, site.actor, booked.id)
    with pytest.raises(ValidationError) as caught:
        convocation_text(site.db, site.actor, booked.id)
    assert "annullato" in caught.value.user_message
