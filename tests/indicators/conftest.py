"""A small centre whose indicators are known by construction (see test_indicators.py).

Two sites, S1 and S2; seven people; DIDs, patti, actions, vacancies, proposals and
placements placed around the edges of the year 2025 (first and last day, the day
before and after), and four tickets with an undone call.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from desktop.infra.database import Database
from desktop.models import Centre, Counter, Person, Service, Site
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.queue import Ticket, TicketEvent
from desktop.models.registration import Did
from desktop.services.actions import record_hired_proposals
from desktop.services.security.accounts import OperatorInfo
from tests.helpers.qt_windows import windows_deleted  # noqa: F401

D = dt.date
UTC = dt.UTC


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


MANAGER = OperatorInfo(uuid.uuid4(), "resp", "Responsabile Prova", "responsabile", "S1",
                       cli=True)
FRONT_DESK = OperatorInfo(uuid.uuid4(), "front", "Sportello Prova", "sportello", "S1", cli=True)
COUNSELLOR = OperatorInfo(uuid.uuid4(), "couns", "Operatore Prova", "operatore", "S1", cli=True)


@dataclass
class Known:
    people: dict[str, uuid.UUID]
    agreements: dict[str, uuid.UUID]
    site_ids: dict[str, uuid.UUID]
    queue_day: dt.date


#: (key, sex, birth date, citizenship)
PEOPLE = [
    ("P1", "F", D(1990, 6, 15), "italiana"),
    ("P2", "M", D(2003, 1, 1), "rumena"),
    ("P3", "F", D(1965, 12, 31), "marocchina"),
    ("P4", "M", D(1980, 1, 1), "italiana"),
    ("P5", "F", D(1995, 3, 3), "italiana"),
    ("P6", "F", D(2000, 12, 31), "albanese"),
    ("P7", "M", D(2001, 1, 1), "italiana"),
]
#: (person, DID date, site, patto deadline)
DIDS = [
    ("P1", D(2025, 3, 1), "S1", D(2025, 3, 31)),
    ("P1", D(2025, 9, 1), "S1", D(2025, 10, 1)),
    ("P2", D(2025, 5, 10), "S1", D(2025, 5, 25)),
    ("P3", D(2025, 11, 20), "S1", D(2025, 12, 20)),
    ("P4", D(2025, 12, 20), "S2", D(2026, 1, 19)),
    ("P5", D(2024, 12, 15), "S1", D(2025, 1, 14)),
    ("P6", D(2025, 7, 1), "S2", D(2025, 7, 31)),
    ("P7", D(2025, 1, 1), "S2", D(2025, 1, 31)),
]
#: person -> date the patto was signed
PATTI = {"P1": D(2025, 3, 20), "P2": D(2025, 6, 10), "P6": D(2025, 7, 1),
         "P7": D(2025, 1, 31)}
#: (measure, day, site, person, hours, with the person's patto)
ACTIONS = [
    ("ORB", D(2025, 1, 15), "S1", "P1", 2.0, True),
    ("ORS", D(2025, 2, 10), "S1", "P1", 4.0, True),
    ("FOR", D(2025, 3, 1), "S1", "P2", 40.0, True),
    ("ORB", D(2025, 6, 30), "S2", "P6", 1.5, False),
    ("TIR", D(2025, 12, 31), "S2", "P7", 120.0, True),
    ("ORB", D(2024, 12, 31), "S1", "P1", 2.0, True),
    ("ORB", D(2026, 1, 1), "S1", "P1", 2.0, True),
    ("ACC", D(2025, 7, 7), "S1", "P3", 3.0, False),
]
AS_OF = D(2026, 1, 15)
QUEUE_DAY = D(2025, 3, 3)


def seed_known(db: Database) -> Known:
    with db.transaction() as s:
        centre = Centre(code="C1", name="CPI Prova")
        sites = {code: Site(centre=centre, code=code, name=f"Sede {code}")
                 for code in ("S1", "S2")}
        s.add_all([centre, *sites.values()])
        s.flush()
        service = Service(site=sites["S1"], prefix="A", name="Accoglienza")
        counter = Counter(site=sites["S1"], number=1, services=[service])
        s.add_all([service, counter])
        people = {}
        for n, (key, sex, birth, citizenship) in enumerate(PEOPLE):
            code = f"TSTPRS{n:02d}A01H501Z"
            person = Person(fiscal_code=code, fiscal_code_base=code, surname=key, name="Test",
                            sex=sex, birth_date=birth, birthplace_code="H501",
                            citizenship=citizenship)
            s.add(person)
            people[key] = person
        s.flush()
        for key, day, site, deadline in DIDS:
            s.add(Did(person_id=people[key].id, did_date=day, education="diploma",
                      employment_condition="disoccupato", profiling_index=0.5,
                      profiling_class="media", coefficients_version="t", gol_path=1,
                      patto_deadline=deadline, site_code=site))
        agreements = {}
        for key, signed in PATTI.items():
            agreement = Agreement(person_id=people[key].id, number=f"PS-{key}",
                                  centre_code="C1", signed_on=signed)
            s.add(agreement)
            agreements[key] = agreement
        s.flush()
        for measure, day, site, key, hours, with_patto in ACTIONS:
            s.add(Action(person_id=people[key].id, measure_code=measure, delivered_on=day,
                         site_code=site, hours=hours,
                         agreement_id=agreements[key].id if with_patto else None))
        employers = {k: Employer(fiscal_code=f"0000000000{n}", name=f"Ditta {k}")
                     for n, k in enumerate(("E1", "E2", "E3"), start=1)}
        s.add_all(employers.values())
        s.flush()
        vacancies = {}
        for key, employer, site, opened, positions in (
                ("V1", "E1", "S1", D(2025, 2, 1), 3), ("V2", "E2", "S1", D(2025, 8, 1), 1),
                ("V3", "E3", "S2", D(2024, 11, 1), 2), ("V4", "E1", "S2", D(2025, 4, 1), 5)):
            vacancies[key] = Vacancy(number=f"OF-{key}", employer_id=employers[employer].id,
                                     site_code=site, title=key, opened_on=opened,
                                     positions=positions)
        s.add_all(vacancies.values())
        s.flush()
        for vacancy, key, proposed, outcome, outcome_at, contract in (
                ("V1", "P2", D(2025, 2, 15), "assunto", D(2025, 3, 1), "determinato"),
                ("V1", "P7", D(2025, 2, 16), "rifiutato", D(2025, 2, 20), ""),
                ("V3", "P6", D(2025, 1, 10), "assunto", D(2025, 1, 20), "indeterminato"),
                ("V2", "P3", D(2024, 12, 20), "colloquio", None, "")):
            s.add(Proposal(vacancy_id=vacancies[vacancy].id, person_id=people[key].id,
                           proposed_at=at(proposed, 10), outcome=outcome,
                           outcome_at=at(outcome_at, 10) if outcome_at else None,
                           contract_type=contract))
        for key, day, contract, employer, name, site in (
                ("P2", D(2025, 10, 1), "indeterminato", None, "Bar Centrale", "S1"),
                ("P1", D(2025, 5, 5), "determinato", "E2", "", "S1"),
                ("P4", D(2024, 6, 1), "determinato", "E3", "", "S2")):
            s.add(Placement(person_id=people[key].id, contract_type=contract, start_date=day,
                            employer_id=employers[employer].id if employer else None,
                            employer_name=name, site_code=site))
        _tickets(s, sites["S1"], service, counter)
        known = Known({k: p.id for k, p in people.items()},
                      {k: a.id for k, a in agreements.items()},
                      {k: v.id for k, v in sites.items()}, QUEUE_DAY)
    record_hired_proposals(db, MANAGER)
    return known


def _tickets(s: object, site: Site, service: Service, counter: Counter) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    day = QUEUE_DAY
    # (issued, [(kind, minute after 9:00, ref)]) — minutes from 9:00 UTC
    plans = [
        (0, [("called", 10, ""), ("started", 11, ""), ("finished", 21, "")]),
        (0, [("called", 40, ""), ("finished", 45, "")]),
        (5, [("called", 20, ""), ("undo", 21, "2"), ("called", 50, ""), ("finished", 60, "")]),
        (7, [("cancelled", 30, "")]),
    ]
    for number, (issued, events) in enumerate(plans, start=1):
        issued_at = at(day, 9, issued)
        ticket = Ticket(site_id=site.id, day=day, first_service_id=service.id, number=number,
                        code=f"A{number:03d}", issued_at=issued_at, service_id=service.id,
                        queued_at=issued_at, status="finished")
        s.add(ticket)
        s.flush()
        s.add(TicketEvent(ticket_id=ticket.id, seq=1, kind="issued", at=issued_at,
                          service_id=service.id))
        for seq, (kind, minute, ref) in enumerate(events, start=2):
            s.add(TicketEvent(ticket_id=ticket.id, seq=seq, kind=kind,
                              at=at(day, 9) + dt.timedelta(minutes=minute),
                              counter_id=counter.id if kind == "called" else None, ref=ref))


@pytest.fixture
def known(db: Database) -> Known:
    return seed_known(db)
