"""An omocode is another person's code; a DID is one at a time, from an age, and ends.

By law the holder of an omocode (RSSMRA85T10A56NH) is a different person from the
holder of the code it reduces to (RSSMRA85T10A562S): both can be registered, each is
found by their own code, and the reduced form only raises a duplicate warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models.registration import Did
from desktop.models.sync import OutboxEntry
from desktop.services.people.did import (
    DidForm,
    DidInForce,
    active_did,
    declare_did,
    did_in_force,
    end_did,
    unemployment_length,
    unemployment_text,
)
from desktop.services.people.duplicates import DuplicateQuery, find_duplicates
from desktop.services.people.fiscal_code import base_form
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person, update_person
from desktop.services.people.search import lookup_code, search_people
from tests.registration.conftest import FakeActor

MARIO = "RSSMRA85T10A562S"
OMOCODE = "RSSMRA85T10A56NH"


def mauro(form: PersonForm) -> PersonForm:
    """Another person whose code reduces to Mario's: the omocode holder."""
    return replace(form, fiscal_code=f"*{OMOCODE}*", name="Mauro", mobile="347 7654321",
                   email="mauro.rossi@example.it")


def did_form(**changes: object) -> DidForm:
    values: dict[str, object] = {"did_date": dt.date.today(), "education": "diploma",
                                 "employment_condition": "disoccupato"}
    values.update(changes)
    return DidForm(**values)  # type: ignore[arg-type]


def test_base_form_uses_no_private_api_and_reduces_every_position() -> None:
    assert base_form(OMOCODE) == MARIO
    assert base_form("RSSMRAULALMDSMNG") == "RSSMRA80A01D612Y"
    assert base_form(MARIO) == MARIO
    import inspect

    from desktop.services.people import fiscal_code
    assert "_get_omocode" not in inspect.getsource(fiscal_code)


def test_the_omocode_holder_is_registered_beside_the_base_code_holder(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    other = register_person(db, clerk, mauro(mario_form))
    assert (mario.fiscal_code, other.fiscal_code) == (MARIO, OMOCODE)
    assert other.fiscal_code_base == MARIO and other.id != mario.id
    # the exact code is still unique, typed either way
    with pytest.raises(ValidationError) as caught:
        register_person(db, clerk, replace(mauro(mario_form), fiscal_code=OMOCODE.lower()))
    assert caught.value.fields == {"fiscal_code": "Già registrato."}
    # correcting Mario's record to the omocode clashes with Mauro, not with himself
    with pytest.raises(ValidationError):
        update_person(db, clerk, mario.id, replace(mario_form, fiscal_code=OMOCODE))
    assert update_person(db, clerk, mario.id, mario_form).fiscal_code == MARIO


def test_each_code_finds_its_holder_and_the_reduced_code_finds_candidates(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    other = register_person(db, clerk, mauro(mario_form))
    # only the omocode holder is registered: the reduced code finds him as a candidate
    found = lookup_code(db, clerk, f"*{MARIO}*")
    assert found.exact is None and [p.id for p in found.candidates] == [other.id]
    assert [p.fiscal_code for p in search_people(db, clerk, MARIO)] == [OMOCODE]
    mario = register_person(db, clerk, mario_form)
    assert lookup_code(db, clerk, MARIO).exact is not None
    assert lookup_code(db, clerk, MARIO).exact.id == mario.id  # type: ignore[union-attr]
    assert lookup_code(db, clerk, OMOCODE.lower()).exact.id == other.id  # type: ignore[union-attr]
    assert [p.id for p in search_people(db, clerk, MARIO)] == [mario.id]
    assert [p.id for p in search_people(db, clerk, OMOCODE)] == [other.id]


def test_the_reduced_code_is_a_tier_one_warning_naming_the_omocode(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    mario = register_person(db, clerk, mario_form)
    candidates = find_duplicates(db, clerk, DuplicateQuery(fiscal_code=OMOCODE))
    assert [(c.person.id, c.tier) for c in candidates] == [(mario.id, 1)]
    assert "omocodice" in candidates[0].reasons[0]
    # the record itself is never its own duplicate once saved
    assert find_duplicates(db, clerk, DuplicateQuery(
        fiscal_code=MARIO, surname="Rossi", name="Mario", sex="M",
        birth_date=dt.date(1985, 12, 10), exclude_id=mario.id)) == []


def test_a_second_did_is_refused_and_offers_the_one_in_force(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    first = declare_did(db, clerk, person.id, did_form())
    with pytest.raises(DidInForce) as caught:
        declare_did(db, clerk, person.id, did_form(naspi=True))
    assert caught.value.did.id == first.id
    assert "già una DID in vigore" in caught.value.fields["did_date"]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Did)) == 1


def test_a_did_under_the_minimum_age_is_refused(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    today = dt.date.today()
    young = today.replace(year=today.year - 15) - dt.timedelta(days=1)
    from desktop.services.people.fiscal_code import expected_code

    code = expected_code("Rossi", "Luca", "M", young, "H501")
    assert code is not None
    minor = register_person(db, clerk, replace(
        mario_form, fiscal_code=code, name="Luca", birth_date=young, birthplace_code="H501",
        delegate_name="Rossi Anna", delegate_fiscal_code=MARIO, delegate_relation="madre"))
    with pytest.raises(ValidationError) as caught:
        declare_did(db, clerk, minor.id, did_form())
    assert "15 anni" in caught.value.fields["did_date"]
    assert "16" in caught.value.fields["did_date"]
    # the configured minimum decides
    assert declare_did(db, clerk, minor.id, did_form(), min_age=15).did_date == today


def test_revocation_ends_the_did_and_travels_with_it(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    person = register_person(db, clerk, mario_form)
    start = dt.date.today() - dt.timedelta(days=40)
    did = declare_did(db, clerk, person.id, did_form(did_date=start))
    with db.read() as session:
        assert [e.kind for e in session.scalars(select(OutboxEntry))] == ["person", "did"]
    for kind, day, reason, key in (
            ("revoca", start - dt.timedelta(days=1), "Trovato lavoro", "ended_on"),
            ("revoca", dt.date.today() + dt.timedelta(days=1), "Trovato lavoro", "ended_on"),
            ("revoca", None, "Trovato lavoro", "ended_on"),
            ("decadenza", dt.date.today(), "   ", "end_reason"),
            ("altro", dt.date.today(), "Trovato lavoro", "end_kind")):
        with pytest.raises(ValidationError) as caught:
            end_did(db, clerk, did.id, kind, day, reason)
        assert list(caught.value.fields) == [key]
        assert caught.value.user_message == caught.value.fields[key]
    assert did_in_force(db, clerk, person.id) == replace(did, contributions=())
    ended = end_did(db, clerk, did.id, "decadenza", dt.date.today(),
                    "Mancata presentazione alla convocazione")
    assert ended.ended_on == dt.date.today() and not ended.in_force
    with db.read() as session:
        assert active_did(session, person.id) is None
        assert [e.kind for e in session.scalars(select(OutboxEntry))] == [
            "person", "did", "did_end"]
    assert did_in_force(db, clerk, person.id) is None
    with pytest.raises(ValidationError):
        end_did(db, clerk, did.id, "revoca", dt.date.today(), "di nuovo")
    # now a new DID may be declared
    assert declare_did(db, clerk, person.id, did_form()).in_force


def test_ending_a_did_needs_the_write_permission(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    from desktop.errors import PermissionDenied

    person = register_person(db, clerk, mario_form)
    did = declare_did(db, clerk, person.id, did_form())
    with pytest.raises(PermissionDenied):
        end_did(db, FakeActor("guest", "lettura"), did.id, "revoca", dt.date.today(), "x")


@pytest.mark.parametrize(("start", "today", "expected", "text"), [
    (dt.date(2026, 8, 22), dt.date(2026, 12, 4), (3, 12), "Disoccupato da 3 mesi e 12 giorni"),
    (dt.date(2026, 1, 31), dt.date(2026, 3, 1), (1, 1), "Disoccupato da 1 mese e 1 giorno"),
    (dt.date(2026, 12, 4), dt.date(2026, 12, 4), (0, 0), "Disoccupato da 0 giorni"),
    (dt.date(2025, 12, 4), dt.date(2026, 12, 4), (12, 0), "Disoccupato da 12 mesi"),
])
def test_unemployment_length(start: dt.date, today: dt.date, expected: tuple[int, int],
                             text: str) -> None:
    assert unemployment_length(start, today) == expected
    assert unemployment_text(start, today) == text


def test_revoking_the_latest_did_never_brings_back_an_older_open_one(
        db: Database, clerk: FakeActor, mario_form: PersonForm) -> None:
    """A merge or older data can leave an earlier DID open; only the latest counts."""
    mario = register_person(db, clerk, mario_form)
    latest = declare_did(db, clerk, mario.id, did_form(did_date=dt.date.today()))
    with db.transaction() as session:  # an older declaration, never ended
        row = session.get(Did, latest.id)
        assert row is not None
        older = Did(**{c.name: getattr(row, c.name) for c in Did.__table__.columns
                       if c.name not in ("id", "created_at", "updated_at")})
        older.did_date = dt.date.today() - dt.timedelta(days=400)
        session.add(older)
    end_did(db, clerk, latest.id, "revoca", dt.date.today(), "rinuncia")
    with db.read() as session:
        assert active_did(session, mario.id) is None
