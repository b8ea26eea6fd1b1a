import threading

from pytestqt.qtbot import QtBot

from desktop.errors import ValidationError
from desktop.views.ops import Operations
from tests.gui.conftest import wait_idle


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(
        qtbot: QtBot, ops: Operations) -> None:
    gui = threading.current_thread()
    seen: dict[str, object] = {}

    def work(x: int) -> int:
        seen["worker"] = threading.current_thread()
        return x * 2

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    with qtbot.waitSignal(ops.busy_changed, timeout=5000):
        ops.run(work, 21, on_success=done)
    wait_idle(qtbot, ops)
    assert seen["result"] == 42
    assert seen["worker"] is not gui
    assert seen["callback"] is gui


def test_database_work_is_serialised_on_one_worker(qtbot: QtBot, ops: Operations) -> None:
    names = set()
    for _ in range(5):
        ops.run(lambda: names.add(threading.current_thread().name))
    wait_idle(qtbot, ops)
    assert len(names) == 1


def test_errors_reach_the_error_callback(qtbot: QtBot, ops: Operations) -> None:
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValidationError("Codice fiscale non valido.")

    ops.run(fail, on_error=errors.append)
    wait_idle(qtbot, ops)
    assert isinstance(errors[0], ValidationError)
    assert ops.pending == 0


def test_results_for_a_closed_widget_are_dropped(qtbot: QtBot, ops: Operations) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    release = threading.Event()
    ops.run(release.wait, 10, on_success=label.setNum)
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label))
    release.set()
    wait_idle(qtbot, ops)  # no "Internal C++ object already deleted" in the event loop


def test_results_for_a_lambda_that_captured_a_closed_widget_are_dropped(
        qtbot: QtBot, ops: Operations) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    release = threading.Event()
    ops.run(release.wait, 10, on_success=lambda ok: label.setText(str(ok)))
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label))
    release.set()
    wait_idle(qtbot, ops)  # no "Internal C++ object already deleted" in the event loop
