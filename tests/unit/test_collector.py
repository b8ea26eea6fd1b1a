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


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _collections_by_thread() -> tuple[list[int], object]:
    threads: list[int] = []

    def seen(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.callbacks.append(seen)
    return threads, seen


def test_an_owner_alone_collects_even_when_a_worker_allocates() -> None:
    """The owner (the GUI thread) runs every collection: a worker making cycles by the
    hundred thousand triggers none in its own thread."""
    threads, seen = _collections_by_thread()
    collector.own_collections()
    try:
        assert not gc.isenabled()

        def worker() -> None:
            for _ in range(200_000):
                _Cycle()
            collector.collect_young()  # bulk work's call: left to the owner

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(30)
        assert threads == []
        collector.collect_due()  # what the GUI thread's timer calls
        assert threads and set(threads) == {threading.get_ident()}
    finally:
        gc.callbacks.remove(seen)
        collector.release_collections()
    assert gc.isenabled() and not collector.owned()


def test_bulk_work_under_an_owner_never_turns_collection_back_on() -> None:
    collector.own_collections()
    try:
        with collector.young_only():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        collector.release_collections()
    assert gc.isenabled()


def test_nothing_is_collected_before_a_threshold_is_passed() -> None:
    threads, seen = _collections_by_thread()
    collector.own_collections()
    try:
        gc.collect()
        collector.collect_due()
        assert threads == [threading.get_ident()]  # only the explicit full collection
    finally:
        gc.callbacks.remove(seen)
        collector.release_collections()
