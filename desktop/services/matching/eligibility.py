"""Who is ranked by default: the exclusions of the candidate search, with their counts.

By default only people with a DID in force, not placed in the period, within their
mobility radius and not kept out by collocamento mirato are ranked for a vacancy. Each
exclusion is counted with its reason, and the operator may lift it for one search
(except the L. 68/1999 reserve, which is the law). A vacancy that is closed or expired
is never proposed: that is not an exclusion of people and cannot be lifted.

The DID rule is the one of ``services.people.did.active_did`` (the latest declaration
counts, unless it has ended by today), applied to everyone at once; a test checks that
both agree person by person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.actions import Placement
from desktop.models.matching import Proposal
from desktop.models.registration import Did
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.firms.work_limitations import ruled_out
from desktop.services.matching.index import CandidateIndex

BoolArray = npt.NDArray[np.bool_]

#: Every exclusion of the candidate search, in the order they are shown.
EXCLUSIONS = ("no_did", "placed", "radius", "licence", "l68", "limits")
#: The ones an operator may lift for one search.
LIFTABLE = ("no_did", "placed", "radius", "licence")
#: "Placed in the period": a hiring that started this many days before today, or later.
PLACED_DAYS = 180


def exclusion_reason(code: str, with_l68: bool = True) -> str:
    """Why people were left out. The work limitations are health data: an operator who
    may not read collocamento mirato data learns only that they are not compatible."""
    if code == "limits":
        return (_("incompatible with the person's work limitations (L. 68/1999)")
                if with_l68 else _("not compatible (confidential)"))
    reasons = {
        "no_did": _("no DID in force"),
        "placed": _("hired in the last {days} days").format(days=PLACED_DAYS),
        "radius": _("workplace beyond their mobility radius"),
        "licence": _("without the driving licence the vacancy asks for"),
        "l68": _("vacancy reserved to collocamento mirato (L. 68/1999), not enrolled"),
    }
    return reasons[code]


@dataclass(frozen=True)
class Exclusion:
    """People left out of a ranking for one reason (a person may have several)."""

    code: str
    count: int
    reason: str
    liftable: bool
    lifted: bool


def active_did_people(session: Session, today: dt.date) -> set[uuid.UUID]:
    """The people whose latest DID has not ended by ``today`` (``active_did`` in bulk)."""
    latest: dict[uuid.UUID, tuple[dt.date, dt.datetime, dt.date | None]] = {}
    for pid, did_date, created, ended in session.execute(
            select(Did.person_id, Did.did_date, Did.created_at, Did.ended_on)):
        key = (did_date, created, ended)
        found = latest.get(pid)
        if found is None or (did_date, created) > (found[0], found[1]):
            latest[pid] = key
    return {pid for pid, (_d, _c, ended) in latest.items()
            if ended is None or ended > today}


def placed_people(session: Session, today: dt.date, days: int = PLACED_DAYS
                  ) -> set[uuid.UUID]:
    """People hired in the period: a placement that started in it, or a proposal whose
    outcome (hired) was recorded in it."""
    since = today - dt.timedelta(days=days)
    found = set(session.scalars(select(Placement.person_id).where(
        Placement.start_date >= since, Placement.start_date <= today)))
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    # A hiring recorded without its moment counts from the proposal's.
    for pid, at, proposed in session.execute(select(
            Proposal.person_id, Proposal.outcome_at, Proposal.proposed_at).where(
            Proposal.outcome == "assunto")):
        when = at or proposed
        if when is not None and when.replace(tzinfo=when.tzinfo or dt.UTC) >= start:
            found.add(pid)
    return found


@dataclass
class _Cache:
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    #: id of the index -> (the index itself, the version, the masks). The index is kept
    #: to compare by identity: an id can be reused once an older index is freed.
    entries: dict[int, tuple[CandidateIndex, tuple[object, ...], dict[str, BoolArray]]] = (
        dataclasses.field(default_factory=dict))


def _version(session: Session, today: dt.date) -> tuple[object, ...]:
    parts: list[object] = [today]
    for model in (Did, Placement, Proposal):
        parts.extend(session.execute(select(func.count(), func.max(model.updated_at))
                                     .select_from(model)).one())
    return tuple(parts)


def person_exclusions(db: Database, session: Session, index: CandidateIndex,
                      today: dt.date) -> dict[str, BoolArray]:
    """For each index row: True where the person has no DID in force ("no_did"), and
    where they were hired in the period ("placed"). Kept while nothing changes."""
    cache = db.caches.setdefault(__name__, _Cache())
    if not isinstance(cache, _Cache):
        raise TypeError(f"unexpected cache entry for {__name__}")
    version = _version(session, today)
    with cache.lock:
        cached = cache.entries.get(id(index))
        if cached is not None and cached[0] is index and cached[1] == version:
            return cached[2]
    rows = index.row_of()
    n = len(index)
    with_did = np.zeros(n, dtype=bool)
    for pid in active_did_people(session, today):
        i = rows.get(str(pid))
        if i is not None:
            with_did[i] = True
    placed = np.zeros(n, dtype=bool)
    for pid in placed_people(session, today):
        i = rows.get(str(pid))
        if i is not None:
            placed[i] = True
    masks = {"no_did": ~with_did, "placed": placed}
    with cache.lock:
        # One entry per index in use (with and without collocamento mirato), no more.
        cache.entries = {key: entry for key, entry in cache.entries.items()
                         if key != id(index)}
        while len(cache.entries) >= 2:
            cache.entries.pop(next(iter(cache.entries)))
        cache.entries[id(index)] = (index, version, masks)
    return masks


def limitations_of(session: Session, people: list[uuid.UUID] | None = None
                   ) -> dict[uuid.UUID, frozenset[str]]:
    """The vacancy demands each enrolled person's work limitations rule out (only people
    with some). Read whatever the operator's role: the matching must respect them."""
    query = select(TargetedPlacementEnrolment.person_id, TargetedPlacementEnrolment.limitations
                   ).where(TargetedPlacementEnrolment.limitations != "")
    if people is not None:
        query = query.where(TargetedPlacementEnrolment.person_id.in_(people))
    out: dict[uuid.UUID, frozenset[str]] = {}
    for pid, codes in session.execute(query):
        demands = ruled_out({c for c in codes.split(",") if c})
        if demands:
            out[pid] = demands
    return out


def limitation_mask(session: Session, index: CandidateIndex,
                    demands: frozenset[str]) -> BoolArray:
    """For each index row: True where the person's work limitations rule out one of the
    vacancy's ``demands`` (night shifts, heavy lifting, standing long, driving)."""
    mask = np.zeros(len(index), dtype=bool)
    if not demands:
        return mask
    rows = index.row_of()
    for pid, ruled in limitations_of(session).items():
        i = rows.get(str(pid))
        if i is not None and ruled & demands:
            mask[i] = True
    return mask
