"""The centre's indicators (Osservatorio), computed from the recorded work with
aggregate SQL, for any period and for one site or all of them.

Definitions (each one tested on a dataset whose answers are known by construction):

- people taken in charge: distinct people with a DID dated in the period (at the site
  that took it); by sex, by age band (age on the last day of the period) and by
  citizenship (italiana, other EU, non-EU);
- actions delivered: actions dated in the period, by measure, with the hours and the
  distinct people reached; those without a patto are counted apart;
- people placed: distinct people with a placement starting in the period (a person
  placed twice counts once); the share on permanent contracts is the share of those
  people with at least one permanent contract among their placements of the period;
- firms served: distinct employers with a vacancy opened or a placement in the period;
- vacancies and positions intermediated: vacancies opened in the period and their
  positions, with the candidates proposed;
- queue: the definitions of desktop.services.queue.stats (wait = first call minus
  issue, service = finish minus start or first call, within standard = called tickets
  whose wait did not exceed the charter's standard), computed in SQL per ticket;
- patti within the legal deadline: DIDs of the period whose patto was signed between
  the DID and its deadline; a DID whose deadline has not passed and has no patto yet is
  "pending" and left out of the share.

Every query groups in the database, reading its table once from a covering index, in
an order that needs no sort (the DIDs in the order of their people, the tickets in the
order of their ids, so the probes of agreements and events walk their indexes in order).
The queries run on two report connections at once (Database.report), the people and the
patti split in two halves of the people, the actions in two halves of the period, so the
refresh of a year of a region (250,000 people, 600,000 actions) takes well under a second
(bench/indicators.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    distinct,
    func,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Site
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement
from desktop.models.matching import Proposal, Vacancy
from desktop.models.registration import Did
from desktop.services.actions.catalogue import load_catalogue, load_contract_types
from desktop.services.actions.people_indicator import (
    MIDDLE_ID,
    people_counts,
    people_from_counts,
)
from desktop.services.actions.queue_indicator import queue
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.indicators import (
    ActionsDelivered,
    Count,
    FirmsIndicator,
    Indicators,
    MeasureCount,
    PattoDeadline,
    Period,
    PlacementsIndicator,
)

_T = TypeVar("_T")


def compute(db: Database, actor: AuditActor, period: Period, *,
            standard_minutes: int | None = None, as_of: dt.date | None = None) -> Indicators:
    """All indicators of ``period`` (the dashboard's refresh)."""
    require(actor, Permission.REPORTS, db)
    period.check()
    standard = standard_minutes if standard_minutes is not None else charter_standard()
    started = time.perf_counter()
    today = as_of or dt.date.today()
    # The queries run on two report connections at once (SQLite reads in parallel in
    # WAL). The actions are counted in two halves of the period (their figures add up
    # exactly); the pool takes the tasks in this order, the costliest first, so both
    # connections stay busy until the end.
    halves = _halves(period)
    # The people are split by id (every person in one half), and only for all sites: a
    # site's count starts from its DIDs, which each half would read again.
    people_parts = (1, 2) if period.site_code is None else (0,)
    # The patti likewise by people for all sites (each half reads its own range of the
    # DIDs in the order of their people), by days for one site.
    patto_parts = [functools.partial(patto_deadline, period=period, as_of=today, half=h)
                   for h in (1, 2)] if period.site_code is None else [
        functools.partial(patto_deadline, period=half, as_of=today) for half in halves]
    tasks: list[Callable[[Session], Any]] = [
        lambda s: queue(s, period, standard),
        *(functools.partial(people_counts, period=period, half=h) for h in people_parts),
        *(functools.partial(_action_rows, period=half) for half in halves),
        *patto_parts,
        lambda s: placements(s, period),
        lambda s: firms(s, period)]
    with ThreadPoolExecutor(2, thread_name_prefix="sportello-indicators") as pool:
        done = [f.result() for f in [pool.submit(_read, db, task) for task in tasks]]
    waits, rest = done[0], done[1:]
    people = people_from_counts(rest[:len(people_parts)])
    rest = rest[len(people_parts):]
    parts = len(halves)
    action_rows = [row for rows in rest[:parts] for row in rows]
    patti = _add_patti(rest[parts:parts + len(patto_parts)])
    placed, served = rest[parts + len(patto_parts):]
    result = Indicators(period, people, _actions_from_rows(period, action_rows), placed,
                        served, waits, patti, 0.0)
    elapsed = (time.perf_counter() - started) * 1000
    return replace(result, elapsed_ms=round(elapsed, 1))


def _halves(period: Period) -> tuple[Period, ...]:
    """The period in two (earlier days first), or whole when it is a single day."""
    days = (period.date_to - period.date_from).days
    if days < 1:
        return (period,)
    middle = period.date_from + dt.timedelta(days=days // 2)
    return (Period(period.date_from, middle, period.site_code),
            Period(middle + dt.timedelta(days=1), period.date_to, period.site_code))


def _add_patti(parts: Iterable[PattoDeadline]) -> PattoDeadline:
    found = list(parts)
    return PattoDeadline(sum(p.dids for p in found), sum(p.on_time for p in found),
                         sum(p.late for p in found), sum(p.missing for p in found),
                         sum(p.pending for p in found))


def _read(db: Database, work: Callable[[Session], _T]) -> _T:
    with db.report() as session:
        return work(session)


def charter_standard(centre_code: str = "") -> int:
    """The waiting-time standard the Carta dei servizi promises, in minutes."""
    from desktop.documents.charter import load_charter_texts

    texts = load_charter_texts("cittadini", "it", centre_code)
    return int(texts.common.get("wait_standard_minutes", 30))


def sites(db: Database) -> tuple[tuple[str, str], ...]:
    """(code, name) of every site, for the site filter."""
    with db.read() as session:
        return tuple((c, n) for c, n in session.execute(
            select(Site.code, Site.name).order_by(Site.code)).all())


def _months(period: Period) -> list[str]:
    months, day = [], period.date_from.replace(day=1)
    while day <= period.date_to:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _by_month(period: Period, rows: Iterable[tuple[dt.date, int]]) -> tuple[Count, ...]:
    totals: dict[str, int] = defaultdict(int)
    for day, count in rows:
        totals[f"{day:%Y-%m}"] += count
    return tuple(Count(m, m, totals.get(m, 0)) for m in _months(period))


def _action_filter(period: Period) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Action.delivered_on.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        where.append(Action.site_code == period.site_code)
    return where


def _action_rows(session: Session, period: Period) -> list[Any]:
    """One pass over the period's actions (a covering index), grouped by day and measure:
    (day, measure, actions, hours, actions without a patto), in order of day."""
    return list(session.execute(
        select(Action.delivered_on, Action.measure_code, func.count(),
               func.coalesce(func.sum(Action.hours), 0.0),
               func.count(case((Action.agreement_id.is_(None), 1))))
        .where(*_action_filter(period))
        .group_by(Action.delivered_on, Action.measure_code)
        .order_by(Action.delivered_on, Action.measure_code)).all())


def actions_delivered(session: Session, period: Period) -> ActionsDelivered:
    return _actions_from_rows(period, _action_rows(session, period))


def _actions_from_rows(period: Period, rows: Iterable[Any]) -> ActionsDelivered:
    labels = {m.code: m.label for m in load_catalogue()}
    per_measure: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    per_day: dict[dt.date, int] = defaultdict(int)
    without = 0
    for day, code, count, hours, no_patto in rows:
        per_measure[code][0] += count
        per_measure[code][1] += float(hours)
        per_day[day] += count
        without += no_patto
    measures = [MeasureCount(code, label, int(per_measure[code][0]),
                             round(per_measure[code][1], 2))
                for code, label in labels.items()]
    measures += [MeasureCount(code, code, int(n), round(h, 2))
                 for code, (n, h) in sorted(per_measure.items()) if code not in labels]
    return ActionsDelivered(sum(m.actions for m in measures),
                            round(sum(m.hours for m in measures), 2), int(without),
                            tuple(measures), _by_month(period, per_day.items()))


def placements(session: Session, period: Period) -> PlacementsIndicator:
    where: list[ColumnElement[bool]] = [
        Placement.start_date.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        where.append(Placement.site_code == period.site_code)
    contracts = load_contract_types()
    permanent = [t.code for t in contracts if t.permanent]
    people, people_permanent, total = session.execute(
        select(func.count(distinct(Placement.person_id)),
               func.count(distinct(case((Placement.contract_type.in_(permanent),
                                         Placement.person_id)))),
               func.count()).where(*where)).one()
    found = dict(session.execute(select(Placement.contract_type, func.count()).where(*where)
                                 .group_by(Placement.contract_type)).all())
    labels = {t.code: t.label for t in contracts}
    by_contract = [Count(t.code, t.label, int(found.get(t.code, 0))) for t in contracts]
    by_contract += [Count(code, labels.get(code, code or _("not stated")), int(n))
                    for code, n in sorted(found.items()) if code not in labels]
    days = session.execute(select(Placement.start_date, func.count()).where(*where)
                           .group_by(Placement.start_date)).all()
    return PlacementsIndicator(int(people), int(people_permanent), int(total),
                               tuple(by_contract), _by_month(period, days))


def _utc_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) in UTC, from local midnights."""
    start = dt.datetime.combine(period.date_from, dt.time()).astimezone(dt.UTC)
    end = dt.datetime.combine(period.date_to + dt.timedelta(days=1), dt.time()).astimezone(dt.UTC)
    return start, end


def firms(session: Session, period: Period) -> FirmsIndicator:
    vacancy_where: list[ColumnElement[bool]] = [
        Vacancy.opened_on.between(period.date_from, period.date_to)]
    placement_where: list[ColumnElement[bool]] = [
        Placement.start_date.between(period.date_from, period.date_to),
        Placement.employer_id.is_not(None)]
    if period.site_code is not None:
        vacancy_where.append(Vacancy.site_code == period.site_code)
        placement_where.append(Placement.site_code == period.site_code)
    # UNION ALL then one count of distinct employers: both sides read their period's range
    # (covering index on placements) instead of walking every employer in id order.
    served = union_all(select(Vacancy.employer_id.label("employer")).where(*vacancy_where),
                       select(Placement.employer_id.label("employer")).where(*placement_where)
                       ).subquery()
    firm_count = session.scalar(
        select(func.count(distinct(served.c.employer))).select_from(served)) or 0
    vacancies, positions = session.execute(
        select(func.count(), func.coalesce(func.sum(Vacancy.positions), 0))
        .where(*vacancy_where)).one()
    start, end = _utc_bounds(period)
    proposal_where = [Proposal.proposed_at >= start, Proposal.proposed_at < end]
    if period.site_code is not None:
        proposal_where.append(Vacancy.site_code == period.site_code)
    with_candidates, proposed = session.execute(
        select(func.count(distinct(Proposal.vacancy_id)), func.count())
        .join(Vacancy, Vacancy.id == Proposal.vacancy_id).where(*proposal_where)).one()
    return FirmsIndicator(int(firm_count), int(vacancies), int(positions or 0),
                          int(with_candidates), int(proposed))


def patto_deadline(session: Session, period: Period, as_of: dt.date,
                   half: int = 0) -> PattoDeadline:
    """DIDs of the period and whether their patto met the deadline (see the module doc);
    ``half`` 1 or 2 (all sites only): only the DIDs of the people whose id is below the
    middle, or not."""
    signed = (select(func.min(Agreement.signed_on))
              .where(Agreement.person_id == Did.person_id,
                     Agreement.signed_on >= Did.did_date)
              .correlate(Did).scalar_subquery())
    rows = select(Did.patto_deadline.label("deadline"), signed.label("signed")).where(
        Did.did_date.between(period.date_from, period.date_to))
    if period.site_code is not None:
        rows = rows.where(Did.site_code == period.site_code)
    else:
        # All sites: the DIDs in the order of their people, so the probes of the
        # agreements walk their index in order (in the order of the DIDs' dates each
        # probe read a random page: four times slower on an encrypted file).
        rows = rows.with_hint(Did, "INDEXED BY ix_did_person_dates", "sqlite")
        if half:
            rows = rows.where(Did.person_id < MIDDLE_ID if half == 1 else
                              Did.person_id >= MIDDLE_ID)
    # Materialised, so the per-DID subquery runs once and not once per CASE below.
    sub = rows.cte("did_patto").prefix_with("MATERIALIZED")
    unsigned = sub.c.signed.is_(None)
    dids, on_time, late, missing = session.execute(select(
        func.count(),
        func.count(case((and_(~unsigned, sub.c.signed <= sub.c.deadline), 1))),
        func.count(case((and_(~unsigned, sub.c.signed > sub.c.deadline), 1))),
        func.count(case((and_(unsigned, sub.c.deadline < as_of), 1)))).select_from(sub)).one()
    pending = int(dids) - int(on_time) - int(late) - int(missing)
    return PattoDeadline(int(dids), int(on_time), int(late), int(missing), pending)
