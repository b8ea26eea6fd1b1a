"""A throwaway PostgreSQL cluster for the tests and benchmarks that need one.

Nothing here needs root or creates a user: run as an ordinary user, the cluster belongs
to that user. initdb refuses to run as root, so as root (a container, CI) the cluster
belongs to the system's ``nobody`` account (present on every Linux system) and
initdb/pg_ctl run through ``runuser``. The cluster listens on a free loopback port,
lives in a temporary folder, trusts local connections, and is stopped and removed
afterwards.

The tests' cluster skips fsync (``durable=False``: nothing it holds must survive a
crash); the benchmarks ask for ``durable=True``, the server defaults a centre runs with.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers.net import free_port

#: The account that owns the cluster when the tests run as root.
PG_USER = "nobody"


def pg_bin() -> Path | None:
    """The newest PostgreSQL bin folder with initdb, or None when not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", PG_USER, "--", *cmd]


@contextmanager
def cluster(durable: bool = False) -> Iterator[str]:
    """Start a cluster; yields a base URL ``postgresql+psycopg://postgres@127.0.0.1:PORT``.

    ``durable``: fsync, synchronous_commit and full_page_writes stay on (PostgreSQL's
    defaults, what a centre's server runs with); off by default, which is fine for tests.
    """
    binaries = pg_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL binaries not found")
    root = Path(tempfile.mkdtemp(prefix="sportello-pg-"))
    if os.geteuid() == 0:
        root.chmod(0o700)
        shutil.chown(root, PG_USER)
    data, port = root / "data", free_port()
    try:
        subprocess.run(_as_user([str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--locale=C"]),
                       check=True, capture_output=True, cwd=root)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                 "-l", str(root / "log"), "-w", "start"]),
                       check=True, capture_output=True, cwd=root)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        finally:
            subprocess.run(_as_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "-w", "stop"]), capture_output=True, cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(base_url: str) -> str:
    """A new empty database in the cluster; returns its SQLAlchemy URL."""
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_conninfo(base_url + "/postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base_url}/{name}"


#: Set by .ci/run, where PostgreSQL is installed: a missing PostgreSQL fails the run there
#: instead of skipping the tests that need it.
REQUIRE_ENV = "SPORTELLO_REQUIRE_POSTGRES"


@contextmanager
def cluster_for(what: str) -> Iterator[str]:
    """:func:`cluster` for a test fixture; without PostgreSQL binaries the tests of ``what``
    are skipped on a developer's machine, and fail where ``SPORTELLO_REQUIRE_POSTGRES`` is set."""
    import pytest

    if pg_bin() is None:
        message = (f"PostgreSQL binaries not found (install Debian's 'postgresql' package): "
                   f"{what} cannot run")
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with cluster() as base:
        yield base


def check_durable(url: str) -> None:
    """Refuse to measure on a cluster that does not write to disk as a server does."""
    import psycopg

    from desktop.infra.notify import libpq_conninfo

    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            row = conn.execute(f"SHOW {name}").fetchone()
            if row is None or row[0] != "on":
                raise RuntimeError(f"PostgreSQL runs with {name}={row and row[0]}: not durable")
