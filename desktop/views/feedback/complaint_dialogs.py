"""The two complaint dialogs: record a complaint (how it came, when, what about, the
service, the name only if given) and record its answer. Bad input shows one sentence
next to the field and nothing is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import SportelloError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.services.feedback import complaints
from desktop.services.feedback.complaints import ComplaintForm, ComplaintInfo
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import DateField, error_label, ok_cancel_buttons


class _FormDialog(QDialog):
    """A form whose fields each have a label with a buddy and an error line below."""

    def __init__(self, ctx: ViewContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.message = error_label(_("Form message"))
        outer = QVBoxLayout(self)
        self.outer = outer
        outer.addLayout(self.form)
        outer.addWidget(self.message)
        self.result_info: ComplaintInfo | None = None

    def add_field(self, key: str, text: str, widget: QWidget, name: str) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(name)
        self.errors[key] = error_label(_("{field}: error").format(field=name))
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addWidget(self.errors[key])
        self.form.addRow(label, holder)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.message):
            label.hide()

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.fields:
            shown = False
            for key, sentence in exc.fields.items():
                if key in self.errors:
                    self.errors[key].setText(exc.user_message if not shown else sentence)
                    self.errors[key].show()
                    shown = True
            if shown:
                return
        if isinstance(exc, SportelloError):
            self.message.setText(exc.user_message)
            self.message.show()
            return
        report_error(self, exc, status=self.message, inline=True)

    def run(self, fn: Callable[..., ComplaintInfo], *args: Any) -> None:
        self.clear_errors()
        self.ctx.ops.run(fn, *args, on_success=self._saved, on_error=self.show_error)

    def _saved(self, info: ComplaintInfo) -> None:
        self.result_info = info
        self.accept()


class ComplaintDialog(_FormDialog):
    def __init__(self, ctx: ViewContext, services: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New complaint"), parent)
        self.channel = QComboBox()
        for key in complaints.CHANNELS:
            self.channel.addItem(complaints.channel_label(key), key)
        self.received = DateField()
        self.received.set_date(clock.today())
        self.subject = QLineEdit()
        self.subject.setMaxLength(300)
        self.service = QComboBox()
        self.service.addItem(_("not said"), "")
        for prefix, name in services:
            self.service.addItem(f"{prefix} – {name}", prefix)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.complainant = QLineEdit()
        self.complainant.setPlaceholderText(_("only if the person gives it"))
        self.contact = QLineEdit()
        for key, text, widget, name in (
                ("channel", _("Received &by"), self.channel, _("How the complaint arrived")),
                ("received_on", _("Received &on"), self.received, _("Day received")),
                ("subject", _("S&ubject"), self.subject, _("Subject")),
                ("service", _("Ser&vice"), self.service, _("Service concerned")),
                ("description", _("&Facts"), self.description, _("Description of the facts")),
                ("complainant", _("&Name"), self.complainant, _("Name of the person")),
                ("contact", _("Address for the &answer"), self.contact,
                 _("Address for the answer"))):
            self.add_field(key, text, widget, name)
        #: The person open at the counter, linked only when they give their name.
        self.person = ctx.current.person
        self.link = QCheckBox(_("The complaint is from {person}, who gives their name").format(
            person=self.person.full_name) if self.person else "")
        self.link.setVisible(self.person is not None)
        self.link.toggled.connect(self._link_toggled)
        self.form.addRow("", self.link)
        self.outer.addWidget(ok_cancel_buttons(_("&Record"), self.save, self.reject))

    def _link_toggled(self, linked: bool) -> None:
        if linked and self.person is not None and not self.complainant.text().strip():
            self.complainant.setText(self.person.full_name)

    def form_value(self) -> ComplaintForm:
        person = self.person.id if self.person is not None and self.link.isChecked() else None
        return ComplaintForm(
            str(self.channel.currentData()), self.received.date() or dt.date.min,
            self.subject.text(), self.description.toPlainText(),
            str(self.service.currentData() or ""), self.complainant.text(), self.contact.text(),
            person)

    def save(self) -> None:
        if self.received.date() is None:
            self.clear_errors()
            self.errors["received_on"].setText(_("Type the day received as dd/mm/yyyy."))
            self.errors["received_on"].show()
            return
        self.run(complaints.record_complaint, self.ctx.database, self.ctx.operator,
                 self.ctx.site.site_code, self.form_value())


class AnswerDialog(_FormDialog):
    def __init__(self, ctx: ViewContext, info: ComplaintInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Answer complaint {number}").format(number=info.number),
                         parent)
        self.info = info
        self.form.addRow(QLabel(_("Subject:")), QLabel(info.subject))
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        self.answered = DateField()
        self.answered.set_date(clock.today())
        self.add_field("answer", _("&Answer"), self.answer, _("Answer"))
        self.add_field("answered_on", _("Answered &on"), self.answered, _("Day answered"))
        self.outer.addWidget(ok_cancel_buttons(_("&Record"), self.save, self.reject))

    def save(self) -> None:
        day = self.answered.date()
        if day is None:
            self.clear_errors()
            self.errors["answered_on"].setText(_("Type the day answered as dd/mm/yyyy."))
            self.errors["answered_on"].show()
            return
        self.run(complaints.answer_complaint, self.ctx.database, self.ctx.operator,
                 self.info.id, self.answer.toPlainText(), day)
