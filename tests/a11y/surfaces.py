"""Every surface an operator or a visitor meets: each page of the main window, each
dialog a page's "…" buttons and the menus open, the kiosk and the waiting-room display.

Found generically (PAGES through the window, QPushButton children whose text ends with
"…" by the usual convention for "opens a window"), so what other areas add is walked too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Person
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow
from tests.gui.conftest import wait_idle

Visit = Callable[[str, QWidget], None]


@dataclass
class Surfaces:
    """Walks the surfaces and calls ``visit(name, top_level)`` on each, as shown."""

    qtbot: QtBot
    window: MainWindow
    visited: list[str] = field(default_factory=list)

    def settle(self) -> None:
        wait_idle(self.qtbot, self.window.ctx.ops)
        QApplication.processEvents()

    def pages(self) -> Iterator[str]:
        for area in self.window.pages:
            self.window.show_area(area)
            self.settle()
            yield area

    def walk(self, visit: Visit, *, dialogs: bool = True, stations: bool = True) -> list[str]:
        self._serve_someone()
        for area in self.pages():
            visit(f"page {area}", self.window)
            self.visited.append(area)
            if dialogs:
                for button in self._openers(self.window.pages[area]):
                    self._open(f"{area} › {button.text()}", button.click, visit)
        if dialogs:
            for action in self.window.findChildren(type(self.window.release_action)):
                if action.text().endswith("…") or action.shortcut().toString() == "F1":
                    self._open(f"menu › {action.text()}", action.trigger, visit)
        if stations:
            self._stations(visit)
        return self.visited

    def _serve_someone(self) -> None:
        with self.window.ctx.database.read() as session:
            person = session.scalars(select(Person).order_by(Person.surname)).first()
            assert person is not None
            ref = PersonRef(person.id, person.fiscal_code, f"{person.name} {person.surname}")
        self.window.ctx.current.set(ref, ask=False)
        self.settle()

    @staticmethod
    def _openers(page: QWidget) -> list[QAbstractButton]:
        return [b for b in page.findChildren(QAbstractButton)
                if b.isVisible() and b.isEnabled() and b.text().rstrip().endswith("…")]

    def _open(self, name: str, trigger: Callable[[], None], visit: Visit) -> None:
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        seen: list[QWidget] = []

        def look() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None or modal in seen:
                return
            seen.append(modal)
            self._visit_and_close(name, modal, visit)

        timer = QTimer()
        timer.setInterval(30)
        timer.timeout.connect(look)
        timer.start()
        try:
            trigger()
            self.settle()
            look()
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible() and id(widget) not in before and widget not in seen:
                    seen.append(widget)
                    self._visit_and_close(name, widget, visit)
        finally:
            timer.stop()
        self.settle()

    def _visit_and_close(self, name: str, top: QWidget, visit: Visit) -> None:
        if not isinstance(top, QFileDialog):  # Qt's own, translated by Qt
            self.qtbot.waitExposed(top)
            wait_idle(self.qtbot, self.window.ctx.ops)
            QApplication.processEvents()
            visit(f"dialog {name} ({top.windowTitle()})", top)
            self.visited.append(name)
        if isinstance(top, QDialog):
            top.reject()
        else:
            top.close()

    def _stations(self, visit: Visit) -> None:
        from desktop.views.queue.display import Announcer, WaitingRoomDisplay
        from desktop.views.queue.events import QueueEvents
        from desktop.views.queue.kiosk import KioskWindow

        ctx = self.window.ctx
        kiosk = KioskWindow(ctx, printer=lambda *a, **k: None)  # type: ignore[arg-type]
        display = WaitingRoomDisplay(ctx, QueueEvents(ctx.database),
                                     Announcer(audio=False, engine="mock"))
        for name, top in (("kiosk", kiosk), ("display", display)):
            self.qtbot.addWidget(top)
            top.resize(1280, 800)
            top.show()
            self.qtbot.waitExposed(top)
            if top is kiosk:
                kiosk.load()
            else:
                display.refresh()
            self.settle()
            visit(name, top)
            self.visited.append(name)
            top.close()


@pytest.fixture
def surfaces(qtbot: QtBot, window: MainWindow) -> Surfaces:
    return Surfaces(qtbot, window)
