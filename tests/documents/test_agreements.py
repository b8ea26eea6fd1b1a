"""Patto di servizio: versions are append-only, printing refuses missing data, reprints
are identical, every printout is archived."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.documents.agreement import (
    Measure,
    SearchAct,
    from_json,
    gol_path_label,
    render_agreement,
    to_json,
)
from desktop.documents.base import UnprintableCharacters, unprintable
from desktop.documents.receipts import (
    CentreHeader,
    RegistrationReceipt,
    render_registration_receipt,
)
from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.services.documents.agreement_people import signers
from desktop.services.documents.agreements import (
    AgreementDraft,
    check_draft,
    latest_for_fiscal_code,
    print_version,
    save_version,
    search_people,
    versions_for_person,
)
from desktop.services.documents.archive import person_documents, record_printed, reprint
from desktop.services.people import profiling
from desktop.services.people.did import DidForm, DidRecord, active_did, declare_did, end_did
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import SiteInfo
from tests.documents.conftest import page_count, pdf_text, person_without_did


def test_the_printed_agreement_holds_person_measures_and_obligations(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo, did: DidRecord,
        draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    printed = print_version(demo_db, counsellor, saved.id)
    text = pdf_text(printed.pdf).replace("\n", " ")
    person = saved.data.person
    assert f"{person.surname} {person.name}" in text
    assert person.fiscal_code in text
    assert "Data della DID 18/11/2026" in text
    assert "15 giorni dalla DID (03/12/2026)" in text  # NASpI: 15 days
    assert f"Classe di profilazione {did.profiling_class}" in text
    assert gol_path_label(did.gol_path) in text
    assert "Bilancio di competenze in tre incontri" in text
    assert "Agenzia formativa Toscana Lavoro S.r.l." in text
    assert "10/12/2026 09:30" in text
    assert "decadenza dalla prestazione" in text
    assert "Firma della persona" in text
    assert "Luogo e data: Firenze, 25/11/2026" in text
    assert 2 <= page_count(printed.pdf) <= 4
    assert f"Documento {saved.number} · versione 1" in text


def test_the_responsible_operator_is_the_one_chosen_not_who_saved(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)  # saved by m.conti
    text = pdf_text(print_version(demo_db, counsellor, saved.id).pdf).replace("\n", " ")
    assert "Operatore di riferimento Luca Marchi" in text
    assert (saved.data.operator_username, saved.operator_username) == ("l.marchi", "m.conti")
    with demo_db.read() as session:
        row = session.get(AgreementVersion, saved.id)
        assert row is not None and row.responsible_username == "l.marchi"
    assert [s.username for s in signers(demo_db, counsellor)] == [
        "l.marchi", "m.conti", "demo", "s.ferri"]  # by full name; g.bellini may not sign


@pytest.mark.parametrize(("responsible", "expected"), [
    ("", "l'operatore responsabile"),
    ("g.bellini", "g.bellini non può firmare un Patto di servizio"),
    ("nessuno", "nessuno non può firmare un Patto di servizio"),
])
def test_a_responsible_operator_not_allowed_to_sign_is_refused(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo, draft: AgreementDraft,
        responsible: str, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        save_version(demo_db, counsellor, site, dataclasses.replace(
            draft, responsible=responsible))
    assert expected in info.value.user_message
    assert versions_for_person(demo_db, counsellor, draft.person_id) == []


def test_residence_domicile_and_the_art_20_search_terms_are_printed(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    with demo_db.transaction() as session:
        person = session.get(Person, draft.person_id)
        assert person is not None
        person.residence_address, person.residence_number = "Via dei Serragli", "12"
        person.residence_postcode, person.residence_town = "50124", "Firenze"
        person.residence_province = "FI"
        person.domicile_same = False
        person.domicile_address, person.domicile_number = "Via Roma", "3"
        person.domicile_postcode, person.domicile_town = "50053", "Empoli"
        person.domicile_province = "FI"
    saved = save_version(demo_db, counsellor, site, draft)
    text = " ".join(pdf_text(print_version(demo_db, counsellor, saved.id).pdf).split())
    assert "Residenza Via dei Serragli 12, 50124 Firenze (FI)" in text
    assert "Domicilio Via Roma 3, 50053 Empoli (FI)" in text
    assert "art. 20, comma 2, D.Lgs. 150/2015" in text
    assert "Inviare candidature ad aziende della logistica almeno 4 al mese" in text
    assert "Iscriversi a due agenzie per il lavoro entro il 15/12/2026" in text
    assert "Presentazione al Centro per l'Impiego Ogni 30 giorni presso lo sportello 3" in text
    assert "Prova della ricerca attiva Elenco delle candidature con data" in text
    assert saved.data.reporting == "Ogni 30 giorni presso lo sportello 3"
    assert from_json(to_json(saved.data)).search_acts == draft.search_acts


@pytest.mark.parametrize(("change", "expected"), [
    ({"search_acts": ()}, "almeno un atto di ricerca attiva con i relativi tempi"),
    ({"search_acts": (SearchAct("Candidature", " "),)},
     "cosa e entro quando (o con quale frequenza) per l'atto di ricerca 1"),
    ({"reporting": " "}, "ogni quanto la persona si presenta al Centro"),
    ({"search_proof": ""}, "come si prova la ricerca attiva"),
])
def test_missing_search_terms_are_refused_in_italian(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo, draft: AgreementDraft,
        change: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        save_version(demo_db, counsellor, site, dataclasses.replace(draft, **change))
    assert info.value.user_message.startswith("Il Patto di servizio non può essere salvato")
    assert expected in info.value.user_message
    assert versions_for_person(demo_db, counsellor, draft.person_id) == []


def test_two_copies_are_labelled_and_number_their_own_pages(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo, draft: AgreementDraft) -> None:
    saved = save_version(demo_db, counsellor, site, draft)
    one = print_version(demo_db, counsellor, saved.id).pdf
    two = print_version(demo_db, counsellor, saved.id, copies=2).pdf
    n = page_count(one)
    assert page_count(two) == 2 * n
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(two)).pages]
    expected = [f"pagina {k} di {n}" for k in range(1, n + 1)] * 2
    assert [next(line for line in p.splitlines() if line.startswith("pagina"))
            for p in pages] == expected
    assert "COPIA PER LA PERSONA" in pages[0]
    assert "COPIA PER IL CENTRO PER L'IMPIEGO" in pages[n]
    assert "COPIA PER" not in "".join(pages[1:n])
    for copy in (pages[:n], pages[n:]):  # both copies carry the DID as the record has it
        assert "Data della DID 18/11/2026" in " ".join(" ".join(copy).split())


def test_the_did_data_come_from_the_active_did_not_from_the_form(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo, did: DidRecord,
        draft: AgreementDraft) -> None:
    first = save_version(demo_db, counsellor, site, draft)
    assert (first.data.did_date, first.data.naspi, first.data.profiling_class,
            first.data.patto_deadline) == (did.did_date, True, did.profiling_class,
                                           did.patto_deadline)
    # The DID is revoked and declared again in Accoglienza (no NASpI now): the next
    # version follows.
    end_did(demo_db, counsellor, did.id, "revoca", dt.date(2026, 11, 29), "nuova dichiarazione")
    again = declare_did(demo_db, counsellor, did.person_id, DidForm(
        did_date=dt.date(2026, 11, 30), education="laurea",
        employment_condition="inoccupato", months_unemployed=1, naspi=False))
    second = save_version(demo_db, counsellor, site, dataclasses.replace(
        draft, reason="nuova DID"))
    assert (second.data.did_date, second.data.naspi, second.data.profiling_class,
            second.data.gol_path) == (dt.date(2026, 11, 30), False, again.profiling_class,
                                      gol_path_label(again.gol_path))
    text = pdf_text(print_version(demo_db, counsellor, second.id).pdf).replace("\n", " ")
    assert "30 giorni dalla DID (30/12/2026)" in text
    assert not hasattr(draft, "did_date")  # the form sends no DID data at all


def test_the_deadline_printed_is_the_configured_one_the_did_computed(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rules = {**profiling.unemployment_rules(), "patto_days_naspi": 10}
    monkeypatch.setattr(profiling, "unemployment_rules", lambda: rules)
    record = declare_did(demo_db, counsellor, person_without_did(demo_db, counsellor),
                         DidForm(did_date=dt.date(2026, 11, 18), education="diploma",
                                 employment_condition="disoccupato", naspi=True))
    assert record.patto_deadline == dt.date(2026, 11, 28)
    draft = AgreementDraft(
        person_id=record.person_id, responsible="m.conti", signed_on=dt.date(2026, 11, 20),
        measures=(Measure("Orientamento di base", "Colloquio", "CPI Firenze"),),
        search_acts=(SearchAct("Candidature", "ogni settimana"),), reporting="ogni mese",
        search_proof="elenco delle candidature")
    saved = save_version(demo_db, counsellor, site, draft)
    text = pdf_text(print_version(demo_db, counsellor, saved.id).pdf).replace("\n", " ")
    assert "10 giorni dalla DID (28/11/2026)" in text
    # The DID receipt given the DID's deadline prints the same date and days.
    receipt = RegistrationReceipt(
        "RR-1", CentreHeader(site.centre_name, site.site_name), "RSSMRA80A01D612Y", "Rossi",
        "Mario", dt.date(1980, 1, 1), "Firenze (FI)", record.did_date, record.did_date,
        True, "Marco Conti", patto_deadline=record.patto_deadline)
    receipt_text = pdf_text(render_registration_receipt(receipt)).replace("\n", " ")
    assert "Entro il 28/11/2026 (10 giorni dalla DID)" in receipt_text


def test_an_agreement_without_an_active_did_is_refused_and_nothing_saved(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    nobody = person_without_did(demo_db, counsellor)
    with pytest.raises(ValidationError) as info:
        save_version(demo_db, counsellor, site, dataclasses.replace(draft, person_id=nobody))
    assert "non ha una Dichiarazione di Immediata Disponibilità (DID) in vigore" in \
        info.value.user_message
    assert "Accoglienza" in info.value.user_message
    assert versions_for_person(demo_db, counsellor, nobody) == []
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Agreement).where(
            Agreement.person_id == nobody)) == 0


def test_every_demo_agreement_agrees_with_the_persons_own_did(demo_db: Database) -> None:
    with demo_db.read() as session:
        rows = session.execute(select(AgreementVersion, Agreement).join(
            Agreement, Agreement.id == AgreementVersion.agreement_id)).all()
        assert len(rows) >= 12
        for version, agreement in rows:
            data = from_json(version.snapshot)
            own = active_did(session, agreement.person_id)
            assert own is not None
            assert (data.did_date, data.profiling_class, data.gol_path, data.naspi,
                    data.patto_deadline) == (own.did_date, own.profiling_class,
                                             gol_path_label(own.gol_path), own.naspi,
                                             own.patto_deadline)
            assert data.search_acts and data.reporting and data.search_proof
            assert data.operator_username == version.responsible_username != ""


def test_search_finds_rossi_not_grossi(demo_db: Database, counsellor: OperatorInfo) -> None:
    with demo_db.transaction() as session:
        people = list(session.scalars(select(Person).order_by(Person.fiscal_code).limit(3)))
        people[0].surname, people[0].name = "Grossi", "Alberto"
        people[1].surname, people[1].name = "Rossi", "Zeno"
        people[2].surname, people[2].name = "Rossini", "Anna"
        rossi_id = people[1].id
    found = search_people(demo_db, counsellor, "rossi")
    assert "Grossi" not in [p.surname for p in found]
    assert found[0].id == rossi_id and found[0].exact
    assert [p.exact for p in found if p.surname == "Rossini"] == [False]
    assert [p.surname for p in search_people(demo_db, counsellor, "grossi")] == ["Grossi"]


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


def test_missing_measures_are_refused_in_italian(
        demo_db: Database, site: SiteInfo, counsellor: OperatorInfo,
        draft: AgreementDraft) -> None:
    empty = dataclasses.replace(draft, measures=())
    assert check_draft(empty) == ["almeno una misura concordata"]
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
