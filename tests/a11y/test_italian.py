"""Italian everywhere (issue 22 item 3): no English shown in the Italian interface."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import english_shown


def test_no_english_string_is_shown_in_the_italian_interface(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in english_shown(top))

    surfaces.walk(visit)
    assert problems == [], "\n".join(problems)
