"""The garbage-collector policy around bulk work (desktop/collector.py)."""

from __future__ import annotations

import gc
import threading

import pytest

from desktop import collector


def test_young_only_turns_automatic_collection_off_and_back_on() -> None:
    assert gc.isenabled()
    with collector.young_only():
        assert not gc.isenabled()
        collector.collect_young()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_and_concurrent_uses_restore_only_when_the_last_leaves() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with collector.young_only():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other)
    with collector.young_only():
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_an_error_inside_still_restores_collection() -> None:
    with pytest.raises(RuntimeError), collector.young_only():
        raise RuntimeError("page refused")
    assert gc.isenabled()


def test_collection_left_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with collector.young_only():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
