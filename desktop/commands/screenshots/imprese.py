"""Imprese's further screens: a demo firm open with its sections, and a wrong firm."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots import rendering
from desktop.commands.screenshots.rendering import Scenarios
from desktop.views.pages.imprese import FirmsPage


def scenarios(page: FirmsPage) -> Scenarios:
    def settle() -> None:
        rendering.settle_ops(page.ctx.ops, 300)

    def firm() -> QWidget:
        page.search.setText("super")
        page.run_search("super")
        settle()
        page.open_first()
        settle()
        page.tabs.setCurrentWidget(page.services)
        return page.window()

    def sites() -> QWidget:
        page.tabs.setCurrentWidget(page.sites)
        return page.window()

    def wrong() -> QWidget:
        page.new_firm()
        page.editor.fiscal_code.setText("12345670480")
        page.editor.ateco.edit.setText("pasticc")
        page.editor.ateco.edit.textEdited.emit("pasticc")
        page.editor.email.setText("info@pasticceria")
        page.editor.employees.setText("-3")
        page.save_firm()
        settle()
        return page.window()

    return {"impresa": firm, "sedi": sites, "errori": wrong}
