"""The floor of ``python -m bench queue``: the queue's issue, call and finish in plain SQL.

The cheapest correct way to do the same durable work as ``desktop.services.queue``: the
same driver (sqlcipher3 with the same key and pragmas on SQLite, psycopg on
PostgreSQL), the same schema and the same rows, one transaction per action, with none
of the application's layers:

- issue: check the service is open (one query), draw the number with the same atomic
  upsert, insert the ticket and its ``issued`` event, count the people ahead, read the
  recent service times, insert the wait estimate;
- call: check the operator's account and role, check the counter is neither paused nor
  busy (one query), read the same candidates as the application's policy (the oldest
  normal and the oldest priority ticket and the appointments within three hours of the
  counter's active services, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), take one, mark
  it called, append the ``called`` event (its number in the log computed in the same
  statement), record the actual wait on its estimate;
- finish: check the operator, lock the ticket and check it is at this counter, mark it
  finished, append the ``finished`` event.

On PostgreSQL every action also queues ``pg_notify`` in its transaction, as the
application does for the displays. The choice among the candidates is simplified (the
earliest appointment due, else the oldest ticket): the benchmark's day has no priority
tickets and no appointments, so it is the choice the application's policy makes too.

Lives beside ``counters`` (the application's counter processes) for the same reason:
the benchmark runs from a source checkout.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from typing import Any

from tests.helpers.storage import TEST_KEY

_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
#: Row locks on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises the writers.
_TAKE_FIRST_FREE = " FOR UPDATE OF t SKIP LOCKED"
_LOCK = " FOR UPDATE"


class Floor:
    """Plain-SQL queue actions on one DB-API connection (SQLite or PostgreSQL)."""

    def __init__(self, conn: Any, postgres: bool) -> None:
        self.conn = conn
        self.postgres = postgres

    # -- values as the application stores them ------------------------------------------

    def _id(self, value: uuid.UUID | None) -> Any:
        if value is None or self.postgres:
            return value
        return value.hex

    def _at(self, value: dt.datetime) -> Any:
        naive = value.astimezone(dt.UTC).replace(tzinfo=None)
        return naive if self.postgres else naive.strftime(_SQLITE_TIME)

    def _day(self, value: dt.datetime) -> Any:
        day = value.astimezone().date()
        return day if self.postgres else day.isoformat()

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.postgres else statement

    def _one(self, statement: str, *params: Any) -> Any:
        return self.conn.execute(self._sql(statement), params).fetchone()

    def _run(self, statement: str, *params: Any) -> None:
        self.conn.execute(self._sql(statement), params)

    def _begin(self) -> None:
        if not self.postgres:
            self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self, site_id: uuid.UUID) -> None:
        if self.postgres:
            self.conn.execute("SELECT pg_notify('sportello_queue', %s)", (str(site_id),))
            self.conn.commit()
        else:
            self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        if self.postgres:
            self.conn.rollback()
        else:
            self.conn.execute("ROLLBACK")

    def _check_operator(self, operator_id: uuid.UUID, role: str) -> None:
        row = self._one("SELECT role, active FROM operator WHERE id = ?", self._id(operator_id))
        if row is None or not row[1] or row[0] != role:
            raise PermissionError("operator not allowed")

    # -- the three actions ----------------------------------------------------------------

    def issue(self, site_id: uuid.UUID, service_id: uuid.UUID, at: dt.datetime) -> uuid.UUID:
        day = self._day(at)
        site, service, when = self._id(site_id), self._id(service_id), self._at(at)
        self._begin()
        try:
            row = self._one(
                "SELECT s.prefix, s.active, (SELECT count(*) FROM counter_service cs "
                "JOIN counter c ON c.id = cs.counter_id WHERE cs.service_id = s.id "
                "AND c.active = ?) FROM service s WHERE s.id = ? AND s.site_id = ?",
                True, service, site)
            if row is None or not row[1] or not row[2]:
                raise LookupError("service closed")
            prefix, counters = row[0], int(row[2])
            number = int(self._one(
                "INSERT INTO queue_ticket_number (site_id, day, service_id, last_number) "
                "VALUES (?, ?, ?, (SELECT coalesce(max(number), 0) + 1 FROM queue_ticket "
                "WHERE site_id = ? AND day = ? AND first_service_id = ?)) "
                "ON CONFLICT (site_id, day, service_id) DO UPDATE SET last_number = CASE "
                "WHEN excluded.last_number > queue_ticket_number.last_number "
                "THEN excluded.last_number ELSE queue_ticket_number.last_number + 1 END "
                "RETURNING last_number", site, day, service, site, day, service)[0])
            ticket = uuid.uuid4()
            self._run(
                "INSERT INTO queue_ticket (id, site_id, day, first_service_id, number, code, "
                "issued_at, appointment_early, appointment_late, archived, status, "
                "service_id, queued_at, recalls, outcome, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 15, 15, ?, 'waiting', ?, ?, 0, '', ?, ?)",
                self._id(ticket), site, day, service, number, f"{prefix}{number:03d}", when,
                False, service, when, when, when)
            self._run(
                "INSERT INTO queue_ticket_event (id, ticket_id, seq, kind, at, service_id, "
                "detail, ref) VALUES (?, ?, 1, 'issued', ?, ?, '', '')",
                self._id(uuid.uuid4()), self._id(ticket), when, service)
            ahead = int(self._one(
                "SELECT count(*) FROM queue_ticket WHERE site_id = ? AND day = ? "
                "AND service_id = ? AND status = 'waiting' AND id != ?",
                site, day, service, self._id(ticket))[0])
            recent = self.conn.execute(self._sql(
                "SELECT t.called_at, e.at FROM queue_ticket t JOIN queue_ticket_event e "
                "ON e.ticket_id = t.id WHERE t.service_id = ? AND e.kind = 'finished' "
                "AND e.at >= ? AND t.called_at IS NOT NULL ORDER BY e.at DESC LIMIT 400"),
                (service, self._at(at - dt.timedelta(days=14)))).fetchall()
            minutes = [(_parse(f) - _parse(c)).total_seconds() / 60 for c, f in recent]
            per_ticket = statistics.fmean(minutes) if minutes else 10.0
            expected = ahead * per_ticket / max(1, counters)
            low = int(expected * 0.7)
            high = max(int(expected * 1.3 + 0.999) + (2 if ahead else 1), low + 1)
            self._run(
                "INSERT INTO queue_wait_estimate (id, ticket_id, service_id, made_at, ahead, "
                "low_minutes, high_minutes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                self._id(uuid.uuid4()), self._id(ticket), service, when, ahead, low, high)
            self._commit(site_id)
        except BaseException:
            self._rollback()
            raise
        return ticket

    def call(self, operator_id: uuid.UUID, role: str, site_id: uuid.UUID,
             counter_id: uuid.UUID, at: dt.datetime) -> uuid.UUID | None:
        """Call the next ticket; None when nobody waits (or all are being taken)."""
        counter, when = self._id(counter_id), self._at(at)
        self._begin()
        try:
            self._check_operator(operator_id, role)
            paused, busy = self._one(
                "SELECT EXISTS (SELECT 1 FROM queue_counter_pause WHERE counter_id = ? "
                "AND kind = 'pause' AND ended_at IS NULL), (SELECT code FROM queue_ticket "
                "WHERE counter_id = ? AND status IN ('called', 'serving') LIMIT 1)",
                counter, counter)
            if paused or busy is not None:
                raise RuntimeError("counter not free")
            row = self._choose(self._candidates(site_id, counter, at), at)
            if row is None:
                self._rollback()
                return None
            ticket, issued = row[0], row[1]
            self._run(
                "UPDATE queue_ticket SET status = 'called', counter_id = ?, operator_id = ?, "
                "called_at = ?, updated_at = ? WHERE id = ?",
                counter, self._id(operator_id), when, when, ticket)
            self._append(ticket, "called", when, counter, operator_id, "order of arrival",
                         "arrival")
            wait = round((at.astimezone(dt.UTC).replace(tzinfo=None) - _parse(issued))
                         .total_seconds() / 60, 2)
            self._run("UPDATE queue_wait_estimate SET actual_minutes = ? WHERE ticket_id = ? "
                      "AND actual_minutes IS NULL", wait, ticket)
            self._commit(site_id)
        except BaseException:
            self._rollback()
            raise
        return uuid.UUID(str(ticket))

    def _candidates(self, site_id: uuid.UUID, counter: Any, at: dt.datetime) -> list[Any]:
        """The rows the policy weighs: the oldest normal and the oldest priority ticket
        and the appointments within three hours, locked as the application locks them."""
        window = dt.timedelta(hours=3)
        params = (self._id(site_id), self._day(at), False, counter, True)
        found: list[Any] = []
        for extra, order, limit, more in (
                ("t.priority_id IS NULL", "", 1, ()),
                ("t.priority_id IS NOT NULL", "", 1, ()),
                ("t.appointment_at BETWEEN ? AND ?", "t.appointment_at, ", 3,
                 (self._at(at - window), self._at(at + window)))):
            found += self.conn.execute(self._sql(
                "SELECT t.id, t.issued_at, t.queued_at, t.number, t.appointment_at, "  # noqa: S608
                "t.appointment_early FROM queue_ticket t WHERE t.site_id = ? AND t.day = ? "
                "AND t.status = 'waiting' AND t.archived = ? AND t.service_id IN "
                "(SELECT cs.service_id FROM counter_service cs JOIN service s "
                "ON s.id = cs.service_id WHERE cs.counter_id = ? AND s.active = ?) "
                f"AND {extra} ORDER BY {order}t.queued_at, t.number, t.id LIMIT {limit}"
                + (_TAKE_FIRST_FREE if self.postgres else "")),  # constants only
                (*params, *more)).fetchall()
        return found

    def _choose(self, rows: list[Any], at: dt.datetime) -> Any:
        """A simplified policy: the earliest appointment due, else the oldest ticket (on
        the benchmark's day, with no priority tickets or appointments, the application's
        policy makes the same choice)."""
        now = at.astimezone(dt.UTC).replace(tzinfo=None)
        due = [r for r in rows if r[4] is not None
               and _parse(r[4]) - dt.timedelta(minutes=r[5]) <= now]
        if due:
            return min(due, key=lambda r: _parse(r[4]))
        return min(rows, key=lambda r: (_parse(r[2]), r[3]), default=None)

    def finish(self, operator_id: uuid.UUID, role: str, site_id: uuid.UUID,
               counter_id: uuid.UUID, ticket_id: uuid.UUID, at: dt.datetime) -> None:
        counter, ticket, when = self._id(counter_id), self._id(ticket_id), self._at(at)
        self._begin()
        try:
            self._check_operator(operator_id, role)
            row = self._one("SELECT status FROM queue_ticket WHERE id = ? AND counter_id = ?"  # noqa: S608
                            + (_LOCK if self.postgres else ""),  # a constant
                            ticket, counter)
            if row is None or row[0] not in ("called", "serving", "parked"):
                raise RuntimeError("ticket not at this counter")
            self._run("UPDATE queue_ticket SET status = 'finished', outcome = 'servito', "
                      "updated_at = ? WHERE id = ?", when, ticket)
            self._append(ticket, "finished", when, counter, operator_id, "servito", "")
            self._commit(site_id)
        except BaseException:
            self._rollback()
            raise

    def _append(self, ticket: Any, kind: str, when: Any, counter: Any,
                operator_id: uuid.UUID, detail: str, ref: str) -> None:
        self._run(
            "INSERT INTO queue_ticket_event (id, ticket_id, seq, kind, at, counter_id, "
            "operator_id, detail, ref) VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 "
            "FROM queue_ticket_event WHERE ticket_id = ?), ?, ?, ?, ?, ?, ?)",
            self._id(uuid.uuid4()), ticket, ticket, kind, when, counter,
            self._id(operator_id), detail, ref)


def _parse(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def sqlite_floor(path: Any) -> Floor:
    """A floor on the SQLite file ``path``: sqlcipher3, the test key, the app's pragmas."""
    from desktop.infra.database import connect_file
    from desktop.models.engine import SQLITE_PRAGMAS

    conn = connect_file(path, key=TEST_KEY)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    for pragma in SQLITE_PRAGMAS:
        conn.execute(pragma)
    return Floor(conn, postgres=False)


def postgres_floor(url: str) -> Floor:
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    return Floor(psycopg.connect(libpq_conninfo(url)), postgres=True)


def floor_worker(url: str, number: int, to_issue: int, barrier: Any, results: Any) -> None:
    """:func:`tests.helpers.counters.counter_worker` in plain SQL: issue ``to_issue``
    tickets, wait for the others, then call and finish until the queue is empty."""
    from tests.helpers.counters import session_of

    try:
        db, site, actor = session_of(url)
        db.dispose()
        services = [s.id for s in site.services if s.prefix in "AB"]
        counter = next(c.id for c in site.counters if c.number == number)
        floor = postgres_floor(url)
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    try:
        issued = [str(floor.issue(site.site_id, services[i % 2], dt.datetime.now(dt.UTC)))
                  for i in range(to_issue)]
        barrier.wait()
        called: list[str] = []
        start = time.perf_counter()
        while True:
            ticket = floor.call(actor.id, actor.role, site.site_id, counter,
                                dt.datetime.now(dt.UTC))
            if ticket is None:
                break
            called.append(str(ticket))
            floor.finish(actor.id, actor.role, site.site_id, counter, ticket,
                         dt.datetime.now(dt.UTC))
        results.put((number, called, issued, time.perf_counter() - start, ""))
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    finally:
        floor.conn.close()
