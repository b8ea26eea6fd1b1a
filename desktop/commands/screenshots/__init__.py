"""``sportello screenshots DIR``: render every main page with demo data to PNG."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from desktop.i18n import _


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


def render_all(home: Path, out: Path, size: tuple[int, int]) -> list[Path]:
    from PySide6.QtWidgets import QWidget

    from desktop.app import build_view_context, create_qt_app
    from desktop.commands.bootstrap import open_target, resolve
    from desktop.demo import DEMO_USERNAME
    from desktop.services.centre import site_info
    from desktop.views.login_dialog import LoginDialog
    from desktop.views.main_window import MainWindow
    from desktop.views.ops import Operations
    from desktop.commands.screenshots.rendering import save_png, settle

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
            for name, build in window.pages[area].extra_screenshots().items():
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
