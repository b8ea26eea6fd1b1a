"""Migration 0800 rebuilds the person table: nothing hanging on a person may be lost."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import func, select

from desktop.infra.database import Database, alembic_config, open_database
from desktop.models.engine import make_engine
from desktop.models.registration import Did, Visit
from desktop.services.people.did import DidForm, declare_did
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from desktop.services.people.search import search_people
from tests.helpers.storage import TEST_KEY
from tests.registration.conftest import FakeActor


def _move(url: str, revision: str, up: bool) -> None:
    engine = make_engine(url, key=TEST_KEY)
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.upgrade if up else command.downgrade)(config, revision)
    finally:
        engine.dispose()


def test_down_and_up_again_keeps_visits_dids_and_name_search(
        db: Database, db_url: str, tmp_path: Path, clerk: FakeActor,
        mario_form: PersonForm) -> None:
    import datetime as dt

    person = register_person(db, clerk, mario_form)
    declare_did(db, clerk, person.id, DidForm(did_date=dt.date.today(), education="diploma",
                                              employment_condition="disoccupato"))
    db.dispose()
    _move(db_url, "0700", up=False)
    _move(db_url, "head", up=True)
    again = open_database(db_url, tmp_path / "backups", key=TEST_KEY)
    try:
        with again.read() as session:
            assert session.scalar(select(func.count()).select_from(Visit)) == 2
            assert session.scalar(select(func.count()).select_from(Did)) == 1
        assert [p.id for p in search_people(again, clerk, "mario rossi")] == [person.id]
        # the FTS triggers were created again: a new name is found too
        register_person(again, clerk, mario_form.__class__(**{
            **mario_form.__dict__, "fiscal_code": "RSSMRA85T10A56NH", "name": "Mauro",
            "mobile": "3470000000", "email": ""}))
        assert len(search_people(again, clerk, "mauro rossi")) == 1
    finally:
        again.dispose()
