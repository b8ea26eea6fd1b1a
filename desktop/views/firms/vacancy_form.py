"""The vacancy form: a firm's vacancy typed at the counter, keyboard first.

``open_vacancy_form(parent, ctx, employer_id, vacancy_id=None)`` opens it (the firm's
page and the Incrocio page call it). Every field has a label with a mnemonic; the
occupation is chosen by words with the picker; Ctrl+S saves. The service checks
everything: a refused save puts each sentence next to its field and saves nothing.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.firms import vacancies
from desktop.services.firms.vacancies import CONTRACT_TYPES, VacancyForm, VacancyInfo
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.firms.vacancy_fields import contract_label, languages_text, parse_languages
from desktop.views.occupation_picker import OccupationPicker
from desktop.views.registration.did_form import EDUCATION
from desktop.views.registration.place_field import PlaceField
from desktop.views.widgets import (
    DateField,
    error_label,
    guard_wheel,
    ok_cancel_buttons,
    scoped_shortcut,
)


def open_vacancy_form(parent: QWidget, ctx: ViewContext, employer_id: uuid.UUID,
                      vacancy_id: uuid.UUID | None = None) -> None:
    """Open the form for a new vacancy of ``employer_id`` (or to edit ``vacancy_id``)."""
    dialog = VacancyDialog(ctx, employer_id, vacancy_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


class VacancyDialog(QDialog):
    """One vacancy's form. ``saved`` is emitted with the ``VacancyInfo`` recorded."""

    saved = Signal(object)

    def __init__(self, ctx: ViewContext, employer_id: uuid.UUID,
                 vacancy_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.employer_id = employer_id
        self.vacancy_id = vacancy_id
        self.result_info: VacancyInfo | None = None
        self.setWindowTitle(_("New vacancy") if vacancy_id is None else _("Edit vacancy"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.form_layout = QFormLayout()
        self.form_layout.setVerticalSpacing(6)
        layout.addLayout(self.form_layout)
        self.errors: dict[str, QLabel] = {}

        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self._row("title", _("&Title"), self.title, _("Title of the vacancy"))
        self.occupation = OccupationPicker(ctx.ops, name=_("Occupation (CP2021)"))
        self._row("occupation_code", _("&Occupation"), self.occupation,
                  _("Occupation (CP2021)"), buddy=self.occupation.edit)
        self.positions = QSpinBox()
        self.positions.setRange(0, vacancies.MAX_POSITIONS)
        self.positions.setValue(1)
        self.positions.setMaximumWidth(120)
        self._row("positions", _("&Positions"), self.positions, _("Number of positions"))
        self.skills = QLineEdit()
        self.skills.setPlaceholderText(_("separated by commas, e.g. forklift, haccp"))
        self._row("skills", _("&Required skills"), self.skills, _("Required skills"))
        self.optional_skills = QLineEdit()
        self.optional_skills.setPlaceholderText(_("separated by commas"))
        self._row("optional_skills", _("Opt&ional skills"), self.optional_skills,
                  _("Optional skills"))
        self.education = QComboBox()
        self.education.addItem(_("Any"), "")
        for key, text in EDUCATION:
            self.education.addItem(_(text), key)
        self._row("education", _("&Education"), self.education, _("Minimum education"))
        self.licences = QLineEdit()
        self.licences.setPlaceholderText(_("e.g. B, C"))
        self._row("licences", _("&Licences"), self.licences, _("Driving licences required"))
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(_("e.g. inglese B1, tedesco A2"))
        self._row("languages", _("Lan&guages"), self.languages, _("Languages with level"))
        self.contract = QComboBox()
        self.contract.addItem("", "")
        for code in CONTRACT_TYPES:
            self.contract.addItem(contract_label(code), code)
        self._row("contract_type", _("Contr&act"), self.contract, _("Contract type"))
        self.hours = QSpinBox()
        self.hours.setRange(1, 60)
        self.hours.setValue(40)
        self.hours.setSuffix(_(" h/week"))
        self.hours.setMaximumWidth(140)
        self._row("hours_per_week", _("&Hours"), self.hours, _("Hours per week"))
        self.workplace = PlaceField()
        self.workplace.setPlaceholderText(_("comune name or code"))
        self._row("workplace_code", _("Co&mune"), self.workplace, _("Comune of the workplace"),
                  extra=self.workplace.resolved)
        self.workplace.resolved.hide()
        self.workplace.textChanged.connect(
            lambda _text: self.workplace.resolved.setVisible(bool(self.workplace.resolved.text())))
        self.expiry = DateField()
        self._row("closes_on", _("E&xpiry"), self.expiry, _("Expiry date (dd/mm/yyyy)"))
        self.l68_only = QCheckBox(_("Reserved to collocamento mirato (L. 68/1999)"))
        self.form_layout.addRow(QLabel(""), self.l68_only)
        self._demands_row()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(70)
        self._row("description", _("&Description"), self.description, _("Description"))

        self.error = error_label(_("Vacancy errors"))
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(_("&Save (Ctrl+S)"), self.save, self.reject)
        layout.addWidget(self.buttons)
        scoped_shortcut("Ctrl+S", self, self.save, Qt.ShortcutContext.WindowShortcut,
                        description=_("Save the vacancy"))
        guard_wheel(self)
        self.resize(660, self.sizeHint().height())
        if vacancy_id is not None:
            self.setEnabled(False)
            ctx.ops.run(vacancies.vacancy_form, ctx.database, ctx.operator, vacancy_id,
                        on_success=self.show_form, on_error=self._failed)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row(self, field: str, text: str, widget: QWidget, name: str,
             buddy: QWidget | None = None, extra: QWidget | None = None) -> None:
        """A labelled field with its error sentence (and ``extra``) right under it."""
        label = QLabel(text)
        label.setBuddy(buddy or widget)
        (buddy or widget).setAccessibleName(name)
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        error = error_label(_("Error: {field}").format(field=name))
        column.addWidget(error)
        self.errors[field] = error
        self.form_layout.addRow(label, cell)

    def _demands_row(self) -> None:
        """What the job asks of the body: four check boxes, Alt+letter each. The
        matching leaves out the L. 68/1999 enrolments whose limitations rule them out."""
        texts = {
            "night_shifts": (_("&Night work"), _("Night work (night shifts)")),
            "heavy_lifting": (_("Heavy li&fting"), _("Heavy lifting")),
            "long_standing": (_("Standing &up for long"), _("Standing for long periods")),
            "driving": (_("Dri&ving vehicles"), _("Driving vehicles")),
        }
        self.demands: dict[str, QCheckBox] = {}
        cell = QWidget()
        cell.setAccessibleName(_("Physical demands of the job"))
        grid = QGridLayout(cell)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (field, (text, name)) in enumerate(texts.items()):
            box = QCheckBox(text)
            box.setAccessibleName(name)
            box.setAccessibleDescription(_("Physical demands of the job"))
            self.demands[field] = box
            grid.addWidget(box, i // 2, i % 2)
        label = QLabel(_("Physical demands:"))
        label.setBuddy(self.demands["night_shifts"])
        self.form_layout.addRow(label, cell)

    # --- form <-> widgets -----------------------------------------------------------

    def show_form(self, form: VacancyForm) -> None:
        self.setEnabled(True)
        self.title.setText(form.title)
        self.occupation.set_code(form.occupation_code)
        self.positions.setValue(form.positions)
        self.skills.setText(", ".join(form.skills))
        self.optional_skills.setText(", ".join(form.optional_skills))
        self.education.setCurrentIndex(max(0, self.education.findData(form.education)))
        self.licences.setText(", ".join(form.licences))
        self.languages.setText(languages_text(form.languages))
        self.contract.setCurrentIndex(max(0, self.contract.findData(form.contract_type)))
        self.hours.setValue(form.hours_per_week)
        self.workplace.setText(form.workplace_code)
        self.workplace.resolve(None)
        self.expiry.set_date(form.closes_on)
        self.l68_only.setChecked(form.l68_only)
        for field, box in self.demands.items():
            box.setChecked(bool(getattr(form, field)))
        self.description.setPlainText(form.description)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def form(self) -> VacancyForm | dict[str, str]:
        """The typed vacancy, or the problems found before asking the service."""
        problems: dict[str, str] = {}
        occupation = self.occupation.problem()
        if occupation:
            problems["occupation_code"] = occupation
        languages = parse_languages(self.languages.text())
        if languages is None:
            problems["languages"] = _("Write each language with its level, e.g. "
                                      "inglese B1.")
        expiry = self.expiry.date()
        if self.expiry.text().strip() and expiry is None:
            problems["closes_on"] = _("Write the date as dd/mm/yyyy.")
        self.workplace.resolve(None)
        if self.workplace.text().strip() and not self.workplace.code:
            problems["workplace_code"] = _("Unknown comune code.")
        if problems:
            return problems
        return self._typed()

    def _typed(self) -> VacancyForm:
        """The fields as typed (what cannot be read left empty)."""
        licences = tuple(x.strip().upper() for x in self.licences.text().replace(";", ",")
                         .split(",") if x.strip())
        return VacancyForm(
            employer_id=self.employer_id, title=self.title.text(),
            description=self.description.toPlainText(),
            occupation_code=self.occupation.code() or self.occupation.text().strip(),
            skills=_list(self.skills.text()), optional_skills=_list(self.optional_skills.text()),
            education=str(self.education.currentData() or ""),
            languages=parse_languages(self.languages.text()) or (),
            licences=licences, contract_type=str(self.contract.currentData() or ""),
            hours_per_week=self.hours.value(), workplace_code=self.workplace.code,
            positions=self.positions.value(), l68_only=self.l68_only.isChecked(),
            night_shifts=self.demands["night_shifts"].isChecked(),
            heavy_lifting=self.demands["heavy_lifting"].isChecked(),
            long_standing=self.demands["long_standing"].isChecked(),
            driving=self.demands["driving"].isChecked(),
            closes_on=self.expiry.date(), site_code=self.ctx.site.site_code)

    # --- saving ---------------------------------------------------------------------

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return  # a save is already running
        form = self.form()
        if isinstance(form, dict):
            # Show the service's sentences for the other fields too, all at once.
            problems = form
            self.ctx.ops.run(vacancies.validate_vacancy, self._typed(),
                             on_success=lambda found: self.show_errors({**found, **problems}),
                             on_error=self._failed)
            return
        self.show_errors({})
        self.buttons.setEnabled(False)
        if self.vacancy_id is None:
            self.ctx.ops.run(vacancies.create_vacancy, self.ctx.database, self.ctx.operator,
                             form, on_success=self._saved, on_error=self._failed)
        else:
            self.ctx.ops.run(vacancies.update_vacancy, self.ctx.database, self.ctx.operator,
                             self.vacancy_id, form, on_success=self._saved,
                             on_error=self._failed)

    def _saved(self, info: VacancyInfo) -> None:
        self.result_info = info
        self.buttons.setEnabled(True)
        self.saved.emit(info)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError) and error.fields:
            self.show_errors(error.fields)
            return
        report_error(self, error, status=self.error)

    def show_errors(self, fields: dict[str, str]) -> None:
        """Each sentence next to its field; the first field with one gets the focus."""
        first: QWidget | None = None
        for name, label in self.errors.items():
            sentence = fields.get(name, "")
            label.setText(sentence)
            label.setVisible(bool(sentence))
            if sentence and first is None:
                first = self._widget_of(name)
        unplaced = [s for k, s in fields.items() if k not in self.errors]
        self.error.setText("\n".join(unplaced))
        self.error.setVisible(bool(unplaced))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widget_of(self, name: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "title": self.title, "occupation_code": self.occupation.edit,
            "positions": self.positions, "skills": self.skills,
            "optional_skills": self.optional_skills, "education": self.education,
            "licences": self.licences, "languages": self.languages,
            "contract_type": self.contract, "hours_per_week": self.hours,
            "workplace_code": self.workplace, "closes_on": self.expiry,
            "description": self.description, **self.demands}
        return widgets.get(name, self.title)


def _list(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(",") if x.strip())

