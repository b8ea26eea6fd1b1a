"""Fairness of the matching, from the Osservatorio: a period's or a vacancy's report.

The groups (women and men, age bands, citizenship) from the eligible pool to the hires,
each stage's count with its share and the ratio to the most selected group, flagged
under four fifths; the alerts in words; the oversight log (who proposed whom, at what
rank, why); and the report saved as PDF. The services run on the worker (``ctx.ops``).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.documents.fairness import fairness_meta, render_fairness
from desktop.i18n import N_, _
from desktop.infra import clock
from desktop.services.firms import vacancies
from desktop.services.firms.vacancies import VacancyInfo
from desktop.services.matching.fairness import period_fairness, vacancy_fairness
from desktop.services.security.permissions import Permission, allowed
from desktop.values.fairness import FairnessReport, GroupRow, OversightEntry, dimension_label
from desktop.values.indicators import Period
from desktop.values.shortlist import outcome_label
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.matching.panels import buddy, table_view
from desktop.views.table_model import ALIGN_RIGHT, Column, RowTableModel
from desktop.views.widgets import scoped_shortcut

HEADERS = {
    "vacancy": (N_("eligible pool"), N_("first 10"), N_("first 50"), N_("proposals"),
                N_("hires")),
    "period": (N_("eligible pool"), N_("proposed from the first 10"),
               N_("proposed from the first 50"), N_("proposals"), N_("hires")),
}


def _cell(row: GroupRow, i: int) -> str:
    text = f"{row.counts[i]} ({row.shares[i]:.0%})"
    ratio = row.ratios[i - 1] if i else None
    if ratio is not None:
        text += f" · {formatting.decimal(ratio, 2)}" + (" \u26a0" if row.alerts[i - 1] else "")
    return text


def group_columns(scope: str) -> list[Column[GroupRow]]:
    columns: list[Column[GroupRow]] = [
        Column(N_("Kind"), lambda r: dimension_label(r.dimension)),
        Column(N_("Group"), lambda r: r.label)]
    for i, header in enumerate(HEADERS[scope]):
        columns.append(Column(header, functools.partial(_cell, i=i), align=ALIGN_RIGHT,
                              tooltip=_hint))
    return columns


def _hint(_row: GroupRow) -> str:
    return _("count (share) · ratio to the most selected group")


class OversightModel(RowTableModel[OversightEntry]):
    columns = (
        Column(N_("When"), lambda e: e.proposed_at.strftime("%d/%m/%Y")),
        Column(N_("Operator"), lambda e: e.operator),
        Column(N_("Person"), lambda e: e.person),
        Column(N_("Vacancy"), lambda e: e.vacancy),
        Column(N_("Rank"), lambda e: str(e.rank or "—"), align=ALIGN_RIGHT),
        Column(N_("Score"), lambda e: formatting.decimal(e.score, 2), align=ALIGN_RIGHT),
        Column(N_("Outcome"), lambda e: outcome_label(e.outcome)),
        Column(N_("Why"), lambda e: " | ".join(e.explanation) or "—",
               tooltip=lambda e: "\n".join(e.explanation)),
    )


def save_pdf(ctx: ViewContext, report: FairnessReport, target: Path) -> Path:
    """Render the report and write it (worker)."""
    site = ctx.site
    meta = fairness_meta(report, site.centre_name, f"{site.site_name} · {site.full_address}",
                         clock.today())
    target.write_bytes(render_fairness(report, meta))
    return target


class FairnessDialog(QDialog):
    """The fairness report of the period chosen in the Osservatorio, or of one vacancy."""

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Save the fairness report"), suggested, _("PDF files (*.pdf)"))[0])

    def __init__(self, ctx: ViewContext, date_from: dt.date, date_to: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.date_from, self.date_to = date_from, date_to
        self.report: FairnessReport | None = None
        self.last_saved: Path | None = None
        self.setWindowTitle(_("Fairness of the matching"))
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.setAccessibleName(_("Scope of the report"))
        self.scope.addItem(_("Period {start} – {end}").format(
            start=date_from.strftime("%d/%m/%Y"), end=date_to.strftime("%d/%m/%Y")), None)
        self.compute_button = QPushButton(_("&Compute"))
        self.compute_button.setProperty("primary", True)
        self.compute_button.clicked.connect(self.compute)
        self.pdf_button = QPushButton(_("Save as P&DF…"))
        self.pdf_button.clicked.connect(self.save)
        top.addWidget(buddy(_("&Scope"), self.scope))
        top.addWidget(self.scope, 1)
        top.addWidget(self.compute_button)
        top.addWidget(self.pdf_button)
        layout.addLayout(top)
        self.alerts = QLabel(_("Choose the period or a vacancy and press Compute (F5)."))
        self.alerts.setWordWrap(True)
        self.alerts.setTextFormat(Qt.TextFormat.RichText)
        self.alerts.setAccessibleName(_("Alerts of the four-fifths rule"))
        layout.addWidget(self.alerts)
        self.groups = RowTableModel[GroupRow](self, group_columns("period"))
        self.group_table = table_view(self.groups, _("Groups at each stage"))
        layout.addWidget(self.group_table, 3)
        layout.addWidget(QLabel(_("Oversight log: who proposed whom, at what rank, why")))
        self.log = OversightModel(self)
        self.log_table = table_view(self.log, _("Oversight log"))
        layout.addWidget(self.log_table, 2)
        scoped_shortcut("F5", self, self.compute, description=_("Compute again"))
        ctx.ops.run(vacancies.list_vacancies, ctx.database, ctx.operator,
                    on_success=self._show_vacancies, on_error=self._failed)

    def _show_vacancies(self, rows: list[VacancyInfo]) -> None:
        for v in rows:
            self.scope.addItem(_("Vacancy {number} · {title}").format(
                number=v.number, title=v.title), v.id)

    def compute(self) -> None:
        vacancy = self.scope.currentData()
        self.alerts.setText(_("Computing…"))
        if isinstance(vacancy, uuid.UUID):
            self.ctx.ops.run(vacancy_fairness, self.ctx.database, self.ctx.operator, vacancy,
                             on_success=self.show_report, on_error=self._failed)
        else:
            self.ctx.ops.run(period_fairness, self.ctx.database, self.ctx.operator,
                             self.date_from, self.date_to,
                             on_success=self.show_report, on_error=self._failed)

    def show_report(self, report: FairnessReport) -> None:
        self.report = report
        self.groups.beginResetModel()
        self.groups.columns = tuple(group_columns(report.scope))
        self.groups.endResetModel()
        self.groups.set_rows(report.rows)
        totals = " · ".join(f"{_(h)}: {n}" for h, n in zip(HEADERS[report.scope],
                                                            report.totals, strict=True))
        if report.alerts:
            text = "".join(f"<p style='color:#B91C1C'>\u26a0 {a}</p>" for a in report.alerts)
        else:
            text = "<p style='color:#166534'>" + _(
                "No group is selected at under four fifths of the rate of the most "
                "selected one.") + "</p>"
        rule = _("Groups are flagged only with 5 or more people in the pool and a gap larger "
                 "than chance (5% level); a low ratio on a few people is not an alert.")
        self.alerts.setText(f"<b>{report.subject}</b><br/>{totals}{text}"
                            f"<p style='color:#6B7280'>{rule}</p>")
        self.log.set_rows(report.oversight)

    def save(self) -> None:
        if self.report is None:
            self.alerts.setText(_("Compute the report before saving it."))
            return
        chosen = self.ask_save_path(self, str(Path.home() / "equita-incrocio.pdf"))
        if chosen:
            self.ctx.ops.run(save_pdf, self.ctx, self.report, Path(chosen),
                             on_success=self._saved, on_error=self._failed)

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.alerts.setText(_("Saved: {path}").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        self.alerts.setText(_("The report could not be computed."))
        report_error(self, exc)


def open_fairness(ctx: ViewContext, date_from: dt.date, date_to: dt.date,
                  parent: QWidget) -> FairnessDialog:
    dialog = FairnessDialog(ctx, date_from, date_to, parent)
    dialog.show()
    return dialog


def fairness_button(ctx: ViewContext, page: QWidget,
                    period: Callable[[], Period]) -> QPushButton:
    """The Osservatorio's button that opens the report for its period (one hook-up)."""
    button = QPushButton(_("&Matching fairness…"))
    button.setAccessibleName(_("Matching fairness"))
    button.setEnabled(allowed(ctx.operator, Permission.REPORTS))
    dialogs: list[FairnessDialog] = []

    def show() -> None:
        chosen = period()
        dialogs[:] = [open_fairness(ctx, chosen.date_from, chosen.date_to, page)]

    button.clicked.connect(show)
    button.dialogs = dialogs  # type: ignore[attr-defined]
    return button
