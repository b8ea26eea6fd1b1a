"""The regional server as production runs it: ``python -m server`` in its own processes
(``--workers N``) on 127.0.0.1, for the tests and the region benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.helpers.net import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RunningServer:
    url: str
    process: subprocess.Popen[bytes]

    def processes(self) -> list[int]:
        """The server's process and all its descendants (the uvicorn workers)."""
        return [self.process.pid, *descendants(self.process.pid)]

    def rss_bytes(self) -> int:
        """Resident memory of the server's processes, summed."""
        return sum(rss_bytes(pid) for pid in self.processes())


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree = _children()
    out: list[int] = []
    todo = list(tree.get(pid, []))
    while todo:
        child = todo.pop()
        out.append(child)
        todo.extend(tree.get(child, []))
    return out


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_processes(db_url: str) -> list[int]:
    """The PostgreSQL cluster serving ``db_url`` (found by its port): its postmaster and
    backends."""
    port = db_url.rsplit(":", 1)[1].split("/", 1)[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmdline[0].endswith(b"postgres") and b"-p" in cmdline:
            options = b" ".join(cmdline)
            if f"-p {port} ".encode() in options + b" ":
                return [int(entry.name), *descendants(int(entry.name))]
    return []


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


@contextmanager
def region_server(db_url: str, workers: int = 1, *,
                  pool: int | None = None) -> Iterator[RunningServer]:
    """Start ``python -m server --db db_url --workers workers`` and wait until every worker
    answers; stopped (SIGTERM, as a service manager does) afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if pool is not None:
        env["SPORTELLO_SERVER_POOL"] = str(pool)
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "--db", db_url, "--port", str(port),
         "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    running = RunningServer(url, process)
    try:
        _wait_until_up(running, workers)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def _wait_until_up(running: RunningServer, workers: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        if running.process.poll() is not None:
            err = running.process.stderr.read().decode() if running.process.stderr else ""
            raise RuntimeError(f"the regional server exited: {err[-2000:]}")
        try:
            requests.get(f"{running.url}/v1/health", timeout=1).raise_for_status()
            # a worker process has its store open before it answers; wait for all of them
            if workers == 1 or len(_workers(running)) >= workers:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the regional server did not start in 60 s")
        time.sleep(0.1)


def _workers(running: RunningServer) -> list[int]:
    """Worker processes (uvicorn spawns them; multiprocessing's helpers excluded)."""
    out = []
    for pid in descendants(running.process.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            out.append(pid)
    return out
