"""dev.py: it says who holds the apt lock while it waits, and points to xvfb-run when
there is no display."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_process_holding_a_lock_file_is_named(tmp_path: Path) -> None:
    lock = tmp_path / "lock-frontend"
    lock.write_text("")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"f = open({str(lock)!r}); print('open', flush=True); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        dev = _dev()
        found = dev.lock_holders((str(lock),))
        assert any(f"(pid {holder.pid})" in line for line in found), found
        assert dev.lock_holders((str(tmp_path / "nobody-has-it"),)) == []
    finally:
        holder.communicate("", timeout=10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X and Wayland are Linux's")
def test_without_a_display_run_suggests_xvfb_and_starts_nothing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    dev = _dev()
    assert dev.has_display({"DISPLAY": ":0"})
    assert dev.has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert not dev.has_display({})
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(dev, "ensure_venv", lambda: pytest.fail("nothing is installed"))
    assert dev.main(["run"]) == 1
    assert "xvfb-run python3 dev.py run" in capsys.readouterr().out
