"""Pages built when first opened (issue 23): the window starts with one page, and every
area is still reached by its shortcut, lists its keys under F1 and follows the person."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Person
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow
from desktop.views.pages import PAGES, Page
from tests.gui.conftest import wait_idle


def test_every_entry_agrees_with_its_page_class() -> None:
    """The navigation's names come from PAGES without importing the pages: they must
    say what the page classes say."""
    for entry in PAGES:
        page_class = entry.load()
        assert issubclass(page_class, Page)
        assert (entry.area_id, entry.shortcut, entry.icon_name, entry.title()) == (
            page_class.area_id, page_class.shortcut, page_class.icon_name, page_class.title())
    assert len({entry.area_id for entry in PAGES}) == len(PAGES)


def test_only_the_first_page_is_built_with_the_window(window: MainWindow) -> None:
    assert [page.area_id for page in window.pages.built()] == ["accoglienza"]
    assert list(window.pages) == [entry.area_id for entry in PAGES]
    assert window.stack.count() == len(PAGES)


def test_a_shortcut_builds_its_page_in_place_and_f1_lists_its_keys(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert window.current_area() == "incrocio"
    page = window.pages["incrocio"]
    stack: QStackedWidget = window.stack
    assert stack.currentWidget() is page and page.isVisible()
    assert stack.indexOf(page) == 3 and stack.count() == len(PAGES)
    assert window.windowTitle().startswith("Sportello — Incrocio")
    keys = dict(window.shortcut_entries())
    assert "Ctrl+Return" in keys or "Ctrl+Invio" in keys, keys
    # Asked again, the same page: built once.
    window.show_area("coda")
    window.show_area("incrocio")
    assert window.pages["incrocio"] is page
    assert [p.area_id for p in window.pages.built()] == ["accoglienza", "coda", "incrocio"]


def test_a_page_built_after_the_person_was_opened_follows_them(
        qtbot: QtBot, window: MainWindow) -> None:
    with window.ctx.database.read() as session:
        person = session.scalars(select(Person).order_by(Person.surname)).first()
        assert person is not None
        ref = PersonRef(person.id, person.fiscal_code, f"{person.name} {person.surname}")
    window.ctx.current.set(ref, ask=False)
    wait_idle(qtbot, window.ctx.ops)
    assert not window.pages.is_built("incrocio") and not window.pages.is_built("documenti")
    window.show_area("incrocio")
    wait_idle(qtbot, window.ctx.ops)
    assert window.pages["incrocio"].fiscal_code.text() == ref.fiscal_code  # type: ignore[attr-defined]
    window.show_area("documenti")
    wait_idle(qtbot, window.ctx.ops)
    form = window.pages["documenti"].form  # type: ignore[attr-defined]
    assert form.person is not None and form.person.id == ref.id


def test_quitting_asks_only_the_pages_that_exist(window: MainWindow) -> None:
    assert window.busy_reasons() == []
    assert [page.area_id for page in window.pages.built()] == ["accoglienza"]


class _WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow():
            self.shown.append(f"{type(watched).__name__} {watched.objectName()}")
        return False


def test_building_a_page_shows_no_window_of_its_own(qtbot: QtBot, window: MainWindow) -> None:
    """A page is built while the window is on screen: a widget of it shown before it has
    a parent would flash as a window of its own and take the focus from the window."""
    spy = _WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        for area in window.pages:
            window.show_area(area)
            wait_idle(qtbot, window.ctx.ops)
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == []
