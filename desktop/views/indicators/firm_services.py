"""The Osservatorio's line on services delivered to firms: how many of each kind in the
period, and to how many firms (counted by ``firm_actions.count_by_service``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop import formatting
from desktop.i18n import _
from desktop.services.firms import firm_actions
from desktop.services.firms.firm_actions import ServiceCount
from desktop.values.indicators import Period
from desktop.views.context import ViewContext


class FirmServicesLine(QLabel):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWordWrap(True)
        self.setAccessibleName(_("Services delivered to firms"))
        self.counts: list[ServiceCount] = []

    def load(self, period: Period) -> None:
        self.ctx.ops.run(firm_actions.count_by_service, self.ctx.database, self.ctx.operator,
                         period.date_from, period.date_to, on_success=self.show_counts,
                         on_error=lambda _exc: self.setText(""))

    def show_counts(self, counts: list[ServiceCount]) -> None:
        self.counts = counts
        parts = [f"{c.label} {formatting.integer(c.count)}" for c in counts]
        self.setText(_("Services delivered to firms: {parts}.").format(parts=" · ".join(parts)))
