"""Per-site, per-day indicator counts for the region: no personal data, only numbers.

Each day of a site becomes one small record of counts (DIDs, actions by measure,
placements, vacancies, tickets and waits, patti) that the regional server can add
up across sites and days. They are built with the indicators' own queries for a
one-day period, so the two never disagree.

Counts that are distinct per day (people taken in charge, people placed) cannot be
summed into distinct counts over a longer period; the region sums them as the
number of DIDs and of placements. Minutes are sent as sums with their counts, so
averages can be recomputed after summing. The patto deadline is judged weeks after
the DID, so it is not a daily figure and stays with the centre's own dashboard.

A record's id is derived from the site, the day and its content: an unchanged day
is never queued twice; a day corrected later (an action recorded late) is queued
again and the server keeps the latest version of each site and day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models import Site
from desktop.models.actions import Action, Placement
from desktop.models.matching import Proposal, Vacancy
from desktop.models.queue import Ticket
from desktop.models.registration import Did
from desktop.models.sync import OutboxEntry
from desktop.services.actions.indicators import (
    actions_delivered,
    charter_standard,
    firms,
    placements,
)
from desktop.services.actions.people_indicator import people_in_charge
from desktop.services.actions.queue_indicator import queue
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.sync import outbox
from desktop.values.indicators import Period

KIND = "daily_aggregate"
#: Bump when the meaning of a field changes; the server sums only equal versions.
SCHEMA = 1
NAMESPACE = uuid.UUID("6f1c2a53-3c3e-4d0b-9a51-0d6d1f1b7a10")


def day_figures(session: Session, site_code: str, day: dt.date,
                standard_minutes: int) -> dict[str, Any]:
    """The summable counts of one site and day."""
    period = Period(day, day, site_code)
    people = people_in_charge(session, period)
    actions = actions_delivered(session, period)
    placed = placements(session, period)
    served = firms(session, period)
    waits = queue(session, period, standard_minutes)
    return {
        "dids": people.total, "dids_women": people.women,
        "dids_by_age": {c.key: c.value for c in people.by_age},
        "dids_by_citizenship": {c.key: c.value for c in people.by_citizenship},
        "actions": actions.total, "action_hours": actions.hours,
        "actions_without_patto": actions.without_patto,
        "actions_by_measure": {m.code: m.actions for m in actions.by_measure if m.actions},
        "placements": placed.placements,
        "placements_by_contract": {c.key: c.value for c in placed.by_contract if c.value},
        "vacancies": served.vacancies, "positions": served.positions,
        "candidates_proposed": served.candidates_proposed,
        "tickets": waits.tickets, "tickets_called": waits.called, "tickets_served": waits.served,
        "wait_minutes_sum": round((waits.mean_wait or 0.0) * waits.called, 2),
        "within_standard": round((waits.within_standard or 0.0) * waits.called),
        "standard_minutes": standard_minutes,
    }


def is_empty(figures: dict[str, Any]) -> bool:
    return not any(v for k, v in figures.items() if k != "standard_minutes")


def record_id(site_code: str, day: dt.date, figures: dict[str, Any]) -> uuid.UUID:
    digest = hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()
    return uuid.uuid5(NAMESPACE, f"{site_code}:{day.isoformat()}:{SCHEMA}:{digest}")


def queue_days(db: Database, actor: AuditActor, site_code: str, date_from: dt.date,
               date_to: dt.date) -> int:
    """Queue the aggregates of every day with activity in [date_from, date_to] whose
    figures the outbox does not already hold; returns how many were queued."""
    require(actor, Permission.REPORTS, db)
    standard = charter_standard()
    queued = 0
    with db.transaction() as session:
        for day in active_days(session, site_code, date_from, date_to):
            figures = day_figures(session, site_code, day, standard)
            if not is_empty(figures):
                entity_id = record_id(site_code, day, figures)
                known = session.scalar(select(OutboxEntry.id).where(
                    OutboxEntry.kind == KIND, OutboxEntry.entity_id == entity_id).limit(1))
                if known is None:
                    outbox.record(session, KIND, entity_id, "create", {
                        "schema": SCHEMA, "site_code": site_code, "day": day.isoformat(),
                        "figures": figures})
                    queued += 1
    return queued


def active_days(session: Session, site_code: str, date_from: dt.date,
                date_to: dt.date) -> list[dt.date]:
    """The days of the period on which the site recorded anything the figures count."""
    site_id = session.scalar(select(Site.id).where(Site.code == site_code))
    sources = [(Did.did_date, Did.site_code == site_code),
               (Action.delivered_on, Action.site_code == site_code),
               (Placement.start_date, Placement.site_code == site_code),
               (Vacancy.opened_on, Vacancy.site_code == site_code),
               (Ticket.day, Ticket.site_id == site_id)]
    days: set[dt.date] = set()
    for column, where in sources:
        days.update(session.scalars(select(column).where(
            where, column.between(date_from, date_to)).distinct()))
    start, end = (dt.datetime.combine(d, dt.time()).astimezone(dt.UTC)
                  for d in (date_from, date_to + dt.timedelta(days=1)))
    for at in session.scalars(select(Proposal.proposed_at).join(
            Vacancy, Vacancy.id == Proposal.vacancy_id).where(
            Vacancy.site_code == site_code, Proposal.proposed_at >= start,
            Proposal.proposed_at < end)):
        days.add(at.astimezone().date())
    return sorted(days)


def queue_recent(db: Database, actor: AuditActor, site_code: str, *, days: int = 7,
                 today: dt.date | None = None) -> int:
    """The last ``days`` days up to yesterday (late corrections included)."""
    end = (today or dt.date.today()) - dt.timedelta(days=1)
    return queue_days(db, actor, site_code, end - dt.timedelta(days=days - 1), end)
