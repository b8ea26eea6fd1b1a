"""A vacancy's life: publish, suspend, close — each with its reason, kept and sent.

    bozza ──publish──> aperta ──suspend(reason)──> sospesa ──publish──> aperta
      └──────────────────┴──────close(reason)────────┴──> chiusa (final)

Suspending and closing need a reason from the lists below ("altro" also a note);
publishing an expired vacancy is refused (extend its expiry first). Each step is one
transaction with its history row, audit line and outbox record (``vacancies.record_step``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Employer, Vacancy
from desktop.models.vacancy_history import VacancyStatusChange
from desktop.services.firms.vacancies import VacancyInfo, expired_warning, record_step, row_info
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require

SUSPEND_REASONS = ("richiesta_azienda", "verifica_requisiti", "altro")
CLOSE_REASONS = ("coperta", "ritirata", "scaduta", "altro")


def reason_label(code: str) -> str:
    labels = {
        "richiesta_azienda": _("at the firm's request"),
        "verifica_requisiti": _("requirements being checked"),
        "coperta": _("positions filled"),
        "ritirata": _("withdrawn by the firm"),
        "scaduta": _("expired"),
        "altro": _("other (see the note)"),
    }
    return labels.get(code, code)


def status_label(code: str) -> str:
    labels = {"bozza": _("draft"), "aperta": _("published"), "sospesa": _("suspended"),
              "chiusa": _("closed")}
    return labels.get(code, code)


@dataclass(frozen=True)
class StatusStep:
    status: str
    reason: str
    note: str
    operator: str
    changed_at: dt.datetime


def _check_reason(reason: str, note: str, allowed: tuple[str, ...], what: str) -> None:
    if reason not in allowed:
        message = (_("Choose why the vacancy is closed.") if what == "close"
                   else _("Choose why the vacancy is suspended."))
        raise ValidationError(message, {"reason": message})
    if reason == "altro" and not note.strip():
        message = _("With \"other\", write the reason in the note.")
        raise ValidationError(message, {"note": message})
    if len(note) > 300:
        message = _("The note is at most 300 characters.")
        raise ValidationError(message, {"note": message})


def _move(db: Database, actor: AuditActor, vacancy_id: uuid.UUID, event: str,
          allowed_from: tuple[str, ...], status: str, reason: str = "",
          note: str = "") -> VacancyInfo:
    require(actor, Permission.MATCHING, db)
    today = clock.today()
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        employer = session.get(Employer, row.employer_id)
        if employer is None:
            raise NotFoundError(_("This employer is no longer in the database."))
        if row.status not in allowed_from:
            raise ValidationError(_("A vacancy that is {status} cannot be {action}.").format(
                status=status_label(row.status), action=_action_label(event)))
        if event == "publish" and row.closes_on is not None and row.closes_on < today:
            raise ValidationError(expired_warning(row.closes_on))
        row.status, row.status_reason, row.status_note = status, reason, note.strip()
        session.flush()
        record_step(session, actor, row, employer, event)
        return row_info(row, employer, today)


def _action_label(event: str) -> str:
    labels = {"publish": _("published"), "suspend": _("suspended"), "close": _("closed")}
    return labels.get(event, event)


def publish(db: Database, actor: AuditActor, vacancy_id: uuid.UUID) -> VacancyInfo:
    """Make a draft or a suspended vacancy open to matching."""
    return _move(db, actor, vacancy_id, "publish", ("bozza", "sospesa"), "aperta")


def suspend(db: Database, actor: AuditActor, vacancy_id: uuid.UUID, reason: str,
            note: str = "") -> VacancyInfo:
    _check_reason(reason, note, SUSPEND_REASONS, "suspend")
    return _move(db, actor, vacancy_id, "suspend", ("aperta",), "sospesa", reason, note)


def close(db: Database, actor: AuditActor, vacancy_id: uuid.UUID, reason: str,
          note: str = "") -> VacancyInfo:
    _check_reason(reason, note, CLOSE_REASONS, "close")
    return _move(db, actor, vacancy_id, "close", ("bozza", "aperta", "sospesa"), "chiusa",
                 reason, note)


def history(db: Database, actor: Actor, vacancy_id: uuid.UUID) -> list[StatusStep]:
    """Every status the vacancy had, oldest first."""
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        return [StatusStep(r.status, r.reason, r.note, r.operator, r.changed_at)
                for r in session.scalars(select(VacancyStatusChange).where(
                    VacancyStatusChange.vacancy_id == vacancy_id)
                    .order_by(VacancyStatusChange.changed_at))]
