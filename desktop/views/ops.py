"""Run service calls off the GUI thread and get the outcome back on it.

One worker thread serialises database work (SQLite allows one writer; one queue
also keeps a counter's actions in order). Network and printing get their own
small pools, so a slow server never delays a database call.

Usage from a view::

    ctx.ops.run(services.centre.site_info, db, on_success=self.show_site)

Signals:
    busy_changed(bool): True while any operation is running.
    session_revoked(SessionRevoked): a service refused the operator because their account
        was disabled or given another role; the session must end (the idle lock covers
        the window with the sentence). The caller's own error handler is not called.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from desktop.errors import SessionRevoked

log = logging.getLogger(__name__)

Kind = Literal["db", "net", "print"]
ErrorHandler = Callable[[BaseException], None]


def _receivers(callback: Callable[..., Any]) -> list[object]:
    """The objects a callback acts on: a bound method's ``self`` (also inside a
    ``functools.partial``) and whatever a lambda or closure captured."""
    target: Any = callback
    while isinstance(target, functools.partial):
        target = target.func
    found: list[object] = []
    if getattr(target, "__self__", None) is not None:
        found.append(target.__self__)
    for cell in getattr(target, "__closure__", None) or ():
        try:
            found.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return found


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when ``callback`` acts on a Qt object that has been deleted (a method of a
    closed page, or a lambda that captured it)."""
    return all(shiboken6.isValid(r) for r in _receivers(callback) if isinstance(r, QObject))


class Operations(QObject):
    busy_changed = Signal(bool)
    session_revoked = Signal(object)
    _finished = Signal(object, object, object)  # (callback pair, result, error)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, ThreadPoolExecutor] = {
            "db": ThreadPoolExecutor(1, thread_name_prefix="sportello-db"),
            "net": ThreadPoolExecutor(2, thread_name_prefix="sportello-net"),
            "print": ThreadPoolExecutor(1, thread_name_prefix="sportello-print"),
        }
        self._pending = 0
        self._closed = False
        #: Called for errors when the caller gave no ``on_error`` (the main window sets it).
        self.default_error_handler: ErrorHandler = lambda exc: log.error(
            "unhandled operation error", exc_info=exc)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def closed(self) -> bool:
        """True once :meth:`shutdown` ran: a timer that fires late must not submit work."""
        return self._closed

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_error: ErrorHandler | None = None,
        kind: Kind = "db",
        **kwargs: Any,
    ) -> Future[Any]:
        """Call ``fn(*args, **kwargs)`` on a worker; callbacks run on the GUI thread."""
        if self._closed:
            raise RuntimeError("operations already shut down")
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        future = self._pools[kind].submit(fn, *args, **kwargs)
        callbacks = (on_success, on_error)

        def done(fut: Future[Any]) -> None:
            error = fut.exception()
            result = None if error is not None else fut.result()
            if not self._closed:
                self._finished.emit(callbacks, result, error)

        future.add_done_callback(done)
        return future

    def call_on(self, kind: Kind, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the ``kind`` worker and wait for its result. For work
        that is already off the GUI thread: a sync round on the network worker hands its
        database steps to the database worker this way. Never call it on the GUI thread."""
        if threading.current_thread().name.startswith(f"sportello-{kind}"):
            return fn(*args)  # already there: waiting on its own queue would never end
        if self._closed:
            raise RuntimeError("operations already shut down")
        return self._pools[kind].submit(fn, *args).result()

    def _deliver(self, callbacks: tuple[Any, Any], result: Any, error: Any) -> None:
        on_success, on_error = callbacks
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if isinstance(error, SessionRevoked):
            # Not the page's business: the whole session ends (any page, any call).
            self.session_revoked.emit(error)
            return
        callback = (on_error or self.default_error_handler) if error is not None else on_success
        if callback is None:
            return
        if not _receiver_alive(callback):
            # The page or dialog that asked was closed meanwhile: nobody to tell.
            log.debug("dropping the result of an operation: its receiver was deleted")
            return
        callback(error if error is not None else result)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        for pool in self._pools.values():
            pool.shutdown(wait=wait, cancel_futures=not wait)
