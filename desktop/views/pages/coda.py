"""Coda: the ticket queue (the queue issue fills this area)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.views.context import ViewContext
from desktop.views.pages.base import PlannedArea, card


class QueuePage(PlannedArea):
    area_id = "coda"
    shortcut = "Ctrl+2"
    icon_name = "coda"

    @classmethod
    def title(cls) -> str:
        return _("Queue")

    @classmethod
    def subtitle(cls) -> str:
        return _("Tickets, counters and the waiting-room display.")

    @classmethod
    def planned(cls) -> Sequence[str]:
        return (
            _("Counter console: call next (F5), recall, transfer, park, finish"),
            _("Fair ordering: appointments, priorities and waiting time, always explained"),
            _("Kiosk and waiting-room display with voice calls"),
            _("Statistics on waiting and service times"),
        )

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        names = {s.prefix: s.name for s in ctx.site.services}
        counters = [
            f"<b>{escape(c.name)}</b>: " + escape(", ".join(
                f"{p} {names.get(p, '')}" for p in c.service_prefixes))
            for c in ctx.site.counters if c.active
        ]
        self.body.insertWidget(0, card(_("Counters of this site"), counters))
        self.body.addStretch(1)
