"""Who is ranked: the default exclusions, their counts, lifting them, closed vacancies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import select

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.actions import Placement
from desktop.models.matching import Vacancy
from desktop.models.person import Person
from desktop.services import matching
from desktop.services.matching import MatchFilters
from desktop.services.matching.eligibility import active_did_people
from desktop.services.people.did import active_did
from tests.matching.test_service import COUNSELLOR, _open_vacancy


def _codes(report: matching.MatchReport) -> dict[str, int]:
    return {e.code: e.count for e in report.exclusions}


def test_bulk_did_rule_is_active_did_person_by_person(demo_db: Database) -> None:
    today = clock.today()
    with demo_db.read() as session:
        bulk = active_did_people(session, today)
        ids = list(session.scalars(select(Person.id)))
        one_by_one = {pid for pid in ids if active_did(session, pid, today) is not None}
    assert bulk == one_by_one
    assert 0 < len(bulk) < len(ids)  # the demo has people with and without a DID


def test_people_without_an_active_did_are_left_out_and_counted(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    today = clock.today()
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    with demo_db.read() as session:
        assert all(active_did(session, r.person_id, today) is not None for r in report.rows)
        without = sum(1 for pid in session.scalars(select(Person.id))
                      if active_did(session, pid, today) is None)
    assert _codes(report)["no_did"] == without
    no_did = next(e for e in report.exclusions if e.code == "no_did")
    assert no_did.liftable and not no_did.lifted and "DID" in no_did.reason
    lifted = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                             MatchFilters(top=500, lift=frozenset({"no_did"})))
    assert lifted.eligible > report.eligible
    assert next(e for e in lifted.exclusions if e.code == "no_did").lifted
    with demo_db.read() as session:
        assert any(active_did(session, r.person_id, today) is None for r in lifted.rows)


def test_a_person_hired_in_the_period_is_left_out_until_lifted(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    first = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows[0]
    placed_before = _codes(matching.candidates_for_vacancy(
        demo_db, COUNSELLOR, vacancy.id)).get("placed", 0)
    with demo_db.transaction() as session:
        session.add(Placement(person_id=first.person_id, contract_type="determinato",
                              start_date=clock.today() - dt.timedelta(days=10)))
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    assert first.person_id not in {r.person_id for r in report.rows}
    assert _codes(report)["placed"] >= placed_before + 1
    lifted = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                             MatchFilters(lift=frozenset({"placed"})))
    assert first.person_id in {r.person_id for r in lifted.rows}


def test_beyond_the_radius_is_counted_and_can_be_lifted(demo_db: Database) -> None:
    vacancies = [v for v in _all(demo_db) if v.status == "aperta" and not v.l68_only]
    for vacancy in vacancies:
        report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                                 MatchFilters(top=500))
        if _codes(report).get("radius"):
            break
    else:
        raise AssertionError("no demo vacancy has people beyond their radius")
    lifted = matching.candidates_for_vacancy(
        demo_db, COUNSELLOR, vacancy.id, MatchFilters(top=500, lift=frozenset({"radius"})))
    assert lifted.eligible > report.eligible
    far = {r.person_id for r in lifted.rows} - {r.person_id for r in report.rows}
    assert far and all(r.distance_km is not None for r in lifted.rows
                       if r.person_id in far)


def _all(db: Database) -> list[Vacancy]:
    with db.read() as session:
        return list(session.scalars(select(Vacancy).order_by(Vacancy.number)))


def test_expired_and_closed_vacancies_are_never_proposed(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    someone = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows[0]
    listed = matching.vacancies_for_person(demo_db, COUNSELLOR, someone.person_id,
                                           MatchFilters(top=500))
    assert vacancy.id in {r.vacancy_id for r in listed.rows}
    with demo_db.transaction() as session:
        row = session.get(Vacancy, vacancy.id)
        assert row is not None
        row.closes_on = clock.today() - dt.timedelta(days=1)
    expired = matching.candidates_for_vacancy(
        demo_db, COUNSELLOR, vacancy.id, MatchFilters(lift=frozenset(matching.LIFTABLE)))
    assert expired.rows == () and any("scaduta" in n for n in expired.notes)
    listed = matching.vacancies_for_person(demo_db, COUNSELLOR, someone.person_id,
                                           MatchFilters(top=500))
    assert vacancy.id not in {r.vacancy_id for r in listed.rows}
    with demo_db.transaction() as session:
        row = session.get(Vacancy, vacancy.id)
        assert row is not None
        row.closes_on, row.status = None, "chiusa"
    closed = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    assert closed.rows == () and closed.exclusions == ()


def test_unknown_lift_codes_are_ignored(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    plain = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    odd = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id, dataclasses.replace(
        MatchFilters(), lift=frozenset({"l68", "closed", str(uuid.uuid4())})))
    assert [r.person_id for r in odd.rows] == [r.person_id for r in plain.rows]


def test_a_hiring_recorded_without_its_moment_still_counts(demo_db: Database) -> None:
    from desktop.models.matching import Proposal

    vacancy = _open_vacancy(demo_db)
    first = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows[0]
    with demo_db.transaction() as session:
        other = next(v for v in session.scalars(select(Vacancy)) if v.id != vacancy.id)
        session.add(Proposal(vacancy_id=other.id, person_id=first.person_id,
                             outcome="assunto", outcome_at=None))
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    assert first.person_id not in {r.person_id for r in report.rows}


def test_the_exclusions_follow_a_new_person_without_a_did(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    before = _codes(matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id))
    with demo_db.transaction() as session:  # a person registered, no DID yet
        session.add(Person(fiscal_code="NUOVOX80A01D612Z", fiscal_code_base="NUOVOX80A01D612Z",
                           surname="Nuovo", name="Arrivato", sex="M",
                           birth_date=dt.date(1980, 1, 1), birthplace_code="D612"))
    after = _codes(matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id))
    assert after["no_did"] == before["no_did"] + 1


def test_vacancies_for_a_person_without_a_did_say_they_are_left_out(
        demo_db: Database) -> None:
    today = clock.today()
    with demo_db.read() as session:
        without = next(pid for pid in session.scalars(select(Person.id))
                       if active_did(session, pid, today) is None)
        with_did = next(iter(active_did_people(session, today)))
    report = matching.vacancies_for_person(demo_db, COUNSELLOR, without)
    assert any("DID in vigore" in n for n in report.notes)
    other = matching.vacancies_for_person(demo_db, COUNSELLOR, with_did)
    assert not any("DID in vigore" in n for n in other.notes)
