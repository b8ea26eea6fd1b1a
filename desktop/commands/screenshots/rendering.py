"""Waiting for a screen to be drawn, and writing it to PNG (``sportello screenshots``).

The scenarios call ``rendering.settle`` through this module (not a copy of the
name), so a test can replace it to simulate a loaded machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: A page's further screens: a file name (without .png) and what builds and fills it;
#: the page has already been shown when one is called.
Scenarios = dict[str, Callable[[], QWidget]]


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


def app() -> QApplication:
    """The running application (the command creates it before any scenario)."""
    instance = QApplication.instance()
    if not isinstance(instance, QApplication):
        raise RuntimeError("screenshots need a QApplication")
    return instance


def settle_ops(ops: object, ms: int = 300) -> None:
    """``settle`` on the running application."""
    settle(app(), ops, ms)


def save_png(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path
