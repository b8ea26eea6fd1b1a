"""The Incrocio page shows who was left out and why, lifts a reason, explains each row."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from desktop.views.pages.incrocio import MatchingPage
from tests.a11y.numbers import english_decimals_in
from tests.gui.conftest import wait_idle


def _searched(window: MainWindow, qtbot: QtBot) -> MatchingPage:
    window.show_area("incrocio")
    page = window.pages["incrocio"]
    assert isinstance(page, MatchingPage)
    wait_idle(qtbot, page.ctx.ops)
    for index in range(page.vacancy_combo.count()):
        page.vacancy_combo.setCurrentIndex(index)
        page.search_candidates()
        wait_idle(qtbot, page.ctx.ops)
        if page.candidates.model.rowCount() >= 2 and "DID" in page.exclusions.summary.text():
            break
    return page


def test_exclusions_are_counted_and_the_operator_lifts_one(window: MainWindow,
                                                           qtbot: QtBot) -> None:
    page = _searched(window, qtbot)
    summary = page.exclusions.summary.text()
    assert "Escluse:" in summary and "senza DID in vigore" in summary
    ranked = page.candidates.model.rowCount()
    box = page.exclusions.boxes["no_did"]
    assert box.text().replace("&", "") == "Includi chi non ha la DID"
    box.setChecked(True)  # searches again by itself
    wait_idle(qtbot, page.ctx.ops)
    assert "(incluse)" in page.exclusions.summary.text()
    assert page.candidates.model.rowCount() > ranked
    box.setChecked(False)
    wait_idle(qtbot, page.ctx.ops)
    assert page.candidates.model.rowCount() == ranked


def test_the_explanation_panel_adds_up_and_names_the_occupation(window: MainWindow,
                                                                qtbot: QtBot) -> None:
    page = _searched(window, qtbot)
    page.candidates.table.selectRow(0)
    row = page.candidates.model.row_at(0)
    html = page.candidates.explanation.text()
    score = f"{row.score:.2f}".replace(".", ",")  # the Italian comma, as the spin boxes
    assert "somma dei punti" in html and f"{row.rank}. {score}" in html
    assert round(sum(float(line.split()[0].replace(",", ".")) for line in row.explanation),
                 2) == row.score
    assert english_decimals_in(html) == []  # "+0,20 su 0,35", never "+0.20 su 0.35"
    occupation = next(line for line in row.explanation if "occupazione" in line)
    assert not any(ch.isdigit() for ch in occupation.split(":", 1)[1].split("(")[0]) or (
        "non richiesto" in occupation)  # a title, not a code such as 5.1.2.2.0
