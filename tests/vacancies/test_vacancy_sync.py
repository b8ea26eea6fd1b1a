"""A vacancy entered at a centre and its steps reach the region as vacancy events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.infra.database import open_database
from desktop.services.firms import vacancy_lifecycle as life
from desktop.services.firms.employers import EmployerForm, create_employer
from desktop.services.firms.vacancies import VacancyForm, create_vacancy
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, ServerThread
from tests.vacancies.conftest import COUNSELLOR


def test_vacancy_events_reach_the_region(server: ServerThread, tmp_path: Path) -> None:
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'a.sqlite'}", key=TEST_KEY)
    try:
        a = Client("a", db, server.store.create_workstation("a", site="FI01"), server.url)
        employer = create_employer(db, COUNSELLOR, EmployerForm(
            fiscal_code="00743110157", name="Trattoria del Ponte", comune_code="D612",
            site_code="FI01"))
        made = create_vacancy(db, COUNSELLOR, VacancyForm(
            employer_id=employer.id, title="Barista", occupation_code="5.2.2.4.0",
            positions=1, workplace_code="D612",
            closes_on=dt.date.today() + dt.timedelta(days=20)))
        life.publish(db, COUNSELLOR, made.id)
        life.close(db, COUNSELLOR, made.id, "ritirata")
        report = a.sync()
        assert report.applied == 3 and a.pending() == 0
        events = list(server.store.snapshot_entities("vacancy_event").values())
        steps = sorted((e["event"], e["status"], e["reason"]) for e in events
                       if e["vacancy_id"] == str(made.id))
        assert steps == [("close", "chiusa", "ritirata"), ("create", "bozza", ""),
                         ("publish", "aperta", "")]
        assert {(e["occupation_code"], e["site_code"]) for e in events} == {
            ("5.2.2.4.0", "FI01")}
    finally:
        db.dispose()
