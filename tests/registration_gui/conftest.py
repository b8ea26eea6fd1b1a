"""The GUI fixtures of tests/gui (ops, ctx, window...) for this folder too."""

from tests.gui.conftest import config, ctx, ops, window  # noqa: F401
