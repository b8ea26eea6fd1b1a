"""The Sincronizzazione area against a real server: sync now, the Problems list, and the
round running on the net worker, off the GUI thread."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from desktop.views.pages.sincronizzazione import SyncPage
from tests.gui.conftest import config, ctx, ops, wait_idle  # noqa: F401 - fixtures
from tests.sync.conftest import Client, ServerThread


def test_sync_now_and_resolve_a_conflict_from_the_page(
        qtbot: QtBot, ctx, make_client, server: ServerThread,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    a: Client = make_client("a")
    # the token speaks for the demo's site; desktop/demo/matching.py stamps the centre's
    # code FI01 on its vacancies' placements, so that code too
    local = Client("local", ctx.database, server.store.create_workstation(
        "local", site=ctx.site.site_code), server.url)
    pid = a.register("RSSMRA80A01H501U")
    a.sync()
    local.sync()
    a.edit(pid, surname="Rossini")
    a.sync()
    local.edit(pid, surname="Russo", mobile="3330001112")
    settings = dataclasses.replace(ctx.settings, sync_server_url=server.url)
    page = SyncPage(dataclasses.replace(ctx, settings=settings))
    qtbot.addWidget(page)
    page.show()
    page.token_edit.setText(local.token)
    page.token_button.click()
    wait_idle(qtbot, ctx.ops)
    assert page.token_edit.text() == ""
    assert page.state.pending >= 1 and str(page.state.pending) in page.pending_label.text()

    # the round runs on the net worker, never on the GUI thread (how long the GUI thread
    # can go without turning during a first sync is measured by `python -m bench sync`)
    import threading

    from desktop.sync import service

    threads: list[str] = []
    real_sync_now = service.sync_now

    def recording_sync_now(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_sync_now(*args, **kwargs)

    monkeypatch.setattr(service, "sync_now", recording_sync_now)
    page.sync_button.click()
    assert page.state_label.property("state") == "syncing"
    qtbot.waitUntil(lambda: not page.syncing, timeout=20_000)
    wait_idle(qtbot, ctx.ops)
    assert threads and all(name.startswith("sportello-net") for name in threads), threads
    assert page.state_label.property("state") == "attention"
    assert page.table.rowCount() == 1
    assert page.compare.rowCount() >= 2
    texts = {page.compare.item(r, 0).text(): (page.compare.item(r, 1).text(),
                                              page.compare.item(r, 2).text())
             for r in range(page.compare.rowCount())}
    assert texts["Cognome"] == ("Russo", "Rossini")
    page.ask_edits = lambda parent, values: {**values, "surname": "Rossi-Russo"}
    page.edit_resend.click()
    wait_idle(qtbot, ctx.ops)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=5_000)
    page.sync_button.click()
    qtbot.waitUntil(lambda: not page.syncing, timeout=20_000)
    wait_idle(qtbot, ctx.ops)
    assert page.state_label.property("state") == "online"
    a.sync()
    assert a.people()[str(pid)]["surname"] == "Rossi-Russo"
    assert a.people()[str(pid)]["mobile"] == "3330001112"
