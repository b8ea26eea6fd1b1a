"""What every window and page is given: the session's settings, site and operator."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.infra.database import Database
from desktop.paths import AppPaths
from desktop.services.security.accounts import OperatorInfo
from desktop.settings import Settings
from desktop.values.site import SiteInfo
from desktop.views.current_person import CurrentPerson
from desktop.views.ops import Operations


@dataclass
class StationContext:
    """What an unattended window needs (the kiosk, the waiting-room display): nobody logs
    in there, and neither shows or asks for personal data. ``database`` is an opaque
    handle passed to services."""

    ops: Operations
    database: Database
    settings: Settings
    paths: AppPaths
    site: SiteInfo


@dataclass
class ViewContext(StationContext):
    """The logged-in session of a counter."""

    operator: OperatorInfo
    demo: bool = False
    #: The person served now, shared by the areas (see ``current_person``).
    current: CurrentPerson = field(default_factory=CurrentPerson)
