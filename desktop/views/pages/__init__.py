"""The main window's areas, in navigation order.

Each area is named here by what the navigation shows (id, shortcut, icon, title) and
where its page lives; the page's module is imported, and the page built, only when the
operator first opens the area (issue 23: a start-up that builds one page, not eleven).
``tests/gui/test_lazy_pages.py`` checks that every entry agrees with its page class.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from desktop.i18n import _
from desktop.views.pages.base import Page


@dataclass(frozen=True)
class PageEntry:
    """An area of the main window, known without importing its page."""

    area_id: str
    shortcut: str
    icon_name: str
    title: Callable[[], str]
    #: "module:ClassName" of the page, imported by :meth:`load`.
    target: str

    def load(self) -> type[Page]:
        module, _sep, name = self.target.partition(":")
        page_class = getattr(importlib.import_module(f"desktop.views.pages.{module}"), name)
        if not (isinstance(page_class, type) and issubclass(page_class, Page)):
            raise TypeError(f"{self.target} is not a page")
        return page_class


PAGES: tuple[PageEntry, ...] = (
    PageEntry("accoglienza", "Ctrl+1", "accoglienza", lambda: _("Registration"),
              "accoglienza:RegistrationPage"),
    PageEntry("coda", "Ctrl+2", "coda", lambda: _("Queue"), "coda:QueuePage"),
    PageEntry("documenti", "Ctrl+3", "documenti", lambda: _("Documents"),
              "documenti:DocumentsPage"),
    PageEntry("incrocio", "Ctrl+4", "incrocio", lambda: _("Matching"), "incrocio:MatchingPage"),
    PageEntry("sincronizzazione", "Ctrl+5", "sincronizzazione", lambda: _("Synchronisation"),
              "sincronizzazione:SyncPage"),
    PageEntry("impostazioni", "Ctrl+6", "impostazioni", lambda: _("Settings"),
              "impostazioni:SettingsPage"),
    PageEntry("osservatorio", "Ctrl+7", "osservatorio", lambda: _("Observatory"),
              "osservatorio:ObservatoryPage"),
    PageEntry("imprese", "Ctrl+8", "imprese", lambda: _("Firms"), "imprese:FirmsPage"),
    PageEntry("condizionalita", "Ctrl+9", "condizionalita", lambda: _("Conditionality"),
              "condizionalita:ConditionalityPage"),
    PageEntry("agenda", "Ctrl+0", "agenda", lambda: _("Agenda"), "agenda:AgendaPage"),
    PageEntry("reclami", "Ctrl+Shift+E", "documenti", lambda: _("Complaints"),
              "reclami:ComplaintsPage"),
)

__all__ = ["PAGES", "Page", "PageEntry"]
