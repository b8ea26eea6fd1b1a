"""The Osservatorio's line on condizionalità: absences waiting, proposals made."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.services.conditionality import proposals
from desktop.views.context import ViewContext


class ConditionalityLine(QLabel):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Muted")
        self.setAccessibleName(_("Conditionality in figures"))
        self.setWordWrap(True)

    def refresh(self) -> None:
        self.ctx.ops.run(proposals.counts, self.ctx.database, self.ctx.operator,
                         on_success=self._show, on_error=lambda _exc: self.setText(""))

    def _show(self, counts: Any) -> None:
        self.setText(_("Conditionality: {pending} absence(s) waiting for a justification, "
                       "{justified} justified, {proposals} sanction proposal(s) of which "
                       "{decadenze} decadenza.").format(
            pending=counts.pending_justifications, justified=counts.justified,
            proposals=counts.proposals, decadenze=counts.decadenze))
