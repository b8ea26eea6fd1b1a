"""Permissions follow the account as it is now, not as it was at login (issue 19).

Before, ``require`` looked only at the role frozen in the OperatorInfo at login: a
collocamento mirato officer demoted (or disabled) by the responsabile kept reading
L. 68 health data until they logged out.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import event, select

from desktop.errors import PermissionDenied, SessionRevoked
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.services.firms import targeted_placement
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require


def some_person(db: Database) -> uuid.UUID:
    with db.read() as session:
        return session.scalars(select(Person.id).order_by(Person.fiscal_code)).first()


@pytest.fixture
def officer(demo_db: Database) -> OperatorInfo:
    """The collocamento mirato officer, logged in (the session stays open)."""
    return accounts.authenticate(demo_db, "s.ferri", "demo", station="pc-l68")


@pytest.fixture
def enrolled(demo_db: Database, officer: OperatorInfo) -> uuid.UUID:
    person = some_person(demo_db)
    targeted_placement.enrol(demo_db, officer, person, dt.date(2025, 3, 1), "disabile", 67)
    return person


def test_a_demoted_officer_loses_l68_data_at_the_next_call(
        demo_db: Database, officer: OperatorInfo, enrolled: uuid.UUID,
        manager: OperatorInfo) -> None:
    assert targeted_placement.read_enrolment(demo_db, officer, enrolled).disability_percent \
        == 67
    accounts.change_role(demo_db, manager, officer.id, "operatore")
    # The same open session, the very next call: refused, and said in Italian.
    with pytest.raises(PermissionDenied) as info:
        targeted_placement.read_enrolment(demo_db, officer, enrolled)
    assert isinstance(info.value, SessionRevoked)
    assert info.value.user_message == ("Il tuo ruolo è cambiato dopo l'accesso: questa "
                                       "sessione è chiusa. Accedi di nuovo per continuare.")
    # Logging in again gives the new role, which has no L. 68 access.
    again = accounts.authenticate(demo_db, "s.ferri", "demo", station="pc-l68")
    assert again.role == "operatore"
    with pytest.raises(PermissionDenied) as info:
        targeted_placement.read_enrolment(demo_db, again, enrolled)
    assert not isinstance(info.value, SessionRevoked)


def test_a_disabled_account_loses_everything_at_the_next_call(
        demo_db: Database, officer: OperatorInfo, enrolled: uuid.UUID,
        manager: OperatorInfo) -> None:
    accounts.set_active(demo_db, manager, officer.id, False)
    for call in (lambda: targeted_placement.read_enrolment(demo_db, officer, enrolled),
                 lambda: targeted_placement.enrol(demo_db, officer, enrolled,
                                                  dt.date(2025, 3, 1), "disabile", 80),
                 lambda: accounts.unlock_session(demo_db, officer, "demo")):
        with pytest.raises(SessionRevoked) as info:
            call()
        assert info.value.user_message.startswith("Il tuo account è stato disattivato")
    # Nothing was written by the refused enrolment.
    accounts.set_active(demo_db, manager, officer.id, True)
    assert targeted_placement.read_enrolment(demo_db, officer, enrolled).disability_percent \
        == 67


def test_an_actor_with_no_account_row_is_refused(demo_db: Database,
                                                 enrolled: uuid.UUID) -> None:
    forged = OperatorInfo(uuid.uuid4(), "s.ferri", "Finta", "responsabile", "FI01-SC")
    with pytest.raises(SessionRevoked):
        targeted_placement.read_enrolment(demo_db, forged, enrolled)


def test_the_command_line_actor_has_no_row_and_keeps_its_role(
        demo_db: Database, enrolled: uuid.UUID) -> None:
    from desktop.bootstrap import cli_actor

    assert targeted_placement.read_enrolment(demo_db, cli_actor("test"), enrolled) is not None


def test_the_check_is_one_primary_key_read_in_the_callers_transaction(
        demo_db: Database, officer: OperatorInfo) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", seen)
    try:
        with demo_db.transaction() as session:
            statements.clear()
            require(officer, Permission.TARGETED_PLACEMENT_READ, session)
            checked = [s for s in statements if not s.startswith("BEGIN")]
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", seen)
    assert len(checked) == 1
    assert "FROM operator" in checked[0] and "WHERE operator.id = ?" in checked[0]
