"""Shared pieces of the consent, CV and L. 68 tests: actors with real account rows."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models import Operator, Person
from desktop.models.matching import Vacancy
from desktop.services.people.curriculum import (
    CurriculumForm,
    ExperienceEntry,
    LanguageEntry,
    save_curriculum,
)
from desktop.services.security.accounts import OperatorInfo


def operator(db: Database, username: str) -> OperatorInfo:
    """The demo's account ``username`` as the login gives it (its row is re-read)."""
    with db.read() as session:
        row = session.scalars(select(Operator).where(Operator.username == username)).one()
        return OperatorInfo(id=row.id, username=row.username, full_name=row.full_name,
                            role=row.role, site_code="")


def open_vacancy(db: Database) -> Vacancy:
    with db.read() as session:
        return next(v for v in session.scalars(select(Vacancy).order_by(Vacancy.number))
                    if v.status == "aperta" and not v.l68_only and v.occupation_code)


def set_role(db: Database, operator_id: uuid.UUID, role: str) -> None:
    with db.transaction() as session:
        row = session.get(Operator, operator_id)
        assert row is not None
        row.role = role


def person_with_cv(db: Database) -> tuple[uuid.UUID, Person]:
    """A demo person with a full curriculum (saved through the service)."""
    counsellor = operator(db, "m.conti")
    with db.read() as session:
        person = session.scalars(select(Person).order_by(Person.surname)).first()
        assert person is not None
    save_curriculum(db, counsellor, person.id, CurriculumForm(
        education="diploma", licences=("B", "C"), mobility_radius_km=30, own_vehicle=True,
        languages=(LanguageEntry("inglese", "B2"), LanguageEntry("francese", "A2")),
        experiences=(ExperienceEntry("Magazzini Arno S.r.l.", "8.1.3.1.0", "CP", "52.10",
                                     dt.date(2019, 3, 1), dt.date(2023, 6, 30),
                                     "determinato"),),
        desired=("4.3.1.2.0",), skills=("excel", "muletto", "haccp")))
    return person.id, person
