"""Vacancies at the counter: entry, bad input, lifecycle, history, audit and outbox."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.matching import Vacancy
from desktop.models.sync import OutboxEntry
from desktop.services.firms import vacancy_lifecycle as life
from desktop.services.firms.vacancies import (
    VacancyForm,
    create_vacancy,
    list_vacancies,
    update_vacancy,
    vacancy_form,
)
from tests.vacancies.conftest import CLERK, COUNSELLOR

TODAY = dt.date.today()


def _form(employer_id: uuid.UUID, **changes: object) -> VacancyForm:
    values: dict[str, object] = dict(
        employer_id=employer_id, title="Cameriere/a di sala", occupation_code="5.2.2.3.2",
        positions=2, skills=("Sala", "HACCP"), optional_skills=("inglese", "sala"),
        education="licenza_media", languages=(("Inglese", "B1"),), licences=("B",),
        contract_type="stagionale", hours_per_week=40, workplace_code="D612",
        closes_on=TODAY + dt.timedelta(days=30))
    values.update(changes)
    return VacancyForm(**values)  # type: ignore[arg-type]


def _count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _events(db: Database) -> list[dict[str, object]]:
    with db.read() as session:
        return [e.payload["fields"] for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "vacancy_event")
            .order_by(OutboxEntry.seq))]


def test_a_vacancy_is_entered_as_a_draft_with_every_field(db: Database,
                                                          employer_id: uuid.UUID) -> None:
    info = create_vacancy(db, COUNSELLOR, _form(employer_id))
    assert info.status == "bozza" and info.number.startswith("OF-FI01-")
    assert (info.occupation, info.workplace, info.positions) == (
        "Camerieri di ristorante", "Firenze", 2)
    with db.read() as session:
        row = session.get(Vacancy, info.id)
        assert row is not None
        assert (row.skills, row.optional_skills) == ("haccp,sala", "inglese")
        assert (row.languages, row.licences, row.contract_type) == ("inglese:B1", "B",
                                                                     "stagionale")
    back = vacancy_form(db, COUNSELLOR, info.id)
    assert back.skills == ("haccp", "sala") and back.languages == (("inglese", "B1"),)
    # The draft is not matched: only published vacancies are open.
    assert info.id not in {v.id for v in list_vacancies(db, COUNSELLOR)}
    assert info.id in {v.id for v in list_vacancies(db, COUNSELLOR, open_only=False,
                                                    employer_id=employer_id)}
    [event] = _events(db)
    assert (event["event"], event["status"], event["vacancy_id"]) == (
        "create", "bozza", str(info.id))
    assert event["occupation_code"] == "5.2.2.3.2" and event["positions"] == 2
    assert event["employer_fiscal_code"] == "00743110157"


@pytest.mark.parametrize(("changes", "field", "sentence"), [
    ({"occupation_code": "5.2.2.3.9"}, "occupation_code", "Professione non trovata: 5.2.2.3.9"),
    ({"occupation_code": "cameriere"}, "occupation_code", "Professione non trovata: cameriere"),
    ({"occupation_code": "5.2.2"}, "occupation_code", "Professione non trovata"),
    ({"occupation_code": ""}, "occupation_code", "Scegliere la professione"),
    ({"positions": 0}, "positions", "I posti vanno da 1 a 999"),
    ({"closes_on": TODAY - dt.timedelta(days=1)}, "closes_on", "La data di scadenza è passata"),
])
def test_bad_input_gets_one_italian_sentence_and_saves_nothing(
        db: Database, employer_id: uuid.UUID, changes: dict[str, object], field: str,
        sentence: str) -> None:
    before = (_count(db, Vacancy), _count(db, OutboxEntry), _count(db, AuditEntry))
    with pytest.raises(ValidationError) as caught:
        create_vacancy(db, COUNSELLOR, _form(employer_id, **changes))
    assert sentence in caught.value.fields[field]
    assert sentence in str(caught.value)
    assert (_count(db, Vacancy), _count(db, OutboxEntry), _count(db, AuditEntry)) == before


def test_publish_suspend_close_with_reasons_history_and_outbox(
        db: Database, employer_id: uuid.UUID) -> None:
    info = create_vacancy(db, COUNSELLOR, _form(employer_id))
    assert life.publish(db, COUNSELLOR, info.id).status == "aperta"
    assert info.id in {v.id for v in list_vacancies(db, COUNSELLOR)}
    with pytest.raises(ValidationError) as caught:
        life.suspend(db, COUNSELLOR, info.id, "")
    assert "Scegliere perché l'offerta è sospesa" in str(caught.value)
    suspended = life.suspend(db, COUNSELLOR, info.id, "verifica_requisiti")
    assert (suspended.status, suspended.status_reason) == ("sospesa", "verifica_requisiti")
    assert life.publish(db, COUNSELLOR, info.id).status == "aperta"
    before = _count(db, OutboxEntry)
    with pytest.raises(ValidationError) as caught:
        life.close(db, COUNSELLOR, info.id, "")
    assert caught.value.fields["reason"] == "Scegliere perché l'offerta è chiusa."
    with pytest.raises(ValidationError) as caught:
        life.close(db, COUNSELLOR, info.id, "altro", "  ")
    assert "nota" in str(caught.value)
    assert _count(db, OutboxEntry) == before
    closed = life.close(db, COUNSELLOR, info.id, "coperta", "Assunti due camerieri")
    assert (closed.status, closed.status_reason, closed.status_note) == (
        "chiusa", "coperta", "Assunti due camerieri")
    with pytest.raises(ValidationError):
        life.publish(db, COUNSELLOR, info.id)  # closed is final
    with pytest.raises(ValidationError):
        update_vacancy(db, COUNSELLOR, info.id, _form(employer_id, positions=3))
    steps = life.history(db, COUNSELLOR, info.id)
    assert [(s.status, s.reason) for s in steps] == [
        ("bozza", ""), ("aperta", ""), ("sospesa", "verifica_requisiti"), ("aperta", ""),
        ("chiusa", "coperta")]
    assert [e["event"] for e in _events(db)] == [
        "create", "publish", "suspend", "publish", "close"]
    assert _events(db)[-1]["reason"] == "coperta"
    with db.read() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("vacancy.%")).order_by(AuditEntry.seq)))
    assert actions == ["vacancy.create", "vacancy.publish", "vacancy.suspend",
                       "vacancy.publish", "vacancy.close"]


def test_an_expired_vacancy_is_flagged_and_cannot_be_published(
        db: Database, employer_id: uuid.UUID) -> None:
    info = create_vacancy(db, COUNSELLOR, _form(employer_id))
    life.publish(db, COUNSELLOR, info.id)
    with db.transaction() as session:
        row = session.get(Vacancy, info.id)
        assert row is not None
        row.closes_on = TODAY - dt.timedelta(days=2)
    [listed] = list_vacancies(db, COUNSELLOR)
    assert listed.expired
    life.suspend(db, COUNSELLOR, info.id, "richiesta_azienda")
    with pytest.raises(ValidationError) as caught:
        life.publish(db, COUNSELLOR, info.id)
    assert "scaduta il" in str(caught.value)
    updated = update_vacancy(db, COUNSELLOR, info.id, _form(
        employer_id, closes_on=TODAY + dt.timedelta(days=10), positions=1))
    assert not updated.expired and updated.positions == 1
    assert life.publish(db, COUNSELLOR, info.id).status == "aperta"


def test_a_clerk_without_matching_cannot_enter_a_vacancy(db: Database,
                                                          employer_id: uuid.UUID) -> None:
    with pytest.raises(PermissionDenied):
        create_vacancy(db, CLERK, _form(employer_id))
    assert _count(db, Vacancy) == 0
