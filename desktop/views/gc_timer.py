"""The garbage collector's cycles run on the GUI thread (see collector.own_collections).

A timer on the GUI thread runs the collections CPython would have run on its own, by
its thresholds; automatic collection stays off while it runs, so no worker thread ever
frees a cycle holding Qt objects.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop import collector

#: How often the GUI thread looks whether a collection is due.
INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Owns the collections until :meth:`stop` (parent it to the application)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(collector.collect_due)
        self.start()

    def start(self) -> None:
        """Own the collections (again) and look every :data:`INTERVAL_MS`."""
        collector.own_collections()
        self._timer.start()

    def stop(self) -> None:
        """Back to automatic collection (the application is closing, a test ends)."""
        self._timer.stop()
        collector.release_collections()


def install(app: QObject) -> GuiThreadCollector:
    """The application's collector, made once."""
    found = app.findChild(GuiThreadCollector)
    if found is None:
        return GuiThreadCollector(app)
    found.start()
    return found
