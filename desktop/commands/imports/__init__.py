"""Kinds of ``sportello import``: each module defines ``register(kinds)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.infra.database import Database
    from desktop.services.security.accounts import OperatorInfo


def open_for_import(demo: bool, override: str | None = None) -> tuple[Database, OperatorInfo]:
    """The configured (or demo) database, and the actor an import runs as: the command
    line acts as the installation's administrator. Imported late: ``sportello --help``
    stays fast."""
    from desktop.bootstrap import cli_actor, open_target, resolve

    db = open_target(resolve(demo=demo, override=override, console_log=True))
    return db, cli_actor("import")
