"""Registration: validation with Italian messages, one transaction, visits, DID."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.registration import Did, Visit
from desktop.services.people.did import DidForm, declare_did, end_did
from desktop.services.people.person_form import PersonForm, validate_person
from desktop.services.people.registration import record_lookup, register_person, visits_of
from tests.registration.conftest import FakeActor


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_valid_form_has_no_errors(mario_form: PersonForm) -> None:
    result = validate_person(mario_form)
    assert result.errors == {} and result.warnings == {}


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"fiscal_code": "RSSMRA85T10A562X"}, "fiscal_code", "controllo"),
    ({"fiscal_code": "rss mra 85t10 a562"}, "fiscal_code", "15"),
    ({"birth_date": dt.date.today() + dt.timedelta(days=3)}, "birth_date", "futuro"),
    ({"birthplace_code": "A009"}, "birthplace", "non esisteva"),
    ({"email": "mario.rossi.example.it"}, "email", "e-mail"),
    ({"residence_postcode": "00118"}, "residence_postcode", "non appartiene"),
    ({"residence_postcode": "5012"}, "residence_postcode", "5 cifre"),
    ({"surname": "R" * 10_000}, "surname", "100"),
    ({"name": "Mario 😀"}, "name", "lettere"),
    ({"surname": "Rossi'; DROP TABLE person; --"}, "surname", "lettere"),
    ({"mobile": ""}, "mobile", "obbligatorio"),
    ({"residence_code": "Z129"}, "residence_code", "comune"),
    ({"privacy_acknowledged": False}, "privacy", "privacy"),
    ({"citizenship": "marocchina"}, "permit_number", "extra UE"),
    ({"birth_date": dt.date(2012, 12, 10),
      "fiscal_code": "RSSMRA12T10A562R"}, "delegate_name", "delegato"),
])
def test_bad_input_gets_an_italian_message_on_its_field(
        mario_form: PersonForm, changes: dict[str, object], field: str, fragment: str) -> None:
    result = validate_person(replace(mario_form, **changes))  # type: ignore[arg-type]
    assert field in result.errors, result.errors
    assert fragment in result.errors[field]


def test_mismatch_with_the_code_warns_but_does_not_block(mario_form: PersonForm) -> None:
    result = validate_person(replace(mario_form, birth_date=dt.date(1985, 12, 11)))
    assert result.ok
    assert "1985" in result.warnings["birth_date"]


def test_register_saves_person_and_visit_in_one_go(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    record = register_person(db, clerk, mario_form)
    assert record.fiscal_code == "RSSMRA85T10A562S"
    assert record.birthplace_name == "San Giuliano Terme"
    assert "Firenze" in record.residence
    with db.read() as session:
        person = session.get(Person, record.id)
        assert person is not None
        assert person.mobile == "3331234567" and person.email == "mario.rossi@example.it"
        assert person.search_key == "rossi mario"
        assert person.privacy_acknowledged_at is not None and person.privacy_version
    assert [v.kind for v in visits_of(db, clerk, record.id)] == ["registration"]


def test_invalid_form_saves_nothing(db: Database, clerk: FakeActor,
                                    mario_form: PersonForm) -> None:
    with pytest.raises(ValidationError) as caught:
        register_person(db, clerk, replace(mario_form, email="senza-chiocciola", mobile=""))
    assert set(caught.value.fields) == {"email", "mobile"}
    assert "2" in caught.value.user_message
    assert count(db, Person) == 0 and count(db, Visit) == 0


def test_the_same_code_of_a_registered_person_is_refused(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    # (an omocode is another person: see test_omocode_and_did.py)
    register_person(db, clerk, mario_form)
    with pytest.raises(ValidationError) as caught:
        register_person(db, clerk, replace(mario_form, fiscal_code="rssmra85t10a562s"))
    assert "già registrata" in caught.value.user_message
    assert count(db, Person) == 1 and count(db, Visit) == 1


def test_a_failure_inside_the_transaction_leaves_nothing(
        db: Database, clerk: FakeActor, mario_form: PersonForm,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.people import registration

    def broken_visit(**kwargs: object) -> None:
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(registration, "Visit", broken_visit)
    with pytest.raises(RuntimeError):
        register_person(db, clerk, mario_form)
    assert count(db, Person) == 0


def test_a_role_without_write_permission_cannot_register(
        db: Database, mario_form: PersonForm) -> None:
    with pytest.raises(PermissionDenied):
        register_person(db, FakeActor("x", "nobody"), mario_form)


def test_lookup_records_a_visit(db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    record = register_person(db, clerk, mario_form)
    record_lookup(db, clerk, record.id, reason="C")
    assert [(v.kind, v.reason) for v in visits_of(db, clerk, record.id)] == [
        ("registration", "A"), ("lookup", "C")]


def test_did_profiles_and_sets_the_patto_deadline(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    record = register_person(db, clerk, mario_form)
    day = dt.date.today()
    form = DidForm(did_date=day, education="licenza_media",
                   employment_condition="disoccupato", months_unemployed=14,
                   household_size=3, dependent_children=1)
    did = declare_did(db, clerk, record.id, form)
    assert 0 < did.profiling_index < 1
    assert did.patto_deadline == day + dt.timedelta(days=30)
    assert 1 <= did.gol_path <= 4
    end_did(db, clerk, did.id, "revoca", day, "Ha trovato lavoro")  # one DID in force
    naspi = declare_did(db, clerk, record.id, replace(form, naspi=True))
    assert naspi.patto_deadline == day + dt.timedelta(days=15)
    assert count(db, Did) == 2
    assert [v.kind for v in visits_of(db, clerk, record.id)] == ["registration", "did", "did"]


def test_did_income_above_the_configured_threshold_is_refused(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    record = register_person(db, clerk, mario_form)
    form = DidForm(did_date=dt.date.today(), education="diploma",
                   employment_condition="occupato_sotto_soglia", annual_income=20_000)
    with pytest.raises(ValidationError) as caught:
        declare_did(db, clerk, record.id, form)
    assert "annual_income" in caught.value.fields
    assert count(db, Did) == 0
