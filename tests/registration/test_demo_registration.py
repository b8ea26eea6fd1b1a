"""The demo database shows every registration feature."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.registration import Did, Visit
from desktop.services.people.duplicates import DuplicateQuery, find_duplicates
from desktop.services.people.fiscal_code import check
from tests.registration.conftest import FakeActor


def test_demo_people_are_complete_with_omocodes_dids_and_near_duplicates(
        demo_db: Database, clerk: FakeActor) -> None:
    with demo_db.read() as session:
        people = list(session.scalars(select(Person)))
        dids = session.execute(select(func.count()).select_from(Did)).scalar_one()
        visits = session.execute(select(func.count()).select_from(Visit)).scalar_one()
    assert all(check(p.fiscal_code).valid for p in people)
    assert all(check(p.fiscal_code).normalized == p.fiscal_code_base for p in people)
    assert sum(p.fiscal_code != p.fiscal_code_base for p in people) >= 2
    assert sum(p.birthplace_province == "EE" for p in people) >= 2
    assert all(p.residence_town and p.residence_postcode and p.search_key for p in people)
    assert all(p.permit_number for p in people if p.birthplace_province == "EE"
               and p.citizenship not in ("rumena",))
    assert dids >= len(people) // 3 and visits >= len(people) - 6
    twins = 0
    for p in people:
        found = find_duplicates(demo_db, clerk, DuplicateQuery(
            surname=p.surname, name=p.name, sex=p.sex, birth_date=p.birth_date,
            exclude_id=p.id))
        twins += bool(found)
    assert twins >= 4
