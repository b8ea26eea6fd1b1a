"""The GUI fixtures (logged-in demo context, main window) for the feedback views."""

from tests.gui.conftest import config, ctx, ops, window  # noqa: F401
from tests.helpers.qt_windows import windows_deleted  # noqa: F401
