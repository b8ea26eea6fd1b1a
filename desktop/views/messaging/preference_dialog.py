"""The current person's reminders: consent and preferred channel (e-mail, SMS, none)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.messaging import consent
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import report_error
from desktop.views.widgets import error_label, ok_cancel_buttons

CHOICES = (("email", N_("E-mail")), ("sms", N_("SMS")), ("none", N_("No reminders")))


class PreferenceDialog(QDialog):
    def __init__(self, ctx: ViewContext, person: PersonRef,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person = person
        self.saved: Any = None
        self.setWindowTitle(_("Reminders for {person}").format(person=person.full_name))
        self.setAccessibleName(_("Reminders: consent and channel"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Reminders of appointments are sent only with the person's consent, "
                         "on the channel they choose, to the e-mail or mobile number of "
                         "their record."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.channel = QComboBox()
        self.channel.setAccessibleName(_("Preferred channel"))
        for code, label in CHOICES:
            self.channel.addItem(_(label), code)
        channel_label = QLabel(_("&Channel:"))
        channel_label.setBuddy(self.channel)
        self.consent = QCheckBox(_("The person &agrees to receive reminders"))
        self.channel_error = error_label(_("Error in the channel"))
        form.addRow(channel_label, self.channel)
        form.addRow("", self.channel_error)
        form.addRow("", self.consent)
        layout.addLayout(form)
        self.status = error_label(_("Reminder preference status"))
        layout.addWidget(self.status)
        layout.addWidget(ok_cancel_buttons(_("&Save"), self.save, self.reject))
        ctx.ops.run(consent.read_preference, ctx.database, ctx.operator, person.id,
                    on_success=self._show, on_error=self._failed)

    def _show(self, preference: Any) -> None:
        self.channel.setCurrentIndex(max(0, self.channel.findData(preference.channel)))
        self.consent.setChecked(preference.consent)

    def save(self) -> None:
        self.channel_error.hide()
        self.status.hide()
        self.ctx.ops.run(consent.set_preference, self.ctx.database, self.ctx.operator,
                         self.person.id, self.channel.currentData(), self.consent.isChecked(),
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, preference: Any) -> None:
        self.saved = preference
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and "channel" in exc.fields:
            self.channel_error.setText(exc.fields["channel"])
            self.channel_error.show()
            self.channel.setFocus()
            return
        self.status.setText(report_error(self, exc, status=self.status.setText, inline=True))
        self.status.show()
