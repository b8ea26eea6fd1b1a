"""Render the Imprese page's screens to PNG (run under ``xvfb-run -a``).

    xvfb-run -a python scripts/screenshot_firms.py OUTPUT_FOLDER

Only the Imprese area and its scenarios (desktop/commands/screenshots/imprese.py), on a
fresh demo centre in a scratch folder; the window is shown on the X display, so
``import -window root`` can grab the whole screen too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> int:
    from desktop.app import build_view_context, create_qt_app
    from desktop.bootstrap import open_target, resolve
    from desktop.commands.screenshots import scenarios_of
    from desktop.commands.screenshots.rendering import save_png, settle
    from desktop.demo import DEMO_USERNAME
    from desktop.views.main_window import MainWindow
    from desktop.views.ops import Operations

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sportello-shots-firms-") as tmp:
        target = resolve(demo=True, home=Path(tmp))
        db = open_target(target)
        app = create_qt_app(target.config.settings)
        ops = Operations()
        try:
            ctx = build_view_context(target.config, db, ops, DEMO_USERNAME, demo=True)
            window = MainWindow(ctx)
            window.confirm_quit = lambda parent: True  # type: ignore[method-assign]
            window.resize(1366, 900)
            window.show()
            window.show_area("imprese")
            settle(app, ops)
            print(save_png(window, out / "imprese.png"))
            for name, build in scenarios_of(window.pages["imprese"]).items():
                widget = build()
                settle(app, ops)
                print(save_png(widget, out / f"imprese-{name}.png"))
                if name == "impresa" and shutil.which("import"):  # the X screen as it is
                    subprocess.run(["import", "-window", "root",  # noqa: S603, S607
                                    str(out / "imprese-root.png")], check=False)
                    print(out / "imprese-root.png")
            window.show_area("osservatorio")
            settle(app, ops)
            print(save_png(window, out / "osservatorio.png"))
            window.close()
        finally:
            ops.shutdown()
            db.dispose()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/screenshot_firms.py OUTPUT_FOLDER")
    sys.exit(main(Path(sys.argv[1])))
