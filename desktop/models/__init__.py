"""The data model: SQLAlchemy 2 typed ORM classes. No Qt here.

Every module in this package is imported below so that ``Base.metadata`` knows
every table (Alembic's autogenerate and the tests rely on it).
"""

from __future__ import annotations

import importlib
import pkgutil

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow

_SKIP = {"base", "engine"}
for _module in pkgutil.iter_modules(__path__):
    if _module.name not in _SKIP:
        importlib.import_module(f"{__name__}.{_module.name}")

from desktop.models.organisation import (  # noqa: E402
    Centre,
    Counter,
    Operator,
    Role,
    Service,
    Site,
)
from desktop.models.person import Person  # noqa: E402

__all__ = [
    "Base",
    "Centre",
    "Counter",
    "Operator",
    "Person",
    "Role",
    "Service",
    "Site",
    "Timestamps",
    "UUIDPrimaryKey",
    "utcnow",
]
