"""Kinds of ``sportello import``: each module defines ``register(kinds)``."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.accounts import OperatorInfo
    from desktop.services.database import Database


def open_for_import(demo: bool) -> tuple[Database, OperatorInfo]:
    """The configured (or demo) database, and the actor an import runs as: the command
    line acts as the installation's administrator. Imported late: ``sportello --help``
    stays fast."""
    from desktop.app import database_url, load_config, open_session_database
    from desktop.services.accounts import OperatorInfo

    config = load_config(console_log=True)
    db = open_session_database(config, database_url(config, demo=demo), demo=demo)
    actor = OperatorInfo(id=uuid.uuid4(), username="cli", full_name="sportello import",
                         role="responsabile", site_code="")
    return db, actor
