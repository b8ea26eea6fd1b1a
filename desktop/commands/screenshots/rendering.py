"""Render the application's screens to PNG files, offscreen, with demo data.

Used by ``sportello screenshots DIR`` (desktop.commands.screenshots); an area with
further screens (dialogs, the display, the kiosk) lists them in its page's
``extra_screenshots()``.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def settle(app: QApplication, ops: object, ms: int = 150, wait_s: float = 60.0) -> None:
    """Let pending operations finish (up to ``wait_s``: a loaded machine is slow, and a
    screen caught half loaded is a wrong picture) and the widgets repaint."""
    loop = QEventLoop()
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        app.processEvents()
        if not getattr(ops, "pending", 0):
            break
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def save_png(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path
