"""Sincronizzazione: exchange with the regional server (the sync issue fills this area)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.views.context import ViewContext
from desktop.views.pages.base import PlannedArea, card


class SyncPage(PlannedArea):
    area_id = "sincronizzazione"
    shortcut = "Ctrl+5"
    icon_name = "sincronizzazione"

    @classmethod
    def title(cls) -> str:
        return _("Synchronisation")

    @classmethod
    def subtitle(cls) -> str:
        return _("Exchange with the regional server. The counter never waits for the network.")

    @classmethod
    def planned(cls) -> Sequence[str]:
        return (
            _("Changes not yet sent, last successful synchronisation, 'Synchronise now'"),
            _("Problems list: both versions side by side, keep mine or the region's"),
        )

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        url = ctx.settings.sync_server_url
        line = (_("Regional server: {url}").format(url=escape(url)) if url else
                _("No regional server is set: this workstation works offline only. Set its "
                  "address in Settings (Ctrl+6)."))
        self.body.insertWidget(0, card(_("Regional server"), [line]))
        self.body.addStretch(1)
