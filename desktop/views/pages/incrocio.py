"""Incrocio domanda/offerta: candidates for a vacancy, vacancies for a person, the rosa.

A thin skin over :mod:`desktop.services.matching`: the page reads the filters
into a ``MatchFilters``, runs the service on the database worker, and shows the
ranked rows with the explanation of the selected one beside the table. From the
candidates the operator proposes people (the rosa), prints it for the firm
(optionally anonymised) and records each outcome.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.infra import clock
from desktop.services import matching
from desktop.services.documents import printing
from desktop.services.firms import vacancies
from desktop.services.firms.vacancies import CONTRACT_TYPES, VacancyInfo, expired_warning
from desktop.services.matching import MatchFilters, MatchReport
from desktop.values.shortlist import OUTCOMES, Shortlist, outcome_label
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.errors import error_html, report_error
from desktop.views.firms.vacancy_fields import vacancy_line
from desktop.views.firms.vacancy_list import VacancyButtons
from desktop.views.matching.consent_bar import ConsentBar
from desktop.views.matching.exclusions import ExclusionsStrip
from desktop.views.matching.models import (
    CandidatesModel,
    ShortlistModel,
    VacanciesModel,
)
from desktop.views.matching.panels import Filters, Results, buddy, table_view
from desktop.views.pages.base import Page
from desktop.views.widgets import scoped_shortcut


class MatchingPage(Page):
    area_id = "incrocio"
    shortcut = "Ctrl+4"
    icon_name = "incrocio"

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Save the shortlist"), suggested, _("PDF files (*.pdf)"))[0])

    @classmethod
    def title(cls) -> str:
        return _("Matching")

    @classmethod
    def subtitle(cls) -> str:
        return _("Job seekers and vacancies, matched locally with every score explained.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Direction of the search"))
        self.tabs.addTab(self._build_candidates(), _("&Candidates for a vacancy"))
        self.tabs.addTab(self._build_vacancies(), _("&Vacancies for a person"))
        self.body.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Outcome of the last operation"))
        self.body.addWidget(self.status)
        self.shortlist: Shortlist | None = None
        self.last_saved: Path | None = None
        #: The current person whose vacancies are still to load (the page was hidden).
        self._person_pending = False
        ctx.current.changed.connect(self.follow_person)
        if ctx.current.person is not None:  # built after the person was opened elsewhere
            self.follow_person(ctx.current.person)

    # --- building ---------------------------------------------------------------------

    def _build_candidates(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.vacancy_combo = QComboBox()
        self.vacancy_combo.setAccessibleName(_("Vacancy"))
        self.vacancy_combo.setMinimumWidth(420)
        self.find_candidates = QPushButton(_("&Find candidates"))
        self.find_candidates.setProperty("primary", True)
        self.find_candidates.clicked.connect(self.search_candidates)
        top.addWidget(buddy(_("Vacanc&y"), self.vacancy_combo))
        top.addWidget(self.vacancy_combo, 1)
        top.addWidget(self.find_candidates)
        self.vacancy_buttons = VacancyButtons(self.ctx, self.reload_vacancies)
        self.vacancy_buttons.install_shortcuts(self)
        top.addWidget(self.vacancy_buttons)
        layout.addLayout(top)
        self.candidate_filters = Filters(_("person's radius"), None)
        layout.addWidget(self.candidate_filters)
        self.exclusions = ExclusionsStrip(self._lift_changed)
        layout.addWidget(self.exclusions)
        self.candidates = Results(CandidatesModel(self), _("Candidates"))
        self.candidates.notes.setText(_("Choose a vacancy and press Find candidates "
                                        "(Ctrl+Enter)."))
        self.candidates.table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.candidates, 3)
        # The rosa: propose, print, record outcomes.
        actions = QHBoxLayout()
        self.propose_button = QPushButton(_("&Propose the selected"))
        self.propose_button.clicked.connect(self.propose_selected)
        self.anonymised = QCheckBox(_("A&nonymised"))
        self.print_button = QPushButton(_("Save the shortlist as P&DF…"))
        self.print_button.clicked.connect(self.save_shortlist)
        for widget in (self.propose_button, self.anonymised, self.print_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.consent_bar = ConsentBar(
            self.ctx, self.current_vacancy, self.selected_person, self._refresh_shortlist,
            self._say, self._failed, tab)
        layout.addWidget(self.consent_bar)
        rosa = QHBoxLayout()
        self.shortlist_model = ShortlistModel(self)
        self.shortlist_table = table_view(self.shortlist_model, _("Shortlist"))
        self.shortlist_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.shortlist_table.setMaximumHeight(150)
        rosa.addWidget(self.shortlist_table, 3)
        outcome_box = QVBoxLayout()
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(_("Outcome"))
        for code in OUTCOMES:
            self.outcome_combo.addItem(outcome_label(code), code)
        self.contract_combo = QComboBox()
        self.contract_combo.setAccessibleName(_("Contract type"))
        self.contract_combo.addItem("—", "")
        for code in CONTRACT_TYPES:
            self.contract_combo.addItem(code, code)
        self.outcome_button = QPushButton(_("Record the &outcome"))
        self.outcome_button.clicked.connect(self.record_outcome)
        outcome_box.addWidget(buddy(_("Ou&tcome"), self.outcome_combo))
        outcome_box.addWidget(self.outcome_combo)
        outcome_box.addWidget(buddy(_("Con&tract (when hired)"), self.contract_combo))
        outcome_box.addWidget(self.contract_combo)
        outcome_box.addWidget(self.outcome_button)
        outcome_box.addStretch(1)
        rosa.addLayout(outcome_box, 1)
        layout.addLayout(rosa, 1)
        scoped_shortcut("Ctrl+Return", tab, self.search_candidates, description=_("Search the candidates"))
        return tab

    def _build_vacancies(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.fiscal_code = QLineEdit()
        self.fiscal_code.setAccessibleName(_("Codice fiscale"))
        self.fiscal_code.setPlaceholderText("RSSMRA80A01D612Y")
        self.fiscal_code.setMaxLength(16)
        self.fiscal_code.returnPressed.connect(self.search_vacancies)
        self.find_vacancies = QPushButton(_("F&ind vacancies"))
        self.find_vacancies.setProperty("primary", True)
        self.find_vacancies.clicked.connect(self.search_vacancies)
        top.addWidget(buddy(_("Codice &fiscale"), self.fiscal_code))
        top.addWidget(self.fiscal_code, 1)
        top.addWidget(self.find_vacancies)
        layout.addLayout(top)
        self.vacancy_filters = Filters(_("own radius"), _("Only with positions &left"))
        layout.addWidget(self.vacancy_filters)
        self.vacancies = Results(VacanciesModel(self), _("Vacancies"))
        self.vacancies.notes.setText(_("Write the codice fiscale and press Enter."))
        layout.addWidget(self.vacancies, 1)
        scoped_shortcut("Ctrl+Return", tab, self.search_vacancies, description=_("Search the vacancies for the person"))
        return tab

    # --- loading ----------------------------------------------------------------------

    def activated(self) -> None:
        if self._person_pending:
            self._load_current_person()
        if self.vacancy_combo.count() == 0:
            self.ctx.ops.run(vacancies.list_vacancies, self.ctx.database, self.ctx.operator,
                             on_success=self._show_vacancy_list, on_error=self._failed)

    def reload_vacancies(self) -> None:
        """A vacancy was entered or changed elsewhere: list them again."""
        self.ctx.ops.run(vacancies.list_vacancies, self.ctx.database, self.ctx.operator,
                         on_success=self._show_vacancy_list, on_error=self._failed)

    def _show_vacancy_list(self, rows: list[VacancyInfo]) -> None:
        current = self.vacancy_combo.currentData()
        self.vacancy_combo.clear()
        for v in rows:
            self.vacancy_combo.addItem(vacancy_line(v), v.id)
        if current is not None:
            found = self.vacancy_combo.findData(current)
            self.vacancy_combo.setCurrentIndex(max(found, 0))

    # --- candidates for a vacancy -----------------------------------------------------

    def current_vacancy(self) -> uuid.UUID | None:
        value = self.vacancy_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def search_candidates(self) -> None:
        vacancy_id = self.current_vacancy()
        if vacancy_id is None:
            self.status.setText(_("Choose a vacancy first."))
            return
        self.status.setText(_("Searching…"))
        self.ctx.ops.run(matching.candidates_for_vacancy, self.ctx.database, self.ctx.operator,
                         vacancy_id, self.candidate_filters.value(self.exclusions.lifted()),
                         on_success=self._show_candidates, on_error=self._failed)
        self.ctx.ops.run(matching.shortlist, self.ctx.database, self.ctx.operator, vacancy_id,
                         on_success=self._show_shortlist, on_error=self._failed)

    def _lift_changed(self) -> None:
        """A reason was lifted or put back: search again with it."""
        if self.current_vacancy() is not None:
            self.search_candidates()

    def _show_candidates(self, report: MatchReport) -> None:
        self.status.setText("")
        self.candidates.show_report(report)
        self.exclusions.show_report(report)
        self.candidates.table.setFocus()

    def _show_shortlist(self, shortlist: Shortlist) -> None:
        self.shortlist = shortlist
        if shortlist.expired_on is not None:
            self.status.setText(expired_warning(shortlist.expired_on))
        self.shortlist_model.set_rows(shortlist.rows)
        # Keep the candidates' "Proposal" column in step with the rosa.
        outcomes = {r.person_id: r.outcome for r in shortlist.rows}
        rows = self.candidates.model.rows
        if rows and rows[0].vacancy_id == shortlist.vacancy_id and any(
                outcomes.get(r.person_id, "") != r.proposal for r in rows):
            current = self.candidates.table.currentIndex().row()
            self.candidates.model.set_rows([dataclasses.replace(
                r, proposal=outcomes.get(r.person_id, "")) for r in rows])
            if current >= 0:
                self.candidates.table.selectRow(current)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def selected_person(self) -> uuid.UUID | None:
        """The candidate selected in the list, else the person selected in the rosa."""
        found: uuid.UUID | None = None
        row = self.candidates.table.currentIndex().row()
        if 0 <= row < self.candidates.model.rowCount():
            found = self.candidates.model.row_at(row).person_id
        elif 0 <= (row := self.shortlist_table.currentIndex().row()) < \
                self.shortlist_model.rowCount():
            found = self.shortlist_model.row_at(row).person_id
        return found

    def _refresh_shortlist(self) -> None:
        vacancy_id = self.current_vacancy()
        if vacancy_id is not None:
            self.ctx.ops.run(matching.shortlist, self.ctx.database, self.ctx.operator,
                             vacancy_id, on_success=self._show_shortlist, on_error=self._failed)

    def propose_selected(self) -> None:
        vacancy_id = self.current_vacancy()
        picks = [self.candidates.model.row_at(i) for i in self.candidates.selected_rows()]
        if vacancy_id is None or not picks:
            self.status.setText(_("Select one or more candidates (Shift or Ctrl with the "
                                  "arrows) to propose them."))
            return
        self.ctx.ops.run(matching.propose, self.ctx.database, self.ctx.operator, vacancy_id,
                         [(p.person_id, p.score, p.rank) for p in picks],
                         self.exclusions.lifted(),
                         on_success=self._proposed, on_error=self._failed)

    def _proposed(self, shortlist: Shortlist) -> None:
        self._show_shortlist(shortlist)
        self.status.setText(ngettext("{count} person on the shortlist of {number}.",
                                    "{count} people on the shortlist of {number}.",
                                    len(shortlist.rows)).format(
            count=len(shortlist.rows), number=shortlist.number))

    def record_outcome(self) -> None:
        row = self.shortlist_table.currentIndex().row()
        if not 0 <= row < self.shortlist_model.rowCount():
            self.status.setText(_("Select a person of the shortlist first."))
            return
        proposal = self.shortlist_model.row_at(row)
        self.ctx.ops.run(matching.record_outcome, self.ctx.database, self.ctx.operator,
                         proposal.proposal_id, self.outcome_combo.currentData(),
                         self.contract_combo.currentData(),
                         on_success=self._outcome_recorded, on_error=self._failed)

    def _outcome_recorded(self, shortlist: Shortlist) -> None:
        self._show_shortlist(shortlist)
        self.status.setText(_("Outcome recorded."))

    def save_shortlist(self) -> None:
        vacancy_id = self.current_vacancy()
        if vacancy_id is None or self.shortlist is None or not self.shortlist.rows:
            self.status.setText(_("Propose at least one candidate before printing."))
            return
        suffix = "-anonima" if self.anonymised.isChecked() else ""
        suggested = str(Path.home() / f"rosa-{self.shortlist.number}{suffix}.pdf")
        chosen = self.ask_save_path(self, suggested)
        if not chosen:
            return
        self.ctx.ops.run(_write_shortlist, self.ctx, vacancy_id, self.anonymised.isChecked(),
                         Path(chosen), on_success=self._saved, on_error=self._failed)

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.status.setText(_("Saved: {path}").format(path=path))

    # --- vacancies for a person -------------------------------------------------------

    def search_vacancies(self) -> None:
        code = self.fiscal_code.text().strip().upper()
        if len(code) != 16:
            self.status.setText(_("Write the person's codice fiscale (16 characters)."))
            self.fiscal_code.setFocus()
            return
        self.status.setText(_("Searching…"))
        self.ctx.ops.run(_vacancies_for_code, self.ctx, code, self.vacancy_filters.value(),
                         on_success=self._show_vacancies, on_error=self._failed)

    def follow_person(self, person: PersonRef | None) -> None:
        """The current person changed: show their vacancies (now, or when the page is
        next shown); nobody current: clear the person's side."""
        if person is None:
            self._person_pending = False
            self.fiscal_code.clear()
            self.vacancies.model.set_rows([])
            self.vacancies.explanation.setText(_("Select a row to see why it scores as it does."))
            self.vacancies.notes.setText(_("Write the codice fiscale and press Enter."))
            return
        self.fiscal_code.setText(person.fiscal_code)
        self._person_pending = True
        if self.isVisible():
            self._load_current_person()

    def _load_current_person(self) -> None:
        person = self.ctx.current.person
        self._person_pending = False
        if person is None:
            return
        self.status.setText(_("Searching…"))
        self.ctx.ops.run(matching.vacancies_for_person, self.ctx.database, self.ctx.operator,
                         person.id, self.vacancy_filters.value(),
                         on_success=self._show_person_vacancies, on_error=self._failed)

    def _show_person_vacancies(self, report: MatchReport) -> None:
        self.status.setText("")
        self.vacancies.show_report(report)

    def _show_vacancies(self, report: MatchReport) -> None:
        self.status.setText("")
        self.vacancies.show_report(report)
        self.vacancies.table.setFocus()

    # --- errors ------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        report_error(self, error, status=lambda sentence: self.status.setText(
            error_html(sentence)))


def _vacancies_for_code(ctx: ViewContext, code: str, filters: MatchFilters) -> MatchReport:
    """Find the person by codice fiscale, then rank the vacancies (one worker call)."""
    person_id = matching.person_id_for(ctx.database, ctx.operator, code)
    return matching.vacancies_for_person(ctx.database, ctx.operator, person_id, filters)


def _write_shortlist(ctx: ViewContext, vacancy_id: uuid.UUID, anonymised: bool,
                     target: Path) -> Path:
    printed = printing.print_shortlist(ctx.database, ctx.operator, ctx.site.site_code,
                                       vacancy_id, anonymised, clock.today())
    target.write_bytes(printed.pdf)
    return target
