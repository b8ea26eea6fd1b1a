"""Queue changes as a Qt signal, from this process or (PostgreSQL) from other PCs.

Signals:
    changed(object): the site id whose queue changed; emitted on the GUI thread.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, Qt, Signal

from desktop.infra import notify as queue_notify
from desktop.infra.database import Database

log = logging.getLogger(__name__)


class QueueEvents(QObject):
    changed = Signal(object)
    _incoming = Signal(object)

    def __init__(self, db: Database, parent: QObject | None = None, *,
                 listen: bool = True) -> None:
        super().__init__(parent)
        self._incoming.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = queue_notify.subscribe(db, self._from_any_thread)
        self._listener: queue_notify.PostgresListener | None = None
        if listen and not db.is_sqlite:
            self._listener = queue_notify.PostgresListener(db).start()
            log.info("listening for queue changes from other workstations")

    def _from_any_thread(self, site_id: uuid.UUID) -> None:
        self._incoming.emit(site_id)

    def close(self) -> None:
        self._unsubscribe()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
