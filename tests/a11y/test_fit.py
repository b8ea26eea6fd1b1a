"""Nothing shown cut (issue 22 item "truncated widgets"): over every page and dialog,
the codice fiscale columns show 16 characters whole and the charts' labels are all
there, whole and apart; the sync token field shows a whole token."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from tests.a11y.fit import (
    cut_chart_labels,
    cut_fiscal_codes,
    cut_placeholders,
    cut_wrapped_labels,
)
from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import accessible_name
from tests.gui.conftest import wait_idle


def test_no_codice_fiscale_column_chart_label_wrapped_label_or_hint_is_cut(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in cut_fiscal_codes(top) + cut_chart_labels(top)
                        + cut_wrapped_labels(top) + cut_placeholders(top))

    visited = surfaces.walk(visit, stations=False)
    assert {"accoglienza", "osservatorio", "condizionalita", "agenda"} <= set(visited)
    assert problems == [], "\n".join(problems)


def test_the_sync_token_field_shows_a_whole_token_and_has_a_name(
        window: MainWindow, qtbot: QtBot) -> None:
    window.show_area("sincronizzazione")
    wait_idle(qtbot, window.ctx.ops)
    edit = window.pages["sincronizzazione"].token_edit  # type: ignore[attr-defined]
    assert accessible_name(edit)
    edit.setText("spt_" + "x" * 43)  # what `sportello-server workstation` hands out
    QApplication.processEvents()
    edit.home(False)
    edit.repaint()  # the field scrolls its text when painted
    start = edit.cursorRect().center().x()
    edit.end(False)
    edit.repaint()
    end = edit.cursorRect().center().x()
    # Scrolled, the field would show only the part that fits; whole, the cursor travels
    # the full width of what it shows.
    shown = edit.fontMetrics().horizontalAdvance(edit.displayText())
    assert end - start >= shown - 1, (end - start, shown, edit.width())
    # The cards share the page evenly now: the compared versions' headers still fit.
    compare = window.pages["sincronizzazione"].compare  # type: ignore[attr-defined]
    header = compare.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)  # as the style sheet draws the headers
    for column in range(compare.columnCount()):
        text = compare.horizontalHeaderItem(column).text()
        need = QFontMetrics(bold).horizontalAdvance(text) + 10  # and its 5 px padding
        assert header.sectionSize(column) >= need, (text, header.sectionSize(column), need)
