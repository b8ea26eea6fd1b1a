"""Fixtures of the accessibility walks: the GUI fixtures of tests/gui, the windows
deleted after each test, and :func:`walk_surfaces`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.a11y.surfaces import surfaces  # noqa: F401
from tests.gui.conftest import config, ctx, ops, window  # noqa: F401
from tests.helpers.qt_windows import windows_deleted  # noqa: F401


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The waiting-room display loads Qt Multimedia, which looks for PipeWire and VA-API
    libraries a test machine may lack: harmless there."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)"))
