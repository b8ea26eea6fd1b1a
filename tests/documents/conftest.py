"""Fixtures of the printouts tests: a site, an actor, a complete agreement draft."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader

from desktop.documents.agreement import Appointment, Measure, SearchAct
from desktop.infra.database import Database
from desktop.services.documents.agreements import AgreementDraft, search_people, versions_for_person
from desktop.services.organisation.centre import site_info
from desktop.services.people.did import DidForm, DidRecord, declare_did
from desktop.services.security.accounts import OperatorInfo, get_operator
from desktop.values.site import SiteInfo

DAY = dt.date(2026, 11, 25)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def site(demo_db: Database) -> SiteInfo:
    return site_info(demo_db)


@pytest.fixture
def counsellor(demo_db: Database) -> OperatorInfo:
    return get_operator(demo_db, "m.conti")  # role "operatore": may write agreements


@pytest.fixture
def front_desk(demo_db: Database) -> OperatorInfo:
    return get_operator(demo_db, "g.bellini")  # role "sportello": may print, not write


def person_without_did(demo_db: Database, actor: OperatorInfo, skip: int = 0) -> uuid.UUID:
    """Someone the demo gave neither a DID nor an agreement (the ``skip``-th such)."""
    from desktop.services.documents.agreement_people import active_did_summary

    free = [p.id for p in search_people(demo_db, actor)
            if not versions_for_person(demo_db, actor, p.id)
            and active_did_summary(demo_db, actor, p.id) is None]
    return free[skip]


@pytest.fixture
def did(demo_db: Database, counsellor: OperatorInfo) -> DidRecord:
    """A DID declared today through the registration service (18/11/2026, NASpI)."""
    return declare_did(demo_db, counsellor, person_without_did(demo_db, counsellor), DidForm(
        did_date=dt.date(2026, 11, 18), education="diploma",
        employment_condition="disoccupato", months_unemployed=4, naspi=True))


@pytest.fixture
def draft(demo_db: Database, counsellor: OperatorInfo, did: DidRecord) -> AgreementDraft:
    return AgreementDraft(
        person_id=did.person_id,
        measures=(
            Measure("Orientamento specialistico", "Bilancio di competenze in tre incontri",
                    "CPI Firenze", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
            Measure("Formazione", "Corso 'Addetto alla logistica di magazzino' di 120 ore",
                    "Agenzia formativa Toscana Lavoro S.r.l.", dt.date(2027, 1, 10),
                    dt.date(2027, 3, 31)),
        ),
        appointments=(Appointment(dt.datetime(2026, 12, 10, 9, 30), "Sportello 3",
                                  "Verifica del percorso"),),
        place="Firenze", signed_on=DAY, responsible="l.marchi",
        search_acts=(SearchAct("Inviare candidature ad aziende della logistica",
                               "almeno 4 al mese"),
                     SearchAct("Iscriversi a due agenzie per il lavoro", "entro il 15/12/2026")),
        reporting="Ogni 30 giorni presso lo sportello 3",
        search_proof="Elenco delle candidature con data, azienda e copia delle e-mail")
