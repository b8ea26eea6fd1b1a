"""Fairness of the matching, for a vacancy and for a period, with the oversight log.

Ranking job seekers is a high-risk use under the EU AI Act (Annex III, 4(a)): the centre
must be able to see whether a group of people is selected less than the others along
the way, and who decided what. For each group (women and men, age bands, Italian / other
EU / non-EU citizens) the report counts the people in the eligible pool, in the first 10
and the first 50 of the ranking, among the proposals and among the hires; then it applies
the four-fifths rule (``fairness_stats``).

- For a vacancy: the pool is the people eligible for it today (the default exclusions),
  plus anyone proposed for it; the first 10 and 50 are today's ranking.
- For a period: the pool is the people with a DID in force at some time in the period,
  plus anyone proposed in it; "first 10 / first 50" are the proposals made from those
  positions of the ranking (the rank stored with each proposal), since the rankings of
  every vacancy are not kept.

The oversight log lists the proposals: who proposed whom, at what rank, with the
explanation stored with the proposal.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import case, exists, func, or_, select, true
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.registration import Did
from desktop.services.matching.candidates import eligible_ranking
from desktop.services.matching.explain import explain, parts_from_data
from desktop.services.matching.fairness_stats import (
    Counts,
    alert_sentences,
    counts_of,
    group_rows,
)
from desktop.services.matching.profiles import vacancy_profile
from desktop.services.matching.shortlists import read_explanation
from desktop.services.people.person_form import EU_CITIZENSHIPS
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, allowed, require
from desktop.values.fairness import STAGES, FairnessReport, OversightEntry, stage_label
from desktop.values.indicators import AGE_BANDS, age_band_label, citizenship_label, sex_label

OVERSIGHT_ROWS = 500
ORDER = {"sex": ("F", "M"), "age": tuple(key for key, _lo, _hi in AGE_BANDS),
         "citizenship": ("italiana", "ue", "extra_ue")}


def _label(dimension: str, code: str) -> str:
    if dimension == "sex":
        return sex_label(code)
    if dimension == "age":
        return age_band_label(code)
    return citizenship_label(code)


def _citizenship(value: str) -> str:
    value = (value or "").strip().lower()
    if value in ("", "italiana"):
        return "italiana"
    return "ue" if value in EU_CITIZENSHIPS else "extra_ue"


def _age_codes(births: list[dt.date], day: dt.date) -> np.ndarray:
    """The age band of each birth date on ``day``."""
    stamp = np.array([b.year * 10_000 + b.month * 100 + b.day for b in births],
                     dtype=np.int64)
    # Whole years between the dates: (yyyymmdd of day - yyyymmdd of birth) // 10000.
    ages = (day.year * 10_000 + day.month * 100 + day.day - stamp) // 10_000
    out = np.full(len(births), AGE_BANDS[-1][0], dtype=object)
    for key, low, high in AGE_BANDS:
        top = high if high is not None else 10_000
        out[(ages >= low) & (ages <= top)] = key
    return out.astype(str)


def years_before(day: dt.date, years: int) -> dt.date:
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _band_case(day: dt.date) -> Any:
    """The age band on ``day`` as SQL: born after the day N years before is under N."""
    whens = [(Person.birth_date > years_before(day, high + 1), key)
             for key, _low, high in AGE_BANDS if high is not None]
    return case(*whens, else_=AGE_BANDS[-1][0])


def _counted(found: dict[str, list[tuple[str, str, str, int]]]) -> Counts:
    """Rows (sex, citizenship as recorded, band, people) into counts by dimension."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for stage in STAGES:
        by: dict[str, dict[str, int]] = {d: {} for d in ("sex", "age", "citizenship")}
        for sex, citizenship, band, count in found.get(stage, []):
            for dimension, code in (("sex", sex), ("age", band),
                                    ("citizenship", _citizenship(citizenship))):
                by[dimension][code] = by[dimension].get(code, 0) + int(count)
        out[stage] = by
    return out


def _groups(sexes: list[str], births: list[dt.date], citizenships: list[str],
            day: dt.date) -> dict[str, np.ndarray]:
    kinds, inverse = np.unique(np.array(citizenships, dtype=str), return_inverse=True)
    mapped = np.array([_citizenship(str(k)) for k in kinds], dtype=str)
    return {"sex": np.array(sexes, dtype=str), "age": _age_codes(births, day),
            "citizenship": mapped[inverse] if len(citizenships) else np.array([], dtype=str)}


def _people(session: Session, ids: Iterable[uuid.UUID], day: dt.date
            ) -> tuple[list[uuid.UUID], dict[str, np.ndarray]]:
    wanted = set(ids)
    rows = [r for r in session.execute(select(Person.id, Person.sex, Person.birth_date,
                                              Person.citizenship)) if r[0] in wanted]
    order = [r[0] for r in rows]
    return order, _groups([r[1] for r in rows], [r[2] for r in rows],
                          [r[3] for r in rows], day)


def _oversight(session: Session, proposals: list[Proposal]) -> tuple[OversightEntry, ...]:
    latest = sorted(proposals, key=lambda p: p.proposed_at, reverse=True)[:OVERSIGHT_ROWS]
    people = {p.id: p for p in session.scalars(select(Person).where(
        Person.id.in_({p.person_id for p in latest})))}
    vacancies = {v.id: v for v in session.scalars(select(Vacancy).where(
        Vacancy.id.in_({p.vacancy_id for p in latest})))}
    out = []
    for p in latest:
        person, vacancy = people.get(p.person_id), vacancies.get(p.vacancy_id)
        stored = read_explanation(p.explanation)
        lines = (explain(parts_from_data(stored["parts"]), stored.get("titles"))
                 if stored else (_("not recorded: proposed before explanations were kept"),))
        out.append(OversightEntry(
            p.id, p.proposed_at, p.operator,
            f"{person.surname} {person.name}" if person else "—",
            person.fiscal_code if person else "", vacancy.number if vacancy else "—",
            p.rank, p.score, p.outcome, lines))
    return tuple(out)


def _report(scope: str, subject: str, day_from: dt.date, day_to: dt.date, counted: Counts,
            oversight: tuple[OversightEntry, ...], total: int) -> FairnessReport:
    rows = group_rows(counted, ORDER, _label)
    alerts = alert_sentences(rows, lambda code: stage_label(code, scope))
    totals = tuple(sum(counted[s]["sex"].values()) for s in STAGES)
    return FairnessReport(scope, subject, day_from, day_to, totals, rows, alerts,
                          oversight, total)


def _member_stages(order: list[uuid.UUID], members: dict[str, set[uuid.UUID]]
                   ) -> dict[str, np.ndarray]:
    stages = {s: np.array([pid in members[s] for pid in order], dtype=bool)
              for s in STAGES if s != "pool"}
    stages["pool"] = np.ones(len(order), dtype=bool)
    return stages


def vacancy_fairness(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                     today: dt.date | None = None) -> FairnessReport:
    """The fairness of today's ranking and of the proposals for one vacancy."""
    require(actor, Permission.MATCHING, db)
    today = today or clock.today()
    with db.transaction() as session:
        row = session.get(Vacancy, vacancy_id)
        if row is None:
            raise NotFoundError(_("This vacancy is no longer in the database."))
        vacancy = vacancy_profile(row)
        with_l68 = allowed(actor, Permission.TARGETED_PLACEMENT_READ)
        index, keep, values, _exclusions = eligible_ranking(
            db, session, vacancy, today, with_l68, frozenset())
        eligible = np.flatnonzero(keep)
        ids = index.profiles.ids[eligible]
        ranked = eligible[np.lexsort((ids, -values[eligible]))]
        as_id = [uuid.UUID(index.profiles.person_id(int(i))) for i in ranked[:50]]
        proposals = list(session.scalars(select(Proposal).where(
            Proposal.vacancy_id == vacancy_id)))
        members = {
            "pool": {uuid.UUID(index.profiles.person_id(int(i))) for i in eligible},
            "top10": set(as_id[:10]), "top50": set(as_id),
            "proposed": {p.person_id for p in proposals},
            "hired": {p.person_id for p in proposals if p.outcome == "assunto"}}
        order, groups = _people(session, members["pool"] | members["proposed"], today)
        counted = counts_of(groups, _member_stages(order, members))
        report = _report("vacancy", f"{row.number} · {row.title}", today, today, counted,
                         _oversight(session, proposals), len(proposals))
        audit.record(session, actor, "matching.fairness", "vacancy", vacancy_id,
                     f"{len(report.alerts)} alerts")
        return report


def period_fairness(db: Database, actor: AuditActor, date_from: dt.date,
                    date_to: dt.date) -> FairnessReport:
    """The fairness of the proposals and hirings of a period, against its job seekers."""
    require(actor, Permission.REPORTS, db)
    if date_from > date_to:
        raise ValidationError(_("The period starts after it ends."),
                              {"date_from": _("The period starts after it ends.")})
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    did_in = exists().where(Did.person_id == Person.id, Did.did_date <= date_to,
                            or_(Did.ended_on.is_(None), Did.ended_on > date_from))
    in_period = (Proposal.proposed_at >= start, Proposal.proposed_at < end)
    band = _band_case(date_to).label("band")
    columns = (Person.sex, Person.citizenship, band)
    stage_rules: dict[str, Any] = {
        "top10": Proposal.rank.between(1, 10), "top50": Proposal.rank.between(1, 50),
        "hired": Proposal.outcome == "assunto"}
    with db.transaction() as session:
        # Counted by the database, by sex, citizenship and age band: a year of a region
        # is a few hundred rows back, not a row per person.
        found: dict[str, list[tuple[str, str, str, int]]] = {
            "pool": list(session.execute(select(*columns, func.count()).where(did_in)
                                         .group_by(Person.sex, Person.citizenship, "band")))}
        def people_where(rule: Any) -> Any:
            return func.count(func.distinct(case((rule, Person.id))))

        # Anyone proposed without a DID in the period is part of the pool too; every
        # stage of the proposals comes back from one pass over the period's proposals.
        staged = list(session.execute(
            select(*columns, people_where(~did_in), people_where(true()),
                   *(people_where(rule) for rule in stage_rules.values()))
            .select_from(Proposal).join(Person, Person.id == Proposal.person_id)
            .where(*in_period).group_by(Person.sex, Person.citizenship, "band")))
        for row in staged:
            found["pool"].append((row[0], row[1], row[2], row[3]))
            found.setdefault("proposed", []).append((row[0], row[1], row[2], row[4]))
            for position, stage in enumerate(stage_rules, start=5):
                found.setdefault(stage, []).append((row[0], row[1], row[2], row[position]))
        counted = _counted(found)
        latest = list(session.scalars(select(Proposal).where(*in_period)
                                      .order_by(Proposal.proposed_at.desc())
                                      .limit(OVERSIGHT_ROWS)))
        total = session.scalar(select(func.count()).select_from(Proposal).where(*in_period))
        subject = _("Proposals from {start} to {end}").format(
            start=date_from.strftime("%d/%m/%Y"), end=date_to.strftime("%d/%m/%Y"))
        report = _report("period", subject, date_from, date_to, counted,
                         _oversight(session, latest), int(total or 0))
        audit.record(session, actor, "matching.fairness", "period", "",
                     f"{date_from}..{date_to}: {len(report.alerts)} alerts")
        return report
