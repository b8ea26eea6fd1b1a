"""The login delay: wrong passwords slow the next attempt, per user name and per workstation.

Nothing locks for the day. After ``free_attempts`` wrong passwords for one user name
(typed at any workstation) the next attempt must wait ``first_delay``, doubling with
each further failure up to ``account_cap`` (minutes, not hours); a workstation gets
the same treatment, with its own allowance and a longer cap, against one person
trying many names. Counts are forgotten after ``forget_after`` without failures, and
the responsabile can lift an account's delay at once (``accounts.unlock_account``).

An attempt made while a delay runs is refused without being counted, so typing
one's own right password during a colleague's attack never makes the wait longer;
and the attacker's workstation waits longer than the account, so a single
workstation cannot keep an account shut.

User names are counted whether or not an account has them, and every attempt writes
the same two rows: neither the delay nor the time taken says if an account exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.models.base import utcnow
from desktop.models.login_throttle import LoginThrottle


@dataclass(frozen=True)
class LockoutPolicy:
    """How wrong passwords slow the next attempt (the defaults are the product's)."""

    #: Wrong passwords for a user name before the first delay.
    free_attempts: int = 3
    #: Wrong passwords at a workstation (any user names) before the first delay.
    station_free_attempts: int = 10
    first_delay: dt.timedelta = dt.timedelta(seconds=5)
    #: The longest a user name waits between two counted attempts.
    account_cap: dt.timedelta = dt.timedelta(minutes=5)
    #: The longest a workstation waits (longer than an account's: see the module).
    station_cap: dt.timedelta = dt.timedelta(minutes=15)
    #: Without a failure for this long, the counts start again from zero.
    forget_after: dt.timedelta = dt.timedelta(minutes=30)


DEFAULT_POLICY = LockoutPolicy()


def account_key(username: str) -> str:
    return hashlib.sha256(f"account:{username.strip().lower()}".encode()).hexdigest()


def station_key(station: str) -> str:
    return hashlib.sha256(f"station:{station}".encode()).hexdigest()


def delay_after(failures: int, free: int, first: dt.timedelta,
                cap: dt.timedelta) -> dt.timedelta:
    """The wait after ``failures`` wrong passwords in a row: none within the allowance,
    then ``first``, doubling, never more than ``cap``."""
    if failures < free:
        return dt.timedelta(0)
    steps = min(failures - free, 30)
    delay: dt.timedelta = first * (2 ** steps)
    return min(cap, delay)


@dataclass(frozen=True)
class Counts:
    account: int
    station: int


def _row(session: Session, key: str, now: dt.datetime, policy: LockoutPolicy) -> LoginThrottle:
    """The counter ``key``, created if missing and locked for this transaction: two
    workstations logging in at once (PostgreSQL) neither clash nor lose a failure."""
    # The dialect's own INSERT, imported when used: a SQLite counter never loads PostgreSQL's.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(LoginThrottle).values(key=key, failures=0)
                        .on_conflict_do_nothing(index_elements=["key"]))
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(LoginThrottle).values(key=key, failures=0)
                        .on_conflict_do_nothing(index_elements=["key"]))
    row = session.scalars(select(LoginThrottle).where(LoginThrottle.key == key)
                          .with_for_update().execution_options(populate_existing=True)).one()
    if row.last_failure_at is not None and now - row.last_failure_at > policy.forget_after:
        row.failures = 0
    return row


def _ready_at(row: LoginThrottle, free: int, policy: LockoutPolicy,
              cap: dt.timedelta) -> dt.datetime | None:
    if row.last_failure_at is None:
        return None
    wait = delay_after(row.failures, free, policy.first_delay, cap)
    return row.last_failure_at + wait if wait else None


class Attempt:
    """One login attempt's two counters, loaded in the login's transaction."""

    def __init__(self, session: Session, username: str, station: str, now: dt.datetime,
                 policy: LockoutPolicy) -> None:
        self._policy = policy
        self._now = now
        self.account = _row(session, account_key(username), now, policy)
        self.station = _row(session, station_key(station), now, policy)
        for row in (self.account, self.station):
            row.last_attempt_at = now

    def waiting(self) -> dt.timedelta:
        """How long before a counted attempt is allowed (zero: now)."""
        policy = self._policy
        ready = [at for at in (
            _ready_at(self.account, policy.free_attempts, policy, policy.account_cap),
            _ready_at(self.station, policy.station_free_attempts, policy, policy.station_cap))
            if at is not None]
        return max([at - self._now for at in ready] + [dt.timedelta(0)])

    def failed(self) -> Counts:
        for row in (self.account, self.station):
            row.failures = (row.failures or 0) + 1
            row.last_failure_at = self._now
        return Counts(self.account.failures, self.station.failures)

    def succeeded(self) -> None:
        """The account's count starts again; the workstation's does not (logging in as
        oneself must not buy more guesses at colleagues' passwords)."""
        self.account.failures = 0
        self.account.last_failure_at = None


def clear_account(session: Session, username: str) -> bool:
    """Lift a user name's delay (the responsabile's unlock). True if one was counted."""
    result = session.execute(delete(LoginThrottle).where(
        LoginThrottle.key == account_key(username), LoginThrottle.failures > 0))
    return bool(getattr(result, "rowcount", 0))


def delayed_accounts(session: Session, usernames: list[str],
                     policy: LockoutPolicy = DEFAULT_POLICY,
                     now: dt.datetime | None = None) -> set[str]:
    """The user names among ``usernames`` that must wait before their next attempt."""
    at = now or utcnow()
    keys = {account_key(name): name for name in usernames}
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    found = set()
    for row in rows:
        if row.last_failure_at is not None and at - row.last_failure_at > policy.forget_after:
            continue
        ready = _ready_at(row, policy.free_attempts, policy, policy.account_cap)
        if ready is not None and ready > at:
            found.add(keys[row.key])
    return found
