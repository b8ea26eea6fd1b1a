"""The Patto di servizio form: pick a person, enter DID, profiling, measures and
appointments, save a new version through desktop.services.agreements.

A thin skin: :meth:`AgreementForm.draft` reads the widgets into an AgreementDraft;
the service checks and saves it on the database worker.

Callbacks:
    ``saved_callbacks``: called with no argument after a version is saved (it is
    ``versions[0]``). A Qt signal emitted from the operation's result callback made
    PySide6 6 abort at interpreter exit (bool refcount error), so this is plain Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.agreement import GOL_PATHS, MEASURE_TYPES, PROFILING_CLASSES, Appointment
from desktop.documents.agreement import Measure as MeasureData
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.agreements import (
    AgreementDraft,
    AgreementVersionInfo,
    PersonChoice,
    check_draft,
    save_version,
    search_people,
    versions_for_person,
)
from desktop.views.context import ViewContext

DATE_FORMAT = "%d/%m/%Y"


def _parse_date(value: str, what: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(_("{what}: write the date as dd/mm/yyyy (found \"{value}\").")
                              .format(what=what, value=value)) from None


class AgreementForm(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_callbacks: list[Callable[[], None]] = []
        self.people: list[PersonChoice] = []
        self.versions: list[AgreementVersionInfo] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        search_row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Surname, name or fiscal code"))
        self.search_edit.returnPressed.connect(lambda: self.search())
        self.person_combo = QComboBox()
        self.person_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_combo.setMinimumContentsLength(24)
        self.person_combo.activated.connect(lambda _index: self.load_person())
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.person_combo, 2)
        search_label = QLabel(_("&Person"))
        search_label.setBuddy(self.search_edit)
        form.addRow(search_label, search_row)

        self.did_edit = QDateEdit()
        self.did_edit.setCalendarPopup(True)
        self.did_edit.setDisplayFormat("dd/MM/yyyy")
        self.did_edit.setSpecialValueText(_("not given"))
        self.did_edit.setMinimumDate(QDate(2000, 1, 1))
        self.did_edit.setDate(self.did_edit.minimumDate())
        self.naspi_check = QCheckBox(_("NASpI / DIS-COLL (15 days)"))
        did_row = QHBoxLayout()
        did_row.addWidget(self.did_edit)
        did_row.addWidget(self.naspi_check, 1)
        did_label = QLabel(_("&DID date"))
        did_label.setBuddy(self.did_edit)
        form.addRow(did_label, did_row)

        self.profiling_combo = QComboBox()
        self.profiling_combo.addItems(["", *PROFILING_CLASSES])
        self.gol_combo = QComboBox()
        self.gol_combo.addItems(["", *GOL_PATHS])
        profiling_label = QLabel(_("Profiling c&lass"))
        profiling_label.setBuddy(self.profiling_combo)
        gol_label = QLabel(_("&GOL path"))
        gol_label.setBuddy(self.gol_combo)
        form.addRow(profiling_label, self.profiling_combo)
        form.addRow(gol_label, self.gol_combo)
        layout.addLayout(form)

        self.measures = _EditableTable(
            [_("Type"), _("Description"), _("Provider"), _("From"), _("To")],
            stretch=1, choices={0: list(MEASURE_TYPES)})
        layout.addWidget(_titled(_("&Measures agreed"), self.measures))
        self.appointments = _EditableTable(
            [_("Date and time"), _("Place"), _("Purpose")], stretch=2)
        layout.addWidget(_titled(_("&Next appointments"), self.appointments))

        bottom = QFormLayout()
        self.place_edit = QLineEdit(ctx.site.town)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("Only for a correction: what changes and why"))
        place_label = QLabel(_("P&lace"))
        place_label.setBuddy(self.place_edit)
        reason_label = QLabel(_("Co&rrection"))
        reason_label.setBuddy(self.reason_edit)
        bottom.addRow(place_label, self.place_edit)
        bottom.addRow(reason_label, self.reason_edit)
        layout.addLayout(bottom)

        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save &new version"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("Muted")
        row.addWidget(self.save_button)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)

    # -- people ------------------------------------------------------------------------------

    def search(self, select_first: bool = True) -> None:
        """List the people matching the search box; the operator's own search (Enter)
        also opens the first match, the list filled on opening the area does not."""
        self.ctx.ops.run(search_people, self.ctx.database, self.ctx.operator,
                         self.search_edit.text(),
                         on_success=lambda people: self._show_people(people, select_first))

    def _show_people(self, people: list[PersonChoice], select_first: bool = True) -> None:
        self.people = people
        self.person_combo.clear()
        self.person_combo.addItems([p.label for p in people])
        self.person_combo.setCurrentIndex(-1)
        self.person_combo.setPlaceholderText(_("Choose a person"))
        if people and select_first:
            self.person_combo.setCurrentIndex(0)
            QTimer.singleShot(0, self.load_person)

    def current_person(self) -> PersonChoice | None:
        index = self.person_combo.currentIndex()
        return self.people[index] if 0 <= index < len(self.people) else None

    def load_person(self) -> None:
        """Show the latest agreement of the chosen person, ready for a correction."""
        person = self.current_person()
        if person is None:
            return
        self.ctx.ops.run(versions_for_person, self.ctx.database, self.ctx.operator, person.id,
                         on_success=self._show_versions)

    def _show_versions(self, versions: list[AgreementVersionInfo]) -> None:
        self.versions = versions
        if not versions:
            self.status_label.setText(_("No agreement yet for this person."))
            self._fill(None)
            return
        latest = versions[0]
        self.status_label.setText(_("Agreement {number}, version {version} of {date}: a save "
                                    "creates version {next}.").format(
            number=latest.number, version=latest.version,
            date=latest.data.signed_on.strftime(DATE_FORMAT), next=latest.version + 1))
        self._fill(latest)

    def _fill(self, version: AgreementVersionInfo | None) -> None:
        data = version.data if version else None
        if data and data.did_date:
            self.did_edit.setDate(QDate(data.did_date.year, data.did_date.month,
                                        data.did_date.day))
        else:
            self.did_edit.setDate(self.did_edit.minimumDate())
        self.naspi_check.setChecked(bool(data and data.naspi))
        self.profiling_combo.setCurrentText(data.profiling_class if data else "")
        self.gol_combo.setCurrentText(data.gol_path if data else "")
        self.measures.set_rows([
            [m.kind, m.description, m.provider, _fmt(m.start), _fmt(m.end)]
            for m in (data.measures if data else ())])
        self.appointments.set_rows([
            [a.when.strftime("%d/%m/%Y %H:%M"), a.place, a.purpose]
            for a in (data.appointments if data else ())])
        self.reason_edit.clear()

    # -- save --------------------------------------------------------------------------------

    def draft(self) -> AgreementDraft:
        """The form as an AgreementDraft; raises ValidationError on unreadable dates."""
        person = self.current_person()
        if person is None:
            raise ValidationError(_("Choose the person first: type part of the name and "
                                    "press Enter."))
        did: dt.date | None = None
        if self.did_edit.date() != self.did_edit.minimumDate():
            q = self.did_edit.date()
            did = dt.date(q.year(), q.month(), q.day())
        measures = tuple(
            MeasureData(kind, description, provider, _parse_date(start, _("Measure {n}, from")
                                                                 .format(n=n)),
                        _parse_date(end, _("Measure {n}, to").format(n=n)))
            for n, (kind, description, provider, start, end) in
            enumerate(self.measures.rows(), 1))
        appointments = []
        for n, (when, place, purpose) in enumerate(self.appointments.rows(), 1):
            try:
                moment = dt.datetime.strptime(when.strip(), "%d/%m/%Y %H:%M")
            except ValueError:
                raise ValidationError(_("Appointment {n}: write date and time as dd/mm/yyyy "
                                        "hh:mm.").format(n=n)) from None
            appointments.append(Appointment(moment, place.strip(), purpose.strip()))
        return AgreementDraft(
            person_id=person.id, did_date=did, naspi=self.naspi_check.isChecked(),
            profiling_class=self.profiling_combo.currentText(),
            gol_path=self.gol_combo.currentText(), measures=measures,
            appointments=tuple(appointments), place=self.place_edit.text().strip(),
            reason=self.reason_edit.text())

    def save(self) -> None:
        try:
            draft = self.draft()
        except ValidationError as exc:
            self.status_label.setText(exc.user_message)
            return
        problems = check_draft(draft)  # validate before any thread
        if problems:
            self.status_label.setText(_("The service agreement cannot be saved: missing "
                                        "{items}.").format(items="; ".join(problems)))
            return
        self.save_button.setEnabled(False)
        self.ctx.ops.run(save_version, self.ctx.database, self.ctx.operator, self.ctx.site,
                         draft, on_success=self._saved, on_error=self._failed)

    def _saved(self, version: AgreementVersionInfo) -> None:
        self.save_button.setEnabled(True)
        self.versions.insert(0, version)
        self.reason_edit.clear()
        self.status_label.setText(_("Saved version {version} of agreement {number}.").format(
            version=version.version, number=version.number))
        for callback in self.saved_callbacks:
            callback()

    def _failed(self, exc: BaseException) -> None:
        from desktop.views.errors import show_error

        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.status_label.setText(exc.user_message)
            return
        show_error(self, exc)


def _fmt(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


def _titled(title: str, table: _EditableTable) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    head = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("CardTitle")
    label.setBuddy(table.table)
    head.addWidget(label, 1)
    head.addWidget(table.add_button)
    head.addWidget(table.remove_button)
    layout.addLayout(head)
    layout.addWidget(table.table)
    return box


class _EditableTable:
    """A small editable grid with add/remove buttons; rows are lists of strings."""

    def __init__(self, headers: list[str], stretch: int,
                 choices: dict[int, list[str]] | None = None) -> None:
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.choices = choices or {}
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(lambda: self.add_row([""] * len(headers)))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_current)

    def add_row(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            if column in self.choices:
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(self.choices[column])
                combo.setCurrentText(value)
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[list[str]]:
        result = []
        for row in range(self.table.rowCount()):
            values: list[Any] = []
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    values.append(widget.currentText())
                else:
                    item = self.table.item(row, column)
                    values.append(item.text() if item else "")
            if any(v.strip() for v in values):
                result.append([str(v) for v in values])
        return result

