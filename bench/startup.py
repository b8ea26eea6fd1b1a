"""Cold start: process launch to an idle main window on the demo database.

Each run is a fresh process (nothing cached in memory). The baseline is a bare
PySide6 process that shows an empty QMainWindow, measured the same way in the same
run. Targets: idle within 2 s, peak memory under 300 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, median

BASELINE = """
import json, resource, time
t = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
def done():
    print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
          flush=True)
    app.exit(0)
QTimer.singleShot(0, done)
app.exec()
"""


def _measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not line.strip():
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, float(json.loads(line)["peak_rss_mb"])


def run(quick: bool = False) -> list[Figure]:
    repeat = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="sportello-bench-") as home:
        env = dict(os.environ, SPORTELLO_HOME=home)
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        subprocess.run([sys.executable, "-m", "desktop", "demo"], env=env, check=True,
                       capture_output=True)
        assert Path(home, "data", "demo.sqlite").exists()
        app_cmd = [sys.executable, "-m", "desktop", "run", "--demo", "--bench-startup"]
        base_cmd = [sys.executable, "-c", BASELINE]
        _measure(app_cmd, env)  # warm the OS file cache once, as a second launch would be
        apps, bases = [], []
        for _ in range(repeat):
            bases.append(_measure(base_cmd, env))
            apps.append(_measure(app_cmd, env))
    return [
        Figure("startup", "window_idle_s", median([a[0] for a in apps]), "s",
               median([b[0] for b in bases]), 2.0),
        Figure("startup", "peak_rss_mb", max(a[1] for a in apps), "MB",
               max(b[1] for b in bases), 300.0),
    ]
