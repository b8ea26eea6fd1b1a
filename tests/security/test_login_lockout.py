"""Login delay: it grows with wrong passwords, stays bounded, expires, and the
responsabile lifts it with an audit line (issue 19).

Before, five wrong passwords locked any known account for 15 minutes (and the lock
could be renewed for the whole day by anyone typing at the counter next door).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from desktop.errors import AuthenticationError
from desktop.infra.database import Database
from desktop.models import Operator
from desktop.models.audit import AuditEntry
from desktop.models.login_throttle import LoginThrottle
from desktop.services.security import accounts, throttle
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.throttle import LockoutPolicy, account_key, delay_after

SECOND = dt.timedelta(seconds=1)


def wrong(db: Database, username: str = "m.conti", station: str = "pc-1",
          policy: LockoutPolicy = throttle.DEFAULT_POLICY) -> None:
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, username, "sbagliata", policy, station=station)


def failures(db: Database, username: str) -> int:
    with db.read() as session:
        row = session.get(LoginThrottle, account_key(username))
        return row.failures if row else 0


def move_clock_back(db: Database, by: dt.timedelta) -> None:
    """As if every counted failure happened ``by`` earlier."""
    with db.transaction() as session:
        for row in session.scalars(select(LoginThrottle)):
            if row.last_failure_at is not None:
                row.last_failure_at -= by


def last_audit(db: Database) -> AuditEntry:
    with db.read() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()


def test_the_delay_grows_and_is_bounded() -> None:
    policy = throttle.DEFAULT_POLICY
    waits = [delay_after(n, policy.free_attempts, policy.first_delay, policy.account_cap)
             for n in range(12)]
    assert waits[:3] == [dt.timedelta(0)] * 3
    assert waits[3:7] == [5 * SECOND, 10 * SECOND, 20 * SECOND, 40 * SECOND]
    assert all(a <= b for a, b in zip(waits, waits[1:], strict=False))
    assert max(waits) == policy.account_cap == dt.timedelta(minutes=5)
    assert delay_after(10_000, 3, SECOND, policy.account_cap) == policy.account_cap


def test_wrong_passwords_delay_the_account_then_the_delay_expires(demo_db: Database) -> None:
    for _n in range(3):  # the allowance: no delay yet, the right password still works
        wrong(demo_db)
    assert failures(demo_db, "m.conti") == 3
    # Now a delay of 5 s runs: even the right password is refused, and not counted.
    for _n in range(3):
        wrong(demo_db)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "m.conti", "demo", station="pc-1")
    assert failures(demo_db, "m.conti") == 3
    assert last_audit(demo_db).action == "login.refused"
    move_clock_back(demo_db, 6 * SECOND)  # the 5 s are over: one more guess is counted
    wrong(demo_db)
    assert failures(demo_db, "m.conti") == 4
    move_clock_back(demo_db, 6 * SECOND)  # 10 s now: 6 s are not enough
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "m.conti", "demo", station="pc-1")
    assert failures(demo_db, "m.conti") == 4
    move_clock_back(demo_db, 5 * SECOND)
    assert accounts.authenticate(demo_db, "m.conti", "demo", station="pc-1").username \
        == "m.conti"
    assert failures(demo_db, "m.conti") == 0


def test_a_colleague_is_never_shut_out_for_more_than_the_cap(demo_db: Database) -> None:
    for _n in range(40):  # someone keeps guessing, as fast as the delay lets them
        move_clock_back(demo_db, dt.timedelta(minutes=15, seconds=1))
        wrong(demo_db, station=f"pc-{_n}")
    with pytest.raises(AuthenticationError):  # the owner, right after the last guess
        accounts.authenticate(demo_db, "m.conti", "demo", station="pc-mio")
    move_clock_back(demo_db, dt.timedelta(minutes=5, seconds=1))
    assert accounts.authenticate(demo_db, "m.conti", "demo", station="pc-mio").username \
        == "m.conti"


def test_counts_are_forgotten_after_a_quiet_half_hour(demo_db: Database) -> None:
    for _n in range(3):
        wrong(demo_db)
    move_clock_back(demo_db, dt.timedelta(minutes=31))
    wrong(demo_db)  # counted as the first of a new series: no delay follows
    assert failures(demo_db, "m.conti") == 1
    assert accounts.authenticate(demo_db, "m.conti", "demo", station="pc-1").username \
        == "m.conti"


def test_one_workstation_trying_many_names_is_slowed(demo_db: Database) -> None:
    policy = LockoutPolicy(station_free_attempts=4)
    for n in range(4):  # four names, one wrong password each: no account is delayed
        wrong(demo_db, username=f"nome.{n}", station="pc-attacco", policy=policy)
    # The workstation now waits, whatever name is typed there, even a right one...
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "m.conti", "demo", policy, station="pc-attacco")
    # ...while the other workstations are not slowed down.
    assert accounts.authenticate(demo_db, "m.conti", "demo", policy,
                                 station="pc-2").username == "m.conti"
    # A right login at the slowed workstation does not reset its count.
    move_clock_back(demo_db, 6 * SECOND)
    accounts.authenticate(demo_db, "m.conti", "demo", policy, station="pc-attacco")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "nome.9", "x", policy, station="pc-attacco")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(demo_db, "m.conti", "demo", policy, station="pc-attacco")


def test_unknown_names_are_counted_and_never_stored_in_clear(demo_db: Database) -> None:
    for _n in range(3):
        wrong(demo_db, username="nessuno.qui")
    assert failures(demo_db, "nessuno.qui") == 3
    with demo_db.read() as session:
        keys = session.scalars(select(LoginThrottle.key)).all()
    assert all("nessuno" not in key and "pc-1" not in key for key in keys)


def test_the_manager_lifts_the_delay_and_it_is_audited(
        demo_db: Database, manager: OperatorInfo) -> None:
    for _n in range(5):
        wrong(demo_db)
    target = next(a for a in accounts.list_accounts(demo_db, manager)
                  if a.username == "m.conti")
    assert target.locked
    unlocked = accounts.unlock_account(demo_db, manager, target.id)
    assert not unlocked.locked
    entry = last_audit(demo_db)
    assert (entry.action, entry.operator_username, entry.target_id, entry.detail) == (
        "account.unlocked", manager.username, str(target.id), "delay lifted")
    assert accounts.authenticate(demo_db, "m.conti", "demo", station="pc-1").username \
        == "m.conti"
    # An unlock with no delay running is audited too, and says so.
    accounts.unlock_account(demo_db, manager, target.id)
    assert last_audit(demo_db).detail == "no delay running"


def test_a_password_reset_also_lifts_the_delay(demo_db: Database,
                                               manager: OperatorInfo) -> None:
    for _n in range(5):
        wrong(demo_db)
    target = accounts.get_operator(demo_db, "m.conti")
    reset = accounts.reset_password(demo_db, manager, target.id)
    assert not reset.account.locked
    assert accounts.authenticate(demo_db, "m.conti", reset.password,
                                 station="pc-1").must_change_password


def test_the_old_lock_columns_no_longer_refuse(demo_db: Database) -> None:
    """A lock written by the previous version does not keep an account shut."""
    with demo_db.transaction() as session:
        session.execute(update(Operator).where(
            accounts.Operator.username == "m.conti").values(
                locked_until=dt.datetime.now(dt.UTC) + dt.timedelta(hours=8), failed_logins=5))
    assert accounts.authenticate(demo_db, "m.conti", "demo").username == "m.conti"
