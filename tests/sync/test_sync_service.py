"""Problems resolution, the background loop and "sync now" as the application uses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.sync import loop as loop_module
from desktop.sync import service
from tests.sync.conftest import Client, ServerThread, assert_converged


def conflict(make_client) -> tuple[Client, Client, object]:
    a: Client = make_client("a")
    b: Client = make_client("b")
    pid = a.register("RSSMRA80A01H501U")
    a.sync()
    b.sync()
    a.edit(pid, surname="Rossini")
    b.edit(pid, surname="Russo", mobile="3331234567")
    a.sync()
    b.sync()
    return a, b, pid


@pytest.mark.parametrize(("choice", "expected"), [
    ("mine", "Russo"), ("theirs", "Rossini"), ("edit", "Rossi-Russo")])
def test_resolving_a_conflict(make_client, server: ServerThread, choice: str,
                              expected: str) -> None:
    a, b, pid = conflict(make_client)
    [problem] = service.problems(b.db)
    assert problem.mine["surname"] == "Russo"
    assert problem.theirs["fields"]["surname"] == "Rossini"
    assert b.people()[str(pid)]["surname"] == "Rossini"  # the region's until decided
    service.resolve_problem(b.db, problem.id, choice, {"surname": "Rossi-Russo"})
    assert service.problems(b.db) == []
    b.sync()
    a.sync()
    assert a.people()[str(pid)]["surname"] == expected
    assert a.people()[str(pid)]["mobile"] == "3331234567"
    assert_converged(server, a, b)


def test_edit_and_resend_a_rejected_record(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    pid = a.register("RSSMRA80A01H501U", surname="")
    a.sync()
    [problem] = service.problems(a.db)
    service.resolve_problem(a.db, problem.id, "edit", {"surname": "Rossi"})
    assert a.sync().applied == 1
    assert server.store.snapshot_entities("person")[str(pid)]["surname"] == "Rossi"
    assert_converged(server, a)


def test_sync_now_reads_the_token_and_reports_state(make_client, server: ServerThread,
                                                    isolated_home: Path) -> None:
    a: Client = make_client("a")
    a.register("RSSMRA80A01H501U")
    config = isolated_home / "config"
    with pytest.raises(service.SyncFailed) as refused:
        service.sync_now(a.db, server.url, config)
    assert refused.value.auth
    service.save_token(a.db, config, a.token)
    assert service.status(a.db, server.url).pending == 1
    service.sync_now(a.db, server.url, config)
    state = service.status(a.db, server.url)
    assert state.pending == 0 and state.last_success_at is not None and state.problems == 0
    with pytest.raises(service.SyncFailed):
        service.sync_now(a.db, "http://127.0.0.1:9", config)
    assert service.status(a.db, server.url).last_error



def test_backoff_delays_grow_with_jitter() -> None:
    waits = loop_module.delays(base=1.0, cap=60.0)
    values = [next(waits) for _ in range(12)]
    assert all(0 <= v <= 60 for v in values)
    assert max(values[6:]) > max(values[:2])
