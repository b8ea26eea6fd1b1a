"""The main window: navigation on the left, one area at a time, status bar below."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.i18n import _
from desktop.services.security import sessions
from desktop.views.context import ViewContext
from desktop.views.errors import show_error
from desktop.views.lazy_pages import LazyPages
from desktop.views.pages import PAGES, Page, PageEntry
from desktop.views.resources import icon
from desktop.views.shortcuts_help import shortcut_entries, shortcut_html
from desktop.views.status_bar import SportelloStatusBar
from desktop.views.sync.scheduler import SyncScheduler

#: The area whose page shows the window's sync scheduler.
SYNC_AREA = "sincronizzazione"


def ask_quit_while_busy(parent: QWidget) -> bool:
    """Asked before quitting or logging out while something would be lost; the reasons
    are the window's ``busy_reasons()``."""
    reasons: list[str] = getattr(parent, "busy_reasons", list)()
    text = "\n".join([*reasons, _("Go on anyway?")]) if reasons else _(
        "An operation is still running. Quit anyway?")
    answer = QMessageBox.question(parent, _("Quit"), text)
    return answer == QMessageBox.StandardButton.Yes


class MainWindow(QMainWindow):
    """Hosts the areas; every area has a shortcut (Ctrl+1 … Ctrl+0, Ctrl+Shift+E).

    Only the first area is built with the window; the others are imported and built
    the first time they are opened (``self.pages`` is a :class:`LazyPages`)."""

    #: Asked before closing while work is running; tests replace it.
    confirm_quit = staticmethod(ask_quit_while_busy)
    #: Releases the current person (menu Person).
    RELEASE_KEYS = "Ctrl+Shift+N"
    #: Ends the operator's session and shows the login again (menu File).
    LOGOUT_KEYS = "Ctrl+Shift+L"

    #: The operator logged out (the login dialog comes back); audited already.
    logged_out = Signal()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.ops.default_error_handler = lambda exc: show_error(self, exc)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("sportello"))
        self.resize(1280, 800)
        self.setMinimumSize(QSize(980, 640))

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setAccessibleName(_("Areas"))
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.pages = LazyPages(PAGES, self._build_page)
        go_menu = self.menuBar().addMenu(_("&Go"))
        for entry in PAGES:
            self.stack.addWidget(QWidget())  # stands in until the area is first opened
            item = QListWidgetItem(icon(entry.icon_name), entry.title())
            item.setToolTip(f"{entry.title()} ({entry.shortcut})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, entry.title())
            self.nav.addItem(item)
            action = QAction(icon(entry.icon_name), entry.title(), self)
            action.setShortcut(QKeySequence(entry.shortcut))
            action.triggered.connect(lambda _c=False, a=entry.area_id: self.show_area(a))
            go_menu.addAction(action)
        self.nav.currentRowChanged.connect(self._row_changed)

        header = QFrame()
        header.setObjectName("NavHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(14, 14, 14, 6)
        title = QLabel(APP_NAME)
        title.setObjectName("NavTitle")
        subtitle = QLabel(ctx.site.centre_name)
        subtitle.setObjectName("NavSubtitle")
        subtitle.setWordWrap(True)
        header_layout.addWidget(title)
        header_layout.addWidget(subtitle)
        side = QWidget()
        side.setFixedWidth(230)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(header)
        side_layout.addWidget(self.nav, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = SportelloStatusBar(ctx)
        self.setStatusBar(self.status)
        self._build_menus()
        self.nav.setCurrentRow(0)
        self.nav.setFocus()
        from desktop.views.security.idle_lock import install_idle_lock

        self.idle_lock = install_idle_lock(self, ctx)
        self._start_sync()

    def _start_sync(self) -> None:
        """The application's sync scheduler: one per logged-in window (issue 18)."""
        self.sync_scheduler = SyncScheduler(self.ctx, self)
        if self.pages.is_built(SYNC_AREA):
            self._attach_sync(self.pages[SYNC_AREA])
        self.sync_scheduler.start()

    def _attach_sync(self, page: Page) -> None:
        from desktop.views.pages.sincronizzazione import SyncPage

        if isinstance(page, SyncPage):
            page.attach(self.sync_scheduler)

    def _build_page(self, entry: PageEntry) -> Page:
        """Import and build an area's page, in place of its stand-in in the stack."""
        index = list(self.pages).index(entry.area_id)
        # Born inside the stack: a page made without a parent is a top-level window until
        # it is added, and its creation took the activation (and the focus) off this one.
        page = entry.load()(self.ctx, self.stack)
        stand_in = self.stack.widget(index)
        showing = self.stack.currentIndex() == index
        self.stack.insertWidget(index, page)
        if showing:
            self.stack.setCurrentIndex(index)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        if entry.area_id == SYNC_AREA and hasattr(self, "sync_scheduler"):
            self._attach_sync(page)
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.logout_action = QAction(_("&Log out / change operator"), self)
        self.logout_action.setShortcut(QKeySequence(self.LOGOUT_KEYS))
        self.logout_action.triggered.connect(self.log_out)
        file_menu.addAction(self.logout_action)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        # Keep "File" first, as every desktop program does.
        self.menuBar().insertMenu(self.menuBar().actions()[0], file_menu)
        person_menu = self.menuBar().addMenu(_("P&erson"))
        self.release_action = QAction(_("&New person / release the current person"), self)
        self.release_action.setShortcut(QKeySequence(self.RELEASE_KEYS))
        self.release_action.triggered.connect(self.release_person)
        person_menu.addAction(self.release_action)
        self.book_action = QAction(_("&Book an appointment for the current person…"), self)
        self.book_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.book_action.triggered.connect(self.book_appointment)
        person_menu.addAction(self.book_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        keys = QAction(_("&Keyboard shortcuts"), self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_shortcuts)
        about = QAction(_("&About Sportello"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(keys)
        help_menu.addAction(about)

    def release_person(self) -> bool:
        """Nobody is served any more (the next person can come): asks the areas' guards
        first, so unsaved work is never dropped silently. True when released."""
        released = self.ctx.current.clear()
        if released:
            self.status.showMessage(_("Ready for the next person."), 4000)
        return released

    def book_appointment(self) -> None:
        """Ctrl+Shift+B from any page: the Agenda's booking for the current person."""
        self.show_area("agenda")
        self.pages["agenda"].new_appointment()  # type: ignore[attr-defined]

    def show_area(self, area_id: str) -> None:
        """Open an area (its shortcut, the Go menu) with the focus on its first field."""
        self.nav.setCurrentRow(list(self.pages).index(area_id))
        self.pages[area_id].focus_first()

    def current_area(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[list(self.pages)[row]]  # built now if it is the first time
        self.stack.setCurrentIndex(row)
        if isinstance(page, Page):
            self.setWindowTitle(f"{APP_NAME} — {page.title()} · {self.ctx.site.site_name}")
            page.activated()

    def shortcut_entries(self) -> list[tuple[str, str]]:
        """(keys, action) in force on the current area, read from the actions and
        shortcuts themselves (see :mod:`desktop.views.shortcuts_help`)."""
        return shortcut_entries(self, self.stack.currentWidget())

    def show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Keyboard shortcuts"),
                          shortcut_html(self.shortcut_entries()), parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.exec()

    def busy_reasons(self) -> list[str]:
        """What quitting or logging out now would lose: unsaved edits, a ticket open at
        the counter, an operation still running."""
        reasons = [r for page in self.pages.built() if (r := page.busy_reason())]
        if self.ctx.ops.pending:
            reasons.append(_("An operation is still running."))
        return reasons

    def log_out(self) -> None:
        """End the session without quitting: asks first when something would be lost,
        audits, then ``logged_out`` brings the login back (the application wires it)."""
        if self.busy_reasons() and not self.confirm_quit(self):
            return
        self.ctx.current.clear(ask=False)
        self.ctx.ops.run(sessions.log_out, self.ctx.database, self.ctx.operator,
                         on_success=lambda _result: self.logged_out.emit())

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Sportello"), _(
            "<b>Sportello {version}</b><br>Front-office application of the job centres "
            "(Centri per l'Impiego).<br>Database: {location}").format(
                version=__version__, location=self.ctx.database.location))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy_reasons() and not self.confirm_quit(self):
            event.ignore()
            return
        self.sync_scheduler.stop()
        event.accept()
