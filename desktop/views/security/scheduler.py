"""Background security chores of a logged-in window: the daily backup.

Checks a minute after login and then every hour whether today's scheduled backup exists;
the work runs on the database worker, never on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.security.backup import BackupResult, daily_backup
from desktop.views.context import ViewContext

log = logging.getLogger(__name__)


class BackupScheduler(QObject):
    """Signals:
        backed_up(object): a scheduled backup was written (BackupResult).
    """

    backed_up = Signal(object)

    def __init__(self, ctx: ViewContext, parent: QObject, interval_ms: int = 3_600_000) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._interval = interval_ms
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(min(60_000, interval_ms))  # first check a minute after login

    def check(self) -> None:
        if self._ctx.ops.closed:  # the window is closing: a late timer submits nothing
            self._timer.stop()
            return
        self._timer.setInterval(self._interval)
        if not self._ctx.database.is_sqlite:
            return
        self._ctx.ops.run(daily_backup, self._ctx.database, self._ctx.paths.backups,
                          self._ctx.settings.backup_keep, on_success=self._done,
                          on_error=self._failed)

    def _done(self, result: BackupResult | None) -> None:
        if result is not None:
            self.backed_up.emit(result)

    def _failed(self, exc: BaseException) -> None:
        # Never interrupt the counter for this: log it; the settings page shows backups.
        log.warning("scheduled backup failed: %s", exc)
