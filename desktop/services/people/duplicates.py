"""Possible duplicates of a person being registered: advisory, never blocking.

The three tiers of docs/domain.md:

1. the same codice fiscale, or the same one once omocodes are reduced (then the
   candidate may be the holder of an omocode: by law a different person, so this
   warns and never blocks; only the exact code is unique);
2. the same birth date and sex with a similar name (surname and name also swapped);
3. the same mobile number or e-mail.

Each candidate says why it matches; the operator decides (continue, or open the
existing person). Merging is a separate, audited action.
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.person import Person, phone_key, search_key
from desktop.services.people.fiscal_code import check, normalise_input
from desktop.services.people.search import ROW_COLUMNS, PersonRow, person_row, person_rows
from desktop.services.security.permissions import Actor, Permission, require

#: Minimum similarity (0-1) of folded names for tier 2.
NAME_SIMILARITY = 0.78


@dataclass(frozen=True)
class DuplicateQuery:
    fiscal_code: str = ""
    surname: str = ""
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    mobile: str = ""
    email: str = ""
    exclude_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DuplicateCandidate:
    person: PersonRow
    tier: int
    reasons: tuple[str, ...]
    score: float


def name_similarity(surname: str, name: str, other_surname: str, other_name: str
                    ) -> tuple[float, bool]:
    """Similarity of two folded full names, and whether the best match is swapped."""
    mine = search_key(surname, name)
    straight = difflib.SequenceMatcher(None, mine, search_key(other_surname, other_name))
    swapped = difflib.SequenceMatcher(None, mine, search_key(other_name, other_surname))
    a, b = straight.ratio(), swapped.ratio()
    return (b, True) if b > a else (a, False)


def find_duplicates(db: Database, actor: Actor, query: DuplicateQuery,
                    limit: int = 10) -> list[DuplicateCandidate]:
    with db.read() as session:  # the permission check shares the read: one session
        require(actor, Permission.PERSON_READ, session)
        return _duplicates(session, query, limit)


def duplicates(db: Database, query: DuplicateQuery, limit: int = 10
               ) -> list[DuplicateCandidate]:
    """:func:`find_duplicates` without the permission check (the caller checked it)."""
    with db.read() as session:
        return _duplicates(session, query, limit)


_P = Person.__table__.c


def _duplicates(session: Session, query: DuplicateQuery, limit: int
                ) -> list[DuplicateCandidate]:
    """The three tiers on plain columns (Core rows, no ORM instance per candidate)."""
    found: dict[uuid.UUID, tuple[Any, int, list[str], float]] = {}

    def add(person: Any, tier: int, reason: str, score: float) -> None:
        if query.exclude_id is not None and person.id == query.exclude_id:
            return
        if person.id in found:
            _p, best, reasons, old = found[person.id]
            reasons.append(reason)
            found[person.id] = (person, min(best, tier), reasons, max(old, score))
        else:
            found[person.id] = (person, tier, [reason], score)

    cf = check(query.fiscal_code) if query.fiscal_code else None
    if cf is not None and cf.valid:
        typed = normalise_input(query.fiscal_code)
        for person in person_rows(session, select(*ROW_COLUMNS).where(
                _P.fiscal_code_base == cf.normalized)):
            reason = _("same codice fiscale") if person.fiscal_code == typed \
                else _("same reduced codice fiscale: may be the holder of an omocode "
                       "(a different person by law)")
            add(person, 1, reason, 1.0)
    if query.birth_date is not None and query.sex in ("M", "F") and (
            query.surname or query.name):
        for person in person_rows(session, select(*ROW_COLUMNS).where(
                _P.birth_date == query.birth_date, _P.sex == query.sex)):
            score, swapped = name_similarity(query.surname, query.name,
                                             person.surname, person.name)
            if score >= NAME_SIMILARITY:
                reason = (_("same birth date and sex, surname and name swapped")
                          if swapped else
                          _("same birth date and sex, similar name ({percent}%)").format(
                              percent=round(score * 100)))
                add(person, 2, reason, score)
    contacts = []
    mobile = phone_key(query.mobile)
    if len(mobile.lstrip("+")) >= 6:
        contacts.append(_P.mobile_key == mobile)
    email = query.email.strip().lower()
    if "@" in email:
        contacts.append(_P.email == email)
    if contacts:
        for person in person_rows(session, select(*ROW_COLUMNS, _P.mobile_key).where(
                or_(*contacts)).limit(20)):
            if mobile and person.mobile_key == mobile:
                add(person, 3, _("same mobile number"), 0.6)
            if email and person.email == email:
                add(person, 3, _("same e-mail"), 0.6)
    ranked = sorted(found.values(), key=lambda item: (item[1], -item[3]))[:limit]
    return [DuplicateCandidate(person_row(p), tier, tuple(reasons), round(score, 2))
            for p, tier, reasons, score in ranked]
