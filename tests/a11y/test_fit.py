"""Nothing shown cut (issue 22 item "truncated widgets"): over every page and dialog,
the codice fiscale columns show 16 characters whole and the charts' labels are all
there, whole and apart."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.a11y.fit import cut_chart_labels, cut_fiscal_codes
from tests.a11y.surfaces import Surfaces


def test_no_codice_fiscale_column_and_no_chart_label_is_cut(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in cut_fiscal_codes(top) + cut_chart_labels(top))

    visited = surfaces.walk(visit, stations=False)
    assert {"accoglienza", "osservatorio", "condizionalita", "agenda"} <= set(visited)
    assert problems == [], "\n".join(problems)
