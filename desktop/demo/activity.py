"""Demo activity: a believable year of the centre's work for the Osservatorio.

The DIDs get the demo site; most people with a DID sign their patto (a few late,
some not yet); employers publish vacancies through the year, candidates are
proposed and some hired; actions of every measure are delivered over twelve months
(fewer in August and at Christmas), linked to the patto once it is signed; a few jobs
are found without the centre and entered by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

from sqlalchemy import select

from desktop.demo.context import SeedContext
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.registration import Did
from desktop.services.people.profiling import patto_deadline

ORDER = 60

#: Relative activity of each month (1 = January): quiet in August and December.
SEASON = {1: 1.0, 2: 1.1, 3: 1.15, 4: 1.0, 5: 1.1, 6: 0.95, 7: 0.8, 8: 0.35, 9: 1.1,
          10: 1.2, 11: 1.1, 12: 0.7}
#: Measure code -> (weight, hours delivered on the action's day). An action is one day's
#: delivery (a course is several actions), at most 24 hours as the counter enforces.
MEASURES = {"ORB": (30, (1, 2)), "ORS": (14, (2, 4)), "FOR": (12, (4, 8)),
            "TIR": (5, (6, 8)), "ACC": (14, (2, 6)), "IDO": (16, (1, 2)),
            "AUT": (3, (2, 6)), "RIQ": (6, (4, 8))}
PROVIDERS = ("CPI Firenze", "Agenzia formativa Toscana Lavoro S.r.l.",
             "Centro di formazione professionale Leonardo", "Cooperativa sociale Il Ponte")
CONTRACTS = (("determinato", 50), ("indeterminato", 18), ("apprendistato", 8),
             ("somministrazione", 14), ("stagionale", 6), ("intermittente", 4))
FIRMS = ("Logistica Arno S.r.l.", "Ristorante Il Porcellino", "Manifattura Pelletterie Fiorentine",
         "Supermercati Toscani S.p.A.", "Hotel Lungarno", "Officine Meccaniche Rifredi",
         "Cooperativa Pulizie Valdarno", "Studio Dentistico Santa Croce", "Farmacia Campo di Marte",
         "Edilizia Chianti S.r.l.", "Call center Novoli", "Tipografia Oltrarno",
         "Vivai Pistoiesi", "Casa di riposo Villa Serena", "Trasporti Mugello S.n.c.",
         "Panificio Il Forno di Careggi", "Autofficina Peretola", "Gelateria Ponte Vecchio",
         "Sartoria Sesto Fiorentino", "Informatica Toscana S.r.l.")
TITLES = ("Magazziniere", "Cameriere di sala", "Addetto alla pelletteria", "Cassiere",
          "Receptionist", "Operaio metalmeccanico", "Addetto alle pulizie", "Assistente alla "
          "poltrona", "Commesso di farmacia", "Muratore", "Operatore call center",
          "Addetto alla stampa", "Vivaista", "Operatore socio-sanitario", "Autista patente C",
          "Panettiere", "Meccanico", "Gelatiere", "Sarta", "Sviluppatore junior")


def _weighted(rng: random.Random, pairs: Any) -> Any:
    items = list(pairs)
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A working day between start and end, more likely in busy months."""
    span = max(0, (end - start).days)
    day = start
    for _try in range(60):
        day = start + dt.timedelta(days=rng.randrange(span + 1))
        if day.weekday() < 5 and rng.random() < SEASON[day.month] / 1.2:
            break
    return day


def _utc(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone(dt.UTC)


def seed(ctx: SeedContext) -> None:
    session, rng = ctx.session, random.Random(ctx.rng.random())  # noqa: S311 - seeded on purpose: the same demo every time, nothing secret
    site = ctx.shared["site"]
    operators = [o.username for o in ctx.shared.get("operators", [])[1:]] or ["demo"]
    today = dt.date.today()
    start = today - dt.timedelta(days=364)
    session.flush()
    people = list(session.scalars(select(Person).order_by(Person.fiscal_code)))
    dids = list(session.scalars(select(Did).join(Person, Person.id == Did.person_id)
                                .order_by(Did.did_date, Person.fiscal_code_base)))
    agreements = _signed_dates(ctx)
    for did in dids:
        # Spread the DIDs over the year, so the year's intake reads like one (a DID a
        # Patto was already made from keeps its date: the Patto printed it).
        did.site_code = site.code
        if did.person_id in agreements:
            continue
        did.did_date = _day(rng, start, today)
        did.patto_deadline = patto_deadline(did.did_date, did.naspi)
    for did in dids:
        if did.person_id not in agreements:
            signed = _patto_day(rng, did, today)
            if signed is not None:
                agreements[did.person_id] = _agreement(ctx, did, signed, rng)
    session.flush()
    hires = _matching(ctx, rng, people, start, today)
    for person in people:
        agreement = agreements.get(person.id)
        for _n in range(rng.choice((0, 1, 1, 2, 2, 3, 4, 5))):
            code = _weighted(rng, ((k, w) for k, (w, _h) in MEASURES.items()))
            low, high = MEASURES[code][1]
            # Most actions carry out a patto; a first orientation may come before it.
            # (The random draws happen in the same order as ever: the demo stays the same.)
            if agreement is not None and not (agreement[1] >= today or rng.random() < 0.12):
                day = _day(rng, max(agreement[1], start), today)
            else:
                code = "ORB" if rng.random() < 0.3 else code
                day = _day(rng, start, agreement[1] if agreement and agreement[1] > start
                           else today)
            linked = agreement[0] if agreement is not None and agreement[1] <= day else None
            session.add(Action(
                person_id=person.id, agreement_id=linked,
                measure_code=code, delivered_on=day, hours=float(rng.randint(low, high)),
                operator=rng.choice(operators),
                provider=PROVIDERS[0] if code in ("ORB", "ORS", "IDO") else rng.choice(PROVIDERS),
                outcome=rng.choice(("completato",) * 6 + ("in_corso", "interrotto")),
                site_code=site.code))
    hired = {p for p, _ in hires}
    for person in rng.sample(people, max(1, len(people) // 6)):
        if person.id in hired and rng.random() < 0.7:
            continue
        session.add(Placement(
            person_id=person.id, employer_name=rng.choice(FIRMS[10:]) + " (diretto)",
            contract_type=_weighted(rng, CONTRACTS), start_date=_day(rng, start, today),
            source="diretto", operator=rng.choice(operators), site_code=site.code))
    session.flush()


def _signed_dates(ctx: SeedContext) -> dict[uuid.UUID, tuple[uuid.UUID, dt.date]]:
    """The demo agreements already made: set their signing date from the first version."""
    found: dict[uuid.UUID, tuple[uuid.UUID, dt.date]] = {}
    rows = ctx.session.execute(select(Agreement, AgreementVersion.snapshot).join(
        AgreementVersion, AgreementVersion.agreement_id == Agreement.id).where(
        AgreementVersion.version == 1)).all()
    for agreement, snapshot in rows:
        agreement.signed_on = dt.date.fromisoformat(json.loads(snapshot)["signed_on"])
        found[agreement.person_id] = (agreement.id, agreement.signed_on)
    return found


def _patto_day(rng: random.Random, did: Did, today: dt.date) -> dt.date | None:
    """Most patti within the deadline, a few late, some not signed (yet)."""
    roll = rng.random()
    allowed = (did.patto_deadline - did.did_date).days
    if roll < 0.72:
        day = did.did_date + dt.timedelta(days=rng.randint(0, allowed))
    elif roll < 0.84:
        day = did.patto_deadline + dt.timedelta(days=rng.randint(1, 25))
    else:
        return None
    return day if day <= today else None


def _agreement(ctx: SeedContext, did: Did, signed: dt.date,
               rng: random.Random) -> tuple[uuid.UUID, dt.date]:
    from desktop.demo.agreements import add_agreement

    row = add_agreement(ctx, did, signed, rng)
    return row.agreement_id, signed


def _matching(ctx: SeedContext, rng: random.Random, people: list[Person], start: dt.date,
              today: dt.date) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Employers, vacancies and proposals through the year (unless the matching demo
    made them already); hired proposals become placements. Returns (person, proposal)."""
    session = ctx.session
    site = ctx.shared["site"]
    employers = list(session.scalars(select(Employer).order_by(Employer.fiscal_code)))
    if not employers:
        employers = [Employer(fiscal_code=f"0{4200000 + n * 7919:010d}"[:11], name=name,
                              site_code=site.code) for n, name in enumerate(FIRMS)]
        session.add_all(employers)
        session.flush()
    vacancies = list(session.scalars(select(Vacancy).order_by(Vacancy.number)))
    if not vacancies:
        for n in range(max(12, len(people) // 5)):
            k = rng.randrange(len(FIRMS))
            opened = _day(rng, start, today)
            vacancies.append(Vacancy(
                number=f"OF-{site.code}-{opened.year}-{n + 1:06d}",
                employer_id=employers[k % len(employers)].id, site_code=site.code,
                title=TITLES[k], opened_on=opened, positions=rng.choice((1, 1, 1, 2, 2, 3, 5)),
                contract_type=_weighted(rng, CONTRACTS),
                status="chiusa" if (today - opened).days > 90 else "aperta"))
        session.add_all(vacancies)
        session.flush()
    hires: list[tuple[uuid.UUID, uuid.UUID]] = []
    taken: set[tuple[uuid.UUID, uuid.UUID]] = {
        (v, p) for v, p in session.execute(select(Proposal.vacancy_id, Proposal.person_id))}
    for vacancy in vacancies:
        for person in rng.sample(people, min(len(people), rng.randint(2, 5))):
            if (vacancy.id, person.id) in taken:
                continue
            taken.add((vacancy.id, person.id))
            proposed = vacancy.opened_on + dt.timedelta(days=rng.randint(2, 20))
            if proposed > today:
                continue
            outcome = _weighted(rng, (("proposto", 20), ("colloquio", 25), ("assunto", 22),
                                      ("non_idoneo", 18), ("rifiutato", 15)))
            decided = min(today, proposed + dt.timedelta(days=rng.randint(5, 25)))
            proposal = Proposal(
                vacancy_id=vacancy.id, person_id=person.id, proposed_at=_utc(proposed),
                operator="m.conti", score=round(rng.uniform(0.45, 0.95), 2), outcome=outcome,
                outcome_at=_utc(decided) if outcome != "proposto" else None,
                contract_type=vacancy.contract_type if outcome == "assunto" else "")
            session.add(proposal)
            session.flush()
            if outcome == "assunto":
                session.add(Placement(
                    person_id=person.id, proposal_id=proposal.id,
                    employer_id=vacancy.employer_id,
                    employer_name=next(e.name for e in employers
                                       if e.id == vacancy.employer_id),
                    contract_type=proposal.contract_type, start_date=decided,
                    source="incrocio", operator="m.conti", site_code=vacancy.site_code))
                hires.append((person.id, proposal.id))
    return hires
