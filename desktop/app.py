"""Composition root: settings, logging, database, and the windows built from them."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

from desktop import APP_NAME, ORG_NAME, collector
from desktop.config import AppConfig, database_url, load_config
from desktop.errors import SportelloError
from desktop.i18n import _
from desktop.settings import Settings

# The configuration helpers are re-exported: commands and tests build an app from here.
__all__ = [
    "AppConfig", "build_view_context", "create_qt_app", "database_url", "display_problem",
    "load_config", "open_session_database", "run_gui", "start_gui",
]

log = logging.getLogger(__name__)


def display_problem() -> str | None:
    """On Linux with no display, the sentence that says how to get one."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get(
            "WAYLAND_DISPLAY"):
        return None
    return _("No screen is available: start Sportello from a graphical session, or on a "
             "server run it inside a virtual screen with 'xvfb-run sportello run'.")


def create_qt_app(settings: Settings, argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with Sportello's look, fonts and Qt's own translations."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop import APP_ID
    from desktop.views.resources import icon, install_qt_translations, load_fonts
    from desktop.views.style import apply_style

    # Named before the application exists: the X11 window class (WM_CLASS) and the
    # Wayland app id come from these, not from "__main__.py".
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)  # installer/: sportello.desktop
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_ID])
    # No applicationDisplayName: Qt would append " — Sportello" to every window title,
    # which already reads "Sportello — <area>".
    app.setWindowIcon(icon("sportello"))
    load_fonts(app)
    apply_style(app)
    install_qt_translations(app, settings.language)
    from desktop.views import gc_timer

    gc_timer.install(app)  # cycles are freed on this thread only
    return app


def open_session_database(config: AppConfig, url: str, *, demo: bool,  # type: ignore[no-untyped-def]
                          single_instance: bool = True):
    """Open (and migrate) the database; fill the demo once. Runs off the GUI thread.

    The same opening as every ``sportello`` command: :mod:`desktop.bootstrap`. The
    counter application is alone on its database (``single_instance``); the kiosk and
    the display are not.
    """
    from desktop.bootstrap import Target, open_target

    return open_target(Target(config, url, demo), single_instance=single_instance)


def build_view_context(config: AppConfig, db, ops, username: str, *, demo: bool):  # type: ignore[no-untyped-def]
    """Everything a logged-in window needs (synchronous: used by tools and tests)."""
    from desktop.services.organisation.centre import site_info
    from desktop.services.security.accounts import get_operator
    from desktop.views.context import ViewContext

    return ViewContext(ops=ops, database=db, settings=config.settings, paths=config.paths,
                       operator=get_operator(db, username),
                       site=site_info(db, config.settings.site_code), demo=demo)


def start_gui(config: AppConfig):  # type: ignore[no-untyped-def]
    """The QApplication and the operation workers of a windowed process, with Qt's
    messages in the log and the crash dialog installed; None (after saying why on
    stderr) when there is no screen. Shared by the counter app and the stations."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return None
    from desktop.views.errors import install_crash_handler
    from desktop.views.ops import Operations
    from desktop.views.qtlog import install_qt_log_handler

    install_qt_log_handler()
    app = create_qt_app(config.settings)
    install_crash_handler(str(config.paths.log_file))
    return app, Operations()


def run_gui(config: AppConfig, url: str, *, demo: bool, bench_startup: bool = False) -> int:
    """Start the counter application; returns the process exit status."""
    started = time.perf_counter()
    started_gui = start_gui(config)
    if started_gui is None:
        return 2
    app, ops = started_gui
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.organisation.centre import site_info
    from desktop.services.security.accounts import OperatorInfo
    from desktop.views.context import ViewContext
    from desktop.views.errors import user_message
    from desktop.views.login_dialog import LoginDialog
    from desktop.views.main_window import MainWindow

    state: dict[str, object] = {}

    def fail(exc: BaseException) -> None:
        if not isinstance(exc, SportelloError):
            log.error("cannot start", exc_info=exc)
        if bench_startup:
            print(user_message(exc), file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, user_message(exc))
        app.exit(1)

    def show_main(operator: OperatorInfo) -> None:
        db = state["db"]
        ops.run(site_info, db, config.settings.site_code,
                on_success=lambda site: open_window(operator, site), on_error=fail)

    def open_window(operator: OperatorInfo, site: object) -> None:
        ctx = ViewContext(ops=ops, database=state["db"], settings=config.settings,  # type: ignore[arg-type]
                          paths=config.paths, operator=operator, site=site, demo=demo)  # type: ignore[arg-type]
        window = MainWindow(ctx)
        state["window"] = window
        window.idle_lock.session_ended.connect(lambda: back_to_login(window, site))
        window.logged_out.connect(lambda: back_to_login(window, site))
        window.show()
        window.raise_()
        window.activateWindow()  # the login dialog had the focus: hand it to the window
        # Once the window has painted and settled, freeze the start-up objects out of the
        # garbage collector, so that its full collections stay short all day.
        QTimer.singleShot(1500, collector.settle_after_startup)
        if bench_startup:
            from desktop.views.startup_probe import StartupProbe

            state["probe"] = StartupProbe(window, ops, app, started)

    def back_to_login(window: MainWindow, site: object) -> None:
        """The operator logged out, or the account was disabled or changed role: this
        window's session is over (its forms and current person go with it)."""
        login(site)  # the dialog first: closing the last window would quit
        window.sync_scheduler.stop()
        window.confirm_quit = lambda parent: True
        window.close()
        window.deleteLater()

    def start_messages_soon() -> None:
        """The reminder worker (issue 25), started once, on a thread of its own."""
        if "messages_starter" in state:
            return

        def start() -> None:
            try:
                state["messages"] = start_messages(config, state["db"])
            except Exception:
                log.exception("cannot start the reminder sender")

        starter = threading.Thread(target=start, name="sportello-messages-start", daemon=True)
        state["messages_starter"] = starter
        starter.start()

    def opened(db: object) -> None:
        state["db"] = db
        # The reminder sender runs also while the login waits, as before; but started a
        # moment later and on its own thread, so that its imports do not hold up the
        # window (issue 23).
        QTimer.singleShot(1500, start_messages_soon)
        if config.settings_warning:
            QMessageBox.warning(None, APP_NAME, config.settings_warning.user_message)
        if bench_startup:
            from desktop.demo import DEMO_USERNAME
            from desktop.services.security.accounts import get_operator

            ops.run(get_operator, db, DEMO_USERNAME, on_success=show_main, on_error=fail)
            return
        ops.run(site_info, db, config.settings.site_code, on_success=login, on_error=fail)

    def login(site: object) -> None:
        dialog = LoginDialog(ops, state["db"], getattr(site, "centre_name", ""),  # type: ignore[arg-type]
                             demo_hint=demo)
        state["login"] = dialog
        dialog.logged_in.connect(lambda operator: open_window(operator, site))
        dialog.rejected.connect(lambda: app.exit(0))
        dialog.show()

    ops.run(open_session_database, config, url, demo=demo, on_success=opened, on_error=fail)
    # While the worker opens the database (much of it in SQLite's C code, without the
    # interpreter lock), import the first page here rather than after the login.
    from desktop.views.pages import PAGES

    PAGES[0].load()
    status = app.exec()
    # Destroy every window while the QApplication still exists: left to the
    # interpreter's final garbage collection, Qt objects outliving the application
    # made the process crash on exit now and then.
    from PySide6.QtCore import QCoreApplication, QEvent

    for key in ("window", "login"):
        widget = state.pop(key, None)
        if widget is not None:  # no close(): that may ask questions, the loop is over
            widget.deleteLater()  # type: ignore[attr-defined]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ops.shutdown(wait=False)
    starter = state.get("messages_starter")
    if starter is not None:
        starter.join(timeout=30)  # type: ignore[attr-defined]
    messages = state.get("messages")
    if messages is not None:
        messages.stop(timeout=5)  # type: ignore[attr-defined]
    db = state.get("db")
    if db is not None:
        from desktop.services.security import audit

        audit.checkpoint_at_close(db)  # type: ignore[arg-type]
        db.dispose()  # type: ignore[attr-defined]
    return int(status)


def start_messages(config: AppConfig, db: object) -> object:
    """The background sender of reminders and "turn near" messages (None when another
    process of this installation already sends them)."""
    from desktop.services.messaging.config import load_config as load_messaging
    from desktop.services.messaging.service import start_background
    from desktop.services.queue import turn_near

    messaging = load_messaging(config.paths.config)
    return start_background(db, config.paths.config, config.paths.data,  # type: ignore[arg-type]
                            planners=[turn_near.planner(messaging)])
