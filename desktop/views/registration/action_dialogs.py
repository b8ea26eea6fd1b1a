"""The two dialogs of the counter's actions panel: an action delivered, a placement.

Each field has a label with a buddy and an accessible name, and an error line right
under it. The service checks the form (against the DID in force and the day's hours
too) and answers a refusal with one Italian sentence per field: the dialog shows them
where they belong and stays open; nothing has been saved. Ctrl+S or Enter saves.

Signals (QDialog): ``accepted`` once the service saved; ``saved`` holds the record.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.actions import (
    ActionForm,
    ActionRecord,
    PlacementForm,
    PlacementRecord,
    record_action,
    record_placement,
)
from desktop.services.actions.catalogue import (
    ACTION_OUTCOMES,
    load_catalogue,
    load_contract_types,
    outcome_label,
)
from desktop.services.actions.person_card import PersonActions
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import report_error
from desktop.views.widgets import error_label, ok_cancel_buttons, parse_date, scoped_shortcut


def date_text(day: dt.date | None) -> str:
    return formatting.date(day)


def parse_hours(text: str) -> float:
    """"1,5" or "1.5" -> 1.5; NaN when it is not a number (the service refuses it)."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return math.nan


class _RecordDialog(QDialog):
    """A form whose rows each have a label, a field and an error line."""

    def __init__(self, ctx: ViewContext, person: PersonRef, title: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person = person
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.main_layout = layout = QVBoxLayout(self)
        heading = QLabel(person.label)
        heading.setObjectName("CardTitle")
        layout.addWidget(heading)
        #: Problems that are no one field's (no DID in force, a refused permission).
        self.general_error = error_label(_("Errors of the form"))
        layout.addWidget(self.general_error)
        self.rows = QFormLayout()
        layout.addLayout(self.rows)
        self.errors: dict[str, QLabel] = {}
        self.fields: list[QWidget] = []

    def add_field(self, key: str, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        self.rows.addRow(label, widget)
        error = error_label(_("Error: {field}").format(field=text.replace("&", "")))
        self.rows.addRow("", error)
        self.errors[key] = error
        self.fields.append(widget)

    def finish(self) -> None:
        """The buttons, Ctrl+S and a tab order that follows the rows."""
        self.buttons = ok_cancel_buttons(_("&Save (Ctrl+S)"), self.save, self.reject)
        self.main_layout.addWidget(self.buttons)
        scoped_shortcut("Ctrl+S", self, self.save, Qt.ShortcutContext.WindowShortcut, description=_("Save"))
        chain = [*self.fields, *self.buttons.buttons()]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)
        self.fields[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_errors(self, fields: dict[str, str], general: str = "") -> None:
        for key, label in self.errors.items():
            label.setText(fields.get(key, ""))
            label.setVisible(key in fields)
        rest = [m for k, m in fields.items() if k not in self.errors]
        text = " ".join(rest) or general
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))
        for key, widget in zip(self.errors, self.fields, strict=True):
            if key in fields:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def save(self) -> None:
        raise NotImplementedError

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        fields = error.fields if isinstance(error, ValidationError) else {}
        report_error(self, error, status=lambda sentence: self.show_errors(fields, sentence))


class ActionDialog(_RecordDialog):
    """An action delivered: measure (the patto's first), date, hours, provider, outcome."""

    def __init__(self, ctx: ViewContext, person: PersonRef, overview: PersonActions | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person, _("Record an action delivered"), parent)
        self.saved: ActionRecord | None = None
        self.measure = QComboBox()
        self.measure.addItem("", ("", ""))
        labels = {m.code: m.label for m in load_catalogue()}
        for m in overview.measures if overview else ():
            if m.measure_code:
                text = _("Patto: {kind} — {description}").format(
                    kind=m.kind, description=m.description)
                self.measure.addItem(text, (m.measure_code, m.provider))
        for code, label in labels.items():
            self.measure.addItem(f"{code} — {label}", (code, ""))
        self.measure.currentIndexChanged.connect(self._measure_chosen)
        self.delivered_on = QLineEdit(date_text(dt.date.today()))
        self.delivered_on.setPlaceholderText(_("dd/mm/yyyy"))
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(_("e.g. 2 or 1,5"))
        self.provider = QLineEdit()
        self.provider.setMaxLength(200)
        self.outcome = QComboBox()
        for code in ACTION_OUTCOMES:
            self.outcome.addItem(outcome_label(code), code)
        for key, text, widget in (
                ("measure_code", _("&Measure"), self.measure),
                ("delivered_on", _("&Date delivered"), self.delivered_on),
                ("hours", _("&Hours"), self.hours),
                ("provider", _("&Provider"), self.provider),
                ("outcome", _("&Outcome"), self.outcome)):
            self.add_field(key, text, widget)
        self.finish()
        self.resize(560, self.sizeHint().height())

    def _measure_chosen(self, _index: int) -> None:
        _code, provider = self.measure.currentData() or ("", "")
        if provider and not self.provider.text().strip():
            self.provider.setText(provider)

    def form(self) -> ActionForm:
        code, _provider = self.measure.currentData() or ("", "")
        return ActionForm(self.person.id, str(code), parse_date(self.delivered_on.text()),
                          hours=parse_hours(self.hours.text() or "0"),
                          provider=self.provider.text(),
                          outcome=str(self.outcome.currentData() or ""))

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.ctx.ops.run(record_action, self.ctx.database, self.ctx.operator, self.form(),
                         site_code=self.ctx.site.site_code,
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, record: ActionRecord) -> None:
        self.saved = record
        self.buttons.setEnabled(True)
        self.accept()


class PlacementDialog(_RecordDialog):
    """A placement: employer, contract type (the configured list), start date."""

    def __init__(self, ctx: ViewContext, person: PersonRef,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person, _("Record a placement"), parent)
        self.saved: PlacementRecord | None = None
        self.employer = QLineEdit()
        self.employer.setMaxLength(200)
        self.employer.setPlaceholderText(_("company name"))
        self.contract = QComboBox()
        self.contract.addItem("", "")
        for contract in load_contract_types():
            self.contract.addItem(contract.label, contract.code)
        self.start_date = QLineEdit(date_text(dt.date.today()))
        self.start_date.setPlaceholderText(_("dd/mm/yyyy"))
        for key, text, widget in (
                ("employer", _("&Employer"), self.employer),
                ("contract_type", _("&Contract type"), self.contract),
                ("start_date", _("Start &date"), self.start_date)):
            self.add_field(key, text, widget)
        self.finish()
        self.resize(520, self.sizeHint().height())

    def form(self) -> PlacementForm:
        return PlacementForm(self.person.id, str(self.contract.currentData() or ""),
                             parse_date(self.start_date.text()),
                             employer_name=self.employer.text())

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        self.buttons.setEnabled(False)
        self.ctx.ops.run(record_placement, self.ctx.database, self.ctx.operator, self.form(),
                         site_code=self.ctx.site.site_code,
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, record: PlacementRecord) -> None:
        self.saved = record
        self.buttons.setEnabled(True)
        self.accept()

