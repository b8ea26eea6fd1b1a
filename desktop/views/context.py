"""What every window and page is given: the session's settings, operator and site."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.paths import AppPaths
from desktop.services.accounts import OperatorInfo
from desktop.services.centre import SiteInfo
from desktop.services.database import Database
from desktop.settings import Settings
from desktop.views.ops import Operations


@dataclass
class ViewContext:
    """The logged-in session. ``database`` is an opaque handle passed to services."""

    ops: Operations
    database: Database
    settings: Settings
    paths: AppPaths
    operator: OperatorInfo
    site: SiteInfo
    demo: bool = False
