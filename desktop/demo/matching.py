"""Demo matching data: curricula, Tuscan employers, their vacancies and a few proposals.

The firms are fictional (names made up, partite IVA with a valid check digit but
no real owner); the comuni are real Tuscan ones with coordinates and the
occupations come from the CP2021 classification shipped in resources.
"""

from __future__ import annotations

import datetime as dt

from stdnum import luhn

from desktop.demo.context import SeedContext
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.registration import (
    CurriculumLanguage,
    CurriculumProfile,
    DesiredOccupation,
    WorkExperience,
)
from desktop.services.people.profiling import EDUCATION_LEVELS
from desktop.services.reference.occupations import curated_subset, store_curated_subset

ORDER = 35

#: (ragione sociale, ATECO, comune, ISTAT province code for the partita IVA, contact)
EMPLOYERS = (
    ("Tessitura Bisenzio S.r.l.", "13.20.00", "G999", "100", "Laura Gori"),
    ("Supermercati Arno S.p.A.", "47.11.10", "D612", "048", "Marco Bini"),
    ("Trattoria del Ponte di Ricci & C. S.n.c.", "56.10.11", "D612", "048", "Elena Ricci"),
    ("Logistica Empolese S.r.l.", "52.10.20", "D403", "048", "Paolo Cecchi"),
    ("Edilizia Valdinievole S.r.l.", "41.20.00", "G713", "047", "Sandro Pieri"),
    ("Hotel Lungarno Pisa S.r.l.", "55.10.00", "G702", "050", "Chiara Nardi"),
    ("Servizi Pulizie Scandicci Soc. Coop.", "81.21.00", "B962", "048", "Anna Vanni"),
    ("Software Sestese S.r.l.", "62.01.00", "I684", "048", "Luca Masi"),
    ("Cooperativa Assistenza Senese", "88.10.00", "I726", "052", "Giulia Fani"),
    ("Autotrasporti Aretini S.r.l.", "49.41.00", "A390", "051", "Roberto Bigi"),
    ("Porto Livorno Servizi S.p.A.", "52.24.20", "E625", "049", "Franco Lenzi"),
    ("Impianti Lucchesi S.n.c.", "43.21.01", "E715", "046", "Davide Pardini"),
)

#: (occupation code, title, skills, education, languages, licences, contract, hours)
TEMPLATES = (
    ("5.1.2.2.0", "Addetto/a vendite reparto freschi", "cassa,haccp,vendita", "diploma",
     "inglese:A2", "", "determinato", 40),
    ("5.1.2.4.0", "Cassiere/a part-time", "cassa,vendita", "licenza_media", "", "",
     "determinato", 24),
    ("5.2.2.1.0", "Cuoco/a capo partita", "cucina,haccp", "qualifica", "", "",
     "indeterminato", 40),
    ("5.2.2.3.2", "Cameriere/a di sala", "sala,haccp", "licenza_media", "inglese:B1", "",
     "stagionale", 40),
    ("5.2.2.4.0", "Barista", "sala,caffetteria", "licenza_media", "inglese:A2", "",
     "apprendistato", 30),
    ("7.4.4.4.0", "Carrellista magazzino", "muletto,magazzino", "licenza_media", "", "B",
     "somministrazione", 40),
    ("4.3.1.2.0", "Impiegato/a di magazzino", "magazzino,excel,sap", "diploma", "", "",
     "indeterminato", 40),
    ("6.1.2.1.0", "Muratore qualificato", "edilizia,cantiere", "licenza_media", "", "B",
     "indeterminato", 40),
    ("8.1.4.3.0", "Addetto/a pulizie uffici", "pulizie", "", "", "", "determinato", 20),
    ("2.7.1.1.1", "Sviluppatore/trice software", "java,sql,git", "laurea", "inglese:B2", "",
     "indeterminato", 40),
    ("5.5.2.3.0", "Assistente familiare", "assistenza anziani", "qualifica", "", "B",
     "determinato", 30),
    ("7.4.2.3.0", "Autista patente C", "guida camion", "licenza_media", "", "B,C,CQC",
     "indeterminato", 40),
    ("6.1.3.7.0", "Elettricista impiantista", "elettricità,impianti", "qualifica", "", "B",
     "apprendistato", 40),
    ("4.3.2.1.0", "Addetto/a contabilità", "contabilità,excel", "diploma", "inglese:B1", "",
     "determinato", 40),
)

#: Which templates each employer advertises (indexes into TEMPLATES).
OFFERS = ((6, 5, 13), (0, 1, 6), (2, 3, 4), (5, 6, 11), (7, 12), (3, 2, 8), (8,),
          (9, 13), (10,), (11, 5), (5, 11, 6), (12, 7))
#: Skills the demo curricula draw from: those the vacancies ask for, and a few more.
SKILLS = sorted({skill for t in TEMPLATES for skill in t[2].split(",") if skill}
                | {"patente muletto", "word", "pulizie industriali", "magazzino"})
LANGUAGES = ("inglese", "francese", "spagnolo", "tedesco", "rumeno", "albanese", "arabo")
LEVELS = ("A1", "A2", "B1", "B2", "C1")


def _partita_iva(index: int, province: str) -> str:
    body = f"{1_234_500 + index * 7919:07d}{province}"
    return body + luhn.calc_check_digit(body)


def _seed_curricula(ctx: SeedContext, codes: list[str]) -> None:
    rng, people = ctx.rng, ctx.shared.get("people", [])
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for index, person in enumerate(people):
        if index % 9 == 4:
            continue  # a person without a curriculum: matching still ranks them on distance
        wanted = rng.sample(codes, rng.randint(1, 3)) if index % 9 != 7 else []
        # Skills that go with what the person wants to do, as a curriculum would list.
        skills = {x for code in wanted for t in TEMPLATES if t[0] == code
                  for x in t[2].split(",") if rng.random() < 0.6}
        skills |= set(rng.sample(SKILLS, rng.randint(0, 2)))
        ctx.session.add(CurriculumProfile(
            person_id=person.id, education=rng.choice(EDUCATION_LEVELS[1:6]),
            licences=",".join(rng.sample(("B", "B", "C", "CQC", "AM"), rng.randint(0, 2))
                              ) if rng.random() < 0.8 else "",
            mobility_radius_km=rng.choice((10, 20, 30, 50)), part_time=rng.random() < 0.2,
            own_vehicle=rng.random() < 0.6,
            skills=",".join(sorted(skills))))
        for i, language in enumerate(rng.sample(LANGUAGES, rng.randint(0, 2))):
            ctx.session.add(CurriculumLanguage(person_id=person.id, language=language,
                                               level=rng.choice(LEVELS),
                                               created_at=base + dt.timedelta(seconds=i)))
        for i, code in enumerate(wanted):
            ctx.session.add(DesiredOccupation(person_id=person.id, occupation_code=code,
                                              created_at=base + dt.timedelta(seconds=i)))
        for _ in range(rng.randint(0, 2)):
            start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000))
            ctx.session.add(WorkExperience(
                person_id=person.id, employer=ctx.faker.company(),
                occupation_code=rng.choice(codes), start=start,
                end=start + dt.timedelta(days=rng.randrange(60, 900)),
                contract=rng.choice(("determinato", "indeterminato", "stagionale"))))


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    store_curated_subset(ctx.session)
    codes = [r.code for r in curated_subset() if r.code.count(".") == 4]
    _seed_curricula(ctx, codes)
    today = dt.date.today()
    # Firms and vacancies belong to the site that serves them (a site code, not the centre's).
    site_code = ctx.shared["site"].code
    vacancies: list[Vacancy] = []
    for index, (name, ateco, comune, province, contact) in enumerate(EMPLOYERS):
        employer = Employer(
            fiscal_code=_partita_iva(index, province), name=name, ateco=ateco,
            comune_code=comune, address=f"Via {ctx.faker.last_name()} {rng.randrange(1, 90)}",
            contact_name=contact, phone=f"055 {rng.randrange(100_000, 999_999)}",
            email=f"selezione{index + 1}@esempio.invalid", site_code=site_code)
        ctx.session.add(employer)
        ctx.session.flush()
        for template in OFFERS[index]:
            code, title, skills, education, languages, licences, contract, hours = \
                TEMPLATES[template]
            number = len(vacancies) + 1
            opened = today - dt.timedelta(days=rng.randrange(1, 60))
            vacancies.append(Vacancy(
                number=f"OF-FI01-{opened.year}-{number:06d}", employer_id=employer.id,
                site_code=site_code, title=title, occupation_code=code, skills=skills,
                education=education, languages=languages, licences=licences,
                contract_type=contract, hours_per_week=hours, part_time=hours < 30,
                workplace_code=comune, positions=rng.choice((1, 1, 2, 3)),
                l68_only=number % 11 == 0, opened_on=opened,
                closes_on=opened + dt.timedelta(days=rng.choice((45, 90, 120))),
                status="chiusa" if number % 13 == 0 else "aperta"))
    # Bad input the matching must survive: no occupation, a workplace without coordinates.
    vacancies.append(Vacancy(
        number=f"OF-FI01-{today.year}-{len(vacancies) + 1:06d}",
        employer_id=vacancies[0].employer_id, site_code=site_code,
        title="Operaio/a generico/a", skills="", opened_on=today - dt.timedelta(days=3),
        workplace_code="G999", contract_type="determinato"))
    ctx.session.add_all(vacancies)
    ctx.session.flush()
    people = ctx.shared.get("people", [])
    operators = ctx.shared.get("operators") or []
    operator = getattr(operators[0], "username", "demo") if operators else "demo"
    picks = ((1, 10, "colloquio"), (1, 21, "proposto"), (5, 33, "assunto"))
    for v, p, outcome in picks if len(people) > 33 else ():
        vacancy, person = vacancies[v], people[p]
        ctx.session.add(Proposal(vacancy_id=vacancy.id, person_id=person.id, operator=operator,
                                 score=round(rng.uniform(0.5, 0.8), 2), outcome=outcome,
                                 contract_type="determinato" if outcome == "assunto" else ""))
    ctx.shared["vacancies"] = vacancies
