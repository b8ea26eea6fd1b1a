"""The GUI fixtures (logged-in demo context) for the vacancy form tests."""

from tests.gui.conftest import config, ctx, ops  # noqa: F401
from tests.helpers.qt_windows import windows_deleted  # noqa: F401
