"""Reclami: the complaints of the site, open, overdue or all, with their deadline; record a
new one (Ctrl+N), record its answer (Ctrl+R), save the acknowledgement (Ctrl+P) or the
answer (Ctrl+Shift+P) as archived PDFs. F5 reloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop import formatting
from desktop.i18n import N_, _
from desktop.infra import clock
from desktop.services.charter.letters import complaint_letter
from desktop.services.feedback import complaints
from desktop.services.feedback.complaints import ComplaintInfo
from desktop.services.security.permissions import Permission, allowed
from desktop.views.context import ViewContext
from desktop.views.documents.print_flow import PrintFlow
from desktop.views.errors import report_error
from desktop.views.feedback.complaint_dialogs import AnswerDialog, ComplaintDialog
from desktop.views.pages.base import Page
from desktop.views.table_model import Column, RowTableModel
from desktop.views.widgets import scoped_shortcut


def _columns() -> tuple[Column[ComplaintInfo], ...]:
    today = clock.today()
    return (
        Column(N_("Number"), lambda c: c.number),
        Column(N_("Received"), lambda c: formatting.date(c.received_on)),
        Column(N_("By"), lambda c: complaints.channel_label(c.channel)),
        Column(N_("Subject"), lambda c: c.subject),
        Column(N_("Service"), lambda c: c.service_prefix),
        Column(N_("Deadline"), lambda c: formatting.date(c.deadline)),
        Column(N_("State"), lambda c: c.status(today)),
    )


class ComplaintsPage(Page):
    area_id = "reclami"
    shortcut = "Ctrl+Shift+E"
    icon_name = "documenti"

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)"))[0])
    #: Replaced in tests: runs a dialog and returns whether it was accepted.
    run_dialog = staticmethod(lambda dialog: dialog.exec() == 1)

    @classmethod
    def title(cls) -> str:
        return _("Complaints")

    @classmethod
    def subtitle(cls) -> str:
        return _("Complaints received at the counter, by letter or e-mail, with the deadline "
                 "the Carta dei servizi promises. Ctrl+N records one, Ctrl+R its answer.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.allowed = allowed(ctx.operator, Permission.COMPLAINT_WRITE)
        top = QHBoxLayout()
        self.which = QComboBox()
        for key, text in (("open", _("Open")), ("overdue", _("Overdue")), ("all", _("All"))):
            self.which.addItem(text, key)
        label = QLabel(_("&Show"))
        label.setBuddy(self.which)
        self.which.setAccessibleName(_("Which complaints"))
        self.which.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(label)
        top.addWidget(self.which)
        top.addStretch(1)
        self.body.addLayout(top)
        self.model: RowTableModel[ComplaintInfo] = RowTableModel(self, _columns())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Complaints"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the subject
        self.body.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Complaints status"))
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("&New complaint (Ctrl+N)"))
        self.answer_button = QPushButton(_("Record the &answer (Ctrl+R)"))
        self.ack_button = QPushButton(_("Save the ac&knowledgement (Ctrl+P)"))
        self.letter_button = QPushButton(_("Save the answer &letter (Ctrl+Shift+P)"))
        for button, slot, key in (
                (self.new_button, self.new_complaint, "Ctrl+N"),
                (self.answer_button, self.answer, "Ctrl+R"),
                (self.ack_button, lambda: self.save_letter("acknowledgement"), "Ctrl+P"),
                (self.letter_button, lambda: self.save_letter("answer"), "Ctrl+Shift+P")):
            button.clicked.connect(slot)
            button.setEnabled(self.allowed)
            scoped_shortcut(key, self, slot, description=button.text().replace("&", ""))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.body.addWidget(self.status)
        scoped_shortcut("F5", self, self.reload, description=_("Update the list"))
        self.printing = PrintFlow(ctx, self, self.status.setText, lambda _busy: None,
                                  lambda _archived: None)
        #: A line to keep above the next reload's count (what was just recorded).
        self.notice = ""
        self.services: list[tuple[str, str]] = [
            (s.prefix, s.name) for s in ctx.site.services if s.active]

    def activated(self) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.allowed:
            self.status.setText(_("Your role does not allow you to handle complaints."))
            return
        self.ctx.ops.run(complaints.complaints, self.ctx.database, self.ctx.operator,
                         self.ctx.site.site_code, str(self.which.currentData()),
                         clock.today(), on_success=self.show_rows, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status)

    def show_rows(self, rows: tuple[ComplaintInfo, ...]) -> None:
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue(clock.today()))
        shown = _("{count} complaints shown, {overdue} overdue.").format(
            count=len(rows), overdue=overdue)
        self.status.setText(f"{self.notice} {shown}".strip())
        self.notice = ""
        if rows:
            self.table.selectRow(0)

    def selected(self) -> ComplaintInfo | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def new_complaint(self) -> None:
        dialog = ComplaintDialog(self.ctx, self.services, self)
        if self.run_dialog(dialog) and dialog.result_info is not None:
            self.notice = _("Complaint {number} recorded: answer by {day}.").format(
                number=dialog.result_info.number,
                day=formatting.date(dialog.result_info.deadline))
            self.reload()

    def answer(self) -> None:
        info = self.selected()
        if info is None:
            self.status.setText(_("Choose a complaint in the list first."))
            return
        dialog = AnswerDialog(self.ctx, info, self)
        if self.run_dialog(dialog):
            self.reload()

    def save_letter(self, which: str) -> None:
        info = self.selected()
        if info is None:
            self.status.setText(_("Choose a complaint in the list first."))
            return
        suffix = "risposta" if which == "answer" else "ricevuta"
        chosen = self.ask_save_path(self, str(Path.home() / f"reclamo-{info.number}-{suffix}.pdf"))
        if not chosen:
            return
        self.printing.save(Path(chosen), complaint_letter, self.ctx.database, self.ctx.operator,
                           info.id, which, dt.date.today())
