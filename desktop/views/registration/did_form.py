"""The DID form (Dichiarazione di Immediata Disponibilità) and its profiling result.

Signals:
    save_requested(): Ctrl+D or the button.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.services.registration import DidForm, DidRecord
from desktop.views.registration.person_form import parse_date
from desktop.views.widgets import scoped_shortcut

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
GOL_PATHS = {1: N_("1 — job reintegration"), 2: N_("2 — upskilling"),
             3: N_("3 — reskilling"), 4: N_("4 — work and inclusion"),
             5: N_("5 — collective reallocation")}


class DidFormWidget(QGroupBox):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("DID and profiling"), parent)
        form = QFormLayout(self)
        self.did_date = QLineEdit(dt.date.today().strftime("%d/%m/%Y"))
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
        for text, widget in (
                (_("DID da&te"), self.did_date), (_("Ed&ucation"), self.education),
                (_("Employment &condition"), self.condition),
                (_("Months &unemployed"), self.months),
                (_("&Years in Italy"), self.years_in_italy),
                (_("&Household members"), self.household),
                (_("Dependent c&hildren"), self.dependants),
                (_("Licence"), self.licence), (_("NASpI"), self.naspi),
                (_("Yearly &income"), self.income)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        form.addRow(self.errors)
        form.addRow(self.result)
        form.addRow(self.save_button)
        scoped_shortcut("Ctrl+D", self, self.save_requested.emit)

    def form(self, years_default: int = 0) -> DidForm:
        return DidForm(
            did_date=parse_date(self.did_date.text()),
            education=str(self.education.currentData() or ""),
            employment_condition=str(self.condition.currentData() or ""),
            months_unemployed=self.months.value(), years_in_italy=self.years_in_italy.value(),
            household_size=self.household.value(), dependent_children=self.dependants.value(),
            driving_licence=self.licence.isChecked(), naspi=self.naspi.isChecked(),
            annual_income=self.income.value())

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.setText("\n".join(errors.values()))

    def show_result(self, did: DidRecord) -> None:
        self.errors.setText("")
        self.result.setText(_(
            "<b>Profiling index {index:.2f}</b> (class {klass}) · GOL path {path}<br>"
            "Sign the patto di servizio by <b>{deadline}</b>.").format(
            index=did.profiling_index, klass=did.profiling_class,
            path=_(GOL_PATHS.get(did.gol_path, str(did.gol_path))),
            deadline=did.patto_deadline.strftime("%d/%m/%Y")))
