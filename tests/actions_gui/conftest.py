"""The GUI fixtures (logged-in demo context, main window) for the actions panel tests."""

from collections.abc import Iterator

import pytest

from tests.gui.conftest import config, ctx, ops, window  # noqa: F401


@pytest.fixture(autouse=True)
def _windows_deleted(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Delete the windows at once: a main window left for a later deferred delete keeps
    its backup timer, which fires a minute later inside an unrelated test."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
