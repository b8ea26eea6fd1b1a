"""Messaggi non inviati: every reminder that failed and is still being retried, with why
and when the next try is; "Riprova ora" sends the chosen one at the worker's next round."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.messaging import outbox
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.table_model import Column, RowTableModel
from desktop.views.widgets import scoped_shortcut

CHANNELS = {"email": N_("E-mail"), "sms": N_("SMS")}


class UnsentModel(RowTableModel[Any]):
    columns = (
        Column(N_("Due"), lambda m: formatting.date_time(m.due_at.astimezone())),
        Column(N_("Channel"), lambda m: _(CHANNELS.get(m.channel, m.channel))),
        Column(N_("Address"), lambda m: m.address),
        Column(N_("Attempts"), lambda m: str(m.attempts)),
        Column(N_("Next try"), lambda m: formatting.date_time(m.next_attempt_at.astimezone())),
        Column(N_("Why it was not sent"), lambda m: m.last_error),
    )


class UnsentDialog(QDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._note = ""
        self.setWindowTitle(_("Unsent messages"))
        self.setAccessibleName(_("Unsent messages"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Reminders the e-mail server or the SMS gateway did not accept. "
                         "They are retried automatically, with longer and longer waits, "
                         "and never dropped."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = UnsentModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Unsent messages"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setAccessibleName(_("Unsent messages status"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        self.retry_button = QPushButton(_("&Retry now"))
        self.retry_button.setToolTip(_("Retry now (Ctrl+R)"))
        self.retry_button.clicked.connect(self.retry)
        scoped_shortcut("Ctrl+R", self, self.retry, description=_("Retry the message now"))
        scoped_shortcut("F5", self, self.load, description=_("Update the list"))
        close = QPushButton(_("&Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        self.ctx.ops.run(outbox.unsent, self.ctx.database, self.ctx.operator,
                         on_success=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        text = _("Messages waiting to be sent again: {count}.").format(
            count=len(rows)) if rows else _("Every message was sent.")
        self.status.setText(f"{self._note} {text}".strip())
        self._note = ""
        if rows:
            self.table.selectRow(0)

    def retry(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.status.setText(_("Choose a message first."))
            return
        message = self.model.row_at(index.row())
        self.ctx.ops.run(outbox.retry_now, self.ctx.database, self.ctx.operator, message.id,
                         on_success=lambda _m: self._retried(), on_error=self._failed)

    def _retried(self) -> None:
        self._note = _("The message will be sent again at the next round.")
        self.load()

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status.setText)
