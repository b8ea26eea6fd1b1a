"""One search box: codice fiscale, surname/name prefix, phone or e-mail.

What the operator typed decides the kind of search:

- a codice fiscale (16 characters or 11 digits): exact lookup on the unique
  ``fiscal_code`` (an omocode is another person's code); when nobody holds it, the
  people whose code reduces to the same base form (``fiscal_code_base``) come back as
  candidates (:func:`lookup_code` says which case it is);
- something with ``@``: e-mail (exact, else prefix);
- six digits or more: mobile number (digits only, prefix);
- anything else: names. Each word is folded (no accents, apostrophes, case) and must
  start a word of "surname name". First an ordered range scan of the folded
  ``search_key`` index (surname first, the usual case), then, to fill the page, the
  SQLite FTS5 index (``unicode61 remove_diacritics``, kept by triggers) so names typed
  in another order are found too. PostgreSQL has no FTS5: the same folded column is
  searched with LIKE on word starts (``text_pattern_ops`` index).

Input is only ever bound as a parameter; FTS5 syntax is built from folded
alphanumeric words, so no operator or quote from the box reaches the query.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select, text
from sqlalchemy.orm import Session

from desktop.infra.database import Database
from desktop.models.person import Person, phone_key
from desktop.services.people.fiscal_code import base_form, normalise_input
from desktop.services.reference.places import fold
from desktop.services.security.permissions import Actor, Permission, require

_CF = re.compile(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")
MAX_QUERY = 200


@dataclass(frozen=True)
class PersonRow:
    id: uuid.UUID
    fiscal_code: str
    surname: str
    name: str
    sex: str
    birth_date: dt.date
    birthplace: str
    town: str
    mobile: str
    email: str


_ROW_COLUMNS = (Person.id, Person.fiscal_code, Person.surname, Person.name, Person.sex,
                Person.birth_date, Person.birthplace_name, Person.birthplace_province,
                Person.birthplace_code, Person.residence_town, Person.mobile, Person.email)


def person_row(p: Person) -> PersonRow:
    place = f"{p.birthplace_name} ({p.birthplace_province})" if p.birthplace_name \
        else p.birthplace_code
    return PersonRow(p.id, p.fiscal_code, p.surname, p.name, p.sex, p.birth_date, place,
                     p.residence_town, p.mobile, p.email)


def query_kind(query: str) -> str:
    """"cf", "email", "phone", "name" or "" (nothing to search)."""
    q = query.strip()
    compact = normalise_input(q)
    if _CF.match(compact) or (len(compact) == 11 and compact.isdigit()):
        return "cf"
    if "@" in q:
        return "email"
    digits = phone_key(q)
    if len(digits.lstrip("+")) >= 6 and not any(ch.isalpha() for ch in q):
        return "phone"
    return "name" if any(fold(word) for word in q.split()) else ""


def _name_words(query: str) -> list[str]:
    return [w for w in (fold(word) for word in query.split()) if w][:6]


def _next_key(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _by_name(session: Session, query: str, limit: int) -> list[Person]:
    words = _name_words(query)
    if not words:
        return []
    prefix = " ".join(words)
    ordered = list(session.scalars(
        select(Person).where(Person.search_key >= prefix,
                             Person.search_key < _next_key(prefix))
        .order_by(Person.search_key, Person.birth_date).limit(limit)))
    if len(ordered) >= limit:
        return ordered
    seen = {p.id for p in ordered}
    extra: Select[Person]
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        ids = select(text("person_id")).select_from(text("person_fts")).where(
            text("person_fts MATCH :match")).limit(limit * 4)
        extra = select(Person).where(Person.id.in_(ids)).params(match=match)
    else:
        extra = select(Person).where(and_(*(
            or_(Person.search_key.like(f"{w}%"), Person.search_key.like(f"% {w}%"))
            for w in words)))
    more = [p for p in session.scalars(extra.limit(limit * 4)) if p.id not in seen]
    more.sort(key=lambda p: (p.search_key, p.birth_date))
    return ordered + more[: limit - len(ordered)]


def _code_rows(session: Session, code: str) -> tuple[bool, list[PersonRow]]:
    """(exact?, rows): the holder of ``code``, else those sharing its reduced form."""
    exact = session.execute(select(*_ROW_COLUMNS).where(Person.fiscal_code == code)).all()
    found = exact or session.execute(select(*_ROW_COLUMNS).where(
        Person.fiscal_code_base == base_form(code)).order_by(Person.fiscal_code)).all()
    return bool(exact), [
        PersonRow(r.id, r.fiscal_code, r.surname, r.name, r.sex, r.birth_date,
                  f"{r.birthplace_name} ({r.birthplace_province})"
                  if r.birthplace_name else r.birthplace_code,
                  r.residence_town, r.mobile, r.email) for r in found]


@dataclass(frozen=True)
class CodeLookup:
    """Who a scanned or typed codice fiscale belongs to.

    ``exact`` is the person holding that very code; otherwise ``candidates`` are the
    people whose code reduces to the same base form (an omocode holder scanned with
    the reduced code, or the other way round): possibly the same person, possibly not.
    """

    code: str
    exact: PersonRow | None
    candidates: tuple[PersonRow, ...]


def lookup_code(db: Database, actor: Actor, code: str) -> CodeLookup:
    require(actor, Permission.PERSON_READ, db)
    code = normalise_input(code)[:MAX_QUERY]
    with db.read() as session:
        exact, rows = _code_rows(session, code)
    if exact:
        return CodeLookup(code, rows[0], ())
    return CodeLookup(code, None, tuple(rows))


def search_people(db: Database, actor: Actor, query: str, limit: int = 50) -> list[PersonRow]:
    """People matching what was typed in the search box (at most ``limit``)."""
    require(actor, Permission.PERSON_READ, db)
    return search(db, query, limit)


def search(db: Database, query: str, limit: int = 50) -> list[PersonRow]:
    """The search itself, without the permission check (benchmarks, duplicate checks)."""
    query = query[:MAX_QUERY]
    kind = query_kind(query)
    if not kind:
        return []
    with db.read() as session:
        people: list[Person]
        if kind == "cf":
            # The most frequent lookup: plain columns, no ORM instances to build.
            return _code_rows(session, normalise_input(query))[1]
        if kind == "email":
            value = query.strip().lower()
            people = list(session.scalars(
                select(Person).where(Person.email == value).limit(limit)))
            if not people:
                people = list(session.scalars(
                    select(Person).where(Person.email >= value,
                                         Person.email < _next_key(value))
                    .order_by(Person.email).limit(limit)))
        elif kind == "phone":
            digits = phone_key(query)
            people = list(session.scalars(
                select(Person).where(Person.mobile_key >= digits,
                                     Person.mobile_key < _next_key(digits))
                .order_by(Person.mobile_key).limit(limit)))
        else:
            people = _by_name(session, query, limit)
        return [person_row(p) for p in people]
