"""The main window's areas, in navigation order."""

from __future__ import annotations

from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.pages.agenda import AgendaPage
from desktop.views.pages.base import Page
from desktop.views.pages.coda import QueuePage
from desktop.views.pages.condizionalita import ConditionalityPage
from desktop.views.pages.documenti import DocumentsPage
from desktop.views.pages.impostazioni import SettingsPage
from desktop.views.pages.imprese import FirmsPage
from desktop.views.pages.incrocio import MatchingPage
from desktop.views.pages.osservatorio import ObservatoryPage
from desktop.views.pages.reclami import ComplaintsPage
from desktop.views.pages.sincronizzazione import SyncPage

PAGES: tuple[type[Page], ...] = (
    RegistrationPage,
    QueuePage,
    DocumentsPage,
    MatchingPage,
    SyncPage,
    SettingsPage,
    ObservatoryPage,
    FirmsPage,
    ConditionalityPage,
    AgendaPage,
    ComplaintsPage,
)

__all__ = ["PAGES", "Page"]
