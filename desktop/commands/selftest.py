"""``sportello selftest``: prove that this installation works, offscreen, in seconds.

Migrates a scratch database, seeds a small demo, builds every main page, renders a
PDF and reads it back with QtPdf, and loads the waiting-room chime on the audio output
(when the PC has one); prints each check; exit status 0 or 1.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.app import AppConfig


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("selftest", help=_("check that this installation works"))
    parser.set_defaults(func=selftest)


def selftest(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: list[bool] = []

    def check(name: str, fn: Callable[[], str]) -> None:
        start = time.perf_counter()
        try:
            detail = fn()
            ok = True
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, whatever it is
            detail = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            ok = False
        ms = (time.perf_counter() - start) * 1000
        print(f"[{'ok' if ok else 'FAIL'}] {name} ({ms:.0f} ms){': ' + detail if detail else ''}",
              flush=True)
        results.append(ok)

    with tempfile.TemporaryDirectory(prefix="sportello-selftest-") as tmp:
        home = Path(tmp)
        state: dict[str, object] = {}

        def config() -> str:
            from desktop.app import load_config

            state["config"] = load_config(home)
            return str(home)

        def database() -> str:
            from desktop.app import database_url
            from desktop.bootstrap import Target, open_target
            from desktop.infra.schema_head import head_revision

            cfg = cast("AppConfig", state["config"])
            # Opened as every command opens its database; the demo is the next check.
            db = open_target(Target(cfg, database_url(cfg, demo=True), demo=True),
                             seed_demo=False)
            state["db"] = db
            return _("schema {revision}").format(revision=head_revision())

        def demo() -> str:
            from desktop.demo import create_demo
            from desktop.services.organisation.centre import database_summary

            create_demo(state["db"], people=25)  # type: ignore[arg-type]
            summary = database_summary(state["db"])  # type: ignore[arg-type]
            return _("{people} people, {operators} operators").format(
                people=summary.people, operators=summary.operators)

        def translations() -> str:
            from desktop.i18n import set_language

            set_language("it")
            if _("Registration") != "Accoglienza":
                raise AssertionError("Italian catalog not loaded")
            return "it"

        def pages() -> str:
            from desktop.app import build_view_context, create_qt_app
            from desktop.demo import DEMO_USERNAME
            from desktop.views.main_window import MainWindow
            from desktop.views.ops import Operations

            cfg = cast("AppConfig", state["config"])
            app = create_qt_app(cfg.settings)
            ops = Operations()
            ctx = build_view_context(cfg, state["db"], ops, DEMO_USERNAME, demo=True)
            window = MainWindow(ctx)
            window.show()
            for area in window.pages:
                window.show_area(area)
                app.processEvents()
                if window.current_area() != area:
                    raise AssertionError(f"cannot open area {area}")
            state["app"], state["window"], state["ops"] = app, window, ops
            return ", ".join(window.pages)

        def pdf() -> str:
            import datetime as dt

            from PySide6.QtCore import QBuffer, QByteArray, QIODevice
            from PySide6.QtPdf import QPdfDocument

            from desktop.documents.centre_sheet import render_centre_sheet
            from desktop.services.organisation.centre import site_info

            data = render_centre_sheet(site_info(state["db"]), dt.date.today())  # type: ignore[arg-type]
            buffer = QBuffer()
            buffer.setData(QByteArray(data))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument()
            document.load(buffer)
            if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
                raise AssertionError(f"QtPdf cannot read the PDF ({document.status()})")
            text = document.getAllText(0).text()
            if "Sportello" not in text and "Accoglienza" not in text:
                raise AssertionError("the PDF text is not readable")
            pages = document.pageCount()
            document.close()
            return ngettext("{size} kB, {pages} page", "{size} kB, {pages} pages", pages).format(
                size=len(data) // 1024, pages=pages)

        def chime() -> str:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            from desktop.views.queue.display import chime_file

            if not QMediaDevices.audioOutputs():
                return _("no audio output: the display stays silent")
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(chime_file())))
            waiting = (QSoundEffect.Status.Null, QSoundEffect.Status.Loading)
            deadline = time.monotonic() + 10
            while effect.status() in waiting and time.monotonic() < deadline:
                state["app"].processEvents()  # type: ignore[attr-defined]
                time.sleep(0.02)
            if effect.status() != QSoundEffect.Status.Ready:
                raise AssertionError(f"the chime does not load ({effect.status().name})")
            return _("ready on {device}").format(
                device=QMediaDevices.defaultAudioOutput().description())

        for name, fn in [
            (_("settings and folders"), config),
            (_("database migrated"), database),
            (_("demo data"), demo),
            (_("Italian translation"), translations),
            (_("main pages built"), pages),
            (_("PDF rendered and read back"), pdf),
            (_("waiting-room chime"), chime),
        ]:
            check(name, fn)
            if not results[-1] and name != _("Italian translation"):
                break
        if "ops" in state:
            # Opening the areas starts their first loads (the Osservatorio's figures, the
            # queue); let them end, and never ask "quit anyway?": nobody is there to answer.
            ops, window = state["ops"], state["window"]
            deadline = time.monotonic() + 60
            while ops.pending and time.monotonic() < deadline:  # type: ignore[attr-defined]
                state["app"].processEvents()  # type: ignore[attr-defined]
                time.sleep(0.02)
            window.confirm_quit = lambda _parent: True  # type: ignore[attr-defined]
            window.close()  # type: ignore[attr-defined]
            state["ops"].shutdown()  # type: ignore[attr-defined]
        if "db" in state:
            state["db"].dispose()  # type: ignore[attr-defined]
    ok = all(results) and len(results) == 7
    print(_("Self-test passed.") if ok else _("Self-test FAILED."), flush=True)
    return 0 if ok else 1
