"""Sincronizzazione: the exchange with the regional server, and the Problems list.

The application schedules the rounds (``views/sync/scheduler.py``, started by the main
window at login); this page shows the truth about them (changes not yet sent, last
success, last error in one sentence, next try) and offers "Sincronizza ora" (F5).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import _
from desktop.sync import service
from desktop.sync.agent import Progress
from desktop.views.context import ViewContext
from desktop.views.pages.base import Page, card, card_layout
from desktop.views.style import BAD, MUTED, OK, WARN
from desktop.views.sync.problem_fields import (
    STATUS_NAMES,
    ask_edits,
    compared_keys,
    field_name,
    problem_label,
    shown,
    when,
)
from desktop.views.sync.scheduler import SyncScheduler
from desktop.views.sync.token_field import token_edit
from desktop.views.widgets import scoped_shortcut

STATUS_REFRESH_MS = 5_000

class SyncPage(Page):
    area_id = "sincronizzazione"
    shortcut = "Ctrl+5"
    icon_name = "sincronizzazione"

    progress_reported = Signal(object)

    @classmethod
    def title(cls) -> str:
        return _("Synchronisation")

    @classmethod
    def subtitle(cls) -> str:
        return _("Exchange with the regional server. The counter never waits for the network.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: Replaced by tests: asks the operator for the values to resend.
        self.ask_edits: Callable[[QWidget, dict[str, Any]], dict[str, Any] | None] = ask_edits
        #: Until the main window attaches the application's scheduler, an idle one that
        #: runs rounds only when asked.
        self.scheduler = SyncScheduler(ctx, self)
        self.problems: list[service.ProblemInfo] = []
        self.state = service.SyncStatus(False, 0, 0, None, "", 0)
        self._started = 0.0
        self._filled = False

        status_card = card(_("State"))
        layout = card_layout(status_card)
        self.state_label = QLabel()
        self.state_label.setObjectName("SyncState")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("SyncPending")
        self.last_label = QLabel()
        self.next_label = QLabel()
        self.next_label.setObjectName("SyncNext")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("ErrorLabel")
        server = ctx.settings.sync_server_url
        self.server_label = QLabel(
            _("Regional server: {url}").format(url=escape(server)) if server else
            _("No regional server is set: this workstation works offline only. Set its "
              "address in Settings (Ctrl+6)."))
        self.server_label.setWordWrap(True)
        self.server_label.setObjectName("Muted")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setVisible(False)
        self.sync_button = QPushButton(_("Synchronise now"))
        scoped_shortcut("F5", self, self.sync_now, description=_("Synchronise now"))
        self.sync_button.setToolTip(_("Synchronise now (F5)"))
        self.sync_button.setProperty("primary", True)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setEnabled(bool(server))
        self.token_edit = token_edit()  # masked, named, as wide as a whole token
        token_label = QLabel(_("&Token:"))
        token_label.setBuddy(self.token_edit)
        self.token_error = QLabel()
        self.token_error.setObjectName("ErrorLabel")
        self.token_error.setWordWrap(True)
        self.token_error.setVisible(False)
        self.token_button = QPushButton(_("Save token"))
        self.token_button.clicked.connect(self.save_token)
        for widget in (self.state_label, self.pending_label, self.last_label, self.next_label,
                       self.server_label, self.error_label, self.progress_label, self.progress):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addStretch(1)
        layout.addLayout(row)
        # The token gets a line of its own: squeezed beside the button it showed "T…".
        token_row = QHBoxLayout()
        token_row.addWidget(token_label)
        token_row.addWidget(self.token_edit, 1)
        layout.addLayout(token_row)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.token_button)
        layout.addLayout(save_row)
        layout.addWidget(self.token_error)
        layout.addStretch(1)

        problems_card = card(_("Problems"))
        playout = card_layout(problems_card)
        self.problems_hint = QLabel()
        self.problems_hint.setObjectName("Muted")
        self.problems_hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Records the region refused"))
        self.table.setHorizontalHeaderLabels([_("Record"), _("Problem"), _("Since")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(150)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.compare = QTableWidget(0, 3)
        self.compare.setAccessibleName(_("My version and the region's, field by field"))
        self.compare.setHorizontalHeaderLabels(
            [_("Field"), _("My version"), _("Region's version")])
        stretch, fit = QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents
        for column in range(3):  # the field's name as wide as it is, the versions share
            self.compare.horizontalHeader().setSectionResizeMode(column, stretch if column else fit)
        self.compare.verticalHeader().setVisible(False)
        self.compare.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.keep_mine = QPushButton(_("Keep mine"))
        self.keep_theirs = QPushButton(_("Keep the region's"))
        self.edit_resend = QPushButton(_("Edit and resend…"))
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.edit_resend.clicked.connect(lambda: self.resolve("edit"))
        actions = QHBoxLayout()
        for button in (self.keep_mine, self.keep_theirs, self.edit_resend):
            actions.addWidget(button)
        actions.addStretch(1)
        for part in (self.problems_hint, self.table, self.reason_label, self.compare):
            playout.addWidget(part)
        playout.addLayout(actions)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(status_card)
        columns.addLayout(left, 1)
        columns.addWidget(problems_card, 1)
        self.body.addLayout(columns, 1)
        self._enable_actions()

        self.progress_reported.connect(self.show_progress)
        self._connect(self.scheduler)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(STATUS_REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start()
        QTimer.singleShot(0, self.refresh)

    # -- the application's scheduler ---------------------------------------------------------

    def attach(self, scheduler: SyncScheduler) -> None:
        """Show (and drive "Sincronizza ora" through) the application's scheduler."""
        if scheduler is self.scheduler:
            return
        self.scheduler.changed.disconnect(self._scheduler_changed)
        self.scheduler.progress_reported.disconnect(self.progress_reported)
        self.scheduler.deleteLater()
        self.scheduler = scheduler
        self._connect(scheduler)
        self._scheduler_changed()

    def _connect(self, scheduler: SyncScheduler) -> None:
        scheduler.changed.connect(self._scheduler_changed)
        scheduler.progress_reported.connect(self.progress_reported)

    @property
    def syncing(self) -> bool:
        return self.scheduler.syncing

    def _scheduler_changed(self) -> None:
        if self.syncing:
            if not self.progress.isVisible():
                self._started = time.monotonic()  # the estimate of a first sync
            self.sync_button.setEnabled(False)
            self.show_loaded((self.state, self.problems))
            return
        self.sync_button.setEnabled(bool(self.ctx.settings.sync_server_url))
        self.progress.setVisible(False)
        self.progress_label.setVisible(False)
        self.show_loaded((self.state, self.problems))
        self.refresh()

    # -- state -----------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def live(self) -> bool:
        """Only a shown window syncs and refreshes (a closed one may outlive its ops)."""
        return self.window().isVisible()

    def refresh(self) -> None:
        if not self.live():
            return
        self.ctx.ops.run(self._load, self.ctx.database, self.ctx.settings.sync_server_url,
                         on_success=self.show_loaded)

    @staticmethod
    def _load(database: Any, url: str) -> tuple[service.SyncStatus, list[service.ProblemInfo]]:
        return service.status(database, url), service.problems(database)

    def load_now(self) -> None:
        """Load synchronously (screenshots and tests only)."""
        self.show_loaded(self._load(self.ctx.database, self.ctx.settings.sync_server_url))

    def state_name(self) -> str:
        scheduler = self.scheduler
        if self.syncing:
            return "syncing"
        if self.state.problems or scheduler.auth_failed or "token" in self.state.last_error:
            return "attention"
        if scheduler.offline or not self.state.configured:
            return "offline"
        if scheduler.rounds == 0:
            return "waiting"  # nothing is known yet about this session's link
        return "online"

    def error_sentence(self) -> str:
        """The last failure in one sentence: this session's, else the one stored by the
        last round (another process, or before a restart)."""
        if self.scheduler.rounds:
            return self.scheduler.last_error
        return self.state.error_sentence

    def show_loaded(self, loaded: tuple[service.SyncStatus, list[service.ProblemInfo]]) -> None:
        self.state, problems = loaded
        name = self.state_name()
        pending = self.state.pending
        text, colour = {
            "syncing": (_("Synchronising…"), WARN),
            "attention": (_("Needs attention"), BAD),
            "offline": (_("Offline: changes are kept and sent later") if self.state.configured
                        else _("Local only: no regional server set"), MUTED),
            "waiting": (_("Waiting for the first synchronisation of this session"), MUTED),
            "online": (_("Online, up to date") if not pending
                       else _("Online: changes are waiting to be sent"), OK),
        }[name]
        self.state_label.setText(f"<b><span style='color:{colour}'>●</span> {text}</b>")
        self.state_label.setProperty("state", name)
        self.pending_label.setText(_("Changes not yet sent: {count}").format(count=pending))
        self.last_label.setText(_("Last successful synchronisation: {when}").format(
            when=when(self.state.last_success_at)))
        next_try = self.scheduler.next_try
        self.next_label.setText(_("Next attempt: {when}").format(
            when=formatting.date_time(next_try.astimezone(), seconds=True))
            if next_try is not None else "")
        self.next_label.setVisible(next_try is not None)
        error = self.error_sentence()
        self.error_label.setText(error and _("Last attempt failed: {error}").format(
            error=error))
        self.error_label.setVisible(bool(error))
        if not self._filled or [p.id for p in problems] != [p.id for p in self.problems]:
            self._filled = True
            self.problems = problems
            self.fill_problems()
        self.problems_hint.setText(self.problems_text())

    def fill_problems(self) -> None:
        self.table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            cells = [problem_label(problem), _(STATUS_NAMES.get(problem.status, problem.status)),
                     when(problem.created_at)]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.problems_hint.setText(self.problems_text())
        if self.problems:
            self.table.selectRow(0)
        else:
            self.compare.setRowCount(0)
            self.reason_label.clear()
        self._enable_actions()

    def problems_text(self) -> str:
        if self.problems:
            return _("These changes were set aside; the others went on. Choose which version "
                     "to keep.")
        if self.state.pending:
            return _("Nothing to resolve. {count} changes have not reached the region yet.")\
                .format(count=self.state.pending)
        return _("Nothing to resolve: every change reached the region.")

    def selected(self) -> service.ProblemInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.problems):
            return None
        return self.problems[rows[0].row()]

    def show_selected(self) -> None:
        problem = self.selected()
        self._enable_actions()
        if problem is None:
            return
        theirs = problem.theirs.get("fields") or {}
        keys = compared_keys(problem)
        self.compare.setRowCount(len(keys))
        for row, key in enumerate(keys):
            mine = problem.mine.get(key, theirs.get(key, ""))
            other = theirs.get(key, "") if theirs else _("(not at the region)")
            cells = [field_name(key), shown(mine), shown(other)]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column and key in problem.mine and str(mine) != str(other):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.compare.setItem(row, column, item)
        reason = (_("Changed here and at the region at the same time: identity data is never "
                    "merged automatically.") if problem.status == "conflict"
                  else _("The region refused this change: {reason}").format(
                      reason=problem.reason))
        self.reason_label.setText(reason)

    def _enable_actions(self) -> None:
        chosen = self.selected() is not None
        for button in (self.keep_mine, self.keep_theirs, self.edit_resend):
            button.setEnabled(chosen)

    def resolve(self, choice: str) -> None:
        problem = self.selected()
        if problem is None:
            return
        edited: dict[str, Any] | None = None
        if choice == "edit":
            edited = self.ask_edits(self, dict(problem.mine))
            if edited is None:
                return
        self.ctx.ops.run(service.resolve_problem, self.ctx.database, problem.id, choice,
                         edited, on_success=lambda _r: self.refresh())

    # -- network ---------------------------------------------------------------------------

    def save_token(self) -> None:
        token = self.token_edit.text().strip()
        self.token_error.setText("" if token else _(
            "Paste the token the region issued for this workstation, then save it."))
        self.token_error.setVisible(not token)
        if token:
            self.ctx.ops.run(service.save_token, self.ctx.database, self.ctx.paths.config,
                             token, on_success=lambda _where: self.token_edit.clear())

    def sync_now(self) -> None:
        """"Sincronizza ora": the scheduler starts a round at once."""
        self.scheduler.sync_now()

    def show_progress(self, progress: Progress) -> None:
        if progress.total <= 0:
            return
        self.progress.setVisible(True)
        self.progress_label.setVisible(True)
        self.progress.setMaximum(progress.total)
        self.progress.setValue(min(progress.done, progress.total))
        elapsed = time.monotonic() - self._started
        left = elapsed / max(progress.done, 1) * max(progress.total - progress.done, 0)
        self.progress_label.setText(_("First synchronisation: {done} of {total}, about {left} s "
                                      "left").format(done=progress.done, total=progress.total,
                                                     left=int(left)))
