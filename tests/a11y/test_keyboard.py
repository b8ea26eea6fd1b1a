"""Keyboard first (issue 22 item 1): no Alt-key clash anywhere, F1 lists every shortcut."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import mnemonic_clashes


def test_no_mnemonic_clash_on_any_page_or_dialog(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in mnemonic_clashes(top))

    visited = surfaces.walk(visit)
    assert len(visited) > 10
    assert problems == [], "\n".join(problems)
