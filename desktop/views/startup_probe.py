"""The start-up figure that ``python -m bench startup`` reads (``sportello run --demo
--bench-startup``): one JSON line on stdout once the main window is idle, then quit.

"Idle" is three conditions, in this order, all on the GUI thread:

1. painted: a widget of the main window has received its first ``QEvent.Paint`` (the
   window is shown and exposed, and Qt has drawn it);
2. settled: no operation is pending in ``ctx.ops`` (what the first page asked of the
   database when it was opened has come back and is shown: the page is usable);
3. idle: the GUI thread's event dispatcher emits ``aboutToBlock``, i.e. it has nothing
   left to process and is about to wait for new events.

The line holds ``cpu_s``, the CPU time of the whole process (every thread) so far, and
``vm_hwm_mb``: the process's own peak resident memory (``VmHWM`` in
``/proc/self/status``), read just before exiting. Not ``ru_maxrss``, which survives
``exec`` and reports the parent's peak when the parent was bigger (issue 23).
``bench/startup.py`` measures its floor, a bare PySide6 window, with the same three
conditions written without Sportello's code.
"""

from __future__ import annotations

import json
import time

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop.views.ops import Operations


def vm_hwm_mb() -> float | None:
    """This process's peak resident memory in MB (Linux), None where /proc has none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class StartupProbe(QObject):
    """Prints the figure and quits the application once ``window`` is idle."""

    def __init__(self, window: QWidget, ops: Operations, app: QApplication,
                 started: float) -> None:
        super().__init__(window)
        self._window = window
        self._ops = ops
        self._app = app
        self._started = started
        self.painted = False
        self.reported = False
        app.installEventFilter(self)
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None:
            raise RuntimeError("no event dispatcher on the GUI thread")
        dispatcher.aboutToBlock.connect(self._about_to_block)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint \
                and isinstance(watched, QWidget) and watched.window() is self._window:
            self.painted = True
        return False

    def _about_to_block(self) -> None:
        if self.reported or not self.painted or self._ops.pending:
            return
        self.reported = True
        self._app.removeEventFilter(self)
        print(json.dumps({"window_idle_s": time.perf_counter() - self._started,
                          "cpu_s": time.process_time(), "vm_hwm_mb": vm_hwm_mb()}),
              flush=True)
        self._app.exit(0)
