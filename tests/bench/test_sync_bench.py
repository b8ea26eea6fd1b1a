"""The sync benchmark's meters can fail: a blocked GUI thread shows in the stall figure
(also at the very end of the measured span), and a first sync that fails gives no
figure at all. Tests of the meters, not timed tests of the app."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.demo import organisation
from desktop.demo.context import SeedContext
from tests.helpers.sync_page import StallMeter, first_sync_on_page
from tests.sync.conftest import ServerThread, server, server_url  # noqa: F401 - fixtures


def test_the_stall_meter_reports_a_blocked_gui_thread(qtbot: QtBot) -> None:
    meter = StallMeter(period_ms=10)
    meter.start()
    qtbot.wait(50)  # the heartbeat turns
    time.sleep(0.2)  # the GUI thread blocked: no tick can run
    qtbot.wait(50)
    meter.stop()
    assert len(meter.gaps) >= 3
    assert meter.longest_ms >= 150


def test_the_stall_meter_counts_a_block_at_the_end(qtbot: QtBot) -> None:
    meter = StallMeter(period_ms=10)
    meter.start()
    qtbot.wait(30)
    time.sleep(0.2)  # blocked up to the end of the measured span: no tick after it
    meter.stop()
    assert meter.longest_ms >= 150


def test_a_failed_first_sync_gives_no_figure(qapp, tmp_path: Path, db,  # type: ignore[no-untyped-def]
                                             server: ServerThread) -> None:  # noqa: F811
    with db.transaction() as session:
        organisation.seed(SeedContext(session, random.Random(1), None, people=0))
    with pytest.raises(RuntimeError, match="first sync failed"):
        first_sync_on_page(tmp_path / "home", db, server.url, "a-token-the-region-never-issued")
