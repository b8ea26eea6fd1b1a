"""Accoglienza: walk-in registration.

One search box (codice fiscale, name, phone, e-mail) with the results in a table;
the registration form with the codice fiscale acting on Enter; a debounced,
advisory duplicate panel beside it; the DID form once the person is saved. All
database work goes through ``ctx.ops``.

A scanned codice fiscale (search box or the form's field, then Enter) opens its
holder; when nobody holds it, the people whose code reduces to the same form are
shown as candidates (an omocode is another person). The person opened or saved here
becomes the window's current person (``ctx.current``); when another area changes it,
this page follows, and before it drops unsaved edits it asks (``ask_discard``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.organisation.centre import DatabaseSummary, database_summary
from desktop.services.people.did import DidRecord
from desktop.services.people.duplicates import DuplicateCandidate, DuplicateQuery, find_duplicates
from desktop.services.people.merge import merge_people
from desktop.services.people.registration import (
    OpenedPerson,
    PersonRecord,
    open_at_counter,
    register_person,
    update_person,
)
from desktop.services.reference.places import preload_in_background
from desktop.views import current_person
from desktop.views.context import ViewContext
from desktop.views.errors import error_html, report_error
from desktop.views.pages.base import Page, card, card_layout
from desktop.views.registration.actions_panel import ActionsPanel
from desktop.views.registration.curriculum_dialog import CurriculumDialog
from desktop.views.registration.did_actions import DidActions
from desktop.views.registration.did_form import DidFormWidget
from desktop.views.registration.duplicates_panel import DuplicatesPanel
from desktop.views.registration.follow_current import FollowCurrent
from desktop.views.registration.l68_panel import install_l68_entry
from desktop.views.registration.merge_dialog import ask_merge_reason
from desktop.views.registration.people_model import PeopleModel
from desktop.views.registration.person_form import PersonFormWidget
from desktop.views.registration.search_actions import SearchActions
from desktop.views.widgets import follow_focus, scoped_shortcut


class RegistrationPage(SearchActions, FollowCurrent, DidActions, Page):
    area_id = "accoglienza"
    shortcut = "Ctrl+1"
    icon_name = "accoglienza"

    @classmethod
    def title(cls) -> str:
        return _("Registration")

    @classmethod
    def subtitle(cls) -> str:
        return _("Walk-ins: codice fiscale, personal record (SAP), DID and profiling.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current: PersonRecord | None = None
        #: Replaced by tests: asks for the reason of a merge (None = cancelled).
        self.ask_merge: Callable[[QWidget, str, str], str | None] = ask_merge_reason
        #: Replaced by tests: may unsaved edits be dropped? (False keeps them.)
        self.ask_discard: Callable[[QWidget, str], bool] = current_person.ask_discard
        self.last_did: DidRecord | None = None
        #: Unsaved edits in the personal record / the DID form.
        self.form_dirty = False
        self.did_dirty = False
        self._asked = False  # this page already asked: its guard lets the change through
        self._dup_round = 0  # duplicate checks started; an older answer is stale

        top = QHBoxLayout()
        search_label = QLabel(_("&Search"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("codice fiscale, surname and name, phone or e-mail — Enter to search"))
        self.search.setMaxLength(200)
        self.search.setAccessibleName(_("Search"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.people_label = QLabel()
        self.people_label.setObjectName("Muted")
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.people_label)
        self.body.addLayout(top)
        self.search_status = QLabel()
        self.search_status.setObjectName("Muted")
        self.search_status.setWordWrap(True)
        self.search_status.setAccessibleName(_("Search outcome"))
        self.search_status.hide()
        self.body.addWidget(self.search_status)

        self.model = PeopleModel(self)
        self.results = QTableView()
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # the codice fiscale whole (its header asks for 16 wide characters), the rest shared
        self.results.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.results.setMaximumHeight(150)
        self.results.setAccessibleName(_("Search results"))
        self.results.activated.connect(self._open_row)
        self.body.addWidget(self.results)

        row = QHBoxLayout()
        self.form_card = card(_("New personal record (SAP)"))
        self.form_title = self.form_card.findChild(QLabel, "CardTitle")
        self.form = PersonFormWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        card_layout(self.form_card).addWidget(self.form)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        self.curriculum_button = QPushButton(_("Curriculum… (Ctrl+U)"))
        self.curriculum_button.setAutoDefault(False)
        self.curriculum_button.setEnabled(False)
        self.curriculum_button.setToolTip(
            _("Education, languages, licences, work experience and desired occupations"))
        self.curriculum_button.clicked.connect(self.open_curriculum)
        status_row.addWidget(self.curriculum_button)
        self.l68_button = install_l68_entry(ctx, self, status_row)  # hidden without L. 68 rights
        card_layout(self.form_card).addLayout(status_row)
        scoped_shortcut("Ctrl+U", self, self.open_curriculum, description=_("Open the curriculum"))
        scoped_shortcut("Ctrl+N", self, self.new_registration, description=_("New registration"))
        scoped_shortcut("Ctrl+P", self, self.print_last_did, description=_("Print the last DID"))
        self.curriculum_dialog: CurriculumDialog | None = None
        self.form_scroll = scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.form_card)
        self.did = DidFormWidget()
        self.did.setEnabled(False)
        inner_layout.addWidget(self.did)
        self.actions_panel = ActionsPanel(ctx, shortcut_scope=self)
        inner_layout.addWidget(self.actions_panel)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        follow_focus(scroll)
        row.addWidget(scroll, 3)
        self.duplicates = DuplicatesPanel()
        self.duplicates.setMinimumWidth(260)
        row.addWidget(self.duplicates, 1)
        self.body.addLayout(row, 1)

        self._search_timer = self._debouncer(300, self.run_search)
        self._dup_timer = self._debouncer(400, self.check_duplicates)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(lambda: self.run_search(open_exact=True))
        self.form.changed.connect(self._form_edited)
        self.form.save_requested.connect(self.save)
        self.form.new_requested.connect(self.new_registration)
        self.form.code_entered.connect(self._code_entered)
        self.did.save_requested.connect(self.save_did)
        self.did.end_requested.connect(self.end_did)
        self.did.open_active_requested.connect(self.open_did_in_force)
        self.did.edited.connect(self._did_edited)
        ctx.current.add_guard(self._guard)
        ctx.current.changed.connect(self._current_changed)
        self.duplicates.open_requested.connect(lambda pid: self.open_person(uuid.UUID(pid)))
        self.duplicates.merge_requested.connect(lambda pid: self.merge_into_current(uuid.UUID(pid)))
        self.setTabOrder(self.search, self.results)
        self.setTabOrder(self.results, self.form.fiscal_code)

    def _debouncer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden page runs no pending search or duplicate check."""
        self._search_timer.stop()
        self._dup_timer.stop()
        self.form.stop_timers()
        super().hideEvent(event)

    def activated(self) -> None:
        self.ctx.ops.run(database_summary, self.ctx.database, on_success=self._show_summary)
        QTimer.singleShot(1500, preload_in_background)  # after the window is up (issue 23)
        # The Patto may have been made in Documenti meanwhile: its measures come here.
        self.actions_panel.reload()

    def _show_summary(self, summary: DatabaseSummary) -> None:
        self.people_label.setText(
            _("People in this database: {count}").format(count=formatting.integer(summary.people)))

    # --- search -----------------------------------------------------------------

    # --- the open person and the current person -----------------------------------------

    def open_person(self, person_id: uuid.UUID, *, ask: bool = True) -> None:
        """Open an existing person at the counter: records a lookup visit."""
        if ask and not (self.current is not None and self.current.id == person_id) \
                and not self._may_drop():
            return
        self._load(person_id)

    def _load(self, person_id: uuid.UUID) -> None:
        self.ctx.ops.run(open_at_counter, self.ctx.database, self.ctx.operator, person_id,
                         site_code=self.ctx.site.site_code,
                         on_success=self._person_opened, on_error=self._show_error)

    def _person_opened(self, opened: OpenedPerson) -> None:
        self.current = opened.record
        self._dup_round += 1
        self._dup_timer.stop()
        self.form.set_form(opened.form)
        self.duplicates.show_candidates([])
        self.last_did = None
        self.did.reset()
        self.form_dirty = self.did_dirty = False
        self._person_ready(opened.record)
        self.load_did_in_force()

    def new_registration(self) -> bool:
        """Ctrl+N: after asking about unsaved edits, no current person and an empty
        form from the top. False when the operator kept what was typed."""
        if not self._may_drop():
            return False
        self._asked = True
        try:
            if not self.ctx.current.clear():
                return False  # another area kept its unsaved work
        finally:
            self._asked = False
        self.reset_form()
        return True

    def reset_form(self) -> None:
        """The whole page back to a new registration (nothing asked)."""
        self._dup_round += 1
        self._dup_timer.stop()
        self.form.clear()
        self.current = None
        self.last_did = None
        self.curriculum_button.setEnabled(False)
        self.status.setText("")
        self.did.reset()
        self.did.setEnabled(False)
        self.duplicates.show_candidates([])
        self._set_form_title(_("New personal record (SAP)"))
        self.form_dirty = self.did_dirty = False
        self.form_scroll.verticalScrollBar().setValue(0)
        self.form.fiscal_code.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_curriculum(self) -> None:
        """Ctrl+U: the open person's curriculum in its own dialog."""
        if self.current is None:
            return
        dialog = CurriculumDialog(self.ctx, self.current.id, self.current.full_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.status.setText(
            f"<span style='color:#15803D'><b>{_('Curriculum saved.')}</b></span>"))
        self.curriculum_dialog = dialog
        dialog.open()

    def reveal(self, widget: QWidget) -> None:
        """Scroll the form so ``widget`` shows (once the layout has placed it)."""
        QTimer.singleShot(0, self, lambda: self.form_scroll.ensureWidgetVisible(widget, 20, 40))

    def _set_form_title(self, text: str) -> None:
        if self.form_title is not None:
            self.form_title.setText(text)

    # --- saving -------------------------------------------------------------------

    def check_duplicates(self) -> None:
        form = self.form.form()
        self._dup_round += 1
        asked = self._dup_round
        query = DuplicateQuery(
            fiscal_code=form.fiscal_code, surname=form.surname, name=form.name,
            sex=form.sex, birth_date=form.birth_date, mobile=form.mobile, email=form.email,
            exclude_id=self.current.id if self.current else None)
        self.ctx.ops.run(find_duplicates, self.ctx.database, self.ctx.operator, query,
                         on_success=lambda found: self._show_duplicates(found, asked),
                         on_error=self._show_error)

    def _show_duplicates(self, candidates: list[DuplicateCandidate], asked: int = 0) -> None:
        if asked and asked != self._dup_round:
            return  # a save, an open or a newer check came after it
        mine = self.current.id if self.current else None
        self.duplicates.show_candidates([c for c in candidates if c.person.id != mine],
                                        can_merge=self.current is not None)

    def merge_into_current(self, other_id: uuid.UUID) -> None:
        """Merge a duplicate shown in the panel into the open record, after asking why."""
        kept = self.current
        other = next((c.person for c in self.duplicates.candidates if c.person.id == other_id),
                     None)
        if kept is None or other is None:
            return
        reason = self.ask_merge(self, f"{kept.full_name} ({kept.fiscal_code})",
                                f"{other.surname} {other.name} ({other.fiscal_code})")
        if reason is None:
            return
        self.ctx.ops.run(merge_people, self.ctx.database, self.ctx.operator, kept.id,
                         other_id, reason, on_success=self._merged, on_error=self._show_error)

    def _merged(self, person: PersonRecord) -> None:
        self.duplicates.show_candidates([])
        self._person_ready(person, _("Records merged into {name}, {code}."))
        self.activated()
        self.check_duplicates()

    def save(self) -> None:
        form = self.form.check_before_save()
        if form is None:
            return
        self.form.save_button.setEnabled(False)
        if self.current is not None:
            self.ctx.ops.run(update_person, self.ctx.database, self.ctx.operator,
                             self.current.id, form,
                             on_success=self._person_updated, on_error=self._save_failed)
            return
        self.ctx.ops.run(register_person, self.ctx.database, self.ctx.operator, form,
                         site_code=self.ctx.site.site_code,
                         on_success=self._person_saved, on_error=self._save_failed)

    def _person_saved(self, person: PersonRecord) -> None:
        self.form.save_button.setEnabled(True)
        self.did.reset()
        self.did.show_in_force(None)
        self._person_ready(person, _("Saved: {name}, {code}. Registration visit recorded."))
        self.activated()  # the people count

    def _person_updated(self, person: PersonRecord) -> None:
        self.form.save_button.setEnabled(True)
        self._person_ready(person, _("Changes saved: {name}, {code}."))

    def _person_ready(self, person: PersonRecord, message: str = "") -> None:
        self.current = person
        self._say_search("")  # "nobody holds this code…" no longer applies
        self.form_dirty = False
        self._dup_round += 1  # a check asked before the save would list the person itself
        self._dup_timer.stop()
        self.duplicates.show_candidates([c for c in self.duplicates.candidates
                                         if c.person.id != person.id], can_merge=True)
        self._make_current(person)
        self.curriculum_button.setEnabled(True)
        self._set_form_title(_("Personal record (SAP) — {name}, {code}").format(
            name=person.full_name, code=person.fiscal_code))
        text = (message or _("Opened: {name}, {code}. Visit recorded.")).format(
            name=person.full_name, code=person.fiscal_code)
        self.status.setText(f"<span style='color:#15803D'><b>{text}</b></span>")
        self.did.setEnabled(True)
        self.did.setTitle(_("DID and profiling — {name}").format(name=person.full_name))
        self.did.education.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reveal(self.status)

    def _save_failed(self, error: BaseException) -> None:
        self.form.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.summary.setText(error.user_message)
            for key, message in error.fields.items():
                label = self.form.errors.get(key)
                if label is not None:
                    label.setText(message)
                    label.show()
            return
        self._show_error(error)

    def _show_error(self, error: BaseException) -> None:
        report_error(self, error, status=lambda sentence: self.status.setText(
            error_html(sentence)))
