"""Demo audit trail and account states: a morning of logins at the CPI's counters.

Gives the audit window something to show: every demo operator logs in from their
workstation, one mistypes a password, one account (l.marchi, password "demo") has an
initial password to change at the next login, and the responsabile takes a backup.
"""

from __future__ import annotations

import datetime as dt

from desktop.demo.context import SeedContext
from desktop.models import Operator
from desktop.services.security import audit
from desktop.services.security.accounts import OperatorInfo

ORDER = 15

#: The demo account that must change its (initial) password at the next login.
NEWCOMER = "l.marchi"


def _info(operator: Operator) -> OperatorInfo:
    return OperatorInfo(operator.id, operator.username, operator.full_name, operator.role, "")


def seed(ctx: SeedContext) -> None:
    session = ctx.session
    operators: list[Operator] = ctx.shared["operators"]
    newcomer = next(o for o in operators if o.username == NEWCOMER)
    newcomer.must_change_password = True
    session.flush()
    today = dt.datetime.now().astimezone().replace(hour=8, minute=45, second=0,
                                                    microsecond=0)
    at = today
    manager = _info(operators[0])
    audit.record(session, manager, "account.created", "operator", newcomer.id,
                 newcomer.role, at=at, station="UFFICIO-RESP")
    for number, operator in enumerate(operators, start=1):
        if operator is newcomer:
            continue
        info = _info(operator)
        station = f"SPORTELLO-{number:02d}" if number > 1 else "UFFICIO-RESP"
        at += dt.timedelta(minutes=ctx.rng.randrange(2, 9), seconds=ctx.rng.randrange(60))
        if operator.username == "g.bellini":
            audit.record(session, info, "login.failed", "operator", operator.id,
                         "failure 1", at=at, station=station)
            at += dt.timedelta(seconds=20)
        audit.record(session, info, "login", "operator", operator.id, at=at, station=station)
    at += dt.timedelta(hours=3, minutes=50)
    audit.record(session, manager, "backup", "database", "", "manual-demo.sqlite", at=at,
                 station="UFFICIO-RESP")
    ctx.shared["newcomer"] = newcomer
