"""The audit window for the responsabile: who looked at a person, what an operator did.

The queries run in the audit service, which checks the role and records the
search itself; this window only reads the form and shows the lines.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import N_, _, ngettext
from desktop.services.security import audit
from desktop.services.security.audit import AuditLine, VerifyResult
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.security.audit_labels import action_name, note_text, target_name
from desktop.views.table_model import Column, RowTableModel


def _target(line: AuditLine) -> str:
    kind = target_name(line.target_type)
    return f"{kind} {line.target_id[:8]}" if line.target_id else kind


class AuditTableModel(RowTableModel[AuditLine]):
    """Audit lines as a table: time, operator, workstation, action, target, note."""

    columns = (
        Column(N_("When"), lambda line: formatting.date_time(line.at.astimezone(),
                                                             seconds=True)),
        Column(N_("Operator"), lambda line: line.operator_username or "—"),
        Column(N_("Workstation"), lambda line: line.workstation),
        Column(N_("Action"), lambda line: action_name(line.action)),
        Column(N_("Target"), _target),
        Column(N_("Note"), lambda line: note_text(line.detail)),
    )


def _table(model: AuditTableModel) -> QTableView:
    view = QTableView()
    view.setAccessibleName(_("Audit entries"))
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class AuditDialog(QDialog):
    """Two questions a data protection officer asks, and a check of the chain."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Audit log"))
        self.resize(980, 600)
        tabs = QTabWidget()
        tabs.setAccessibleName(_("Search the audit log"))

        person_tab = QWidget()
        self.fiscal_code = QLineEdit()
        self.fiscal_code.setMaxLength(16)
        self.fiscal_code.setPlaceholderText("RSSMRA80A01D612X")
        self.fiscal_code.setAccessibleName(_("Codice fiscale"))
        self.fiscal_code.returnPressed.connect(self.search_person)
        cf_label = QLabel(_("&Codice fiscale"))
        cf_label.setBuddy(self.fiscal_code)
        self.person_button = QPushButton(_("&Who looked at this person"))
        self.person_button.clicked.connect(self.search_person)
        row = QHBoxLayout()
        row.addWidget(cf_label)
        row.addWidget(self.fiscal_code, 1)
        row.addWidget(self.person_button)
        self.person_model = AuditTableModel(self)
        self.person_table = _table(self.person_model)
        layout = QVBoxLayout(person_tab)
        layout.addLayout(row)
        layout.addWidget(self.person_table, 1)
        tabs.addTab(person_tab, _("By &person"))

        day_tab = QWidget()
        self.username = QLineEdit(ctx.operator.username)
        self.username.setMaxLength(60)
        self.username.setAccessibleName(_("User name"))
        user_label = QLabel(_("&Operator"))
        user_label.setBuddy(self.username)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setAccessibleName(_("Day"))
        day_label = QLabel(_("&Day"))
        day_label.setBuddy(self.day)
        self.day_button = QPushButton(_("&Show the day"))
        self.day_button.clicked.connect(self.search_day)
        self.username.returnPressed.connect(self.search_day)
        drow = QHBoxLayout()
        drow.addWidget(user_label)
        drow.addWidget(self.username, 1)
        drow.addWidget(day_label)
        drow.addWidget(self.day)
        drow.addWidget(self.day_button)
        self.day_model = AuditTableModel(self)
        self.day_table = _table(self.day_model)
        dlayout = QVBoxLayout(day_tab)
        dlayout.addLayout(drow)
        dlayout.addWidget(self.day_table, 1)
        tabs.addTab(day_tab, _("By operator and &day"))
        self.tabs = tabs

        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.verify_button = QPushButton(_("&Verify the chain"))
        self.verify_button.clicked.connect(self.verify)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(tabs, 1)
        outer.addLayout(bottom)

    def _error(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status, inline=True)

    def _shown(self, model: AuditTableModel, lines: list[AuditLine]) -> None:
        model.set_rows(lines)
        self.status.setText(ngettext("{count} entry.", "{count} entries.", len(lines)).format(
            count=len(lines)))

    def search_person(self) -> None:
        self.ctx.ops.run(audit.person_history, self.ctx.database, self.ctx.operator,
                         self.fiscal_code.text(),
                         on_success=lambda lines: self._shown(self.person_model, lines),
                         on_error=self._error)

    def search_day(self) -> None:
        qdate = self.day.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.ctx.ops.run(audit.operator_day, self.ctx.database, self.ctx.operator,
                         self.username.text().strip().lower(), day,
                         on_success=lambda lines: self._shown(self.day_model, lines),
                         on_error=self._error)

    def verify(self) -> None:
        self.ctx.ops.run(audit.verify, self.ctx.database, on_success=self._verified,
                         on_error=self._error)

    def _verified(self, result: VerifyResult) -> None:
        self.status.setText(" ".join((audit.describe(result), *result.notes)))
