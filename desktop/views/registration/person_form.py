"""The registration form: every field with a label, a buddy and its own message.

The codice fiscale field acts on Enter (what a health-card scanner sends): the code
is normalised, decoded, and sex, birth date and birthplace are filled in; what the
code says is shown beside what was typed. Validation is the service's pure
``validate_person``, run as the operator types; saving goes through ``ctx.ops``.

Signals:
    changed(): a field changed (the page debounces the duplicate check on it).
    save_requested(): Ctrl+S or the Save button.
    cleared(): the form was emptied for a new person.
    new_requested(): the New button (the page asks before dropping unsaved work).
    code_entered(str): Enter in the codice fiscale field, with the code as typed
        (normalised); the page opens the holder of that code if there is one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import _
from desktop.services.people.fiscal_code import FiscalCodeCheck, check, normalise_input
from desktop.services.people.person_form import (
    FormCheck,
    PersonForm,
    is_minor,
    needs_permit,
    validate_person,
)
from desktop.views.registration.decoded_code import decoded_text
from desktop.views.registration.place_field import PlaceField
from desktop.views.widgets import DateField, guard_wheel, hinted_line, parse_date, scoped_shortcut


class PersonFormWidget(QWidget):
    changed = Signal()
    save_requested = Signal()
    cleared = Signal()
    new_requested = Signal()
    code_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cf_result: FiscalCodeCheck | None = None
        self.show_all_errors = False
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(form)

        self.fiscal_code = hinted_line(_("scan the health card or type, then Enter"))
        self.fiscal_code.setMaxLength(40)
        self.fiscal_code.returnPressed.connect(self.apply_fiscal_code)
        self.decoded = QLabel()
        self.decoded.setObjectName("Muted")
        self.decoded.setWordWrap(True)
        self.surname = QLineEdit()
        self.name = QLineEdit()
        for edit in (self.surname, self.name):
            edit.setMaxLength(200)
        self.sex = QComboBox()
        self.sex.addItem("", "")
        self.sex.addItem(_("M — male"), "M")
        self.sex.addItem(_("F — female"), "F")
        self.birth_date = DateField()
        self.birthplace = PlaceField()
        self.birthplace.setPlaceholderText(_("comune or foreign state, or its code"))
        self.citizenship = QLineEdit("italiana")
        self.residence = PlaceField()
        self.residence.setPlaceholderText(_("comune of residence"))
        self.address = QLineEdit()
        self.number = QLineEdit()
        self.number.setMaxLength(20)
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(5)
        self.domicile_same = QCheckBox(_("Domicile same as residence"))
        self.domicile_same.setChecked(True)
        self.mobile = QLineEdit()
        self.mobile.setMaxLength(30)
        self.email = QLineEdit()
        self.email.setMaxLength(200)
        self.privacy = QCheckBox(_("Privacy notice acknowledged"))

        rows: list[tuple[str, str, QWidget, QWidget | None]] = [
            ("fiscal_code", _("&Codice fiscale"), self.fiscal_code, self.decoded),
            ("surname", _("Su&rname"), self.surname, None),
            ("name", _("&Name"), self.name, None),
            ("sex", _("Se&x"), self.sex, None),
            ("birth_date", _("&Birth date"), self.birth_date, None),
            ("birthplace", _("Birth&place"), self.birthplace, self.birthplace.resolved),
            ("citizenship", _("Ci&tizenship"), self.citizenship, None),
            ("residence_code", _("Res&idence (comune)"), self.residence,
             self.residence.resolved),
            ("residence_address", _("&Address"), self.address, None),
            ("residence_number", _("Street n&umber"), self.number, None),
            ("residence_postcode", _("CA&P"), self.postcode, None),
            ("domicile_same", _("Domicile"), self.domicile_same, None),
            ("mobile", _("&Mobile"), self.mobile, None),
            ("email", _("&E-mail"), self.email, None),
            ("privacy", _("Pri&vacy"), self.privacy, None),
        ]
        for key, text, widget, beside in rows:
            self._add_row(form, key, text, widget, beside)

        self.domicile_box = QGroupBox(_("Domicile (where the person lives, if not the residence)"))
        domicile_form = QFormLayout(self.domicile_box)
        self.domicile = PlaceField()
        self.domicile.setPlaceholderText(_("comune of domicile"))
        self.domicile_address = QLineEdit()
        self.domicile_number = QLineEdit()
        self.domicile_number.setMaxLength(20)
        self.domicile_postcode = QLineEdit()
        self.domicile_postcode.setMaxLength(5)
        for key, text, widget, beside in (
                ("domicile_code", _("Comune of domicile"), self.domicile,
                 self.domicile.resolved),
                ("domicile_address", _("Domicile address"), self.domicile_address, None),
                ("domicile_number", _("Domicile street number"), self.domicile_number, None),
                ("domicile_postcode", _("Domicile CAP"), self.domicile_postcode, None)):
            self._add_row(domicile_form, key, text, widget, beside)
        self.domicile_box.hide()
        self.domicile_same.toggled.connect(lambda same: self.domicile_box.setVisible(not same))
        outer.addWidget(self.domicile_box)

        self.permit_box = QGroupBox(_("Residence permit (non-EU citizens)"))
        permit_form = QFormLayout(self.permit_box)
        self.permit_type = QLineEdit()
        self.permit_number = QLineEdit()
        self.permit_expiry = DateField()
        self.permit_reason = QLineEdit()
        self.permit_questura = QLineEdit()
        for key, text, widget in (
                ("permit_type", _("Permit &type"), self.permit_type),
                ("permit_number", _("Permit num&ber"), self.permit_number),
                ("permit_expiry", _("E&xpiry"), self.permit_expiry),
                ("permit_reason", _("Reason"), self.permit_reason),
                ("permit_questura", _("Questura"), self.permit_questura)):
            self._add_row(permit_form, key, text, widget, None)
        self.permit_box.hide()
        outer.addWidget(self.permit_box)

        self.delegate_box = QGroupBox(_("Delegate (the person is a minor)"))
        delegate_form = QFormLayout(self.delegate_box)
        self.delegate_name = QLineEdit()
        self.delegate_fiscal_code = QLineEdit()
        self.delegate_relation = QLineEdit()
        for key, text, widget in (
                ("delegate_name", _("Delegate's name"), self.delegate_name),
                ("delegate_fiscal_code", _("Delegate's codice fiscale"),
                 self.delegate_fiscal_code),
                ("delegate_relation", _("Relationship"), self.delegate_relation)):
            self._add_row(delegate_form, key, text, widget, None)
        self.delegate_box.hide()
        outer.addWidget(self.delegate_box)

        buttons = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("ErrorLabel")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(_("Save record (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_requested)
        self.clear_button = QPushButton(_("New (Ctrl+N)"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.new_requested)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        scoped_shortcut("Ctrl+S", self, self.save_requested.emit, description=_("Save the person record"))

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(200)
        self._validate_timer.timeout.connect(self.validate)
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._on_change)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_change)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._on_change)
        self.birth_date.editingFinished.connect(self._resolve_birthplace)
        guard_wheel(self)

    def _add_row(self, form: QFormLayout, key: str, text: str, widget: QWidget,
                 beside: QWidget | None) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        widget.setObjectName(f"field-{key}")
        error = QLabel()
        error.setObjectName("FieldError")
        error.setWordWrap(True)
        error.hide()
        box = QVBoxLayout()
        box.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(widget, 3)
        if beside is not None:
            line.addWidget(beside, 2)
        box.addLayout(line)
        box.addWidget(error)
        form.addRow(label, box)
        self.inputs[key] = widget
        self.errors[key] = error

    # --- codice fiscale ------------------------------------------------------------

    def apply_fiscal_code(self) -> None:
        """Enter in the CF field: normalise, decode, pre-fill, show beside; next field."""
        result = check(self.fiscal_code.text())
        self.cf_result = result
        if result.valid and not result.temporary:
            self.fiscal_code.setText(result.normalized if not result.omocode
                                     else "".join(c for c in self.fiscal_code.text().upper()
                                                  if c.isalnum()))
            self.sex.setCurrentIndex(self.sex.findData(result.sex))
            self.birth_date.setText(formatting.date(result.birth_date))
            self.birthplace.setText(result.birthplace_code)
            self._resolve_birthplace()
        self._show_decoded()
        self.validate()
        self.surname.setFocus(Qt.FocusReason.TabFocusReason)
        if result.valid:
            self.code_entered.emit(normalise_input(self.fiscal_code.text()))

    def typed_beyond_code(self) -> bool:
        """Whether anything was typed besides what the codice fiscale fills in."""
        skip = {"fiscal_code", "sex", "birth_date", "birthplace", "citizenship",
                "domicile_same"}
        return any(self._touched(key) for key in self.inputs if key not in skip) or \
            self.privacy.isChecked() or self.citizenship.text() not in ("", "italiana")

    def _show_decoded(self) -> None:
        self.decoded.setText(decoded_text(self.cf_result))

    def _resolve_birthplace(self) -> None:
        self.birthplace.resolve(parse_date(self.birth_date.text()))

    # --- reading and checking ------------------------------------------------------

    def form(self) -> PersonForm:
        self.residence.resolve(dt.date.today())
        self.domicile.resolve(dt.date.today())
        birthplace_code = self.birthplace.code or self.birthplace.text().strip().upper()
        return PersonForm(
            fiscal_code=self.fiscal_code.text(), surname=self.surname.text(),
            name=self.name.text(), sex=str(self.sex.currentData() or ""),
            birth_date=parse_date(self.birth_date.text()),
            birthplace_code=birthplace_code if len(birthplace_code) == 4 else "",
            citizenship=self.citizenship.text(),
            residence_code=self.residence.code, residence_address=self.address.text(),
            residence_number=self.number.text(), residence_postcode=self.postcode.text(),
            domicile_same=self.domicile_same.isChecked(),
            domicile_code="" if self.domicile_same.isChecked() else self.domicile.code,
            domicile_address=self.domicile_address.text(),
            domicile_number=self.domicile_number.text(),
            domicile_postcode=self.domicile_postcode.text(),
            mobile=self.mobile.text(), email=self.email.text(),
            permit_type=self.permit_type.text(), permit_number=self.permit_number.text(),
            permit_expiry=parse_date(self.permit_expiry.text()),
            permit_reason=self.permit_reason.text(),
            permit_questura=self.permit_questura.text(),
            delegate_name=self.delegate_name.text(),
            delegate_fiscal_code=self.delegate_fiscal_code.text(),
            delegate_relation=self.delegate_relation.text(),
            privacy_acknowledged=self.privacy.isChecked(),
        )

    def stop_timers(self) -> None:
        self._validate_timer.stop()

    def _on_change(self) -> None:
        self._validate_timer.start()
        self.changed.emit()

    def _touched(self, key: str) -> bool:
        widget = self.inputs.get(key)
        if isinstance(widget, QLineEdit):
            return bool(widget.text())
        if isinstance(widget, QComboBox):
            return widget.currentIndex() > 0
        return False

    def validate(self) -> FormCheck:
        form = self.form()
        self.permit_box.setVisible(needs_permit(form.citizenship))
        self.delegate_box.setVisible(is_minor(form.birth_date, dt.date.today()))
        result = validate_person(form)
        for key, label in self.errors.items():
            message = result.errors.get(key)
            shown = message if message and (self.show_all_errors or self._touched(key)) \
                else None
            warning = result.warnings.get(key)
            if shown:
                label.setObjectName("FieldError")
                label.setText(shown)
            elif warning:
                label.setObjectName("FieldWarning")
                label.setText("⚠ " + warning)
            label.setVisible(bool(shown or warning))
            label.setStyleSheet("" if shown else "color: #B45309; font-size: 9pt;")
        return result

    def check_before_save(self) -> PersonForm | None:
        """All errors shown; the first field with one gets the focus. None if any."""
        self.show_all_errors = True
        result = self.validate()
        if result.ok:
            self.summary.setText("")
            return self.form()
        self.summary.setText(_("Fix the {count} highlighted field(s) before saving.").format(
            count=len(result.errors)))
        for key in self.inputs:
            if key in result.errors:
                self.inputs[key].setFocus(Qt.FocusReason.OtherFocusReason)
                break
        return None

    def clear(self) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(False)
        self.citizenship.setText("italiana")
        self.domicile_same.setChecked(True)
        self.cf_result = None
        self.show_all_errors = False
        self._show_decoded()
        self.summary.setText("")
        for label in self.errors.values():
            label.hide()
        self.fiscal_code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.cleared.emit()

    def set_form(self, form: PersonForm) -> None:
        """Show a stored record for correction (the page saves it as an update)."""
        day = form.birth_date
        self.fiscal_code.setText(form.fiscal_code)
        self.cf_result = check(form.fiscal_code)
        self.surname.setText(form.surname)
        self.name.setText(form.name)
        self.sex.setCurrentIndex(max(0, self.sex.findData(form.sex)))
        self.birth_date.setText(formatting.date(day))
        self.birthplace.setText(form.birthplace_code)
        self.birthplace.resolve(day)
        self.citizenship.setText(form.citizenship)
        self.residence.setText(form.residence_code)
        self.address.setText(form.residence_address)
        self.number.setText(form.residence_number)
        self.postcode.setText(form.residence_postcode)
        self.domicile_same.setChecked(form.domicile_same)
        self.domicile.setText("" if form.domicile_same else form.domicile_code)
        self.domicile_address.setText("" if form.domicile_same else form.domicile_address)
        self.domicile_number.setText("" if form.domicile_same else form.domicile_number)
        self.domicile_postcode.setText("" if form.domicile_same else form.domicile_postcode)
        self.mobile.setText(form.mobile)
        self.email.setText(form.email)
        self.privacy.setChecked(form.privacy_acknowledged)
        self.permit_type.setText(form.permit_type)
        self.permit_number.setText(form.permit_number)
        self.permit_expiry.setText(
            formatting.date(form.permit_expiry))
        self.permit_reason.setText(form.permit_reason)
        self.permit_questura.setText(form.permit_questura)
        self.delegate_name.setText(form.delegate_name)
        self.delegate_fiscal_code.setText(form.delegate_fiscal_code)
        self.delegate_relation.setText(form.delegate_relation)
        self._show_decoded()
        self.summary.setText("")
        self.show_all_errors = True
        self.validate()
