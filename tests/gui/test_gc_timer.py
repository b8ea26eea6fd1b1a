"""The application's garbage-collector timer: cycles freed on the GUI thread only."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from desktop import collector
from desktop.views.gc_timer import install


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_gui_thread_frees_what_a_worker_left(qtbot: QtBot, qapp: object) -> None:
    owner = install(qapp)  # type: ignore[arg-type]
    threads: list[int] = []

    def seen(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.callbacks.append(seen)
    try:
        assert collector.owned() and not gc.isenabled()
        worker = threading.Thread(target=lambda: [_Cycle() for _ in range(200_000)])
        worker.start()
        worker.join(30)
        assert threads == []  # the worker ran none
        qtbot.waitUntil(lambda: bool(threads), timeout=5000)
        assert set(threads) == {threading.get_ident()}  # the timer's, on this thread
    finally:
        gc.callbacks.remove(seen)
    owner.stop()
    assert not collector.owned() and gc.isenabled()
