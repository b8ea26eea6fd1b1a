"""Demo collocamento mirato: a few L. 68/1999 enrolments with their verbale, relazione
conclusiva and work limitations, and vacancies that ask for what those limitations
rule out, so the L. 68 screen and the matching's exclusion show something.

Runs after the people, registration and matching modules (ORDER 66). Choices follow
the order of the rows, not the shared random generator, so the modules after this one
get the same random numbers as before it existed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.demo.context import SeedContext
from desktop.models import Person
from desktop.models.matching import Vacancy
from desktop.models.registration import Did
from desktop.models.targeted_placement import TargetedPlacementEnrolment

ORDER = 66

#: (basis, percentage, limitations, note) of each new enrolment, in order.
ENROLMENTS = (
    ("invalido_civile", 67, "no_night_shifts", "Turni diurni; pause brevi ogni due ore."),
    ("invalido_lavoro", 45, "no_heavy_lifting,no_long_standing",
     "Carichi fino a 5 kg; alternare posizione seduta ed eretta."),
    ("invalido_civile", 80, "no_driving", "Non idoneo alla guida di mezzi aziendali."),
    ("invalido_civile", 50, "no_night_shifts,no_heavy_lifting", ""),
)
#: Demo vacancy titles and the physical demands they make.
DEMANDS = {
    "Carrellista magazzino": ("heavy_lifting", "long_standing"),
    "Autista patente C": ("driving", "night_shifts"),
    "Muratore qualificato": ("heavy_lifting",),
    "Cuoco/a capo partita": ("long_standing", "night_shifts"),
}


def seed(ctx: SeedContext) -> None:
    today = dt.date.today()
    enrolled = set(ctx.session.scalars(select(TargetedPlacementEnrolment.person_id)))
    with_did = set(ctx.session.scalars(select(Did.person_id)))
    people = [p for p in ctx.session.scalars(select(Person).order_by(Person.fiscal_code))
              if p.id in with_did and p.id not in enrolled]
    step = max(1, len(people) // (len(ENROLMENTS) + 1))
    for number, (basis, percent, limitations, note) in enumerate(ENROLMENTS):
        index = step * (number + 1) - 1
        if index >= len(people):
            break
        enrolled_on = today - dt.timedelta(days=120 + 90 * number)
        ctx.session.add(TargetedPlacementEnrolment(
            person_id=people[index].id, enrolled_on=enrolled_on, category="disabile",
            disability_percent=percent, basis=basis,
            report_number=f"VM-{enrolled_on.year}/{101 + number}",
            report_date=enrolled_on - dt.timedelta(days=30),
            functional_report=f"Relazione conclusiva {enrolled_on.year}/{41 + number}",
            limitations=limitations, limitations_note=note))
    seen: set[str] = set()
    for vacancy in ctx.session.scalars(select(Vacancy).order_by(Vacancy.number)):
        demands = DEMANDS.get(vacancy.title, ())
        if vacancy.title in seen or not demands or vacancy.status != "aperta":
            continue  # the first open vacancy of each of these titles only
        seen.add(vacancy.title)
        for demand in demands:
            setattr(vacancy, demand, True)
    ctx.session.flush()
