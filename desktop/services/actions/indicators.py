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

Every query groups in the database, so a year of a region (250,000 people, 600,000
actions) refreshes in well under two seconds (bench/indicators.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
import uuid
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
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Site
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement
from desktop.models.matching import Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.queue import Ticket, TicketEvent
from desktop.models.registration import Did
from desktop.services.actions.catalogue import load_catalogue, load_contract_types
from desktop.services.people.person_form import EU_CITIZENSHIPS
from desktop.services.queue.state import Event, Kind, Timings, timings
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.indicators import (
    AGE_BANDS,
    CITIZENSHIP_GROUPS,
    ActionsDelivered,
    Count,
    FirmsIndicator,
    Indicators,
    MeasureCount,
    PattoDeadline,
    PeopleInCharge,
    Period,
    PlacementsIndicator,
    QueueIndicator,
    age_band_label,
    citizenship_label,
    sex_label,
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
    # Two independent groups of queries of about the same cost, each on its own
    # connection: the database works on both at once (SQLite reads in parallel in WAL).
    with ThreadPoolExecutor(2, thread_name_prefix="sportello-indicators") as pool:
        # Balanced by the time each query took at regional scale (bench/indicators.py).
        first = pool.submit(_read, db, lambda s: (
            patto_deadline(s, period, today), placements(s, period), firms(s, period)))
        second = pool.submit(_read, db, lambda s: (
            people_in_charge(s, period), queue(s, period, standard),
            actions_delivered(s, period)))
        (patti, placed, served), (people, waits, actions) = first.result(), second.result()
    result = Indicators(period, people, actions, placed, served, waits, patti, 0.0)
    elapsed = (time.perf_counter() - started) * 1000
    return replace(result, elapsed_ms=round(elapsed, 1))


def _read(db: Database, work: Callable[[Session], _T]) -> _T:
    with db.read() as session:
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


def citizenship_group(citizenship: str) -> str:
    value = (citizenship or "").strip().lower()
    if value in ("", "italiana"):
        return "italiana"
    return "ue" if value in EU_CITIZENSHIPS else "extra_ue"


def _years_before(day: dt.date, years: int) -> dt.date:
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _age_band(birth: Any, on: dt.date) -> ColumnElement[str]:
    """The band of the age on ``on``, as a CASE over birth-date cut-offs (portable SQL)."""
    whens = []
    for key, _low, high in AGE_BANDS:
        if high is not None:
            # younger than high + 1 on ``on``: born after the day high + 1 years before
            whens.append((birth > _years_before(on, high + 1), literal(key)))
    return case(*whens, else_=literal(AGE_BANDS[-1][0]))


def people_in_charge(session: Session, period: Period) -> PeopleInCharge:
    band = _age_band(Person.birth_date, period.date_to).label("band")
    in_period = [Did.did_date.between(period.date_from, period.date_to)]
    query: Any
    if period.site_code is None:
        # Every person once: a probe of their DIDs (covering index) instead of a join
        # of every DID of the period followed by a count of distinct people.
        took = select(Did.id).where(Did.person_id == Person.id, *in_period).exists()
        query = (select(Person.sex, band, Person.citizenship, func.count())
                 .where(took).group_by(Person.sex, band, Person.citizenship))
    else:
        # One site: its DIDs of the period (an index range), each person counted once.
        # SQLite counts distinct integers (the rowid) much faster than 32-character ids.
        key: Any = literal_column("person.rowid") \
            if session.get_bind().dialect.name == "sqlite" else Person.id
        query = (select(Person.sex, band, Person.citizenship, func.count(distinct(key)))
                 .join(Did, Did.person_id == Person.id)
                 .where(*in_period, Did.site_code == period.site_code)
                 .group_by(Person.sex, band, Person.citizenship))
    sexes: dict[str, int] = defaultdict(int)
    ages: dict[str, int] = defaultdict(int)
    groups: dict[str, int] = defaultdict(int)
    for sex, age, citizenship, count in session.execute(query).all():
        sexes[sex] += count
        ages[age] += count
        groups[citizenship_group(citizenship)] += count
    total = sum(sexes.values())
    return PeopleInCharge(
        total, sexes.get("F", 0),
        tuple(Count(k, sex_label(k), sexes.get(k, 0)) for k in ("F", "M")),
        tuple(Count(k, age_band_label(k), ages.get(k, 0)) for k, _lo, _hi in AGE_BANDS),
        tuple(Count(k, citizenship_label(k), groups.get(k, 0)) for k in CITIZENSHIP_GROUPS))


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


def actions_delivered(session: Session, period: Period) -> ActionsDelivered:
    """One pass over the period's actions (a covering index), grouped by day and measure."""
    labels = {m.code: m.label for m in load_catalogue()}
    rows = session.execute(
        select(Action.delivered_on, Action.measure_code, func.count(),
               func.coalesce(func.sum(Action.hours), 0.0),
               func.count(case((Action.agreement_id.is_(None), 1))))
        .where(*_action_filter(period))
        .group_by(Action.delivered_on, Action.measure_code)).all()
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


def _minutes(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 1440.0
    return func.extract("epoch", later - earlier) / 60.0


def queue(session: Session, period: Period, standard_minutes: int) -> QueueIndicator:
    """Queue times with the definitions of queue_stats, aggregated in SQL per ticket.

    Tickets with an undone action (rare) are left to queue_state.timings in Python,
    which knows which events an undo cancels; the rest are summed by the database.
    """
    ticket_where: list[ColumnElement[bool]] = [
        Ticket.day.between(period.date_from, period.date_to)]
    if period.site_code is not None:
        site_id: uuid.UUID | None = session.scalar(
            select(Site.id).where(Site.code == period.site_code))
        ticket_where.append(Ticket.site_id == site_id)

    def first(kind: Kind) -> Any:
        return func.min(case((TicketEvent.kind == kind.value, TicketEvent.at)))

    # One group per ticket. SQLite groups by the rowid: the tickets are then read in
    # the table's order (the period's tickets are contiguous) instead of in the order of
    # the 32-character ids, a random read per ticket.
    ticket_key: Any = literal_column("queue_ticket.rowid") \
        if session.get_bind().dialect.name == "sqlite" else Ticket.id
    per_ticket = (
        select(func.min(Ticket.issued_at).label("issued"),
               first(Kind.CALLED).label("called"), first(Kind.STARTED).label("started"),
               func.max(case((TicketEvent.kind == Kind.FINISHED.value, TicketEvent.at)))
               .label("finished"),
               func.max(case((TicketEvent.kind == Kind.UNDO.value, 1), else_=0)).label("undo"))
        .select_from(Ticket).join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(*ticket_where).group_by(ticket_key).subquery())
    wait = _minutes(session, per_ticket.c.called, per_ticket.c.issued)
    service = case((per_ticket.c.finished.is_not(None), _minutes(
        session, per_ticket.c.finished, func.coalesce(per_ticket.c.started, per_ticket.c.called))))
    # Grouped by "has an undo": the common case (none) needs no second statement.
    totals = [0, 0, 0, 0.0, 0, 0.0, 0]
    undone = False
    for undo, *row in session.execute(
            select(per_ticket.c.undo, func.count(), func.count(per_ticket.c.called),
                   func.count(per_ticket.c.finished), func.coalesce(func.sum(wait), 0.0),
                   func.count(service), func.coalesce(func.sum(service), 0.0),
                   func.count(case((wait <= standard_minutes + 1e-9, 1))))
            .group_by(per_ticket.c.undo)).all():
        if undo:
            undone = True
            continue
        totals = [int(row[0]), int(row[1]), int(row[2]), float(row[3]), int(row[4]),
                  float(row[5]), int(row[6])]
    for extra in _undone_timings(session, ticket_where) if undone else ():
        totals[0] += 1
        if extra.wait_minutes is not None:
            totals[1] += 1
            totals[3] += extra.wait_minutes
            totals[6] += extra.wait_minutes <= standard_minutes
        if extra.finished_at is not None:
            totals[2] += 1
        if extra.service_minutes is not None:
            totals[4] += 1
            totals[5] += extra.service_minutes
    tickets, called, _served, wait_sum, services, service_sum, within = totals
    return QueueIndicator(
        int(tickets), int(called), int(totals[2]),
        round(wait_sum / called, 2) if called else None,
        round(service_sum / services, 2) if services else None,
        round(within / called, 4) if called else None, standard_minutes)


def _undone_timings(session: Session,
                    ticket_where: list[ColumnElement[bool]]) -> list[Timings]:
    undo = aliased(TicketEvent)
    ids = select(undo.ticket_id).join(Ticket, Ticket.id == undo.ticket_id).where(
        *ticket_where, undo.kind == Kind.UNDO.value).distinct()
    events: dict[uuid.UUID, list[Event]] = defaultdict(list)
    for r in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(ids))):
        events[r.ticket_id].append(Event(r.seq, r.kind, r.at, r.service_id, r.counter_id,
                                         r.operator_id, r.detail, r.ref))
    return [timings(log) for log in events.values()]


def patto_deadline(session: Session, period: Period, as_of: dt.date) -> PattoDeadline:
    """DIDs of the period and whether their patto met the deadline (see the module doc)."""
    signed = (select(func.min(Agreement.signed_on))
              .where(Agreement.person_id == Did.person_id,
                     Agreement.signed_on >= Did.did_date)
              .correlate(Did).scalar_subquery())
    rows = select(Did.patto_deadline.label("deadline"), signed.label("signed")).where(
        Did.did_date.between(period.date_from, period.date_to))
    if period.site_code is not None:
        rows = rows.where(Did.site_code == period.site_code)
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
