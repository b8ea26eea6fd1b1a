"""The README's path: `python -m server`, its admin command and `sportello sync`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.helpers.net import free_port

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SPORTELLO_HOME=str(home))
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_server_command_admin_and_sportello_sync(tmp_path: Path, isolated_home: Path) -> None:
    db = f"sqlite+pysqlite:///{tmp_path / 'regione.sqlite'}"
    token = run("-m", "server", "admin", "--db", db, "create-workstation", "cpi-a",
                home=isolated_home).stdout.strip()
    assert len(token) > 20 and token.startswith("spt_")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "desktop", "serve", "--db", db,
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/v1/health", timeout=1)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        local = tmp_path / "centre.sqlite"
        refused = run("-m", "desktop", "sync", "--db", str(local), "--server", url,
                      home=isolated_home)
        assert refused.returncode == 1 and "token" in refused.stdout
        done = run("-m", "desktop", "sync", "--db", str(local), "--server", url,
                   "--token", token, home=isolated_home)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Inviate 0" in done.stdout
    finally:
        server.terminate()
        server.wait(10)
