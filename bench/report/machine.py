"""What a report says about where it ran: the machine, its load, the software versions.

Read from /proc and the libraries themselves; whatever cannot be read says "unknown"
rather than stopping the report.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Machine:
    date: str
    commit: str
    cpu: str
    cores: int
    ram: str
    python: str
    qt: str
    sqlite: str
    postgresql: str


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return UNKNOWN


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or UNKNOWN


def ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return UNKNOWN


def _output(cmd: list[str], cwd: Path | None = None) -> str | None:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_commit() -> str:
    commit = _output(["git", "rev-parse", "--short=12", "HEAD"], ROOT)
    if commit is None:
        return UNKNOWN
    changed = _output(["git", "status", "--porcelain", "--untracked-files=no"], ROOT)
    return f"{commit} (with uncommitted changes)" if changed else commit


def qt_version() -> str:
    """From the installed wheel's metadata: importing Qt here would weigh on the process
    that runs the benchmarks."""
    try:
        return f"PySide6 {metadata.version('PySide6-Essentials')}"
    except metadata.PackageNotFoundError:
        return UNKNOWN


def sqlite_version() -> str:
    text = f"SQLite {sqlite3.sqlite_version}"
    try:
        import sqlcipher3
    except ImportError:
        return text
    return f"{text}; SQLCipher's SQLite {sqlcipher3.sqlite_version}"


def postgresql_version() -> str:
    from tests.helpers.postgres import pg_bin

    binaries = pg_bin()
    if binaries is None:
        return "not installed"
    return _output([str(binaries / "postgres"), "--version"]) or UNKNOWN


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def describe(date: str, commit: str) -> Machine:
    """``date`` and ``commit``: read when the run started (the code may change while it
    runs); the rest is read now, after the benchmarks, so as not to weigh on them."""
    return Machine(
        date=date,
        commit=commit,
        cpu=cpu_model(),
        cores=os.cpu_count() or 0,
        ram=ram(),
        python=platform.python_version(),
        qt=qt_version(),
        sqlite=sqlite_version(),
        postgresql=postgresql_version(),
    )
