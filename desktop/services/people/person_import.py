"""Bulk import of people from CSV: every row validated, then all saved or none.

A file with any rejected row imports nothing and reports each rejected line with
its reasons (Italian, per field); a file that is not exactly a table (a broken line,
a lost quote, another encoding, too big: :mod:`csv_source`) imports nothing and names
the line. The file streams: valid rows are inserted batch by batch with executemany
inside one transaction, rolled back if any row is rejected, so memory holds a batch,
not the file. Each person gets, in the same transaction and batch by batch, the audit
line and the outbox row that a registration at the counter writes: imported people
reach the region on the next sync.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop import collector
from desktop.documents.privacy import privacy_notice_version
from desktop.errors import BrokenInvariant
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.base import utcnow
from desktop.models.person import Person, phone_key, search_key
from desktop.models.registration import Visit
from desktop.services.people.bulk_journal import (
    audit_created,
    insert_rows,
    outbox_created,
    random_uuids,
)
from desktop.services.people.csv_source import FileRefused, read_table
from desktop.services.people.fiscal_code import check, normalise_input
from desktop.services.people.person_form import PersonForm, clean_field, validate_person
from desktop.services.reference.places import place_at
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.sync.registry import PERSON_FIELDS

COLUMNS = ("fiscal_code", "surname", "name", "sex", "birth_date", "birthplace_code",
           "citizenship", "residence_code", "residence_address", "residence_number",
           "residence_postcode", "mobile", "email")
REQUIRED = ("fiscal_code", "surname", "name", "residence_code", "residence_address",
            "residence_number", "residence_postcode", "mobile")
BATCH = 5_000
#: The rejected rows a report lists (the total is counted beyond it).
MAX_REPORTED = 1_000


@dataclass(frozen=True)
class RejectedRow:
    line: int
    fiscal_code: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportReport:
    read: int
    imported: int
    #: The first :data:`MAX_REPORTED` rejected rows, by line.
    rejected: tuple[RejectedRow, ...]
    #: How many rows were rejected in all (more than listed on a file of junk).
    rejected_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.rejected_total


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _Rows:
    """Validates rows one at a time: the codes already seen in the file, the day."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.seen: dict[str, int] = {}
        self.version = privacy_notice_version()
        self.now = utcnow()
        self._ids: list[uuid.UUID] = []

    def _new_id(self) -> uuid.UUID:
        if not self._ids:
            self._ids = random_uuids(1024)
        return self._ids.pop()

    def check(self, line: int, raw: dict[str, str]) -> dict[str, object] | RejectedRow:
        """The row ready to insert, or why it is rejected."""
        today = self.today
        row = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        cf = check(row["fiscal_code"], today)
        birth = _date(row["birth_date"]) if row["birth_date"] else cf.birth_date
        # PersonForm(...).cleaned(), built once: each text as typed, then cleaned.
        typed = {"fiscal_code": row["fiscal_code"], "surname": row["surname"],
                 "name": row["name"], "sex": row["sex"].upper() or (cf.sex or ""),
                 "birthplace_code": row["birthplace_code"].upper() or cf.birthplace_code,
                 "citizenship": row["citizenship"] or "italiana",
                 "residence_code": row["residence_code"].upper(),
                 "residence_address": row["residence_address"],
                 "residence_number": row["residence_number"],
                 "residence_postcode": row["residence_postcode"], "mobile": row["mobile"],
                 "email": row["email"]}
        values: dict[str, object] = {name: clean_field(name, value)
                                     for name, value in typed.items()}
        values["birth_date"] = birth
        values["privacy_acknowledged"] = True
        form = PersonForm.of_clean(values)
        result = validate_person(form, today, cleaned=True, cf=cf)
        errors = dict(result.errors)
        if row["birth_date"] and birth is None:
            errors["birth_date"] = _("The birth date is not a date (YYYY-MM-DD).")
        held = normalise_input(row["fiscal_code"])  # an omocode is another person's code
        if cf.valid and held in self.seen:
            errors["fiscal_code"] = _("Same codice fiscale as line {line}.").format(
                line=self.seen[held])
        if errors:
            return RejectedRow(line, cf.normalized[:16], tuple(
                f"{field}: {message}" for field, message in errors.items()))
        self.seen[held] = line
        clean = form
        if clean.birth_date is None:
            raise BrokenInvariant("clean.birth_date is missing")
        birthplace = place_at(clean.birthplace_code, clean.birth_date)
        residence = place_at(clean.residence_code, today)
        mobile = clean.mobile.replace(" ", "")
        now = self.now
        return {
            "id": self._new_id(), "fiscal_code": cf.normalized if cf.temporary else held,
            "fiscal_code_base": cf.normalized, "surname": clean.surname, "name": clean.name,
            "sex": clean.sex, "birth_date": clean.birth_date,
            "birthplace_code": clean.birthplace_code,
            "birthplace_name": birthplace.name if birthplace else "",
            "birthplace_province": birthplace.province if birthplace else "",
            "citizenship": clean.citizenship, "residence_code": clean.residence_code,
            "residence_town": residence.name if residence else "",
            "residence_province": residence.province if residence else "",
            "residence_address": clean.residence_address,
            "residence_number": clean.residence_number,
            "residence_postcode": clean.residence_postcode, "domicile_same": True,
            "domicile_code": clean.residence_code,
            "domicile_town": residence.name if residence else "",
            "domicile_province": residence.province if residence else "",
            "domicile_address": clean.residence_address,
            "domicile_number": clean.residence_number,
            "domicile_postcode": clean.residence_postcode,
            "mobile": mobile, "email": clean.email, "privacy_version": self.version,
            "privacy_acknowledged_at": now, "search_key": search_key(clean.surname, clean.name),
            "mobile_key": phone_key(mobile), "created_at": now, "updated_at": now,
        }


def _insert(session: Session, rows: list[dict[str, object]]) -> None:
    """Insert prepared rows: plain executemany on SQLite (4x faster), Core elsewhere."""
    insert_rows(session, Person, cast(list[dict[str, Any]], rows))


@contextmanager
def _fts_deferred(session: Session) -> Iterator[None]:
    """On SQLite, index the new names in one statement instead of one trigger per row.

    Inside the import's transaction (which holds the write lock: BEGIN IMMEDIATE) the
    insert trigger is dropped, the rows inserted, the FTS rows added with one
    INSERT ... SELECT and the trigger re-created from its own stored SQL. A failure
    rolls all of it back together. Four times faster on large files.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'person_fts_ai'"
    ).first()
    if found is None:
        yield
        return
    before = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM person").scalar_one()
    conn.exec_driver_sql("DROP TRIGGER person_fts_ai")
    yield
    conn.exec_driver_sql("INSERT INTO person_fts (person_id, search_key) "
                         "SELECT id, search_key FROM person WHERE rowid > ?", (before,))
    conn.exec_driver_sql(str(found[0]))


def shared_fields(row: dict[str, object]) -> dict[str, object]:
    """What the region receives of a new person: as ``registry.person_fields``."""
    return {name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name in _SHARED for value in (row[name],)}


#: The shared fields in the order ``registry.person_fields`` writes them (sorted once).
_SHARED = tuple(sorted(PERSON_FIELDS))


def import_rows(db: Database, actor: AuditActor, text_rows: Iterable[dict[str, str]], *,
                record_visits: bool = False,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Validate every row, then insert all the people (or none) with their audit lines
    and outbox rows, batch by batch, in one transaction. Row ``i`` is line ``i + 2``
    (after the header)."""
    return import_lines(db, actor, enumerate(text_rows, start=2),
                        record_visits=record_visits, progress=progress)


def import_lines(db: Database, actor: AuditActor,
                 numbered: Iterable[tuple[int, dict[str, str]]], *,
                 record_visits: bool = False,
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """:func:`import_rows` over (line number, row) pairs, read as they come.

    The rows stream: each batch of valid rows is inserted (with its audit lines and
    outbox rows) inside the one transaction as soon as it is full, so memory holds a
    batch, not the file. The first rejected row stops the inserting; the rest is still
    read to report every rejected line, and the transaction is rolled back: nothing
    imported. A :class:`~desktop.services.people.csv_source.FileRefused` raised by the
    reader (a broken line) is reported as that line, and also imports nothing.

    The rows are plain dicts without cycles, freed by reference counting: while the
    import runs only the young generations are collected (after each batch), so CPython's
    full collections do not walk the rows again and again."""
    require(actor, Permission.PERSON_WRITE, db)
    run = _Run(actor, record_visits, progress)
    with collector.young_only():
        try:
            with db.transaction() as session:
                run.session = session
                with _fts_deferred(session):
                    run.consume(numbered)
                if run.rejected_total:
                    raise _NothingImported
        except _NothingImported:
            return run.report(imported=0)
        except FileRefused as exc:
            run.reject(RejectedRow(exc.line, "", (exc.user_message,)))
            return run.report(imported=0)
    return run.report(imported=run.inserted)


def _registered(session: Session, codes: list[str]) -> list[str]:
    """Which of ``codes`` someone already holds: on SQLite one statement for the batch
    (the codes as one JSON array), elsewhere in chunks of bound parameters."""
    if session.connection().dialect.name == "sqlite":
        return [row[0] for row in session.connection().exec_driver_sql(
            "SELECT fiscal_code FROM person WHERE fiscal_code IN "
            "(SELECT value FROM json_each(?))", (json.dumps(codes),))]
    return [code for start in range(0, len(codes), 500)
            for code in session.scalars(select(Person.fiscal_code).where(
                Person.fiscal_code.in_(codes[start:start + 500])))]


class _NothingImported(Exception):
    """Rolls the import's transaction back after rejected rows."""


class _Run:
    """One import under way: the batch being filled and what was rejected."""

    def __init__(self, actor: AuditActor, record_visits: bool,
                 progress: Callable[[int], None] | None) -> None:
        self.actor = actor
        self.record_visits = record_visits
        self.progress = progress
        self.rows = _Rows(dt.date.today())
        self.session: Session | None = None
        self.batch: list[tuple[int, dict[str, object]]] = []
        self.rejected: list[RejectedRow] = []
        self.rejected_total = 0
        self.read = 0
        self.inserted = 0

    def reject(self, row: RejectedRow) -> None:
        self.rejected_total += 1
        if len(self.rejected) < MAX_REPORTED:
            self.rejected.append(row)

    def consume(self, numbered: Iterable[tuple[int, dict[str, str]]]) -> None:
        for line, raw in numbered:
            self.read += 1
            checked = self.rows.check(line, raw)
            if isinstance(checked, RejectedRow):
                self.reject(checked)
                self.batch.clear()
            elif not self.rejected_total:
                self.batch.append((line, checked))
                if len(self.batch) >= BATCH:
                    self.flush()
        if not self.rejected_total:
            self.flush()

    def flush(self) -> None:
        session = self.session
        if session is None or not self.batch:
            return
        line_of = {str(r["fiscal_code"]): line for line, r in self.batch}
        for code in _registered(session, list(line_of)):
            self.reject(RejectedRow(line_of[code], code, (
                "fiscal_code: " + _("Already registered."),)))
        batch = [r for _line, r in self.batch]
        self.batch = []
        if self.rejected_total:
            return
        _insert(session, batch)
        ids = [cast(uuid.UUID, r["id"]) for r in batch]
        audit_created(session, self.actor, "person.create", "person", ids)
        outbox_created(session, "person", [(person_id, shared_fields(r))
                                           for person_id, r in zip(ids, batch, strict=True)])
        if self.record_visits:
            session.execute(insert(Visit), [
                {"id": uuid.uuid4(), "person_id": r["id"], "kind": "import", "reason": "",
                 "operator": self.actor.username, "site_code": "", "at": r["created_at"],
                 "created_at": r["created_at"], "updated_at": r["created_at"]}
                for r in batch])
        self.inserted += len(batch)
        collector.collect_young()
        if self.progress:
            self.progress(self.inserted)

    def report(self, imported: int) -> ImportReport:
        return ImportReport(self.read, imported, tuple(sorted(self.rejected,
                                                              key=lambda r: r.line)),
                            self.rejected_total)


def import_file(db: Database, actor: AuditActor, path: Path, *,
                encoding: str | None = None) -> ImportReport:
    """Import the CSV file ``path`` (UTF-8, UTF-8 with BOM, or the declared ``encoding``),
    streamed: see :mod:`desktop.services.people.csv_source` for what is refused."""
    return import_lines(db, actor, read_table(path, REQUIRED, encoding=encoding))


def write_rows(rows: Sequence[dict[str, str]]) -> str:
    """A CSV text with the import's columns (tests, benchmarks, templates)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
