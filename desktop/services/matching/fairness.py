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

import datetime as dt
import uuid
from collections.abc import Iterable

import numpy as np
from sqlalchemy import select
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
from desktop.services.matching.fairness_stats import alert_sentences, group_rows
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


def _age_codes(births: np.ndarray, day: dt.date) -> np.ndarray:
    """The age band of each birth date (numpy datetime64[D]) on ``day``."""
    years = np.array([b.year for b in births.tolist()]) if births.size else np.zeros(0)
    months = np.array([(b.month, b.day) for b in births.tolist()]).reshape(-1, 2)
    before = (months[:, 0] > day.month) | ((months[:, 0] == day.month)
                                           & (months[:, 1] > day.day))
    ages = day.year - years - before.astype(int)
    out = np.full(births.size, AGE_BANDS[-1][0], dtype=object)
    for key, low, high in reversed(AGE_BANDS):
        top = high if high is not None else 10_000
        out[(ages >= low) & (ages <= top)] = key
    return out.astype(str)


def _people(session: Session, ids: Iterable[uuid.UUID], day: dt.date
            ) -> tuple[list[uuid.UUID], dict[str, np.ndarray]]:
    wanted = set(ids)
    rows = [r for r in session.execute(select(Person.id, Person.sex, Person.birth_date,
                                              Person.citizenship)) if r[0] in wanted]
    order = [r[0] for r in rows]
    groups = {
        "sex": np.array([r[1] for r in rows], dtype=str),
        "age": _age_codes(np.array([r[2] for r in rows], dtype=object), day),
        "citizenship": np.array([_citizenship(r[3]) for r in rows], dtype=str),
    }
    return order, groups


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
                 if stored else ())
        out.append(OversightEntry(
            p.id, p.proposed_at, p.operator,
            f"{person.surname} {person.name}" if person else "—",
            person.fiscal_code if person else "", vacancy.number if vacancy else "—",
            p.rank, p.score, p.outcome, lines))
    return tuple(out)


def _report(session: Session, scope: str, subject: str, day_from: dt.date, day_to: dt.date,
            members: dict[str, set[uuid.UUID]], proposals: list[Proposal]) -> FairnessReport:
    pool_ids = members["pool"] | members["proposed"]
    order, groups = _people(session, pool_ids, day_to)
    stages = {s: np.array([pid in members[s] for pid in order], dtype=bool)
              for s in STAGES if s != "pool"}
    stages["pool"] = np.ones(len(order), dtype=bool)
    rows = group_rows(groups, stages, ORDER, _label)
    alerts = alert_sentences(rows, lambda code: stage_label(code, scope))
    totals = tuple(int(np.count_nonzero(stages[s])) for s in STAGES)
    return FairnessReport(scope, subject, day_from, day_to, totals, rows, alerts,
                          _oversight(session, proposals), len(proposals))


def vacancy_fairness(db: Database, actor: AuditActor, vacancy_id: uuid.UUID,
                     today: dt.date | None = None) -> FairnessReport:
    """The fairness of today's ranking and of the proposals for one vacancy."""
    require(actor, Permission.MATCHING)
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
        report = _report(session, "vacancy", f"{row.number} · {row.title}", today, today,
                         members, proposals)
        audit.record(session, actor, "matching.fairness", "vacancy", vacancy_id,
                     f"{len(report.alerts)} alerts")
        return report


def period_fairness(db: Database, actor: AuditActor, date_from: dt.date,
                    date_to: dt.date) -> FairnessReport:
    """The fairness of the proposals and hirings of a period, against its job seekers."""
    require(actor, Permission.REPORTS)
    if date_from > date_to:
        raise ValidationError(_("The period starts after it ends."),
                              {"date_from": _("The period starts after it ends.")})
    with db.transaction() as session:
        pool = set(session.scalars(select(Did.person_id).where(
            Did.did_date <= date_to,
            (Did.ended_on.is_(None)) | (Did.ended_on > date_from))))
        start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC)
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        proposals = list(session.scalars(select(Proposal).where(
            Proposal.proposed_at >= start, Proposal.proposed_at < end)))
        members = {
            "pool": pool,
            "top10": {p.person_id for p in proposals if 1 <= p.rank <= 10},
            "top50": {p.person_id for p in proposals if 1 <= p.rank <= 50},
            "proposed": {p.person_id for p in proposals},
            "hired": {p.person_id for p in proposals if p.outcome == "assunto"}}
        subject = _("Proposals from {start} to {end}").format(
            start=date_from.strftime("%d/%m/%Y"), end=date_to.strftime("%d/%m/%Y"))
        report = _report(session, "period", subject, date_from, date_to, members, proposals)
        audit.record(session, actor, "matching.fairness", "period", "",
                     f"{date_from}..{date_to}: {len(report.alerts)} alerts")
        return report
