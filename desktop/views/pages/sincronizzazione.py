"""Sincronizzazione: exchange with the regional server, and the Problems list.

Every network round runs on the "net" worker (``ctx.ops``), started by a timer and by
"Sincronizza ora"; the GUI thread only shows results. A first sync reports its progress
through a queued signal, with an estimate of the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.sync import service
from desktop.sync.agent import Progress
from desktop.views.context import ViewContext
from desktop.views.pages.base import Page, card, card_layout
from desktop.views.style import BAD, MUTED, OK, WARN

STATUS_REFRESH_MS = 5_000

FIELD_NAMES = {
    "fiscal_code": N_("Fiscal code"),
    "fiscal_code_base": N_("Fiscal code (base)"),
    "surname": N_("Surname"),
    "name": N_("Name"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birthplace_code": N_("Place of birth (code)"),
    "citizenship": N_("Citizenship"),
    "mobile": N_("Mobile"),
    "email": N_("Email"),
}
KIND_NAMES = {"person": N_("Person"), "agreement": N_("Service agreement"),
              "action": N_("Action"), "vacancy": N_("Vacancy")}
STATUS_NAMES = {"conflict": N_("Conflict"), "rejected": N_("Refused"),
                "forbidden": N_("Not allowed")}


def field_name(key: str) -> str:
    return _(FIELD_NAMES[key]) if key in FIELD_NAMES else key


def shown(value: Any) -> str:
    """A value as an operator reads it (dates the Italian way)."""
    text = "" if value is None else str(value)
    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y") if len(text) == 10 else text
    except ValueError:
        return text


def when(moment: datetime | None) -> str:
    if moment is None:
        return _("never")
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


class EditDialog(QDialog):
    """Edit the values to send again (one line per field of mine)."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit and resend"))
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, value in values.items():
            edit = QLineEdit("" if value is None else str(value))
            self.edits[key] = edit
            form.addRow(field_name(key), edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}


def ask_edits(parent: QWidget, values: dict[str, Any]) -> dict[str, Any] | None:
    dialog = EditDialog(values, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


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
        self.syncing = False
        self.offline = False
        self.problems: list[service.ProblemInfo] = []
        self.state = service.SyncStatus(False, 0, 0, None, "", 0)
        self._started = 0.0
        self._filled = False

        status_card = card(_("State"))
        layout = card_layout(status_card)
        self.state_label = QLabel()
        self.state_label.setObjectName("SyncState")
        self.pending_label = QLabel()
        self.last_label = QLabel()
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
        self.sync_button.setProperty("primary", True)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setEnabled(bool(server))
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(_("Workstation token from the region"))
        self.token_button = QPushButton(_("Save token"))
        self.token_button.clicked.connect(self.save_token)
        for widget in (self.state_label, self.pending_label, self.last_label, self.server_label,
                       self.error_label, self.progress_label, self.progress):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addStretch(1)
        row.addWidget(self.token_edit, 2)
        row.addWidget(self.token_button)
        layout.addLayout(row)
        layout.addStretch(1)

        problems_card = card(_("Problems"))
        playout = card_layout(problems_card)
        self.problems_hint = QLabel()
        self.problems_hint.setObjectName("Muted")
        self.problems_hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Record"), _("Problem"), _("Since")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(150)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.compare = QTableWidget(0, 3)
        self.compare.setHorizontalHeaderLabels(
            [_("Field"), _("My version"), _("Region's version")])
        for column in range(3):
            self.compare.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch)
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
        columns.addLayout(left, 2)
        columns.addWidget(problems_card, 3)
        self.body.addLayout(columns, 1)
        self._enable_actions()

        self.progress_reported.connect(self.show_progress)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(STATUS_REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start()
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(max(10, ctx.settings.sync_interval_seconds) * 1000)
        self._sync_timer.timeout.connect(self.sync_now)
        if server:
            self._sync_timer.start()
        QTimer.singleShot(0, self.refresh)

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
        if self.syncing:
            return "syncing"
        if self.state.problems or "token" in self.state.last_error:
            return "attention"
        if self.offline or not self.state.configured:
            return "offline"
        return "online"

    def show_loaded(self, loaded: tuple[service.SyncStatus, list[service.ProblemInfo]]) -> None:
        self.state, problems = loaded
        name = self.state_name()
        text, colour = {
            "syncing": (_("Synchronising…"), WARN),
            "attention": (_("Needs attention"), BAD),
            "offline": (_("Offline: changes are kept and sent later") if self.state.configured
                        else _("Local only: no regional server set"), MUTED),
            "online": (_("Online, up to date") if not self.state.pending
                       else _("Online"), OK),
        }[name]
        self.state_label.setText(f"<b><span style='color:{colour}'>●</span> {text}</b>")
        self.state_label.setProperty("state", name)
        self.pending_label.setText(_("Changes not yet sent: {count}").format(
            count=self.state.pending))
        self.last_label.setText(_("Last successful synchronisation: {when}").format(
            when=when(self.state.last_success_at)))
        self.error_label.setText(self.state.last_error and _("Last attempt failed: {error}")
                                 .format(error=self.state.last_error))
        self.error_label.setVisible(bool(self.state.last_error))
        if not self._filled or [p.id for p in problems] != [p.id for p in self.problems]:
            self._filled = True
            self.problems = problems
            self.fill_problems()

    def fill_problems(self) -> None:
        self.table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            record = (problem.mine.get("surname") or (problem.theirs.get("fields") or {})
                      .get("surname") or "")
            name = (problem.mine.get("name") or (problem.theirs.get("fields") or {})
                    .get("name") or "")
            label = f"{_(KIND_NAMES.get(problem.kind, problem.kind))}: {record} {name}".strip()
            cells = [label, _(STATUS_NAMES.get(problem.status, problem.status)),
                     when(problem.created_at)]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.problems_hint.setText(
            _("Nothing to resolve: every change reached the region.") if not self.problems else
            _("These changes were set aside; the others went on. Choose which version to "
              "keep."))
        if self.problems:
            self.table.selectRow(0)
        else:
            self.compare.setRowCount(0)
            self.reason_label.clear()
        self._enable_actions()

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
        keys = list(problem.mine) if problem.status == "rejected" else sorted(
            set(problem.mine) | {k for k in theirs if k in FIELD_NAMES},
            key=lambda k: list(FIELD_NAMES).index(k) if k in FIELD_NAMES else 99)
        keys = [k for k in keys if k != "fiscal_code_base"]
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
        if token:
            self.ctx.ops.run(service.save_token, self.ctx.database, self.ctx.paths.config,
                             token, on_success=lambda _where: self.token_edit.clear())

    def sync_now(self) -> None:
        url = self.ctx.settings.sync_server_url
        if self.syncing or not url or not self.live():
            return
        self.syncing = True
        self._started = time.monotonic()
        self.sync_button.setEnabled(False)
        self.show_loaded((self.state, self.problems))
        self.ctx.ops.run(service.sync_now, self.ctx.database, url, self.ctx.paths.config,
                         self.progress_reported.emit, kind="net",
                         on_success=self._synced, on_error=self._sync_failed)

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

    def _finish(self) -> None:
        self.syncing = False
        self.sync_button.setEnabled(bool(self.ctx.settings.sync_server_url))
        self.progress.setVisible(False)
        self.progress_label.setVisible(False)
        self.refresh()

    def _synced(self, _report: object) -> None:
        self.offline = False
        self._finish()

    def _sync_failed(self, exc: BaseException) -> None:
        self.offline = not getattr(exc, "auth", False)
        self._finish()

    def extra_screenshots(self) -> dict[str, Callable[[], QWidget]]:
        def conflict() -> QWidget:
            import dataclasses
            import tempfile
            from pathlib import Path

            from desktop.sync.scratch import conflict_setup

            folder = Path(tempfile.mkdtemp(prefix="sportello-sync-shot-"))
            database = conflict_setup(folder)
            settings = dataclasses.replace(self.ctx.settings,
                                           sync_server_url="https://sil.regione.example.it")
            scratch = dataclasses.replace(self.ctx, database=database, settings=settings)
            page = SyncPage(scratch, self)
            page.setWindowFlag(Qt.WindowType.Window)
            page._sync_timer.stop()
            page._refresh_timer.stop()
            page.load_now()
            page.resize(1200, 700)
            return page

        return {"sincronizzazione-conflitto": conflict}
