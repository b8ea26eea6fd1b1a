"""The Osservatorio's complaints and satisfaction tiles: the same figures the Carta
measures, for the period and site of the page's filters."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop import formatting
from desktop.i18n import _
from desktop.infra import clock
from desktop.services.feedback import complaints, ratings
from desktop.values.indicators import Period
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.indicators.charts import Tile


@dataclass(frozen=True)
class FeedbackFigures:
    complaints: complaints.ComplaintFigures
    ratings: ratings.RatingFigures


def load_feedback(ctx: ViewContext, period: Period) -> FeedbackFigures:
    """Both tiles' figures (worker)."""
    return FeedbackFigures(
        complaints.complaint_stats(ctx.database, ctx.operator, period, clock.today()),
        ratings.rating_stats(ctx.database, ctx.operator, period))


class FeedbackTiles(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: FeedbackFigures | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.complaints = Tile(_("Complaints answered within the Carta's deadline"))
        self.satisfaction = Tile(_("Satisfied ratings (three faces)"))
        row.addWidget(self.complaints, 1)
        row.addWidget(self.satisfaction, 1)

    def refresh(self, period: Period) -> None:
        self.ctx.ops.run(load_feedback, self.ctx, period, on_success=self.show_figures,
                         on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.complaints.detail)

    def show_figures(self, figures: FeedbackFigures) -> None:
        self.current = figures
        c, r = figures.complaints, figures.ratings
        self.complaints.show_figure(formatting.percent(c.share_on_time), _(
            "{received} received, {open} open, {overdue} overdue").format(
            received=c.received, open=c.open, overdue=c.overdue))
        services = "; ".join(f"{s.prefix} {formatting.percent(s.share_positive)}"
                             for s in r.by_service)
        self.satisfaction.show_figure(formatting.percent(r.share_positive), _(
            "{ratings} ratings: {happy} satisfied, {neutral} so-so, {unhappy} not satisfied"
        ).format(ratings=r.ratings, happy=r.happy, neutral=r.neutral, unhappy=r.unhappy)
            + (f" · {services}" if services else ""))
