"""Demo registration data: residence, contacts, permits, DIDs, visits, omocodes,
near-duplicates and a few L. 68 enrolments, on top of the foundation's people."""

from __future__ import annotations

import datetime as dt

from codicefiscale import codicefiscale

from desktop.demo.context import SeedContext
from desktop.documents.privacy import privacy_notice_version
from desktop.models import Person
from desktop.models.base import utcnow
from desktop.models.registration import Did, Visit
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.people.person_form import needs_permit
from desktop.services.people.profiling import (
    EDUCATION_LEVELS,
    ProfilingInput,
    patto_deadline,
    profile,
)
from desktop.services.reference.places import caps_of, place_at

ORDER = 30

#: Belfiore codes of Tuscan comuni where demo people live.
RESIDENCES = ("D612", "G999", "G713", "D403", "B962", "G702", "A390", "I726", "G687",
              "E625", "E715", "I046")
PERMITS = (("Permesso di soggiorno UE per soggiornanti di lungo periodo", "lavoro subordinato"),
           ("Permesso di soggiorno", "motivi familiari"),
           ("Permesso di soggiorno", "attesa occupazione"))


def _omocode(code: str) -> str:
    return str(codicefiscale.decode(code)["omocodes"][1])


def seed(ctx: SeedContext) -> None:
    rng, fake = ctx.rng, ctx.faker
    people: list[Person] = list(ctx.shared.get("people", []))
    operators = ctx.shared.get("operators") or []
    operator = getattr(operators[0], "username", "demo") if operators else "demo"
    today = dt.date.today()
    version = privacy_notice_version()
    for index, person in enumerate(people):
        place = place_at(person.birthplace_code, person.birth_date)
        if place is not None:
            person.birthplace_name, person.birthplace_province = place.name, place.province
        home = place_at(rng.choice(RESIDENCES), today)
        if home is not None:
            person.residence_code, person.residence_town = home.code, home.name
            person.residence_province = home.province
            person.residence_postcode = rng.choice(caps_of(home.code) or ("50100",))
        person.residence_address = fake.street_name()
        person.residence_number = str(rng.randrange(1, 180))
        for part in ("code", "town", "province", "address", "number", "postcode"):
            setattr(person, f"domicile_{part}", getattr(person, f"residence_{part}"))
        person.mobile = person.mobile.replace(" ", "")
        person.privacy_version = version
        person.privacy_acknowledged_at = utcnow()
        if needs_permit(person.citizenship):
            kind, reason = rng.choice(PERMITS)
            person.permit_type, person.permit_reason = kind, reason
            person.permit_number = f"{fake.bothify('??#######').upper()}"
            person.permit_expiry = today + dt.timedelta(days=rng.randrange(-30, 900))
            person.permit_questura = "Firenze"
        if index % 12 == 5:  # an omocode, as issued by the Agenzia delle Entrate
            person.fiscal_code = _omocode(person.fiscal_code_base)
    ctx.session.flush()

    # Near-duplicates: another demo person turned into the same one typed again with
    # a slip or with surname and name swapped (the number of people stays as asked).
    taken = {p.fiscal_code_base for p in people}
    step = max(len(people) // 6, 2)
    for index, position in enumerate(range(3, len(people) - 1, step)):
        if index >= 6:
            break
        original, twin = people[position], people[position + 1]
        surname, name = original.surname, original.name
        if index % 2 == 0:
            surname, name = name, surname
        else:
            name = name[:-1] + ("o" if name[-1] != "o" else "a")
        code = codicefiscale.encode(lastname=surname, firstname=name, gender=original.sex,  # type: ignore[arg-type]
                                    birthdate=original.birth_date.strftime("%d/%m/%Y"),
                                    birthplace=original.birthplace_code)
        if code in taken:
            continue
        taken.discard(twin.fiscal_code_base)
        taken.add(code)
        twin.fiscal_code = twin.fiscal_code_base = code
        twin.surname, twin.name, twin.sex = surname, name, original.sex
        twin.birth_date, twin.birthplace_code = original.birth_date, original.birthplace_code
        twin.birthplace_name = original.birthplace_name
        twin.birthplace_province = original.birthplace_province
        twin.citizenship = original.citizenship
        if index % 3 == 1:
            twin.mobile = original.mobile
        ctx.session.flush()

    for index, person in enumerate(people):
        ctx.session.add(Visit(person_id=person.id, kind="registration", reason="A",
                              operator=operator,
                              at=utcnow() - dt.timedelta(days=rng.randrange(1, 400))))
        if rng.random() < 0.65:
            did_date = today - dt.timedelta(days=rng.randrange(0, 120))
            data = ProfilingInput(
                birth_date=person.birth_date, sex=person.sex, did_date=did_date,
                education=rng.choice(EDUCATION_LEVELS[1:]),
                employment_condition=rng.choice(("disoccupato", "disoccupato", "inoccupato")),
                months_unemployed=rng.randrange(0, 30),
                years_in_italy=rng.randrange(1, 20) if person.citizenship != "italiana"
                else 40, household_size=rng.randrange(1, 6),
                dependent_children=rng.randrange(0, 3), driving_licence=rng.random() < 0.7)
            result = profile(data)
            naspi = rng.random() < 0.3
            ctx.session.add(Did(
                person_id=person.id, did_date=did_date, education=data.education,
                employment_condition=data.employment_condition,
                months_unemployed=data.months_unemployed, years_in_italy=data.years_in_italy,
                household_size=data.household_size,
                dependent_children=data.dependent_children,
                driving_licence=data.driving_licence, naspi=naspi,
                profiling_index=result.index, profiling_class=result.profiling_class,
                coefficients_version=result.version, gol_path=result.gol_path,
                patto_deadline=patto_deadline(did_date, naspi), operator=operator))
        if index % 25 == 7:
            ctx.session.add(TargetedPlacementEnrolment(
                person_id=person.id, enrolled_on=today - dt.timedelta(days=rng.randrange(30, 900)),
                category="disabile", disability_percent=rng.choice((46, 50, 67, 75, 100))))
    ctx.shared["people"] = people
