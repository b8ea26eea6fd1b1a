"""bench/startup.py measures each child on its own (issue 23): its peak memory is the
child's VmHWM, not ``ru_maxrss`` (which survives exec and so reported the parent's peak
when the benchmark ran after a bigger one in the same process). No timing assertions."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import pytest

from bench.startup import child_env, floor_command, measure

BIG_MB = 400


def test_the_peak_is_the_childs_own_even_after_a_big_parent(tmp_path: Path) -> None:
    ballast = b"\x01" * (BIG_MB << 20)  # written, so resident: the parent's peak is > 400 MB
    parent_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert parent_peak_mb > BIG_MB
    sample = measure(floor_command(), child_env(str(tmp_path)))
    assert len(ballast) == BIG_MB << 20
    # A bare PySide6 window needs some tens of MB; the parent's 400 must not show.
    assert 0 < sample.peak_mb < BIG_MB / 2, sample


def test_a_child_that_reports_no_peak_fails_the_figure(tmp_path: Path) -> None:
    """The old report (``peak_rss_mb`` from ru_maxrss) is not accepted as a peak."""
    old_style = [sys.executable, "-c",
                 "import json; print(json.dumps({'window_idle_s': 1, 'peak_rss_mb': 50}))"]
    with pytest.raises(RuntimeError, match="no peak memory"):
        measure(old_style, child_env(str(tmp_path)))


def test_a_child_that_fails_fails_the_figure(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="failed"):
        measure([sys.executable, "-c", "import sys; sys.exit(3)"], child_env(str(tmp_path)))


def test_the_children_may_use_compiled_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    """Like an installed bundle: the children run without PYTHONDONTWRITEBYTECODE, the
    application and its floor alike, and with a platform where there is no display."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    env = child_env(str(tmp_path))
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["SPORTELLO_HOME"] == str(tmp_path)
