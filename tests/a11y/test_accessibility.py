"""EN 301 549 clause 11 (WCAG 2.1 AA) checks over every page, dialog, the kiosk and the
waiting-room display: accessible names (11.4.1.2), Tab order (11.2.4.3) and text contrast
(11.1.4.3), each computed from the widgets as shown with the application's style."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import low_contrast, tab_order_problems, unnamed


def _walk(surfaces: Surfaces, check: Callable[[QWidget], list[str]]) -> list[str]:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in check(top))

    visited = surfaces.walk(visit)
    assert {"accoglienza", "coda", "kiosk", "display"} <= set(visited)
    return problems


def test_every_focusable_control_has_an_accessible_name(surfaces: Surfaces) -> None:
    problems = _walk(surfaces, unnamed)
    assert problems == [], "\n".join(problems)


def test_tab_reaches_every_control_in_reading_order(surfaces: Surfaces) -> None:
    problems = _walk(surfaces, tab_order_problems)
    assert problems == [], "\n".join(problems)


def test_text_contrast_is_at_least_4_5_to_1(surfaces: Surfaces) -> None:
    problems = _walk(surfaces, low_contrast)
    assert problems == [], "\n".join(problems)
