"""L. 68/1999 enrolment: the legal thresholds, the permission re-read on every call, every
read audited, and the matching that respects the work limitations without telling why."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, SessionRevoked, ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.matching import Vacancy
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services import matching
from desktop.services.firms import targeted_placement as l68
from desktop.services.firms.targeted_placement import EnrolmentForm
from tests.consent.conftest import open_vacancy, operator, set_role

DAY = dt.date(2025, 6, 2)


def _someone_not_enrolled(db: Database) -> uuid.UUID:
    vacancy = open_vacancy(db)
    rows = matching.candidates_for_vacancy(db, operator(db, "s.ferri"), vacancy.id).rows
    with db.read() as session:
        enrolled = set(session.scalars(select(TargetedPlacementEnrolment.person_id)))
    return next(r.person_id for r in rows if r.person_id not in enrolled)


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(TargetedPlacementEnrolment))
                   or 0)


@pytest.mark.parametrize(("basis", "percent", "threshold"), [
    ("invalido_civile", 45, "45"), ("invalido_civile", 30, "45"),
    ("invalido_lavoro", 33, "33")])
def test_a_percentage_under_the_threshold_is_refused_and_nothing_saved(
        demo_db: Database, basis: str, percent: int, threshold: str) -> None:
    officer = operator(demo_db, "s.ferri")
    person = _someone_not_enrolled(demo_db)
    before = _count(demo_db)
    with pytest.raises(ValidationError) as caught:
        l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
            DAY, "disabile", percent, basis))
    message = caught.value.fields["disability_percent"]
    assert message == (f"{percent} % non basta: l'art. 1 c. 1 L. 68/1999 richiede più del "
                       f"{threshold} % per questo titolo.")
    assert _count(demo_db) == before


def test_thresholds_accept_just_above_and_art_18_has_no_percentage(demo_db: Database) -> None:
    officer = operator(demo_db, "s.ferri")
    person = _someone_not_enrolled(demo_db)
    saved = l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
        DAY, "disabile", 34, "invalido_lavoro", report_number="VM-2025/118",
        report_date=dt.date(2025, 5, 20), functional_report="Relazione conclusiva 2025/44",
        limitations=("no_night_shifts", "no_heavy_lifting"), limitations_note="pause brevi"))
    assert saved.limitations == ("no_heavy_lifting", "no_night_shifts")
    assert saved.report_number == "VM-2025/118" and saved.basis == "invalido_lavoro"
    with pytest.raises(ValidationError) as caught:
        l68.save_enrolment(demo_db, officer, person, EnrolmentForm(DAY, "categoria protetta", 50))
    assert "art. 18" in caught.value.fields["disability_percent"]
    with pytest.raises(ValidationError) as caught:
        l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
            DAY, "disabile", 60, "invalido_civile", report_date=DAY + dt.timedelta(days=3)))
    assert "verbale" in caught.value.fields["report_date"]
    with pytest.raises(ValidationError) as caught:
        l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
            DAY, "disabile", 60, "invalido_civile", limitations=("no_flying",)))
    assert "no_flying" in caught.value.fields["limitations"]
    again = l68.read_enrolment(demo_db, officer, person)
    assert again == saved  # the refused saves changed nothing
    art18 = l68.save_enrolment(demo_db, officer, person, EnrolmentForm(DAY, "categoria protetta"))
    assert art18.basis == "" and art18.disability_percent == 0


def test_every_read_is_audited_and_operatore_cannot_read(demo_db: Database) -> None:
    officer = operator(demo_db, "s.ferri")
    person = _someone_not_enrolled(demo_db)
    l68.enrol(demo_db, officer, person, DAY, "disabile", 67)
    with demo_db.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "l68.read"))
    assert l68.read_enrolment(demo_db, officer, person) is not None
    assert l68.read_enrolment(demo_db, officer, uuid.uuid4()) is None
    with demo_db.read() as session:
        after = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "l68.read"))
    assert after == (before or 0) + 2
    with pytest.raises(PermissionDenied) as caught:
        l68.read_enrolment(demo_db, operator(demo_db, "m.conti"), person)
    assert caught.value.user_message.startswith("Il tuo ruolo non consente")


def test_a_role_changed_a_minute_ago_is_refused_at_the_next_read(demo_db: Database) -> None:
    officer = operator(demo_db, "s.ferri")  # logged in as collocamento mirato
    person = _someone_not_enrolled(demo_db)
    l68.enrol(demo_db, officer, person, DAY, "disabile", 67)
    set_role(demo_db, officer.id, "operatore")  # the manager changed it since the login
    with pytest.raises(SessionRevoked) as caught:
        l68.read_enrolment(demo_db, officer, person)
    assert caught.value.user_message == ("Il tuo ruolo è cambiato dopo l'accesso: questa "
                                         "sessione è chiusa. Accedi di nuovo per continuare.")
    with pytest.raises(SessionRevoked):
        l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
            DAY, "disabile", 99, "invalido_civile"))
    set_role(demo_db, officer.id, "collocamento_mirato")
    enrolment = l68.read_enrolment(demo_db, officer, person)
    assert enrolment is not None and enrolment.disability_percent == 67  # unchanged


def test_matching_respects_work_limitations_without_revealing_them(demo_db: Database) -> None:
    officer = operator(demo_db, "s.ferri")
    counsellor = operator(demo_db, "m.conti")
    vacancy = open_vacancy(demo_db)
    first = matching.candidates_for_vacancy(demo_db, counsellor, vacancy.id).rows[0]
    l68.save_enrolment(demo_db, officer, first.person_id, EnrolmentForm(
        DAY, "disabile", 70, "invalido_civile", limitations=("no_night_shifts",)))
    # no night shifts asked: still ranked
    assert first.person_id in {r.person_id for r in matching.candidates_for_vacancy(
        demo_db, counsellor, vacancy.id).rows}
    with demo_db.transaction() as session:
        row = session.get(Vacancy, vacancy.id)
        assert row is not None
        row.night_shifts = True
    plain = matching.candidates_for_vacancy(demo_db, counsellor, vacancy.id)
    assert first.person_id not in {r.person_id for r in plain.rows}
    limits = next(e for e in plain.exclusions if e.code == "limits")
    assert limits.reason == "non compatibile (riservato)" and not limits.liftable
    assert "68" not in limits.reason and "notturn" not in limits.reason
    officer_view = matching.candidates_for_vacancy(demo_db, officer, vacancy.id)
    reason = next(e for e in officer_view.exclusions if e.code == "limits").reason
    assert "limitazioni" in reason
    # the other direction: the vacancy is left out of the person's vacancies
    theirs = matching.vacancies_for_person(demo_db, counsellor, first.person_id)
    assert vacancy.id not in {r.vacancy_id for r in theirs.rows}
    assert any("non compatibile (riservato)" in n for n in theirs.notes)
