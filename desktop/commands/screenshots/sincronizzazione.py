"""Sincronizzazione's further screen: a conflict in the Problems list, when there is one.

The demo database is shown as it is: if it holds a sync conflict, the first one is
selected with its two versions side by side; otherwise the page shows its state and
an empty Problems list. No regional server is started: the product never imports it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots.rendering import Scenarios
from desktop.views.pages.sincronizzazione import SyncPage


def scenarios(page: SyncPage) -> Scenarios:
    def conflict() -> QWidget:
        page.load_now()
        conflicts = [row for row, p in enumerate(page.problems) if p.status == "conflict"]
        if conflicts:
            page.table.selectRow(conflicts[0])
        return page.window()

    return {"sincronizzazione-conflitto": conflict}
