"""Shared pieces of the consent, CV and L. 68 tests: actors with real account rows."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models import Operator
from desktop.models.matching import Vacancy
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
