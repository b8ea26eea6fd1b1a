"""Fixtures of the printouts tests: a site, an actor, a complete agreement draft."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from desktop.documents.agreement import GOL_PATHS, Appointment, Measure
from desktop.services.accounts import OperatorInfo, get_operator
from desktop.services.agreements import AgreementDraft, search_people, versions_for_person
from desktop.services.centre import SiteInfo, site_info
from desktop.services.database import Database

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


@pytest.fixture
def draft(demo_db: Database, counsellor: OperatorInfo) -> AgreementDraft:
    # Someone the demo gave no agreement yet.
    person = next(p for p in search_people(demo_db, counsellor)
                  if not versions_for_person(demo_db, counsellor, p.id))
    return AgreementDraft(
        person_id=person.id, did_date=dt.date(2026, 11, 18), naspi=True,
        profiling_class="alta", gol_path=GOL_PATHS[1],
        measures=(
            Measure("Orientamento specialistico", "Bilancio di competenze in tre incontri",
                    "CPI Firenze", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
            Measure("Formazione", "Corso 'Addetto alla logistica di magazzino' di 120 ore",
                    "Agenzia formativa Toscana Lavoro S.r.l.", dt.date(2027, 1, 10),
                    dt.date(2027, 3, 31)),
        ),
        appointments=(Appointment(dt.datetime(2026, 12, 10, 9, 30), "Sportello 3",
                                  "Verifica del percorso"),),
        place="Firenze", signed_on=DAY)
