"""The DID form (Dichiarazione di Immediata Disponibilità), its profiling result and
its end (revoca or decadenza, with date and reason).

Each refusal is a sentence next to its field. When a DID is already in force the
refusal offers to open it ("Open the DID in force").

Signals:
    save_requested(): Ctrl+D or the button.
    end_requested(): Ctrl+Shift+D or the "Record the end" button.
    open_active_requested(): the operator wants the DID in force shown.
    edited(): the operator changed a field (the page asks before dropping it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.people.did import DidForm, DidRecord, unemployment_text
from desktop.views.widgets import DateField, error_label, guard_wheel, scoped_shortcut

EDUCATION = (
    ("none", N_("No qualification")), ("licenza_elementare", N_("Primary school")),
    ("licenza_media", N_("Lower secondary (licenza media)")),
    ("qualifica", N_("Vocational qualification")), ("diploma", N_("Upper secondary diploma")),
    ("laurea_triennale", N_("Bachelor's degree")), ("laurea", N_("Master's degree")),
    ("dottorato", N_("Doctorate")),
)
CONDITIONS = (
    ("disoccupato", N_("Unemployed (lost a job)")),
    ("inoccupato", N_("Never employed")),
    ("occupato_sotto_soglia", N_("Employed below the income threshold")),
    ("studente", N_("Student")),
)
END_KINDS = (("revoca", N_("Revocation (the person withdraws it)")),
             ("decadenza", N_("Decadenza (lost by law)")))
GOL_PATHS = {1: N_("1 — job reintegration"), 2: N_("2 — upskilling"),
             3: N_("3 — reskilling"), 4: N_("4 — work and inclusion"),
             5: N_("5 — collective reallocation")}


class DidFormWidget(QGroupBox):
    save_requested = Signal()
    end_requested = Signal()
    open_active_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("DID and profiling"), parent)
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        self.in_force: DidRecord | None = None
        outer = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(_("DID state"))
        outer.addWidget(self.state)
        form = QFormLayout()
        outer.addLayout(form)
        self.did_date = DateField()
        self.did_date.set_date(dt.date.today())
        self.education = QComboBox()
        self.education.addItem("", "")
        for key, text in EDUCATION:
            self.education.addItem(_(text), key)
        self.condition = QComboBox()
        self.condition.addItem("", "")
        for key, text in CONDITIONS:
            self.condition.addItem(_(text), key)
        self.months = QSpinBox()
        self.months.setRange(0, 600)
        self.years_in_italy = QSpinBox()
        self.years_in_italy.setRange(0, 120)
        self.household = QSpinBox()
        self.household.setRange(1, 30)
        self.dependants = QSpinBox()
        self.dependants.setRange(0, 20)
        self.licence = QCheckBox(_("Holds a driving licence"))
        self.naspi = QCheckBox(_("Receives NASpI / DIS-COLL"))
        self.income = QSpinBox()
        self.income.setRange(0, 10_000_000)
        self.income.setSuffix(" €")
        self.errors = QLabel()
        self.errors.setObjectName("ErrorLabel")
        self.errors.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.save_button = QPushButton(_("Declare DID (Ctrl+D)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_requested)
        self.open_active_button = QPushButton(_("&Open the DID in force"))
        self.open_active_button.setAutoDefault(False)
        self.open_active_button.clicked.connect(self.open_active_requested)
        self.open_active_button.hide()
        for key, text, widget in (
                ("did_date", _("DID da&te"), self.did_date),
                ("education", _("Ed&ucation"), self.education),
                ("employment_condition", _("Employment &condition"), self.condition),
                ("months_unemployed", _("Months &unemployed"), self.months),
                ("years_in_italy", _("&Years in Italy"), self.years_in_italy),
                ("household_size", _("&Household members"), self.household),
                ("dependent_children", _("Dependent c&hildren"), self.dependants),
                ("", _("Licence"), self.licence), ("", _("NASpI"), self.naspi),
                ("annual_income", _("Yearly &income"), self.income)):
            self._row(form, key, text, widget)
        self.unemployment = QLabel()
        self.unemployment.setObjectName("Muted")
        self.unemployment.setAccessibleName(_("Length of unemployment"))
        form.addRow("", self.unemployment)
        form.addRow(self.errors)
        form.addRow(self.result)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_active_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        self.end_box = QGroupBox(_("End of the DID (revocation or decadenza)"))
        end_form = QFormLayout(self.end_box)
        self.end_kind = QComboBox()
        for key, text in END_KINDS:
            self.end_kind.addItem(_(text), key)
        self.end_date = DateField()
        self.end_date.set_date(dt.date.today())
        self.end_reason = QLineEdit()
        self.end_reason.setMaxLength(500)
        end_rows: tuple[tuple[str, str, QWidget], ...] = (
            ("end_kind", _("&Kind of end"), self.end_kind),
            ("ended_on", _("&Date of the end"), self.end_date),
            ("end_reason", _("&Reason"), self.end_reason))
        for key, text, end_widget in end_rows:
            self._row(end_form, key, text, end_widget)
        self.end_button = QPushButton(_("Record the end (Ctrl+Shift+D)"))
        self.end_button.setAutoDefault(False)
        self.end_button.clicked.connect(self.end_requested)
        end_form.addRow(self.end_button)
        self.end_box.hide()
        outer.addWidget(self.end_box)
        scoped_shortcut("Ctrl+D", self, self.save_requested.emit, description=_("Save the DID"))
        scoped_shortcut("Ctrl+Shift+D", self, self._end_shortcut, description=_("End the DID"))
        self.did_date.textChanged.connect(lambda _t: self._show_unemployment())
        for line in (self.did_date, self.end_date, self.end_reason):
            line.textEdited.connect(lambda _t: self.edited.emit())
        for combo in (self.education, self.condition, self.end_kind):
            combo.activated.connect(lambda _i: self.edited.emit())
        for spin in (self.months, self.years_in_italy, self.household, self.dependants,
                     self.income):
            spin.editingFinished.connect(self._spin_edited)
        for box in (self.licence, self.naspi):
            box.clicked.connect(lambda _c: self.edited.emit())
        self._show_unemployment()
        guard_wheel(self)

    def _row(self, form: QFormLayout, key: str, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        if not key:
            form.addRow(label, widget)
            return
        error = error_label(_("Error: {field}").format(field=text.replace("&", "")))
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(label, box)
        self.field_errors[key] = error
        self.field_widgets[key] = widget

    def _spin_edited(self) -> None:
        if self.isEnabled():
            self.edited.emit()

    def _end_shortcut(self) -> None:
        if self.end_box.isVisible():
            self.end_requested.emit()

    def _show_unemployment(self) -> None:
        """How long the person has been unemployed: from the DID in force, else from the
        DID date being typed (nothing once a DID has ended and none is in force)."""
        if self.in_force is not None:
            day: dt.date | None = self.in_force.did_date
        else:
            day = None if self.result.text() else self.did_date.date()
        self.unemployment.setText(unemployment_text(day) if day else "")

    def form(self, years_default: int = 0) -> DidForm:
        return DidForm(
            did_date=self.did_date.date(),
            education=str(self.education.currentData() or ""),
            employment_condition=str(self.condition.currentData() or ""),
            months_unemployed=self.months.value(), years_in_italy=self.years_in_italy.value(),
            household_size=self.household.value(), dependent_children=self.dependants.value(),
            driving_licence=self.licence.isChecked(), naspi=self.naspi.isChecked(),
            annual_income=self.income.value())

    def end(self) -> tuple[str, dt.date | None, str]:
        """What the end section holds: kind, date (None if not a date), reason."""
        return (str(self.end_kind.currentData() or ""), self.end_date.date(),
                self.end_reason.text())

    def clear_errors(self) -> None:
        self.errors.setText("")
        self.open_active_button.hide()
        for label in self.field_errors.values():
            label.setText("")
            label.hide()

    def show_errors(self, errors: dict[str, str], *, offer_active: bool = False) -> None:
        """Each sentence next to its field (the rest in the summary line below)."""
        self.clear_errors()
        loose = []
        for key, message in errors.items():
            label = self.field_errors.get(key)
            if label is None:
                loose.append(message)
                continue
            label.setText(message)
            label.show()
        self.errors.setText("\n".join(loose))
        self.open_active_button.setVisible(offer_active)
        first = next((self.field_widgets[k] for k in errors if k in self.field_widgets), None)
        if offer_active:
            self.open_active_button.setFocus()
        elif first is not None:
            first.setFocus()

    def reset(self) -> None:
        """Empty, for a new person (the page disables it until the person is saved)."""
        self.in_force = None
        self.clear_errors()
        self.did_date.set_date(dt.date.today())
        for combo in (self.education, self.condition, self.end_kind):
            combo.setCurrentIndex(0)
        for spin, value in ((self.months, 0), (self.years_in_italy, 0), (self.household, 1),
                            (self.dependants, 0), (self.income, 0)):
            spin.setValue(value)
        self.licence.setChecked(False)
        self.naspi.setChecked(False)
        self.end_date.set_date(dt.date.today())
        self.end_reason.clear()
        self.result.setText("")
        self.state.setText("")
        self.end_box.hide()
        self.setTitle(_("DID and profiling"))
        self._show_unemployment()

    def show_in_force(self, did: DidRecord | None) -> None:
        """The person's DID in force (None: none), with its end section."""
        self.in_force = did
        self.end_box.setVisible(did is not None)
        if did is None:
            self.state.setText(_("No DID in force: fill in the form to declare one."))
        else:
            self.state.setText("<b>" + _("DID in force since {date}").format(
                date=formatting.date(did.did_date)) + "</b>")
            self.end_date.set_date(dt.date.today())
            self.end_reason.clear()
        self._show_unemployment()

    def show_result(self, did: DidRecord) -> None:
        self.clear_errors()
        self.show_in_force(did if did.in_force else None)
        if not did.in_force:
            kind = dict(END_KINDS).get(did.end_kind, did.end_kind)
            self.result.setText(_("DID ended on {date}: {kind}.").format(
                date=formatting.date(did.ended_on, formatting.DASH), kind=_(kind)))
            self._show_unemployment()
            return
        self.result.setText(_(
            "<b>Profiling index {index}</b> (class {klass}) · GOL path {path}<br>"
            "Sign the patto di servizio by <b>{deadline}</b>.").format(
            index=formatting.decimal(did.profiling_index, 2), klass=did.profiling_class,
            path=_(GOL_PATHS.get(did.gol_path, str(did.gol_path))),
            deadline=formatting.date(did.patto_deadline)))
