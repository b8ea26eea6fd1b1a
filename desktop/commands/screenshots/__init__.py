"""``sportello screenshots DIR``: render every main page with demo data to PNG.

Each area with further screens (dialogs, the display, the kiosk) has a small module
here that builds them through the page's public methods; the pages carry no
screenshot code.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.commands.screenshots.rendering import Scenarios
    from desktop.views.pages.base import Page


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("screenshots", help=_("render every main page to PNG (offscreen)"))
    parser.add_argument("directory", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.set_defaults(func=screenshots)


def screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sportello-shots-") as tmp:
        written = render_all(Path(tmp), args.directory, (args.width, args.height))
    for path in written:
        print(path)
    return 0


def scenarios_of(page: Page) -> Scenarios:
    """The further screens of ``page``'s area (dialogs, windows); none for most areas."""
    from desktop.commands.screenshots import (
        accoglienza,
        coda,
        documenti,
        impostazioni,
        imprese,
        incrocio,
        sincronizzazione,
    )
    from desktop.views.pages.accoglienza import RegistrationPage
    from desktop.views.pages.coda import QueuePage
    from desktop.views.pages.documenti import DocumentsPage
    from desktop.views.pages.impostazioni import SettingsPage
    from desktop.views.pages.imprese import FirmsPage
    from desktop.views.pages.incrocio import MatchingPage
    from desktop.views.pages.sincronizzazione import SyncPage

    if isinstance(page, RegistrationPage):
        return accoglienza.scenarios(page)
    if isinstance(page, QueuePage):
        return coda.scenarios(page)
    if isinstance(page, DocumentsPage):
        return documenti.scenarios(page)
    if isinstance(page, MatchingPage):
        return incrocio.scenarios(page)
    if isinstance(page, SyncPage):
        return sincronizzazione.scenarios(page)
    if isinstance(page, SettingsPage):
        return impostazioni.scenarios(page)
    if isinstance(page, FirmsPage):
        return imprese.scenarios(page)
    return {}


def render_all(home: Path, out: Path, size: tuple[int, int]) -> list[Path]:
    from PySide6.QtWidgets import QWidget

    from desktop.app import build_view_context, create_qt_app
    from desktop.bootstrap import open_target, resolve
    from desktop.commands.screenshots.rendering import save_png, settle
    from desktop.demo import DEMO_USERNAME
    from desktop.services.organisation.centre import site_info
    from desktop.views.login_dialog import LoginDialog
    from desktop.views.main_window import MainWindow
    from desktop.views.ops import Operations

    target = resolve(demo=True, home=home)
    config = target.config
    db = open_target(target)  # the demo centre, created in the scratch home
    app = create_qt_app(config.settings)
    ops = Operations()
    written: list[Path] = []
    try:
        login = LoginDialog(ops, db, site_info(db).centre_name, demo_hint=True)
        login.username.setText(DEMO_USERNAME)
        login.show()
        settle(app, ops)
        written.append(save_png(login, out / "00-login.png"))
        login.close()

        ctx = build_view_context(config, db, ops, DEMO_USERNAME, demo=True)
        window = MainWindow(ctx)
        # Never ask "quit anyway?": nobody is there to answer, and the modal box offscreen
        # waited for ever when the window closed (at the end, or as the idle-lock screen)
        # with the pages' loads still running on a loaded machine.
        window.confirm_quit = lambda parent: True
        # Likewise the areas' "discard unsaved changes?" when a scenario opens another
        # person over a half-filled form: the scenario's edits are not kept.
        for widget in [window, *window.findChildren(QWidget)]:
            if hasattr(widget, "ask_discard"):
                widget.ask_discard = lambda parent, what: True
        window.resize(*size)
        window.show()
        for index, area in enumerate(window.pages, start=1):
            window.show_area(area)
            settle(app, ops)
            written.append(save_png(window, out / f"{index:02d}-{area}.png"))
            for name, build in scenarios_of(window.pages[area]).items():
                widget = build()
                widget.show()
                settle(app, ops)
                written.append(save_png(widget, out / f"{index:02d}-{area}-{name}.png"))
                widget.close()
        settle(app, ops)
        window.close()
    finally:
        ops.shutdown()
        db.dispose()
    return written
