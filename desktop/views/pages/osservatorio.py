"""Osservatorio: the centre's indicators for the responsabile, with charts and exports.

The page reads the filters into a Period, asks the indicators service for every
figure on the database worker and draws what comes back; the exports write the
figures last shown (CSV, XLSX, the one-page PDF) on a worker too. F5 refreshes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import (
    QBarSeries,
    QBarSet,
    QHorizontalBarSeries,
    QPieSeries,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.documents.indicators_summary import render_summary, summary_meta
from desktop.i18n import _
from desktop.services import actions as actions_service
from desktop.services.actions import daily_aggregates, indicator_export, indicators
from desktop.services.security.permissions import Permission, allowed
from desktop.values.indicators import Indicators, Period
from desktop.views.conditionality.observatory_line import ConditionalityLine
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.feedback.observatory_tiles import FeedbackTiles
from desktop.views.indicators.charts import (
    Tile,
    add_axes,
    age_label,
    chart_view,
    month_labels,
    outside_labels,
    reset_chart,
)
from desktop.views.indicators.fairness_dialog import fairness_button
from desktop.views.indicators.firm_services import FirmServicesLine
from desktop.views.pages.base import Page, card
from desktop.views.style import ACCENT
from desktop.views.widgets import scoped_shortcut

SECOND = "#F2B705"
PALETTE = (ACCENT, SECOND, "#5B8DC9", "#9CA3AF")


def load_indicators(ctx: ViewContext, period: Period) -> Indicators:
    """Record hired proposals as placements, queue the last days' aggregates for the
    region (only the days that changed), then compute every indicator (worker)."""
    if allowed(ctx.operator, Permission.MATCHING):
        actions_service.record_hired_proposals(ctx.database, ctx.operator)
    daily_aggregates.queue_recent(ctx.database, ctx.operator, ctx.site.site_code)
    return indicators.compute(ctx.database, ctx.operator, period)


def export(ctx: ViewContext, ind: Indicators, kind: str, target: Path) -> Path:
    """Write ``ind`` as "csv", "xlsx" or "pdf" (worker)."""
    if kind == "csv":
        return indicator_export.write_csv(ind, target)
    if kind == "xlsx":
        return indicator_export.write_xlsx(ind, target)
    site = ctx.site
    meta = summary_meta(ind, site.centre_code, site.centre_name,
                        f"{site.site_name} · {site.full_address}", dt.date.today())
    target.write_bytes(render_summary(ind, meta))
    return target


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


_pct = formatting.percent
_num = formatting.figure


class ObservatoryPage(Page):
    area_id = "osservatorio"
    shortcut = "Ctrl+7"
    icon_name = "osservatorio"

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested, filters: QFileDialog.getSaveFileName(
            parent, _("Export the indicators"), suggested, filters)[0])

    @classmethod
    def title(cls) -> str:
        return _("Observatory")

    @classmethod
    def subtitle(cls) -> str:
        return _("The centre's indicators for any period and site: people taken in charge, "
                 "actions, placements, firms, queue and patti. F5 refreshes.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current: Indicators | None = None
        self.allowed = allowed(ctx.operator, Permission.REPORTS)
        self._build_filters()
        self.tiles = {key: Tile(caption) for key, caption in (
            ("people", _("People taken in charge")), ("actions", _("Actions delivered")),
            ("placed", _("People placed")), ("firms", _("Firms served")),
            ("queue", _("Average wait at the counter")),
            ("patti", _("Patti within the legal deadline")))}
        # The figures scroll between the filters and the exports: the charts keep a height
        # where every label fits (squeezed to 120 px they dropped and elided them).
        self.figures = QWidget()
        figures = QVBoxLayout(self.figures)
        figures.setContentsMargins(0, 0, 6, 0)
        figures.setSpacing(14)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.figures)
        self.body.addWidget(scroll, 1)
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        figures.addLayout(tiles)
        self.feedback = FeedbackTiles(ctx, self)
        figures.addWidget(self.feedback)
        self.measure_chart = chart_view(_("Actions delivered by measure"))
        self.month_chart = chart_view(_("Actions and placements by month"))
        self.age_chart = chart_view(_("People taken in charge by age and sex"))
        self.citizenship_chart = chart_view(_("People taken in charge by citizenship"))
        figures.addWidget(self.month_chart)  # thirteen months need the whole width
        pair = QHBoxLayout()  # (no grid: spans lose the tiles' wrapped height)
        pair.setSpacing(10)
        pair.addWidget(self.measure_chart, 1)
        pair.addWidget(self.age_chart, 1)
        figures.addLayout(pair)
        figures.addWidget(self.citizenship_chart)
        self.firm_services = FirmServicesLine(ctx)  # services to firms (firms area)
        self.conditionality = ConditionalityLine(ctx, self)  # issue 25: condizionalità counts
        lines = QHBoxLayout()  # side by side, so that the charts keep their height
        lines.addWidget(self.firm_services, 1)
        lines.addWidget(self.conditionality, 1)
        figures.addLayout(lines)
        self.status = QLabel("")
        self.status.setObjectName("Muted")
        self.status.setAccessibleName(_("Observatory status"))
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            bottom.addWidget(button)
        bottom.addWidget(fairness_button(ctx, self, self.period))
        figures.addLayout(bottom)  # after the figures, where reading (and Tab) ends
        if not self.allowed:
            self.body.insertWidget(0, card(_("Reserved to the centre manager"), [_(
                "Your role does not allow you to see the centre's indicators. Ask the "
                "centre manager if you need them.")]))
            for widget in (self.refresh_button, self.csv_button, self.xlsx_button,
                           self.pdf_button, self.date_from, self.date_to, self.site_box):
                widget.setEnabled(False)
        scoped_shortcut("F5", self, self.refresh, description=_("Refresh the indicators"))

    def _build_filters(self) -> None:
        row = QHBoxLayout()
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addYears(-1).addDays(1))
        self.date_to = QDateEdit(today)
        self.site_box = QComboBox()
        self.site_box.addItem(_("All sites"), None)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        for text, buddy, name in ((_("&From"), self.date_from, _("Period start")),
                                  (_("&To"), self.date_to, _("Period end")),
                                  (_("&Site"), self.site_box, _("Site"))):
            label = QLabel(text)
            label.setBuddy(buddy)
            buddy.setAccessibleName(name)
            row.addWidget(label)
            row.addWidget(buddy)
        self.refresh_button = QPushButton(_("&Refresh (F5)"))
        self.refresh_button.setProperty("primary", True)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(_("Export &CSV…"))
        self.xlsx_button = QPushButton(_("Export &XLSX…"))
        self.pdf_button = QPushButton(_("&PDF summary…"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        self.body.addLayout(row)

    # -- loading --------------------------------------------------------------------------

    def activated(self) -> None:
        if not self.allowed:
            return
        if self.site_box.count() == 1:
            self.ctx.ops.run(indicators.sites, self.ctx.database, on_success=self._show_sites,
                             on_error=self._failed)
        if self.current is None:
            self.refresh()

    def _show_sites(self, sites: tuple[tuple[str, str], ...]) -> None:
        if self.site_box.count() > 1:
            return
        for code, name in sites:
            self.site_box.addItem(f"{name} ({code})", code)

    def period(self) -> Period:
        return Period(_date(self.date_from.date()), _date(self.date_to.date()),
                      self.site_box.currentData())

    def refresh(self) -> None:
        if not self.allowed:
            return
        self.status.setText(_("Computing the indicators…"))
        self.refresh_button.setEnabled(False)
        self.conditionality.refresh()
        self.ctx.ops.run(load_indicators, self.ctx, self.period(), on_success=self.show_indicators,
                         on_error=self._failed)
        self.firm_services.load(self.period())
        self.feedback.refresh(self.period())

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(self.allowed)
        self.status.setText(_("The indicators could not be computed."))
        report_error(self, exc)

    def show_indicators(self, ind: Indicators) -> None:
        self.current = ind
        self.refresh_button.setEnabled(True)
        for button in (self.csv_button, self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        p, a, pl, f, q, pt = (ind.people, ind.actions, ind.placements, ind.firms, ind.queue,
                              ind.patti)
        self.tiles["people"].show_figure(_num(p.total), _("women: {share}").format(
            share=_pct(p.share_women)))
        self.tiles["actions"].show_figure(_num(a.total), _(
            "{hours} hours; {without} without a patto").format(
            hours=_num(a.hours), without=_num(a.without_patto)))
        self.tiles["placed"].show_figure(_num(pl.people), _(
            "permanent contracts: {share}").format(share=_pct(pl.share_permanent)))
        self.tiles["firms"].show_figure(_num(f.firms), _(
            "{vacancies} vacancies, {positions} positions").format(
            vacancies=_num(f.vacancies), positions=_num(f.positions)))
        wait = "—" if q.mean_wait is None else f"{_num(q.mean_wait)} min"
        self.tiles["queue"].show_figure(wait, _(
            "served within {minutes} min: {share}").format(
            minutes=q.standard_minutes, share=_pct(q.within_standard)))
        self.tiles["patti"].show_figure(_pct(pt.share_on_time), _(
            "{on_time} of {due} due; {pending} not yet due").format(
            on_time=pt.on_time, due=pt.due, pending=pt.pending))
        self._draw_measures(ind)
        self._draw_months(ind)
        self._draw_ages(ind)
        self._draw_citizenship(ind)
        period = ind.period
        self.status.setText(_(
            "{start} – {end}, {site}. Computed in {ms} ms.").format(
            start=formatting.date(period.date_from), end=formatting.date(period.date_to),
            site=self.site_box.currentText(), ms=_num(round(ind.elapsed_ms))))

    def _draw_measures(self, ind: Indicators) -> None:
        chart = reset_chart(self.measure_chart)
        measures = list(reversed(ind.actions.by_measure))
        bars = QBarSet(_("actions"))
        bars.setColor(QColor(ACCENT))
        bars.append([float(m.actions) for m in measures])
        series = QHorizontalBarSeries()
        series.append(bars)
        outside_labels(series)
        chart.addSeries(series)
        add_axes(chart, series, [m.label for m in measures],
              max([m.actions for m in measures], default=0), horizontal=True)
        chart.legend().hide()

    def _draw_months(self, ind: Indicators) -> None:
        chart = reset_chart(self.month_chart)
        months = [c.key for c in ind.actions.by_month]
        actions_set = QBarSet(_("actions"))
        actions_set.setColor(QColor(ACCENT))
        actions_set.append([float(c.value) for c in ind.actions.by_month])
        placed = dict((c.key, c.value) for c in ind.placements.by_month)
        placed_set = QBarSet(_("placements"))
        placed_set.setColor(QColor(SECOND))
        placed_set.append([float(placed.get(m, 0)) for m in months])
        series = QBarSeries()
        series.append(actions_set)
        series.append(placed_set)
        chart.addSeries(series)
        top = max([c.value for c in ind.actions.by_month] + list(placed.values()), default=0)
        add_axes(chart, series, month_labels(months), top, headroom=1.1)
        chart.legend().show()

    def _draw_ages(self, ind: Indicators) -> None:
        chart = reset_chart(self.age_chart)
        people = ind.people
        series = QBarSeries()
        bars = QBarSet(_("people"))
        bars.setColor(QColor(ACCENT))
        bars.append([float(c.value) for c in people.by_age])
        series.append(bars)
        outside_labels(series)
        chart.addSeries(series)
        add_axes(chart, series, [age_label(c.key) for c in people.by_age],
              max([c.value for c in people.by_age], default=0))
        sexes = ", ".join(f"{c.label} {_num(c.value)}" for c in people.by_sex)
        chart.setTitle(_("People taken in charge by age ({sexes})").format(sexes=sexes))
        chart.legend().hide()

    def _draw_citizenship(self, ind: Indicators) -> None:
        chart = reset_chart(self.citizenship_chart)
        series = QPieSeries()
        for colour, count in zip(PALETTE, ind.people.by_citizenship, strict=False):
            piece = series.append(f"{count.label} ({_num(count.value)})", float(count.value))
            piece.setColor(QColor(colour))
        series.setHoleSize(0.35)
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.legend().show()

    # -- exports --------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        if self.current is None:
            return
        p = self.current.period
        name = f"osservatorio-{p.site_code or 'tutte'}-{p.date_from:%Y%m%d}-{p.date_to:%Y%m%d}"
        filters = {"csv": _("CSV files (*.csv)"), "xlsx": _("Excel workbooks (*.xlsx)"),
                   "pdf": _("PDF documents (*.pdf)")}[kind]
        chosen = self.ask_save_path(self, str(Path.home() / f"{name}.{kind}"), filters)
        if not chosen:
            return
        self.ctx.ops.run(export, self.ctx, self.current, kind, Path(chosen),
                         on_success=lambda path: self.status.setText(
                             _("Saved: {path}").format(path=path)),
                         on_error=self._failed)
