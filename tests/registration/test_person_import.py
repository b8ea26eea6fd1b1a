"""Bulk import: all rows or none, a report of rejected rows, and the CLI group."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop.cli import main
from desktop.infra.database import Database
from desktop.models import Person
from desktop.services.people.person_form import PersonForm
from desktop.services.people.person_import import import_rows, write_rows
from desktop.services.people.registration import register_person
from desktop.services.people.search import search_people
from tests.registration.conftest import FakeActor

GOOD = [
    {"fiscal_code": "RSSMRA85T10A562S", "surname": "Rossi", "name": "Mario",
     "residence_code": "D612", "residence_address": "Via dei Servi", "residence_number": "1",
     "residence_postcode": "50122", "mobile": "3331234567", "email": "m@example.it"},
    {"fiscal_code": "VRDLGU90A41G702X", "surname": "Verdi", "name": "Luigia",
     "residence_code": "G702", "residence_address": "Via Roma", "residence_number": "2",
     "residence_postcode": "56125", "mobile": "3337654321", "email": ""},
]


def people(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(Person)).scalar_one())


@pytest.fixture
def good_rows() -> list[dict[str, str]]:
    from codicefiscale import codicefiscale

    rows = [dict(r) for r in GOOD]
    rows[1]["fiscal_code"] = codicefiscale.encode(
        lastname="Verdi", firstname="Luigia", gender="F", birthdate="01/01/1990",
        birthplace="G702")
    return rows


def test_a_valid_file_is_imported_with_decoded_data(
        db: Database, clerk: FakeActor, good_rows: list[dict[str, str]]) -> None:
    report = import_rows(db, clerk, good_rows)
    assert report.ok and report.imported == 2
    found = search_people(db, clerk, "verdi lui")
    assert [(p.surname, p.sex, p.birthplace, p.town) for p in found] == [
        ("Verdi", "F", "Pisa (PI)", "Pisa")]


def test_one_bad_row_rejects_the_file_and_says_why(
        db: Database, clerk: FakeActor, good_rows: list[dict[str, str]]) -> None:
    bad = dict(good_rows[0], fiscal_code="RSSMRA85T10A562X", email="no-at")
    dup = dict(good_rows[0], fiscal_code="*RSSMRA85T10A562S*")
    omocode = dict(good_rows[0], fiscal_code="RSSMRA85T10A56NH")  # another person by law
    report = import_rows(db, clerk, [*good_rows, bad, dup, omocode])
    assert not report.ok and report.imported == 0 and report.read == 5
    assert [r.line for r in report.rejected] == [4, 5]
    assert any("email" in reason for reason in report.rejected[0].reasons)
    assert "riga 2" in report.rejected[1].reasons[0]
    assert people(db) == 0


def test_an_omocode_holder_is_imported_beside_the_base_code_holder(
        db: Database, clerk: FakeActor, good_rows: list[dict[str, str]]) -> None:
    assert import_rows(db, clerk, good_rows[:1]).ok
    report = import_rows(db, clerk, [dict(good_rows[0], fiscal_code="RSSMRA85T10A56NH")])
    assert report.ok and people(db) == 2


def test_people_already_in_the_database_are_rejected(
        db: Database, clerk: FakeActor, good_rows: list[dict[str, str]]) -> None:
    assert import_rows(db, clerk, good_rows[:1]).ok
    report = import_rows(db, clerk, good_rows)
    assert [r.line for r in report.rejected] == [2] and people(db) == 1


def test_import_command_group(tmp_path: Path, good_rows: list[dict[str, str]],
                              capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text(write_rows(good_rows), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(write_rows([dict(good_rows[0], fiscal_code="XYZ")]), encoding="utf-8")
    assert main(["import", "persons", str(bad)]) == 1
    assert "riga 2" in capsys.readouterr().err
    assert main(["import", "persons", str(good)]) == 0
    assert "2 persone importate" in capsys.readouterr().out
    missing = tmp_path / "missing.csv"
    missing.write_text("surname,name\nRossi,Mario\n", encoding="utf-8")
    assert main(["import", "persons", str(missing)]) == 1
    assert "fiscal_code" in capsys.readouterr().err


def test_imported_names_are_searchable_and_the_trigger_survives(
        db: Database, clerk: FakeActor, good_rows: list[dict[str, str]],
        mario_form: PersonForm) -> None:
    assert import_rows(db, clerk, good_rows[1:]).ok
    assert [p.surname for p in search_people(db, clerk, "luigia verd")] == ["Verdi"]
    with db.read() as session:
        triggers = session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'person_fts%' "
            "ORDER BY name")).scalars()
        assert list(triggers) == ["person_fts_ad", "person_fts_ai", "person_fts_au"]
    # A person registered afterwards is indexed by the re-created trigger.
    register_person(db, clerk, mario_form)
    assert [p.surname for p in search_people(db, clerk, "mario ross")] == ["Rossi"]


def test_imported_people_get_distinct_ids_beyond_one_draw(db: Database, clerk: FakeActor) -> None:
    """More rows than one draw of ids (1,024 at a time): every person has an id of their
    own, a version 4 UUID as the counter gives."""
    import datetime as dt

    from codicefiscale import codicefiscale

    first = dt.date(1970, 1, 1)
    rows = [{"fiscal_code": codicefiscale.encode(
                lastname="Rossi", firstname="Mario", gender="M",
                birthdate=f"{first + dt.timedelta(days=n):%d/%m/%Y}", birthplace="D612"),
             "surname": "Rossi", "name": "Mario", "residence_code": "D612",
             "residence_address": "Via Roma", "residence_number": "1",
             "residence_postcode": "50122", "mobile": "3331234567"} for n in range(1_100)]
    report = import_rows(db, clerk, rows)
    assert report.ok and report.imported == 1_100
    with db.read() as session:
        ids = session.scalars(select(Person.id)).all()
    assert len(set(ids)) == 1_100 and {i.version for i in ids} == {4}
