"""Services delivered to firms (consulenza, preselezione, …) recorded as firm actions, and
their count per type in a period for the Osservatorio.

The catalogue is resources/firms/services.yaml. A firm action is the centre's own record:
it goes to the region once (append-only ``firm_action``), like a person's action.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import func, select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.firms import EmployerSite, FirmAction
from desktop.models.matching import Employer
from desktop.paths import resource_path
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require
from desktop.sync import outbox

MAX_NOTES = 2000


@dataclass(frozen=True)
class FirmService:
    code: str
    label: str


@dataclass(frozen=True)
class FirmActionForm:
    service_code: str = ""
    action_date: dt.date | None = None
    employer_site_id: uuid.UUID | None = None
    notes: str = ""


@dataclass(frozen=True)
class ServiceCount:
    code: str
    label: str
    count: int
    firms: int


@lru_cache(maxsize=1)
def firm_services() -> tuple[FirmService, ...]:
    """The catalogue, in file order."""
    with resource_path("firms", "services.yaml").open(encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = yaml.safe_load(handle) or []
    return tuple(FirmService(str(r["code"]), str(r["label"])) for r in rows)


def service_label(code: str) -> str:
    return next((s.label for s in firm_services() if s.code == code), code)


def validate_firm_action(form: FirmActionForm, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.service_code not in {s.code for s in firm_services()}:
        errors["service_code"] = _("Choose the service from the list.")
    if form.action_date is None:
        errors["action_date"] = _("Write the date of the service.")
    elif form.action_date > today:
        errors["action_date"] = _("The date of the service cannot be in the future.")
    if len(form.notes) > MAX_NOTES:
        errors["notes"] = _("The notes are at most {top} characters long.").format(
            top=MAX_NOTES)
    return errors


def action_fields(row: FirmAction) -> dict[str, Any]:
    return {"employer_id": str(row.employer_id), "action_date": row.action_date.isoformat(),
            "service_code": row.service_code, "site_code": row.site_code,
            "operator": row.operator_username}


def record_firm_action(db: Database, actor: AuditActor, firm_id: uuid.UUID,
                       form: FirmActionForm, site_code: str = "",
                       today: dt.date | None = None) -> uuid.UUID:
    """Record one service given to a firm; returns its id."""
    require(actor, Permission.FIRMS, db)
    errors = validate_firm_action(form, today or dt.date.today())
    if errors or form.action_date is None:
        raise ValidationError(next(iter(errors.values())), errors)
    with db.transaction() as session:
        if session.get(Employer, firm_id) is None:
            raise NotFoundError(_("This firm is no longer in the database."))
        if form.employer_site_id is not None:
            site = session.get(EmployerSite, form.employer_site_id)
            if site is None or site.employer_id != firm_id:
                raise NotFoundError(_("This site is no longer in the database."))
        row = FirmAction(employer_id=firm_id, action_date=form.action_date,
                         service_code=form.service_code, operator_id=actor.id,
                         operator_username=actor.username,
                         employer_site_id=form.employer_site_id, site_code=site_code,
                         notes=form.notes.strip())
        session.add(row)
        session.flush()
        audit.record(session, actor, "firm.action.create", "firm_action", row.id)
        outbox.record(session, "firm_action", row.id, "create", action_fields(row))
        return row.id


def count_by_service(db: Database, actor: Actor, start: dt.date,
                     end: dt.date) -> list[ServiceCount]:
    """Firm actions per service from ``start`` to ``end`` (both included), every service
    of the catalogue listed (0 when none), with the number of distinct firms served."""
    require(actor, Permission.REPORTS, db)
    with db.read() as session:
        counted = {code: (int(n), int(firms)) for code, n, firms in session.execute(
            select(FirmAction.service_code, func.count(),
                   func.count(func.distinct(FirmAction.employer_id)))
            .where(FirmAction.action_date.between(start, end))
            .group_by(FirmAction.service_code))}
    known = [ServiceCount(s.code, s.label, *counted.pop(s.code, (0, 0)))
             for s in firm_services()]
    return known + [ServiceCount(code, code, n, f) for code, (n, f) in sorted(counted.items())]
