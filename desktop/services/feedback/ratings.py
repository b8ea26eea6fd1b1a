"""Satisfaction ratings ("Mettiamoci la faccia"): three faces given after a ticket is
finished, on the kiosk or the counter's rating window.

A rating keeps the service, the counter and the day, never the ticket or the person.
Presses at one counter less than a second after the last recorded rating are the same
press (a child drumming on the screen, a stuck key): twenty in a second count once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Service, Site
from desktop.models.feedback import SatisfactionRating
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.indicators import Period

UNHAPPY, NEUTRAL, HAPPY = 1, 2, 3
FACES = (UNHAPPY, NEUTRAL, HAPPY)
DEBOUNCE = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class ServiceRatings:
    prefix: str
    name: str
    ratings: int
    happy: int

    @property
    def share_positive(self) -> float | None:
        return self.happy / self.ratings if self.ratings else None


@dataclass(frozen=True)
class RatingFigures:
    ratings: int
    happy: int
    neutral: int
    unhappy: int
    by_service: tuple[ServiceRatings, ...] = ()

    @property
    def share_positive(self) -> float | None:
        return self.happy / self.ratings if self.ratings else None


def record_rating(db: Database, actor: AuditActor, counter_id: uuid.UUID,
                  service_id: uuid.UUID, face: int, now: dt.datetime | None = None) -> bool:
    """Record one face for the service just given at ``counter_id``; False when the press
    repeats one recorded less than a second before at the same counter."""
    require(actor, Permission.QUEUE_OPERATE, db)
    if face not in FACES:
        raise ValidationError(_("Choose one of the three faces."))
    now = now or clock.now()
    with db.transaction() as session:
        counter = session.get(Counter, counter_id)
        service = session.get(Service, service_id)
        if counter is None or service is None or service.site_id != counter.site_id:
            raise NotFoundError(_("This counter or service no longer exists: the rating "
                                  "was not recorded."))
        repeat = session.scalar(select(SatisfactionRating.id).where(
            SatisfactionRating.counter_id == counter_id,
            SatisfactionRating.at > now - DEBOUNCE, SatisfactionRating.at <= now).limit(1))
        if repeat is not None:
            return False
        row = SatisfactionRating(site_id=counter.site_id, day=now.astimezone().date(),
                                 service_id=service_id, counter_id=counter_id, face=face,
                                 at=now)
        session.add(row)
        session.flush()
        audit.record(session, actor, "rating.record", "counter", counter_id)
        return True


def rating_figures(session: Session, period: Period, service_prefix: str = "") -> RatingFigures:
    """Ratings of the days in ``period`` (optionally of one service): the Osservatorio's
    and the Carta's one definition."""
    where: list[ColumnElement[bool]] = [
        SatisfactionRating.day.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        where.append(Site.code == period.site_code)
    if service_prefix:
        where.append(Service.prefix == service_prefix)
    rows = session.execute(
        select(Service.prefix, Service.name, func.count(),
               func.sum(case((SatisfactionRating.face == HAPPY, 1), else_=0)),
               func.sum(case((SatisfactionRating.face == NEUTRAL, 1), else_=0)))
        .select_from(SatisfactionRating)
        .join(Service, Service.id == SatisfactionRating.service_id)
        .join(Site, Site.id == SatisfactionRating.site_id)
        .where(*where).group_by(Service.prefix, Service.name)
        .order_by(Service.prefix, Service.name)).all()
    by_service = tuple(ServiceRatings(p, n, int(c), int(h or 0)) for p, n, c, h, _m in rows)
    total = sum(s.ratings for s in by_service)
    happy = sum(s.happy for s in by_service)
    neutral = sum(int(r[4] or 0) for r in rows)
    return RatingFigures(total, happy, neutral, total - happy - neutral, by_service)


def rating_stats(db: Database, actor: AuditActor, period: Period) -> RatingFigures:
    """The Osservatorio's satisfaction tile."""
    require(actor, Permission.REPORTS, db)
    period.check()
    with db.read() as session:
        return rating_figures(session, period)
