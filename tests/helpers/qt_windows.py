"""A fixture for GUI test folders whose windows must not outlive their test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def windows_deleted() -> Iterator[None]:
    """Delete the windows at once: a main window left for a later deferred delete keeps
    its backup timer, which fires a minute later inside an unrelated test ("operations
    already shut down"). Tests without Qt pay nothing."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
