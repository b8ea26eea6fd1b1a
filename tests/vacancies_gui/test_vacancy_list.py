"""The vacancy list of one employer: closing needs a reason, then it is closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.firms.employers import list_employers
from desktop.services.firms.vacancies import list_vacancies
from desktop.services.firms.vacancy_lifecycle import history
from desktop.views.context import ViewContext
from desktop.views.firms.vacancy_list import VacancyList
from tests.gui.conftest import wait_idle


def test_closing_without_a_reason_is_refused_then_closed(qtbot: QtBot,
                                                         ctx: ViewContext) -> None:
    vacancies = list_vacancies(ctx.database, ctx.operator)
    employer = next(e for e in list_employers(ctx.database, ctx.operator)
                    if any(v.employer_id == e.id for v in vacancies))
    listed = VacancyList(ctx, employer.id)
    qtbot.addWidget(listed)
    listed.resize(1100, 500)
    listed.show()
    qtbot.waitExposed(listed)
    wait_idle(qtbot, ctx.ops)
    assert {v.employer for v in listed.model.rows} == {employer.name}
    row = next(i for i, v in enumerate(listed.model.rows) if v.status == "aperta")
    target = listed.model.row_at(row)
    listed.table.selectRow(row)
    listed.activateWindow()
    listed.table.setFocus()
    qtbot.waitUntil(listed.table.hasFocus)
    qtbot.keyClick(listed.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = listed.reason_dialog
    qtbot.waitExposed(dialog)
    dialog.confirm()  # no reason chosen
    wait_idle(qtbot, ctx.ops)
    assert dialog.isVisible() and dialog.error.text() == "Scegliere perché l'offerta è chiusa."
    assert [s.status for s in history(ctx.database, ctx.operator, target.id)][-1:] != [
        "chiusa"]
    dialog.reason.setCurrentIndex(dialog.reason.findData("coperta"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.confirm()
        wait_idle(qtbot, ctx.ops)
    wait_idle(qtbot, ctx.ops)
    closed = next(v for v in listed.model.rows if v.id == target.id)
    assert (closed.status, closed.status_reason) == ("chiusa", "coperta")
    assert "chiusa" in listed.status.text()
