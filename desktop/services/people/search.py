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
from typing import Any

from sqlalchemy import Executable, and_, bindparam, or_, select
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


def person_row(p: Any) -> PersonRow:
    """A line of the results list from a Person or a row of :data:`ROW_COLUMNS`."""
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


_P = Person.__table__.c
#: The holder of a code and the people sharing its reduced form, in one statement (two
#: indexes, OR-ed): built once, a plain Core statement on the session's connection.
#: The columns of a line of the results list (:class:`PersonRow`), as Core columns.
ROW_COLUMNS = (_P.id, _P.fiscal_code, _P.surname, _P.name, _P.sex, _P.birth_date,
               _P.birthplace_name, _P.birthplace_province, _P.birthplace_code,
               _P.residence_town, _P.mobile, _P.email)
_BY_CODE = (select(*ROW_COLUMNS)
            .where(or_(_P.fiscal_code == bindparam("code"),
                       _P.fiscal_code_base == bindparam("base")))
            .order_by(_P.fiscal_code))


def _code_rows(session: Session, code: str) -> tuple[bool, list[PersonRow]]:
    """(exact?, rows): the holder of ``code``, else those sharing its reduced form."""
    found = session.connection().execute(_BY_CODE, {"code": code,
                                                    "base": base_form(code)}).all()
    exact = [r for r in found if r.fiscal_code == code]
    return bool(exact), [person_row(r) for r in exact or found]


def person_rows(session: Session, query: Executable, params: dict[str, Any] | None = None
                ) -> list[Any]:
    """Rows of plain columns (Core, on the session's connection): no ORM instance is
    built for a line of the results list."""
    return list(session.connection().execute(query, params or {}).all())


def _by_name(session: Session, query: str, limit: int) -> list[Any]:
    words = _name_words(query)
    if not words:
        return []
    prefix = " ".join(words)
    ordered = person_rows(session, select(*ROW_COLUMNS).where(
        _P.search_key >= prefix, _P.search_key < _next_key(prefix))
        .order_by(_P.search_key, _P.birth_date).limit(limit))
    if len(ordered) >= limit:
        return ordered
    seen = {r.id for r in ordered}
    if session.get_bind().dialect.name == "sqlite":
        return ordered + _fts_fill(session, words, seen, limit - len(ordered), limit * 4)
    extra = select(*ROW_COLUMNS, _P.search_key).where(and_(*(
        or_(_P.search_key.like(f"{w}%"), _P.search_key.like(f"% {w}%")) for w in words)))
    more = [r for r in person_rows(session, extra.limit(limit * 4)) if r.id not in seen]
    more.sort(key=lambda r: (r.search_key, r.birth_date))
    return ordered + more[: limit - len(ordered)]


def _fts_fill(session: Session, words: list[str], seen: set[Any], wanted: int,
              pool: int) -> list[Any]:
    """The FTS5 matches (the first ``pool``), ordered by folded name and birth date,
    minus ``seen``: the ``wanted`` first. Ordered on the FTS table's own copy of the
    key and the small (id, birth date) index, so only the rows kept are read whole."""
    match = " ".join(f'"{w}"*' for w in words)
    candidates = session.connection().exec_driver_sql(
        "SELECT f.person_id, f.search_key, p.birth_date FROM (SELECT person_id, "
        "search_key FROM person_fts WHERE person_fts MATCH ? LIMIT ?) AS f "
        "JOIN person AS p ON p.id = f.person_id",
        (match, pool)).all()
    shown = {person_id.hex for person_id in seen}  # ids are stored as 32 hex digits
    kept = [uuid.UUID(pid) for _key, _born, pid in sorted(
        (key, born, pid) for pid, key, born in candidates if pid not in shown)[:wanted]]
    if not kept:
        return []
    by_id = {r.id: r for r in person_rows(session, select(*ROW_COLUMNS).where(
        _P.id.in_(kept)))}
    return [by_id[person_id] for person_id in kept if person_id in by_id]


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
    code = normalise_input(code)[:MAX_QUERY]
    with db.read() as session:  # the permission check shares the read: one session
        require(actor, Permission.PERSON_READ, session)
        exact, rows = _code_rows(session, code)
    if exact:
        return CodeLookup(code, rows[0], ())
    return CodeLookup(code, None, tuple(rows))


def search_people(db: Database, actor: Actor, query: str, limit: int = 50) -> list[PersonRow]:
    """People matching what was typed in the search box (at most ``limit``)."""
    with db.read() as session:  # the permission check shares the read: one session
        require(actor, Permission.PERSON_READ, session)
        return _search(session, query, limit)


def search(db: Database, query: str, limit: int = 50) -> list[PersonRow]:
    """The search itself, without the permission check (the Patto's signer search,
    whose caller checked it)."""
    with db.read() as session:
        return _search(session, query, limit)


def _search(session: Session, query: str, limit: int) -> list[PersonRow]:
    query = query[:MAX_QUERY]
    kind = query_kind(query)
    if not kind:
        return []
    if kind == "cf":
        # The most frequent lookup: one statement, plain columns.
        return _code_rows(session, normalise_input(query))[1]
    found: list[Any]
    if kind == "email":
        value = query.strip().lower()
        found = person_rows(session, select(*ROW_COLUMNS).where(_P.email == value).limit(limit))
        if not found:
            found = person_rows(session, select(*ROW_COLUMNS).where(
                _P.email >= value, _P.email < _next_key(value))
                .order_by(_P.email).limit(limit))
    elif kind == "phone":
        digits = phone_key(query)
        found = person_rows(session, select(*ROW_COLUMNS).where(
            _P.mobile_key >= digits, _P.mobile_key < _next_key(digits))
            .order_by(_P.mobile_key).limit(limit))
    else:
        found = _by_name(session, query, limit)
    return [person_row(r) for r in found]
