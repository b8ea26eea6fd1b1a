"""Patto di servizio: versions are append-only, printing refuses missing data, reprints
are identical, every printout is archived."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.documents.agreement import Measure, from_json, render_agreement, to_json
from desktop.documents.base import UnprintableCharacters, unprintable
from desktop.errors import PermissionDenied, ValidationError
from desktop.models.agreement import AgreementVersion
from desktop.services.accounts import OperatorInfo
from desktop.services.agreements import (
    AgreementDraft,
    check_draft,
    latest_for_fiscal_code,
    print_version,
    save_version,
    search_people,
    versions_for_person,
)
from desktop.services.archive import person_documents, record_printed, reprint
from desktop.services.centre import SiteInfo
from desktop.services.database import Database
from tests.documents.conftest import page_count, pdf_text


def test_the_printed_agreement_holds_person_measures_and_obligations(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    printed = print_version(demo_db, counsellor, saved.id)
    text = pdf_text(printed.pdf).replace("\n", " ")
    person = saved.data.person
    assert f"{person.surname} {person.name}" in text
    assert person.fiscal_code in text
    assert "Data della DID 18/11/2026" in text
    assert "15 giorni dalla DID (03/12/2026)" in text  # NASpI: 15 days
    assert "Percorso 2 – Aggiornamento (upskilling)" in text
    assert "Bilancio di competenze in tre incontri" in text
    assert "Agenzia formativa Toscana Lavoro S.r.l." in text
    assert "10/12/2026 09:30" in text
    assert "decadenza dalla prestazione" in text
    assert "Firma della persona" in text and "Marco Conti" in text
    assert "Luogo e data: Firenze, 25/11/2026" in text
    assert 2 <= page_count(printed.pdf) <= 4
    assert f"Documento {saved.number} · versione 1" in text


def test_two_copies_repeat_the_agreement(demo_db: Database, site: SiteInfo,
                                         counsellor: OperatorInfo, draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    one = print_version(demo_db, counsellor, saved.id).pdf
    two = print_version(demo_db, counsellor, saved.id, copies=2).pdf
    assert page_count(two) == 2 * page_count(one)
    text = pdf_text(two)
    assert "COPIA PER LA PERSONA" in text and "COPIA PER IL CENTRO PER L'IMPIEGO" in text


def test_a_correction_is_a_new_version_and_old_ones_reprint_identically(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    first = save_version(demo_db, counsellor, site, draft)
    first_pdf = print_version(demo_db, counsellor, first.id).pdf
    corrected = dataclasses.replace(
        draft, measures=(*draft.measures, Measure("Tirocinio extracurriculare",
                                                  "Tirocinio di sei mesi in magazzino",
                                                  "Logistica Toscana S.p.A.")),
        reason="aggiunto il tirocinio", signed_on=dt.date(2026, 12, 2))
    second = save_version(demo_db, counsellor, site, corrected)
    assert (second.version, second.replaces_id, second.number) == (2, first.id, first.number)
    text = pdf_text(print_version(demo_db, counsellor, second.id).pdf).replace("\n", " ")
    assert "Versione 2 del 02/12/2026 — sostituisce la versione 1 del 25/11/2026" in text
    assert "Tirocinio di sei mesi in magazzino" in text
    # Version 1 is untouched and prints the same bytes as the first time.
    assert print_version(demo_db, counsellor, first.id).pdf == first_pdf
    versions = versions_for_person(demo_db, counsellor, draft.person_id)
    assert [v.version for v in versions] == [2, 1]
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(AgreementVersion).where(
            AgreementVersion.agreement_id == first.agreement_id)) == 2


def test_snapshot_round_trips_and_two_builds_are_byte_identical(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    data = save_version(demo_db, counsellor, site, draft).data
    assert from_json(to_json(data)) == data
    assert render_agreement(data) == render_agreement(from_json(to_json(data)))


def test_missing_did_and_measures_are_refused_in_italian(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    empty = dataclasses.replace(draft, did_date=None, measures=())
    problems = check_draft(empty)
    assert problems == ["la data della Dichiarazione di Immediata Disponibilità (DID)",
                        "almeno una misura concordata"]
    with pytest.raises(ValidationError) as info:
        save_version(demo_db, counsellor, site, empty)
    assert info.value.user_message.startswith("Il Patto di servizio non può essere salvato")
    assert "almeno una misura concordata" in info.value.user_message
    assert versions_for_person(demo_db, counsellor, draft.person_id) == []


def test_printing_a_person_without_agreement_says_what_is_missing(
        demo_db: Database, counsellor: OperatorInfo, draft: AgreementDraft) -> None:
    person = next(p for p in search_people(demo_db, counsellor) if p.id == draft.person_id)
    with pytest.raises(ValidationError) as info:
        latest_for_fiscal_code(demo_db, counsellor, person.fiscal_code)
    assert "non ha ancora un Patto di servizio" in info.value.user_message
    assert "DID" in info.value.user_message


def test_front_desk_may_print_but_not_write(demo_db: Database, site: SiteInfo,
                                            counsellor: OperatorInfo, front_desk: OperatorInfo,
                                            draft: AgreementDraft) -> None:
    with pytest.raises(PermissionDenied):
        save_version(demo_db, front_desk, site, draft)
    saved = save_version(demo_db, counsellor, site, draft)
    assert print_version(demo_db, front_desk, saved.id).pdf.startswith(b"%PDF")


def test_printouts_are_archived_and_reprinted_from_the_persons_page(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    printed = print_version(demo_db, counsellor, saved.id, copies=2)
    assert person_documents(demo_db, counsellor, draft.person_id) == []  # not printed yet
    record_printed(demo_db, counsellor, printed, how="print")
    documents = person_documents(demo_db, counsellor, draft.person_id)
    assert len(documents) == 1
    archived = documents[0]
    assert (archived.kind, archived.number, archived.version) == ("agreement", saved.number, 1)
    assert archived.operator_username == "m.conti"
    assert archived.pages == page_count(printed.pdf)
    assert reprint(demo_db, counsellor, archived.id) == printed.pdf


def test_long_names_and_descriptions_wrap_inside_the_page(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    long_description = " ".join(f"attività{n} di accompagnamento personalizzato" for n in range(60))
    data = save_version(demo_db, counsellor, site, dataclasses.replace(draft, measures=(
        Measure("Accompagnamento al lavoro", long_description, "Consorzio " + "Lungo " * 30),
    ))).data
    data = dataclasses.replace(data, person=dataclasses.replace(
        data.person, surname="Dell'Acqua-Bianchi De Santis Della Gherardesca " * 3))
    text = " ".join(pdf_text(render_agreement(data)).split())
    assert "attività0 di" in text and "attività59 di accompagnamento" in text
    assert text.count("Gherardesca") >= 3


def test_characters_the_font_lacks_are_reported_not_dropped(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    data = save_version(demo_db, counsellor, site, draft).data
    assert unprintable("Ñandú Łódź Ærøskøbing €") == []
    strange = dataclasses.replace(data, person=dataclasses.replace(data.person, name="李 𝔄"))
    with pytest.raises(UnprintableCharacters) as info:
        render_agreement(strange)
    assert info.value.characters == ("李", "𝔄")
    assert "U+674E" in info.value.user_message
    assert "Il documento non può essere stampato" in info.value.user_message


def test_each_version_is_queued_for_the_region(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    from sqlalchemy import select

    from desktop.models.sync import OutboxEntry

    first = save_version(demo_db, counsellor, site, draft)
    second = save_version(demo_db, counsellor, site, dataclasses.replace(
        draft, reason="corretto il recapito"))
    with demo_db.read() as session:
        entries = {e.entity_id: e for e in session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "agreement", OutboxEntry.status == "pending"))}
    assert {first.id, second.id} <= set(entries)
    fields = entries[second.id].payload["fields"]
    assert entries[second.id].op == "create"
    assert (fields["number"], fields["version"], fields["replaces_id"]) == (
        first.number, 2, str(first.id))
    assert fields["person_id"] == str(draft.person_id)
    assert "corretto il recapito" in fields["snapshot"] and len(fields["snapshot_sha256"]) == 64
