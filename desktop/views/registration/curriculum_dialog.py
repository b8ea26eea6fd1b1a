"""The curriculum section of a person's record, in its own dialog.

Rows are typed straight into small tables (Tab moves between cells, Insert adds a
row, Delete removes the selected one); the service checks every row and a refused
save shows which rows to fix and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.people.curriculum import (
    LICENCES,
    MAX_RADIUS_KM,
    CurriculumForm,
    ExperienceEntry,
    LanguageEntry,
    load_curriculum,
    save_curriculum,
)
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.occupation_picker import OccupationDelegate, code_of, label_of, not_found
from desktop.views.registration.did_form import EDUCATION
from desktop.views.widgets import (
    error_label,
    guard_wheel,
    ok_cancel_buttons,
    parse_date,
    scoped_shortcut,
)


def _date_text(day: dt.date | None) -> str:
    return formatting.date(day)


class RowTable(QTableWidget):
    """An editable table of text rows with Insert/Delete on the keyboard."""

    def __init__(self, headers: list[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(name)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        scoped_shortcut(Qt.Key.Key_Insert, self, self.add_row, description=_("Add a row"))
        scoped_shortcut(Qt.Key.Key_Delete, self, self.remove_row, Qt.ShortcutContext.WidgetShortcut, description=_("Remove the row"))

    def add_row(self, values: tuple[str, ...] = ()) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column in range(self.columnCount()):
            text = values[column] if column < len(values) else ""
            self.setItem(row, column, QTableWidgetItem(text))
        if not values:
            self.setCurrentCell(row, 0)
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_row(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def rows(self) -> list[tuple[str, ...]]:
        """Non-empty rows, each cell's text stripped."""
        result = []
        for row in range(self.rowCount()):
            cells = tuple(self._text(row, c) for c in range(self.columnCount()))
            if any(cells):
                result.append(cells)
        return result


def _table_box(title: str, table: RowTable) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    buttons = QHBoxLayout()
    add = QPushButton(_("Add row (Ins)"))
    add.setAutoDefault(False)
    add.clicked.connect(lambda _checked=False: table.add_row())
    remove = QPushButton(_("Remove row (Del)"))
    remove.setAutoDefault(False)
    remove.clicked.connect(table.remove_row)
    buttons.addStretch(1)
    buttons.addWidget(add)
    buttons.addWidget(remove)
    layout.addLayout(buttons)
    return box


class CurriculumDialog(QDialog):
    """Opens on a person, loads the curriculum off the GUI thread, saves with Ctrl+S."""

    def __init__(self, ctx: ViewContext, person_id: uuid.UUID, person_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.saved: CurriculumForm | None = None
        self.setWindowTitle(_("Curriculum — {name}").format(name=person_name))
        layout = QVBoxLayout(self)

        general = QFormLayout()
        self.education = QComboBox()
        self.education.addItem("", "")
        for key, text in EDUCATION:
            self.education.addItem(_(text), key)
        self.education.setAccessibleName(_("Education"))
        label = QLabel(_("&Education"))
        label.setBuddy(self.education)
        general.addRow(label, self.education)
        licences = QWidget()
        grid = QGridLayout(licences)
        grid.setContentsMargins(0, 0, 0, 0)
        self.licences: dict[str, QCheckBox] = {}
        for i, code in enumerate(LICENCES):
            box = QCheckBox(code)
            box.setAccessibleName(_("Licence {code}").format(code=code))
            grid.addWidget(box, i // 8, i % 8)
            self.licences[code] = box
        general.addRow(QLabel(_("Licences")), licences)
        self.radius = QSpinBox()
        self.radius.setRange(0, MAX_RADIUS_KM)
        self.radius.setSuffix(" km")
        self.radius.setMaximumWidth(120)
        self.radius.setAccessibleName(_("Mobility radius"))
        label = QLabel(_("Mobility &radius"))
        label.setBuddy(self.radius)
        general.addRow(label, self.radius)
        self.part_time = QCheckBox(_("Prefers part-time"))
        self.own_vehicle = QCheckBox(_("Own vehicle"))
        flags = QHBoxLayout()
        flags.addWidget(self.part_time)
        flags.addWidget(self.own_vehicle)
        flags.addStretch(1)
        general.addRow(QLabel(""), flags)
        self.skills = QLineEdit()
        self.skills.setAccessibleName(_("Skills"))
        self.skills.setPlaceholderText(_("separated by commas, e.g. forklift, haccp"))
        label = QLabel(_("S&kills"))
        label.setBuddy(self.skills)
        general.addRow(label, self.skills)
        layout.addLayout(general)

        self.languages = RowTable([_("Language"), _("Level (A1…C2)")], _("Languages"))
        self.experiences = RowTable(
            [_("Employer"), _("Occupation (CP2021)"), _("ATECO"), _("From"), _("To"),
             _("Contract")], _("Work experience"))
        self.desired = RowTable([_("Occupation (CP2021), most wanted first")],
                                _("Desired occupations"))
        for small in (self.languages, self.desired):
            small.setMaximumHeight(130)
        # The occupation is chosen by words with the picker (the cell keeps "code — title").
        self.experiences.setItemDelegateForColumn(1, OccupationDelegate(ctx.ops, self))
        self.desired.setItemDelegateForColumn(0, OccupationDelegate(ctx.ops, self))
        header = self.experiences.horizontalHeader()
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tables = QHBoxLayout()
        tables.addWidget(_table_box(_("Languages"), self.languages), 2)
        tables.addWidget(_table_box(_("Desired occupations"), self.desired), 3)
        layout.addLayout(tables)
        layout.addWidget(_table_box(_("Work experience"), self.experiences), 1)

        self.error = error_label(_("Curriculum errors"))
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(_("&Save (Ctrl+S)"), self.save, self.reject)
        layout.addWidget(self.buttons)
        scoped_shortcut("Ctrl+S", self, self.save, Qt.ShortcutContext.WindowShortcut, description=_("Save"))
        guard_wheel(self)
        self.resize(960, 700)
        self.setEnabled(False)
        ctx.ops.run(load_curriculum, ctx.database, ctx.operator, person_id,
                    on_success=self.show_form, on_error=self._failed)

    # --- form <-> widgets ---------------------------------------------------------

    def show_form(self, form: CurriculumForm) -> None:
        self.setEnabled(True)
        self.education.setCurrentIndex(max(0, self.education.findData(form.education)))
        for code, box in self.licences.items():
            box.setChecked(code in form.licences)
        self.radius.setValue(form.mobility_radius_km)
        self.part_time.setChecked(form.part_time)
        self.own_vehicle.setChecked(form.own_vehicle)
        self.skills.setText(", ".join(form.skills))
        for table in (self.languages, self.experiences, self.desired):
            table.setRowCount(0)
        for lang in form.languages:
            self.languages.add_row((lang.language, lang.level))
        for exp in form.experiences:
            self.experiences.add_row((exp.employer, label_of(exp.occupation_code), exp.ateco,
                                      _date_text(exp.start), _date_text(exp.end),
                                      exp.contract))
        for code in form.desired:
            self.desired.add_row((label_of(code),))
        self.education.setFocus(Qt.FocusReason.OtherFocusReason)

    def form(self) -> CurriculumForm | None:
        """The typed curriculum, or None (with a message) when a date cannot be read."""
        experiences = []
        for i, (employer, typed, ateco, start, end, contract) in enumerate(
                self.experiences.rows(), start=1):
            code = code_of(typed) if typed else ""
            if code is None:
                self._show_errors([_("Work experience, row {row}: {problem}").format(
                    row=i, problem=not_found(typed))])
                return None
            start_date, end_date = parse_date(start), parse_date(end)
            if (start and start_date is None) or (end and end_date is None):
                self._show_errors([_("Work experience, row {row}: write dates as "
                                     "dd/mm/yyyy.").format(row=i)])
                return None
            experiences.append(ExperienceEntry(employer, code, "CP", ateco, start_date,
                                               end_date, contract))
        unknown = [(i, row[0]) for i, row in enumerate(self.desired.rows(), start=1)
                   if code_of(row[0]) is None]
        if unknown:
            self._show_errors([_("Desired occupations, row {row}: {problem}").format(
                row=i, problem=not_found(text)) for i, text in unknown])
            return None
        return CurriculumForm(
            education=str(self.education.currentData() or ""),
            licences=tuple(code for code, box in self.licences.items() if box.isChecked()),
            mobility_radius_km=self.radius.value(), part_time=self.part_time.isChecked(),
            own_vehicle=self.own_vehicle.isChecked(),
            languages=tuple(LanguageEntry(*row) for row in self.languages.rows()),
            experiences=tuple(experiences),
            desired=tuple(code_of(row[0]) or "" for row in self.desired.rows()),
            skills=tuple(x for x in self.skills.text().split(",") if x.strip()))

    # --- saving ---------------------------------------------------------------------

    def save(self) -> None:
        form = self.form()
        if form is None:
            return
        if not self.buttons.isEnabled():
            return  # a save is already running
        self.error.hide()
        self.buttons.setEnabled(False)
        self.ctx.ops.run(save_curriculum, self.ctx.database, self.ctx.operator,
                         self.person_id, form, on_success=self._saved, on_error=self._failed)

    def _saved(self, form: CurriculumForm) -> None:
        self.saved = form
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.buttons.setEnabled(True)
        fields = list(error.fields.values()) if isinstance(error, ValidationError) else []
        report_error(self, error, status=lambda sentence: self._show_errors([sentence, *fields]))

    def _show_errors(self, lines: list[str]) -> None:
        self.error.setText("\n".join(lines))
        self.error.show()
