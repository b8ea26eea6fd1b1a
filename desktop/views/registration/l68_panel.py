"""Collocamento mirato (L. 68/1999) enrolment of the current person, in its own dialog.

Only for operators whose role may read L. 68 data: the entry (button and Ctrl+Shift+M in
Accoglienza) is hidden otherwise, and the service refuses anyway, re-reading the role on
every call: a refused read leaves the form empty and disabled, with one sentence.
Category (art. 1 with its basis, or art. 18), percentage with the legal threshold,
enrolment date, the medical report, the relazione conclusiva, the work limitations.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.firms.targeted_placement import (
    BASIS_LABELS,
    CATEGORIES,
    CATEGORY_LABELS,
    Enrolment,
    EnrolmentForm,
    read_enrolment,
    save_enrolment,
)
from desktop.services.firms.work_limitations import limitations
from desktop.services.security.permissions import Permission, allowed
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import DateField, error_label, ok_cancel_buttons, scoped_shortcut

SHORTCUT = "Ctrl+Shift+M"


class L68Dialog(QDialog):
    """Loads the enrolment off the GUI thread (audited), saves with Ctrl+S."""

    def __init__(self, ctx: ViewContext, person_id: uuid.UUID, person_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.saved: Enrolment | None = None
        self.loaded = False
        self.setWindowTitle(_("Collocamento mirato (L. 68/1999) — {name}").format(
            name=person_name))
        layout = QVBoxLayout(self)
        self.status = QLabel(_("Reading the enrolment…"))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Outcome of the last operation"))
        layout.addWidget(self.status)
        self.body = QWidget()
        form = QFormLayout(self.body)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(label: str, field: QWidget, key: str, name: str) -> None:
            caption = QLabel(label)
            caption.setBuddy(field)
            field.setAccessibleName(name)
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(field)
            self.errors[key] = error_label(_("Error: {field}").format(field=name))
            self.fields[key] = field
            box.addWidget(self.errors[key])
            form.addRow(caption, box)

        self.category = QComboBox()
        for code in CATEGORIES:
            self.category.addItem(_(CATEGORY_LABELS[code]), code)
        self.category.currentIndexChanged.connect(lambda _i: self._category_changed())
        row(_("C&ategory"), self.category, "category", _("Category"))
        self.basis = QComboBox()
        for code, text in BASIS_LABELS.items():
            self.basis.addItem(_(text), code)
        row(_("&Basis (art. 1)"), self.basis, "basis", _("Basis of art. 1"))
        self.percent = QSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.percent.setMaximumWidth(120)
        row(_("Disability &percentage"), self.percent, "disability_percent",
            _("Disability percentage"))
        self.enrolled_on = DateField()
        row(_("&Enrolment date"), self.enrolled_on, "enrolled_on", _("Enrolment date"))
        self.report_number = QLineEdit()
        self.report_number.setMaxLength(40)
        row(_("Medical report (verbale) &number"), self.report_number, "report_number",
            _("Medical report number"))
        self.report_date = DateField()
        row(_("Medical report &date"), self.report_date, "report_date",
            _("Medical report date"))
        self.functional_report = QLineEdit()
        self.functional_report.setMaxLength(200)
        row(_("&Relazione conclusiva / diagnosi funzionale"), self.functional_report,
            "functional_report", _("Relazione conclusiva or diagnosi funzionale"))
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        self.limitations: dict[str, QCheckBox] = {}
        for item in limitations():
            box = QCheckBox(item.label())
            box.setAccessibleName(item.label())
            column.addWidget(box)
            self.limitations[item.code] = box
        row(_("Work &limitations"), boxes, "limitations", _("Work limitations"))
        self.limitations_note = QLineEdit()
        self.limitations_note.setMaxLength(500)
        self.limitations_note.setPlaceholderText(_("other limitations, in words"))
        row(_("Other limita&tions"), self.limitations_note, "limitations_note",
            _("Other limitations"))
        layout.addWidget(self.body)
        self.buttons = ok_cancel_buttons(_("&Save (Ctrl+S)"), self.save, self.reject)
        layout.addWidget(self.buttons)
        scoped_shortcut("Ctrl+S", self, self.save, description=_("Save the enrolment"))
        self.body.setEnabled(False)
        self._category_changed()
        ctx.ops.run(read_enrolment, ctx.database, ctx.operator, person_id,
                    on_success=self._loaded, on_error=self._refused)

    # -- loading -----------------------------------------------------------------------

    def _loaded(self, enrolment: Enrolment | None) -> None:
        self.loaded = True
        self.body.setEnabled(True)
        self.status.setText(_("Not enrolled yet: fill in the enrolment.") if enrolment is None
                            else _("Enrolled on {day}.").format(
                                day=f"{enrolment.enrolled_on:%d/%m/%Y}"))
        if enrolment is not None:
            self._show(enrolment)
        self.category.setFocus()

    def _refused(self, error: BaseException) -> None:
        self.body.setEnabled(False)
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)
        report_error(self, error, status=self.status.setText)

    def _show(self, e: Enrolment) -> None:
        self.category.setCurrentIndex(max(self.category.findData(e.category), 0))
        if e.basis:
            self.basis.setCurrentIndex(max(self.basis.findData(e.basis), 0))
        self.percent.setValue(e.disability_percent)
        self.enrolled_on.set_date(e.enrolled_on)
        self.report_number.setText(e.report_number)
        self.report_date.set_date(e.report_date)
        self.functional_report.setText(e.functional_report)
        for code, box in self.limitations.items():
            box.setChecked(code in e.limitations)
        self.limitations_note.setText(e.limitations_note)

    def _category_changed(self) -> None:
        art1 = self.category.currentData() == "disabile"
        self.basis.setEnabled(art1)
        self.percent.setEnabled(art1)
        if not art1:
            self.percent.setValue(0)

    # -- saving ------------------------------------------------------------------------

    def form(self) -> EnrolmentForm | None:
        """The typed enrolment, or None (with the sentence by the field) for a bad date."""
        enrolled = self.enrolled_on.date()
        if enrolled is None:
            self._errors({"enrolled_on": _("Write the enrolment date as dd/mm/yyyy.")})
            return None
        if self.report_date.text().strip() and self.report_date.date() is None:
            self._errors({"report_date": _("Write the report's date as dd/mm/yyyy.")})
            return None
        art1 = self.category.currentData() == "disabile"
        return EnrolmentForm(
            enrolled_on=enrolled, category=str(self.category.currentData()),
            disability_percent=self.percent.value(),
            basis=str(self.basis.currentData()) if art1 else "",
            report_number=self.report_number.text(), report_date=self.report_date.date(),
            functional_report=self.functional_report.text(),
            limitations=tuple(c for c, box in self.limitations.items() if box.isChecked()),
            limitations_note=self.limitations_note.text())

    def save(self) -> None:
        if not self.loaded:
            return
        form = self.form()
        if form is None:
            return
        self._errors({})
        self.ctx.ops.run(save_enrolment, self.ctx.database, self.ctx.operator,
                         self.person_id, form, on_success=self._saved,
                         on_error=self._save_failed)

    def _saved(self, enrolment: Enrolment) -> None:
        self.saved = enrolment
        self.status.setText(_("Enrolment saved."))

    def _save_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError) and error.fields:
            self._errors(error.fields)
        report_error(self, error, status=self.status.setText)

    def _errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, label in self.errors.items():
            message = fields.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = self.fields[key]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


def install_l68_entry(ctx: ViewContext, page: QWidget, row: QBoxLayout | None = None
                      ) -> QPushButton | None:
    """The "Collocamento mirato…" button and Ctrl+Shift+M on ``page``, for the current
    person; nothing at all for a role that may not read L. 68 data. Returns the button
    (added to the ``row`` layout when given)."""
    if not allowed(ctx.operator, Permission.TARGETED_PLACEMENT_READ):
        return None
    button = QPushButton(_("Collocamento mirato… (Ctrl+Shift+M)"))
    button.setAutoDefault(False)
    button.setEnabled(ctx.current.person is not None)
    ctx.current.changed.connect(lambda person: button.setEnabled(person is not None))

    def open_dialog() -> None:
        person = ctx.current.person
        if person is None:
            return
        dialog = L68Dialog(ctx, person.id, person.full_name, page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.setProperty("l68_dialog_open", True)
        page.l68_dialog = dialog  # type: ignore[attr-defined]  # for tests and screenshots
        dialog.open()

    button.clicked.connect(open_dialog)
    scoped_shortcut(SHORTCUT, page, open_dialog,
                    description=_("Collocamento mirato (L. 68/1999) enrolment"))
    if row is not None:
        row.addWidget(button)
    return button
