"""Recording active-policy actions and placements (use cases, no Qt).

An action delivered to a person names a measure of the catalogue; it is linked to
the person's patto when they have one (the caller may name it, otherwise the
person's agreement is used). A placement is recorded from a matching proposal whose
outcome is "assunto", once per proposal, or entered directly. Both leave the site
through the outbox as append-only records, written with their audit line in the
transaction that adds the row.

Validation has two halves: :func:`check_action` / :func:`check_placement` look at the
form alone; :func:`check_action_records` / :func:`check_placement_records` compare it
with what the database holds (the DID in force, the hours already booked that day).
Every problem becomes one Italian sentence keyed by the form's field; nothing is
written while any is left.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import BrokenInvariant, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement
from desktop.models.matching import Employer, Proposal, Vacancy
from desktop.models.person import Person
from desktop.services.actions.catalogue import ACTION_OUTCOMES, load_catalogue, load_contract_types
from desktop.services.people.did import active_did
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.sync import outbox

#: The most hours of actions one person may be given on one day.
HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class ActionForm:
    person_id: uuid.UUID
    measure_code: str
    delivered_on: dt.date | None
    hours: float = 0.0
    provider: str = ""
    outcome: str = "completato"
    #: The patto it carries out; None: the person's own agreement, if any.
    agreement_id: uuid.UUID | None = None
    notes: str = ""


@dataclass(frozen=True)
class ActionRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    measure_code: str
    delivered_on: dt.date
    hours: float
    operator: str
    provider: str
    outcome: str
    agreement_id: uuid.UUID | None
    site_code: str


@dataclass(frozen=True)
class PlacementForm:
    person_id: uuid.UUID
    contract_type: str
    start_date: dt.date | None
    employer_id: uuid.UUID | None = None
    employer_name: str = ""


@dataclass(frozen=True)
class PlacementRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    contract_type: str
    start_date: dt.date
    employer_id: uuid.UUID | None
    employer_name: str
    source: str
    proposal_id: uuid.UUID | None
    site_code: str


def check_action(form: ActionForm, today: dt.date | None = None) -> dict[str, str]:
    """Field -> Italian message for every problem of the form (empty: it may be saved)."""
    errors: dict[str, str] = {}
    codes = {m.code for m in load_catalogue()}
    if form.measure_code not in codes:
        errors["measure_code"] = _("Choose a measure of the catalogue.")
    if form.delivered_on is None:
        errors["delivered_on"] = _("Write the date the action was delivered (dd/mm/yyyy).")
    elif form.delivered_on > (today or dt.date.today()):
        errors["delivered_on"] = _("An action cannot be recorded before it is delivered.")
    if not 0 <= form.hours <= HOURS_PER_DAY:
        errors["hours"] = _("Write the hours as a number between 0 and 24: an action "
                            "is recorded for one day.")
    if form.outcome not in ACTION_OUTCOMES:
        errors["outcome"] = _("Choose one of the outcomes offered.")
    return errors


def _day(day: dt.date) -> str:
    return formatting.date(day)


def _hours(hours: float) -> str:
    return formatting.hours(hours)


def check_action_records(session: Session, form: ActionForm) -> dict[str, str]:
    """Field -> Italian message for what the database says against the form: no DID in
    force, a date before it, or a day whose hours would add up over 24."""
    errors: dict[str, str] = {}
    did = active_did(session, form.person_id)
    if did is None:
        errors["person"] = _("This person has no DID in force: declare the DID before "
                             "recording an action.")
    elif form.delivered_on is not None and form.delivered_on < did.did_date:
        errors["delivered_on"] = _("The action is dated before the person's DID of {date}: "
                                   "check the date.").format(date=_day(did.did_date))
    if form.delivered_on is not None and 0 <= form.hours <= HOURS_PER_DAY:
        booked = float(session.scalar(
            select(func.coalesce(func.sum(Action.hours), 0.0)).where(
                Action.person_id == form.person_id,
                Action.delivered_on == form.delivered_on)) or 0.0)
        if booked + form.hours > HOURS_PER_DAY:
            errors["hours"] = _(
                "This person already has actions for {booked} h on {date}: with these the "
                "day would go over 24 hours.").format(
                booked=_hours(booked), date=_day(form.delivered_on))
    return errors


def check_placement_records(session: Session, form: PlacementForm) -> dict[str, str]:
    """Field -> Italian message: a job cannot start before the DID in force."""
    did = active_did(session, form.person_id)
    if did is not None and form.start_date is not None and form.start_date < did.did_date:
        return {"start_date": _("The job starts before the person's DID of {date}: check "
                                "the date.").format(date=_day(did.did_date))}
    return {}


def check_placement(form: PlacementForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.contract_type not in {t.code for t in load_contract_types()}:
        errors["contract_type"] = _("Choose one of the contract types offered.")
    if form.start_date is None:
        errors["start_date"] = _("Write the start date of the job (dd/mm/yyyy).")
    if form.employer_id is None and not form.employer_name.strip():
        errors["employer"] = _("Name the employer.")
    return errors


def record_action(db: Database, actor: AuditActor, form: ActionForm, *,
                  site_code: str = "", today: dt.date | None = None) -> ActionRecord:
    """Record an action delivered to a person, linked to their patto when there is one."""
    require(actor, Permission.AGREEMENT_WRITE, db)
    errors = check_action(form, today)
    with db.transaction() as session:
        if session.get(Person, form.person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        errors = {**check_action_records(session, form), **errors}
        if errors:
            raise ValidationError(_("The action cannot be saved: {count} field(s) to fix.")
                                  .format(count=len(errors)), errors)
        if form.delivered_on is None:
            raise BrokenInvariant("form.delivered_on is missing")
        agreement_id = _agreement_of(session, form.person_id, form.agreement_id)
        row = Action(id=uuid.uuid4(), person_id=form.person_id, agreement_id=agreement_id,
                     measure_code=form.measure_code, delivered_on=form.delivered_on,
                     hours=round(form.hours, 2), operator=actor.username,
                     provider=form.provider.strip(), outcome=form.outcome,
                     site_code=site_code, notes=form.notes.strip())
        session.add(row)
        session.flush()
        outbox.record(session, "action", row.id, "create", action_fields(row))
        audit.record(session, actor, "action.record", "person", form.person_id,
                     form.measure_code)
        return _action_record(row)


def _agreement_of(session: Session, person_id: uuid.UUID,
                  asked: uuid.UUID | None) -> uuid.UUID | None:
    if asked is not None:
        agreement = session.get(Agreement, asked)
        if agreement is None or agreement.person_id != person_id:
            raise ValidationError(_("This service agreement is not the person's own."),
                                  {"agreement_id": _("Choose one of the person's agreements.")})
        return asked
    return session.scalars(select(Agreement.id).where(Agreement.person_id == person_id)
                           .order_by(Agreement.created_at.desc()).limit(1)).first()


def actions_of_person(db: Database, actor: AuditActor,
                      person_id: uuid.UUID) -> tuple[ActionRecord, ...]:
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        rows = session.scalars(select(Action).where(Action.person_id == person_id)
                               .order_by(Action.delivered_on.desc(),
                                         Action.created_at.desc())).all()
        return tuple(_action_record(r) for r in rows)


def placements_of_person(db: Database, actor: AuditActor,
                         person_id: uuid.UUID) -> tuple[PlacementRecord, ...]:
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        rows = session.scalars(select(Placement).where(Placement.person_id == person_id)
                               .order_by(Placement.start_date.desc(),
                                         Placement.created_at.desc())).all()
        return tuple(_placement_record(r) for r in rows)


def record_placement(db: Database, actor: AuditActor, form: PlacementForm, *,
                     site_code: str = "") -> PlacementRecord:
    """Record a placement entered by hand (a job found without a proposal of the centre)."""
    require(actor, Permission.MATCHING, db)
    errors = check_placement(form)
    with db.transaction() as session:
        if session.get(Person, form.person_id) is None:
            raise NotFoundError(_("This person is no longer in the database."))
        errors = {**check_placement_records(session, form), **errors}
        if errors:
            raise ValidationError(_("The placement cannot be saved: {count} field(s) to "
                                    "fix.").format(count=len(errors)), errors)
        if form.start_date is None:
            raise BrokenInvariant("form.start_date is missing")
        name = form.employer_name.strip()
        if form.employer_id is not None:
            employer = session.get(Employer, form.employer_id)
            if employer is None:
                raise NotFoundError(_("This employer is no longer in the database."))
            name = name or employer.name
        row = Placement(id=uuid.uuid4(), person_id=form.person_id,
                        employer_id=form.employer_id, employer_name=name,
                        contract_type=form.contract_type, start_date=form.start_date,
                        source="diretto", operator=actor.username, site_code=site_code)
        session.add(row)
        session.flush()
        _push_placement(session, actor, row)
        return _placement_record(row)


def record_hired_proposals(db: Database, actor: AuditActor, *,
                           site_code: str | None = None) -> int:
    """Turn every proposal with outcome "assunto" not yet recorded into a placement.

    Idempotent: a proposal gives at most one placement (a unique key guards it). The
    start date is the day the outcome was recorded; the site is the vacancy's.
    Returns how many placements were added.
    """
    require(actor, Permission.MATCHING, db)
    with db.transaction() as session:
        query = (select(Proposal, Vacancy.employer_id, Vacancy.site_code, Employer.name)
                 .join(Vacancy, Vacancy.id == Proposal.vacancy_id)
                 .join(Employer, Employer.id == Vacancy.employer_id)
                 .outerjoin(Placement, Placement.proposal_id == Proposal.id)
                 .where(Proposal.outcome == "assunto", Placement.id.is_(None)))
        if site_code is not None:
            query = query.where(Vacancy.site_code == site_code)
        added = 0
        for proposal, employer_id, vacancy_site, employer_name in session.execute(query).all():
            hired_at = proposal.outcome_at or proposal.proposed_at
            row = Placement(id=uuid.uuid4(), person_id=proposal.person_id,
                            proposal_id=proposal.id, employer_id=employer_id,
                            employer_name=employer_name,
                            contract_type=proposal.contract_type or "",
                            start_date=hired_at.date(), source="incrocio",
                            operator=proposal.operator or actor.username,
                            site_code=vacancy_site)
            session.add(row)
            session.flush()
            _push_placement(session, actor, row)
            added += 1
        return added


def _push_placement(session: Session, actor: AuditActor, row: Placement) -> None:
    outbox.record(session, "placement", row.id, "create", placement_fields(row))
    audit.record(session, actor, "placement.record", "person", row.person_id, row.source)


def placement_fields(row: Placement) -> dict[str, object]:
    """What the region receives of a placement (append-only kind ``placement``)."""
    return {"person_id": str(row.person_id), "proposal_id": str(row.proposal_id or ""),
            "employer_id": str(row.employer_id or ""), "employer_name": row.employer_name,
            "contract_type": row.contract_type, "start_date": row.start_date.isoformat(),
            "source": row.source, "site_code": row.site_code}


def action_fields(row: Action) -> dict[str, object]:
    """What the region receives of an action (append-only kind ``action``)."""
    return {"person_id": str(row.person_id), "agreement_id": str(row.agreement_id or ""),
            "measure_code": row.measure_code, "delivered_on": row.delivered_on.isoformat(),
            "hours": row.hours, "operator": row.operator, "provider": row.provider,
            "outcome": row.outcome, "site_code": row.site_code}


def _action_record(row: Action) -> ActionRecord:
    return ActionRecord(row.id, row.person_id, row.measure_code, row.delivered_on, row.hours,
                        row.operator, row.provider, row.outcome, row.agreement_id,
                        row.site_code)


def _placement_record(row: Placement) -> PlacementRecord:
    return PlacementRecord(row.id, row.person_id, row.contract_type, row.start_date,
                           row.employer_id, row.employer_name, row.source, row.proposal_id,
                           row.site_code)
