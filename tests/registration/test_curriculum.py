"""The curriculum section: what it accepts, what it refuses, and that a refused save
changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.services.people.curriculum import (
    CurriculumForm,
    ExperienceEntry,
    LanguageEntry,
    load_curriculum,
    save_curriculum,
    validate_curriculum,
)
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from tests.registration.conftest import FakeActor

TODAY = dt.date(2026, 11, 25)

GOOD = CurriculumForm(
    education="diploma", licences=("b", "CQC", "C"), mobility_radius_km=35, part_time=True,
    languages=(LanguageEntry(" Inglese ", "b2"), LanguageEntry("francese", "A2")),
    experiences=(ExperienceEntry("Coop Firenze", "5.1.2.2.0", "CP", "47.11.10",
                                 dt.date(2019, 3, 1), dt.date(2023, 6, 30), "tempo determinato"),),
    desired=("5.1.2.2.0", "4.3.1.2.0"),
)


def test_a_new_person_has_an_empty_curriculum(db: Database, clerk: FakeActor,
                                              mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    form = load_curriculum(db, clerk, person.id)
    assert form.empty and form.mobility_radius_km == 20 and form.desired == ()


def test_save_cleans_orders_and_audits(db: Database, clerk: FakeActor,
                                       mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    saved = save_curriculum(db, clerk, person.id, GOOD)
    assert saved.licences == ("B", "C", "CQC")
    assert saved.languages == (LanguageEntry("inglese", "B2"), LanguageEntry("francese", "A2"))
    assert saved.desired == ("5.1.2.2.0", "4.3.1.2.0")
    assert saved.experiences[0].ateco == "47.11.10" and not saved.empty
    # Saving again replaces, never appends.
    again = save_curriculum(db, clerk, person.id, GOOD)
    assert len(again.languages) == 2 and len(again.experiences) == 1
    with db.read() as session:
        assert session.scalars(select(AuditEntry.action)
                               .where(AuditEntry.action == "curriculum.update")).all() \
            == ["curriculum.update"] * 2


@pytest.mark.parametrize(("change", "key", "words"), [
    ({"education": "master"}, "education", "livello"),
    ({"licences": ("Z",)}, "licences", "Z"),
    ({"mobility_radius_km": 1000}, "mobility_radius_km", "300"),
    ({"languages": (LanguageEntry("inglese", "B3"),)}, "languages.1", "A1"),
    ({"languages": (LanguageEntry("inglese", "B1"), LanguageEntry("Inglese", "C1"))},
     "languages.2", "già"),
    ({"experiences": (ExperienceEntry(occupation_code="cameriere"),)}, "experiences.1",
     "codice"),
    ({"experiences": (ExperienceEntry(occupation_code="5.2.2.3.1", ateco="4711"),)},
     "experiences.1", "ATECO"),
    ({"experiences": (ExperienceEntry(occupation_code="5.2.2.3.1",
                                      start=dt.date(2024, 5, 1), end=dt.date(2023, 1, 1)),)},
     "experiences.1", "prima"),
    ({"experiences": (ExperienceEntry(occupation_code="5.2.2.3.1",
                                      start=dt.date(2027, 1, 1)),)}, "experiences.1", "futuro"),
    ({"desired": ("5.1.2.2.0", "5.1.2.2.0")}, "desired.2", "già"),
    ({"desired": ("'; DROP TABLE person;--",)}, "desired.1", "codice"),
])
def test_each_bad_row_is_named_in_italian(change: dict[str, object], key: str,
                                          words: str) -> None:
    from dataclasses import replace

    errors = validate_curriculum(replace(GOOD, **change), TODAY)  # type: ignore[arg-type]
    assert key in errors and words in errors[key], errors


def test_a_refused_save_changes_nothing(db: Database, clerk: FakeActor,
                                        mario_form: PersonForm) -> None:
    from dataclasses import replace

    person = register_person(db, clerk, mario_form)
    save_curriculum(db, clerk, person.id, GOOD)
    with pytest.raises(ValidationError) as refused:
        save_curriculum(db, clerk, person.id, replace(
            GOOD, languages=(), desired=("x" * 10_000,)))
    assert "curriculum" in refused.value.user_message
    assert load_curriculum(db, clerk, person.id).languages == (
        LanguageEntry("inglese", "B2"), LanguageEntry("francese", "A2"))
    with pytest.raises(PermissionDenied):
        save_curriculum(db, FakeActor("kiosk", "chiosco"), person.id, GOOD)
