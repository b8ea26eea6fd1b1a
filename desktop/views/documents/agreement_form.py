"""The Patto di servizio form: the current person, their DID (read-only), the
responsible operator, the measures, the job-search terms (art. 20 c. 2) and the
appointments; saves a new version through desktop.services.documents.agreements.

The form follows ``ctx.current``: when the counter's current person changes it loads
that person, their active DID and versions; when cleared it empties. Its guard asks
(:attr:`AgreementForm.ask_discard`) before unsaved edits are dropped. The search box
stays as a fallback: it lists whole-word matches first and opens a person by itself
only when exactly one matches exactly; otherwise the operator chooses.

Callbacks:
    ``saved_callbacks``: called with no argument after a version is saved (it is
    ``versions[0]``). A Qt signal emitted from the operation's result callback made
    PySide6 6 abort at interpreter exit (bool refcount error), so this is plain Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.documents.agreement import MEASURE_TYPES
from desktop.errors import ValidationError
from desktop.i18n import _, ngettext
from desktop.services.documents.agreement_agenda import save_and_book
from desktop.services.documents.agreement_people import DidSummary, Signer, signers
from desktop.services.documents.agreements import (
    AgreementContext,
    AgreementDraft,
    AgreementVersionInfo,
    PersonChoice,
    load_context,
    search_people,
)
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef, ask_discard
from desktop.views.documents.agreement_input import build_draft, check_before_saving, version_rows
from desktop.views.documents.editable_table import EditableTable, titled
from desktop.views.documents.form_rows import add_row, read_only
from desktop.views.errors import report_error
from desktop.views.widgets import error_label, hinted_line, scoped_shortcut

#: Where each field's error sentence goes (keys of the service's ValidationError.fields).
FIELDS = ("person", "did", "responsible", "measures", "search_acts", "reporting",
          "search_proof", "appointments")


class AgreementForm(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Asked before unsaved edits are dropped; tests replace it.
        self.ask_discard: Callable[[QWidget, str], bool] = ask_discard
        self.saved_callbacks: list[Callable[[], None]] = []
        self.people: list[PersonChoice] = []
        self.versions: list[AgreementVersionInfo] = []
        self.did: DidSummary | None = None
        self.person: PersonChoice | None = None
        self.signers: list[Signer] = []
        self.dirty = False
        self._signers_asked = False
        self._pending_responsible = ""
        self.errors: dict[str, QLabel] = {k: error_label() for k in FIELDS}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        form = QFormLayout()
        search_row = QHBoxLayout()
        self.search_edit = hinted_line(_("Surname, name or fiscal code"))
        self.search_edit.setAccessibleName(_("Search a person"))
        self.search_edit.returnPressed.connect(self.search)
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName(_("People found"))
        self.person_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_combo.setMinimumContentsLength(24)
        self.person_combo.activated.connect(self._chosen)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.person_combo, 2)
        add_row(form, _("&Person"), search_row, self.search_edit, self.errors["person"])

        # The DID's data: shown, never typed here (Accoglienza owns the DID).
        self.did_edit = read_only(_("DID date"))
        self.naspi_edit = read_only(_("NASpI / DIS-COLL"))
        self.profiling_edit = read_only(_("Profiling class"))
        self.gol_edit = read_only(_("GOL path"))
        self.deadline_edit = read_only(_("Deadline for the agreement"))
        # One value a row: on a 1280-pixel counter screen the column is narrow, and
        # values side by side were cut off.
        did_row = QHBoxLayout()
        did_row.addWidget(self.did_edit, 1)
        did_row.addWidget(self.naspi_edit, 1)
        add_row(form, _("&DID date"), did_row, self.did_edit, self.errors["did"])
        add_row(form, _("Deadline for the agreement"), self.deadline_edit, self.deadline_edit)
        add_row(form, _("Profiling class"), self.profiling_edit, self.profiling_edit)
        add_row(form, _("GOL path"), self.gol_edit, self.gol_edit)
        self.did_note = QLabel(_("These data come from the person's DID: to change them, "
                                 "update the DID in Accoglienza."))
        self.did_note.setObjectName("Muted")
        self.did_note.setWordWrap(True)
        form.addRow("", self.did_note)
        self.residence_edit = read_only(_("Residence"))
        self.domicile_edit = read_only(_("Domicile"))
        add_row(form, _("Resi&dence"), self.residence_edit, self.residence_edit)
        add_row(form, _("Do&micile"), self.domicile_edit, self.domicile_edit)

        self.responsible_combo = QComboBox()
        self.responsible_combo.setPlaceholderText(_("Choose the responsible operator"))
        self.responsible_combo.activated.connect(lambda _index: self._touched())
        add_row(form, _("Responsi&ble operator"), self.responsible_combo,
                self.responsible_combo, self.errors["responsible"])
        layout.addLayout(form)

        self.measures = EditableTable(
            [_("Type"), _("Description"), _("Provider"), _("From"), _("To")],
            stretch=1, choices={0: list(MEASURE_TYPES)})
        layout.addWidget(titled(_("&Measures agreed"), self.measures, self.errors["measures"]))
        self.search_acts = EditableTable(
            [_("Job-search act"), _("By when / how often")], stretch=0)
        layout.addWidget(titled(_("Job-search &acts (art. 20 c. 2 D.Lgs. 150/2015)"),
                                self.search_acts, self.errors["search_acts"]))
        terms = QFormLayout()
        self.reporting_edit = QLineEdit()
        self.reporting_edit.setPlaceholderText(_("e.g. once a month, by appointment"))
        self.proof_edit = QLineEdit()
        self.proof_edit.setPlaceholderText(
            _("e.g. list of applications with date and company, copies of e-mails"))
        add_row(terms, _("Reporting to the cen&tre"), self.reporting_edit,
                self.reporting_edit, self.errors["reporting"])
        add_row(terms, _("Pr&oof of the search"), self.proof_edit, self.proof_edit,
                self.errors["search_proof"])
        layout.addLayout(terms)
        self.appointments = EditableTable(
            [_("Date and time"), _("Place"), _("Purpose")], stretch=2)
        layout.addWidget(titled(_("&Next appointments"), self.appointments,
                                self.errors["appointments"]))

        bottom = QFormLayout()
        self.place_edit = QLineEdit(ctx.site.town)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("Only for a correction: what changes and why"))
        add_row(bottom, _("P&lace"), self.place_edit, self.place_edit)
        add_row(bottom, _("Co&rrection"), self.reason_edit, self.reason_edit)
        layout.addLayout(bottom)

        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save a new version (Ctrl+S)"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        scoped_shortcut("Ctrl+S", self, self.save, description=_("Save the Patto"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("Muted")
        row.addWidget(self.save_button)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)

        for edit in (self.reporting_edit, self.proof_edit, self.place_edit, self.reason_edit):
            edit.textEdited.connect(lambda _text: self._touched())
        for table in (self.measures, self.search_acts, self.appointments):
            table.changed.append(self._touched)
        ctx.current.changed.connect(self._current_changed)
        ctx.current.add_guard(self._may_switch)
        if ctx.current.person is not None:  # built after the person was opened elsewhere
            self._current_changed(ctx.current.person)

    # -- unsaved edits -----------------------------------------------------------------------

    def _touched(self) -> None:
        self.dirty = True

    def _may_switch(self, new: PersonRef | None) -> bool:
        if not self.dirty or (new is not None and self.person is not None
                              and new.id == self.person.id):
            return True
        if self.ask_discard(self, _("the service agreement")):
            self.dirty = False
            return True
        return False

    # -- people ------------------------------------------------------------------------------

    def search(self, select_first: bool = True) -> None:
        """List the people matching the search box. The operator's own search (Enter)
        opens a person only when exactly one matches exactly; the list filled on
        opening the area opens nobody."""
        self.ctx.ops.run(search_people, self.ctx.database, self.ctx.operator,
                         self.search_edit.text(),
                         on_success=lambda people: self._show_people(people, select_first))

    def _show_people(self, found: list[PersonChoice], open_exact: bool = True) -> None:
        people = list(found)
        if self.person is not None and self.person.id not in {p.id for p in found}:
            people.insert(0, self.person)  # the loaded person stays in the list
        self.people = people
        self.person_combo.clear()
        self.person_combo.addItems([p.label for p in people])
        self.person_combo.setCurrentIndex(-1)
        self.person_combo.setPlaceholderText(_("Choose a person"))
        if open_exact and len(found) == 1 and found[0].exact:
            self._chosen(people.index(found[0]))
        elif open_exact and self.search_edit.text().strip():
            self.status_label.setText(
                ngettext("{count} person found: choose it in the list.",
                         "{count} people found: choose one in the list.",
                         len(found)).format(count=len(found))
                if found else _("Nobody found: check the spelling or search by fiscal code."))
        self._select_loaded()

    def current_person(self) -> PersonChoice | None:
        return self.person

    def _chosen(self, index: int) -> None:
        """The operator chose a person in the list: they become the counter's current
        person (every guard is asked), and the form follows."""
        if not 0 <= index < len(self.people):
            return
        choice = self.people[index]
        ref = PersonRef(choice.id, choice.fiscal_code, f"{choice.surname} {choice.name}")
        if self.ctx.current.person == ref:
            self.load(choice.id)
        elif not self.ctx.current.set(ref):
            self._select_loaded()

    def _select_loaded(self) -> None:
        ids = [p.id for p in self.people]
        self.person_combo.setCurrentIndex(
            ids.index(self.person.id) if self.person and self.person.id in ids else -1)

    def _current_changed(self, person: PersonRef | None) -> None:
        if person is None:
            self.clear()
        else:
            self.load(person.id)

    def load(self, person_id: uuid.UUID) -> None:
        """Load the person, their active DID and their versions (off the GUI thread)."""
        self._load_signers()
        self.ctx.ops.run(load_context, self.ctx.database, self.ctx.operator, person_id,
                         on_success=self._show_context)

    def refresh(self) -> None:
        """Read the open person again (the area was opened: the DID may have changed in
        Accoglienza meanwhile). Unsaved edits of the form are kept."""
        if self.person is not None:
            self.load(self.person.id)

    def load_person(self) -> None:
        """Load the person chosen in the list (kept for the Documenti page)."""
        index = self.person_combo.currentIndex()
        if 0 <= index < len(self.people):
            self.load(self.people[index].id)

    def _load_signers(self) -> None:
        if not self._signers_asked:
            self._signers_asked = True
            self.ctx.ops.run(signers, self.ctx.database, self.ctx.operator,
                             on_success=self._show_signers)

    def _show_signers(self, found: list[Signer]) -> None:
        chosen = self._responsible() or self._pending_responsible
        self.signers = found
        self.responsible_combo.clear()
        self.responsible_combo.addItems([s.label for s in found])
        self._set_responsible(chosen)

    def _responsible(self) -> str:
        index = self.responsible_combo.currentIndex()
        return self.signers[index].username if 0 <= index < len(self.signers) else ""

    def _set_responsible(self, username: str) -> None:
        self._pending_responsible = username
        names = [s.username for s in self.signers]
        self.responsible_combo.setCurrentIndex(names.index(username) if username in names
                                               else -1)

    def clear(self) -> None:
        """Empty the form (the counter has no current person)."""
        self.person, self.did, self.versions = None, None, []
        self._select_loaded()
        self._fill_did(None, "", "")
        self._fill(None)
        self.status_label.setText(_("No person chosen."))

    def _show_context(self, context: AgreementContext) -> None:
        keep_edits = self.dirty and self.person is not None \
            and self.person.id == context.person.id
        self.person, self.did = context.person, context.did
        self.versions = list(context.versions)
        if context.person.id not in [p.id for p in self.people]:
            self._show_people([context.person], open_exact=False)
        self._select_loaded()
        self._fill_did(context.did, context.residence, context.domicile)
        latest = self.versions[0] if self.versions else None
        if not keep_edits:
            self._fill(latest)
        if context.did is None:
            self.status_label.setText(_("No agreement can be made without a DID in force."))
        elif latest is None:
            self.status_label.setText(_("No agreement yet for this person."))
        else:
            self.status_label.setText(_(
                "Agreement {number}, version {version} of {date}: a save creates version "
                "{next}.").format(number=latest.number, version=latest.version,
                                  date=formatting.date(latest.data.signed_on),
                                  next=latest.version + 1))

    def _fill_did(self, did: DidSummary | None, residence: str, domicile: str) -> None:
        self.did_edit.setText(formatting.date(did.did_date) if did else "")
        self.naspi_edit.setText((_("NASpI: yes") if did.naspi else _("NASpI: no"))
                                if did else "")
        self.deadline_edit.setText(_("agreement by {date}").format(
            date=formatting.date(did.patto_deadline)) if did else "")
        self.profiling_edit.setText(did.profiling_class if did else "")
        self.gol_edit.setText(did.gol_path if did else "")
        self.residence_edit.setText(residence)
        self.domicile_edit.setText(domicile or (_("same as residence") if residence else ""))
        self._show_errors({} if did or self.person is None else {"did": _(
            "This person has no DID in force: register the DID in Accoglienza before the "
            "service agreement.")})

    def _fill(self, version: AgreementVersionInfo | None) -> None:
        data = version.data if version else None
        rows = version_rows(data)
        self.measures.set_rows(rows.measures)
        self.search_acts.set_rows(rows.search_acts)
        self.appointments.set_rows(rows.appointments)
        self.reporting_edit.setText(data.reporting if data else "")
        self.proof_edit.setText(data.search_proof if data else "")
        self._set_responsible(data.operator_username if data else "")
        self.reason_edit.clear()
        self.dirty = False

    # -- save --------------------------------------------------------------------------------

    def draft(self) -> AgreementDraft:
        """The form as an AgreementDraft; raises ValidationError (with the field) on an
        unreadable date or without a person."""
        if self.person is None:
            raise ValidationError(_("Choose the person first: open them in Accoglienza, or "
                                    "type part of the name here and press Enter."),
                                  {"person": ""})
        return build_draft(
            self.person.id, measures=self.measures.rows(),
            appointments=self.appointments.rows(), search_acts=self.search_acts.rows(),
            place=self.place_edit.text(), reason=self.reason_edit.text(),
            responsible=self._responsible(), reporting=self.reporting_edit.text(),
            search_proof=self.proof_edit.text())

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(bool(errors.get(key)))

    def _refuse(self, exc: ValidationError) -> None:
        self._show_errors({key: text or exc.user_message for key, text in exc.fields.items()})
        self.status_label.setText(exc.user_message)

    def save(self) -> None:
        try:
            draft = self.draft()
            check_before_saving(draft, self.did)  # validate before any thread
        except ValidationError as exc:
            self._refuse(exc)
            return
        self._show_errors({})
        self.save_button.setEnabled(False)
        self.ctx.ops.run(save_and_book, self.ctx.database, self.ctx.operator, self.ctx.site,
                         draft, on_success=self._saved, on_error=self._failed)

    def _saved(self, version: AgreementVersionInfo) -> None:
        self.save_button.setEnabled(True)
        self.versions.insert(0, version)
        self.reason_edit.clear()
        self.dirty = False
        self.status_label.setText(_("Saved version {version} of agreement {number}.").format(
            version=version.version, number=version.number))
        for callback in self.saved_callbacks:
            callback()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._refuse(exc)
            return
        report_error(self, exc)
