"""Justify an absence: the reason and the document that proves it, each with its label
and its error sentence; nothing is saved until both are valid."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.conditionality import absences
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import error_label, ok_cancel_buttons


class JustifyDialog(QDialog):
    def __init__(self, ctx: ViewContext, absence: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.absence_id: uuid.UUID = absence.id
        self.saved: Any = None
        self.setWindowTitle(_("Justify the absence"))
        self.setAccessibleName(_("Justify the absence"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("{person}: absence of {date}. The justification is accepted until "
                         "{until}.").format(person=absence.person_name,
                                            date=absence.scheduled_at.astimezone()
                                            .strftime("%d/%m/%Y %H:%M"),
                                            until=absence.window_until.strftime("%d/%m/%Y")))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason of the absence"))
        self.reason.setMaxLength(300)
        self.document = QLineEdit()
        self.document.setAccessibleName(_("Document reference"))
        self.document.setMaxLength(120)
        self.reason_error = error_label(_("Error in the reason"))
        self.document_error = error_label(_("Error in the document reference"))
        reason_label = QLabel(_("&Reason:"))
        reason_label.setBuddy(self.reason)
        document_label = QLabel(_("&Document:"))
        document_label.setBuddy(self.document)
        form.addRow(reason_label, self.reason)
        form.addRow("", self.reason_error)
        form.addRow(document_label, self.document)
        form.addRow("", self.document_error)
        layout.addLayout(form)
        self.status = error_label(_("Justification status"))
        layout.addWidget(self.status)
        layout.addWidget(ok_cancel_buttons(_("&Save justification"), self.save, self.reject))

    def save(self) -> None:
        for label in (self.reason_error, self.document_error, self.status):
            label.hide()
        self.ctx.ops.run(absences.justify, self.ctx.database, self.ctx.operator,
                         self.absence_id, self.reason.text(), self.document.text(),
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, info: Any) -> None:
        self.saved = info
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.fields:
            for name, label, field in (("reason", self.reason_error, self.reason),
                                       ("document_ref", self.document_error, self.document)):
                if name in exc.fields:
                    label.setText(exc.fields[name])
                    label.show()
                    field.setFocus()
            return
        text = report_error(self, exc, status=self.status.setText, inline=True)
        self.status.setText(text)
        self.status.show()
