"""Synthetic people and vacancies for matching: comuni scattered around Tuscany,
occupation codes from a few CP2021 groups, skills, languages and licences drawn at
random. Shared by the matching tests and ``python -m bench matching``.
"""

from __future__ import annotations

import datetime as dt
import random

from desktop.services.matching.score import PersonProfile, VacancyProfile
from desktop.services.people.profiling import EDUCATION_LEVELS

CODES = tuple(f"{g}.{i}.0" for g in ("5.1.2", "5.2.2", "6.1.2", "8.1.4", "4.1.1", "7.4.4",
                                     "3.1.2", "2.1.1") for i in range(1, 6))
SKILLS = ("haccp", "cassa", "muletto", "excel", "saldatura", "guida furgone", "magazzino",
          "contabilità", "inglese commerciale", "autocad", "pulizie", "cucina", "sala",
          "assistenza anziani", "elettricità", "idraulica", "vendita", "sap", "java", "cad")
LANGS = ("inglese", "francese", "tedesco", "spagnolo")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def _coords(rng: random.Random) -> tuple[float, float] | None:
    if rng.random() < 0.03:
        return None  # a comune without coordinates
    return (rng.uniform(42.4, 44.4), rng.uniform(9.7, 12.3))


def synthetic_people(count: int, rng: random.Random) -> list[PersonProfile]:
    people = []
    for i in range(count):
        has_cv = rng.random() > 0.1
        people.append(PersonProfile(
            person_id=f"P{i:07d}",
            education=rng.choice(EDUCATION_LEVELS) if has_cv else "",
            licences=frozenset(rng.sample(("B", "C", "CQC", "AM"), rng.randint(0, 2))),
            mobility_radius_km=rng.choice((10, 20, 30, 50)),
            part_time=rng.random() < 0.2,
            languages=tuple((lang, rng.choice(LEVELS))
                            for lang in rng.sample(LANGS, rng.randint(0, 2))),
            desired=tuple(rng.sample(CODES, rng.randint(0, 3))) if has_cv else (),
            experience=tuple(rng.sample(CODES, rng.randint(0, 2))) if has_cv else (),
            skills=frozenset(rng.sample(SKILLS, rng.randint(0, 5))),
            l68_enrolled=rng.random() < 0.05,
            coords=_coords(rng),
            has_curriculum=has_cv))
    return people


def synthetic_vacancies(count: int, rng: random.Random, today: dt.date) -> list[VacancyProfile]:
    vacancies = []
    for i in range(count):
        vacancies.append(VacancyProfile(
            vacancy_id=f"V{i:06d}", number=f"OF-{i:06d}",
            status="aperta" if rng.random() < 0.9 else "chiusa",
            closes_on=today + dt.timedelta(days=rng.randint(-10, 90)),
            occupation_code=rng.choice(CODES) if rng.random() > 0.05 else "",
            skills=frozenset(rng.sample(SKILLS, rng.randint(0, 4))),
            education=rng.choice(EDUCATION_LEVELS[:6]) if rng.random() > 0.2 else "",
            languages=tuple((lang, rng.choice(LEVELS[:4]))
                            for lang in rng.sample(LANGS, rng.randint(0, 1))),
            licences=frozenset(rng.sample(("B", "C"), rng.randint(0, 1))),
            part_time=rng.random() < 0.2,
            l68_only=rng.random() < 0.05,
            coords=_coords(rng)))
    return vacancies
