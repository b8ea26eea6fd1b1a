"""What the commands that act as an operator share: the options that name the database and
the operator, and opening both.

The operator is ``--user``, else the demo operator with ``--demo``, else the system user
name: a script run by ``m.rossi`` acts, and is audited, as ``m.rossi``.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from desktop.i18n import _


def add_target_options(parser: argparse.ArgumentParser, user_help: str) -> None:
    """``--db``, ``--demo`` and ``--user`` (``user_help`` says what the operator does)."""
    parser.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    parser.add_argument("--demo", action="store_true", help=_("the demo database"))
    parser.add_argument("--user", default="", help=user_help)


def open_as_operator(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """(configuration, database, operator) for the target the options name.

    The database is disposed of if the operator cannot be found; otherwise the caller
    disposes of it.
    """
    from desktop.bootstrap import open_target, target_of
    from desktop.demo import DEMO_USERNAME
    from desktop.services.security.accounts import get_operator

    target = target_of(args)
    db = open_target(target)
    username = args.user or (DEMO_USERNAME if args.demo else getpass.getuser())
    try:
        return target.config, db, get_operator(db, username)
    except BaseException:
        db.dispose()
        raise
