"""The Imprese page by keyboard: register a firm, search it, add a site and a contact,
record a service, see the L. 68 quota; bad input stays on the screen, nothing saved."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.firms import registry
from desktop.views.main_window import MainWindow
from desktop.views.pages.imprese import FirmsPage
from tests.firms.conftest import partita_iva, wrong_check_digit
from tests.gui.conftest import wait_idle


def _page(window: MainWindow, qtbot: QtBot) -> FirmsPage:
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["imprese"]
    assert isinstance(page, FirmsPage)
    assert window.stack.currentWidget() is page
    wait_idle(qtbot, page.ctx.ops)
    return page


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _ctrl(qtbot: QtBot, key: Qt.Key, shift: bool = False) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(target, key, mods)


def test_register_search_site_contact_service_and_quota(window: MainWindow,
                                                        qtbot: QtBot) -> None:
    page = _page(window, qtbot)
    page.search.setFocus()
    _ctrl(qtbot, Qt.Key.Key_N)
    editor = page.editor
    assert editor.fiscal_code.hasFocus()
    code = partita_iva(4455667)
    qtbot.keyClicks(editor.fiscal_code, code)
    _type(qtbot, editor.name, "Gelateria Vivoli S.r.l.")
    _type(qtbot, editor.ateco.edit, "gelati")  # the picker by words
    assert editor.ateco.matches.isVisible()
    qtbot.keyClick(editor.ateco.edit, Qt.Key.Key_Down)
    assert editor.ateco.matches.hasFocus()
    first = editor.ateco.matches.item(0).text()
    qtbot.keyClick(editor.ateco.matches, Qt.Key.Key_Return)
    assert editor.ateco.code() == first.split(" ")[0]
    assert editor.ateco.title.text()
    _type(qtbot, editor.comune_code, "D612")
    _type(qtbot, editor.email, "info@vivoli.example.it")
    _type(qtbot, editor.employees, "120")
    _type(qtbot, editor.l68_hires, "6")
    _ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, page.ctx.ops)
    assert page.firm_id is not None, page.status.text()
    assert "Gelateria Vivoli" in page.heading.text()
    # 120 employees: 7% = 8.4 -> 8 disabled, 1% = 1.2 -> 1 protected; 6 hired, 3 to fill.
    quota = page.quota.text()
    assert "120" in quota and "8" in quota and "3" in quota, quota
    # Edit: 30 employees now; Ctrl+S saves the open firm, the quota follows.
    editor.employees.clear()
    _type(qtbot, editor.employees, "30")
    _ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, page.ctx.ops)
    assert page.quota.text().startswith("30 dipendenti computabili; 1 lavoratore"), \
        page.quota.text()

    # Search it by its first letters, and by its code, from another firm's page.
    _ctrl(qtbot, Qt.Key.Key_F)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "gelateria viv")
    wait_idle(qtbot, page.ctx.ops)
    assert [r.name for r in page.results.rows] == ["Gelateria Vivoli S.r.l."]
    page.search.clear()
    qtbot.keyClicks(page.search, code[:7])
    wait_idle(qtbot, page.ctx.ops)
    assert [r.fiscal_code for r in page.results.rows] == [code]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx.ops)

    # A site, then a contact: typed in the section's form, Ctrl+Enter adds it.
    page.tabs.setCurrentWidget(page.sites)
    _type(qtbot, page.sites.label, "Laboratorio di Sesto")
    _type(qtbot, page.sites.comune, "I684")
    _ctrl(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx.ops)
    assert [s.label for s in page.sites.model.rows] == ["Laboratorio di Sesto"]
    page.tabs.setCurrentWidget(page.contacts)
    _type(qtbot, page.contacts.name, "Silvana Vivoli")
    _type(qtbot, page.contacts.email, "silvana@vivoli")  # bad e-mail: refused
    _ctrl(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx.ops)
    assert "email" in page.contacts.grid.shown_errors()
    assert page.contacts.model.rows == []
    page.contacts.email.clear()
    _type(qtbot, page.contacts.email, "silvana@vivoli.example.it")
    _ctrl(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx.ops)
    assert [c.name for c in page.contacts.model.rows] == ["Silvana Vivoli"]

    # A service delivered, for the site.
    page.tabs.setCurrentWidget(page.services)
    page.services.service.setCurrentIndex(page.services.service.findData("PRES"))
    page.services.site.setCurrentIndex(1)
    _type(qtbot, page.services.notes, "Due gelatieri")
    _ctrl(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx.ops)
    assert [(a.service, a.site_label) for a in page.services.model.rows] == [
        ("Preselezione", "Laboratorio di Sesto")]


def test_bad_firm_stays_on_screen_and_nothing_is_saved(window: MainWindow,
                                                       qtbot: QtBot) -> None:
    page = _page(window, qtbot)
    before = len(registry.search_firms(page.ctx.database, page.ctx.operator, "", limit=10_000))
    page.open_firm(page.results.rows[0].id)  # a demo firm with its sites, then a new one
    wait_idle(qtbot, page.ctx.ops)
    assert page.sites.model.rows
    page.search.setFocus()
    _ctrl(qtbot, Qt.Key.Key_N)
    assert page.sites.model.rows == [] and page.services.model.rows == []
    assert not page.tabs.isEnabled()
    editor = page.editor
    qtbot.keyClicks(editor.fiscal_code, wrong_check_digit(partita_iva(1112223)))
    _type(qtbot, editor.ateco.edit, "99.99.99")
    _type(qtbot, editor.email, "not-an-address")
    _type(qtbot, editor.employees, "-4")
    _ctrl(qtbot, Qt.Key.Key_S)
    wait_idle(qtbot, page.ctx.ops)
    shown = editor.grid.shown_errors()
    assert "partita IVA" in shown["fiscal_code"]
    assert "ragione sociale" in shown["name"]
    assert "ATECO" in shown["ateco"]
    assert "e-mail" in shown["email"]
    assert "negativo" in shown["employees"]
    assert editor.fiscal_code.hasFocus()  # the first wrong field
    assert page.firm_id is None
    after = len(registry.search_firms(page.ctx.database, page.ctx.operator, "", limit=10_000))
    assert after == before


def test_duplicate_firm_is_refused_on_screen(window: MainWindow, qtbot: QtBot) -> None:
    page = _page(window, qtbot)
    existing = registry.search_firms(page.ctx.database, page.ctx.operator, "", limit=1)[0]
    page.new_firm()
    page.editor.fiscal_code.setText(existing.fiscal_code)
    page.editor.name.setText("Copia S.r.l.")
    page.editor.ateco.set_code("62.01.00")
    page.editor.employees.setText("3")
    page.save_button.click()
    wait_idle(qtbot, page.ctx.ops)
    assert existing.name in page.editor.grid.shown_errors()["fiscal_code"]
    assert page.firm_id is None


def test_observatory_counts_services_to_firms(window: MainWindow, qtbot: QtBot) -> None:
    window.show_area("osservatorio")
    page = window.pages["osservatorio"]
    wait_idle(qtbot, page.ctx.ops)
    line = page.firm_services  # type: ignore[attr-defined]
    assert line.counts and sum(c.count for c in line.counts) > 0
    assert line.text().startswith("Servizi erogati alle imprese: Consulenza ")


def test_new_vacancy_opens_the_vacancy_form_for_the_open_firm(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vacancy form is the vacancies area's: a stand-in module records the call."""
    calls: list[object] = []
    stand_in = types.ModuleType("desktop.views.firms.vacancy_form")
    stand_in.open_vacancy_form = lambda parent, ctx, employer_id: calls.append(  # type: ignore[attr-defined]
        (parent, employer_id))
    monkeypatch.setitem(sys.modules, "desktop.views.firms.vacancy_form", stand_in)
    page = _page(window, qtbot)
    page.new_firm()
    _ctrl(qtbot, Qt.Key.Key_O, shift=True)
    assert calls == [] and "Aprire prima un'impresa" in page.status.text()
    page.open_firm(page.results.rows[0].id)
    wait_idle(qtbot, page.ctx.ops)
    page.search.setFocus()
    _ctrl(qtbot, Qt.Key.Key_O, shift=True)
    wait_idle(qtbot, page.ctx.ops)
    assert calls == [(page, page.results.rows[0].id)]
