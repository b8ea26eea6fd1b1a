"""Demo people with valid codici fiscali: mostly born in Tuscany, some abroad."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from codicefiscale import codicefiscale

from desktop.demo.context import SeedContext
from desktop.models import Person

ORDER = 20

ITALIAN_BIRTHPLACES = [
    "Firenze", "Prato", "Pistoia", "Empoli", "Scandicci", "Sesto Fiorentino", "Arezzo",
    "Siena", "Pisa", "Livorno", "Lucca", "Napoli", "Palermo", "Roma", "Bari", "Cosenza",
]
#: (state for the codice fiscale, citizenship as recorded)
FOREIGN_BIRTHPLACES = [
    ("Romania", "rumena"), ("Albania", "albanese"), ("Marocco", "marocchina"),
    ("Pakistan", "pakistana"), ("Peru'", "peruviana"), ("Senegal", "senegalese"),
    ("Ucraina", "ucraina"), ("Filippine", "filippina"),
]


def seed(ctx: SeedContext) -> None:
    rng, fake = ctx.rng, ctx.faker
    seen: set[str] = set()
    people: list[Person] = []
    while len(people) < ctx.people:
        sex: Literal["M", "F"] = "M" if rng.random() < 0.5 else "F"
        name = fake.first_name_male() if sex == "M" else fake.first_name_female()
        surname = fake.last_name()
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 46))
        if rng.random() < 0.18:
            place, citizenship = rng.choice(FOREIGN_BIRTHPLACES)
        else:
            place, citizenship = rng.choice(ITALIAN_BIRTHPLACES), "italiana"
        code = codicefiscale.encode(
            lastname=surname, firstname=name, gender=sex,
            birthdate=birth.strftime("%d/%m/%Y"), birthplace=place,
        )
        if code in seen:
            continue
        seen.add(code)
        handle = f"{name}.{surname}".lower().replace(" ", "").replace("'", "")
        people.append(Person(
            fiscal_code=code, fiscal_code_base=code, surname=surname, name=name, sex=sex,
            birth_date=birth, birthplace_code=code[11:15], citizenship=citizenship,
            mobile=f"3{rng.randrange(20, 99)} {rng.randrange(1_000_000, 9_999_999)}",
            email=f"{handle}{rng.randrange(1, 99)}@esempio.invalid",
        ))
    ctx.session.add_all(people)
    ctx.shared["people"] = people
