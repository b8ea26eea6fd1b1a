"""A default installation, as a first ``sportello run`` leaves it, and the command line
run against it as a person runs it: in a subprocess, with its own home folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.infra import encryption

ROOT = Path(__file__).resolve().parents[2]


def sportello(*args: str, home: Path, env: dict[str, str] | None = None,
              timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """``sportello ARGS`` (``python -m desktop``) with ``SPORTELLO_HOME=home``.

    The environment is the test's own: tests/conftest.py pins keyring to its fail
    backend there, so the subprocess never touches the real keyring either."""
    full_env = dict(os.environ if env is None else env, SPORTELLO_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=ROOT)


def default_installation(home: Path, *, demo_people: int = 0) -> Path:
    """Create the installation a first ``sportello run`` creates in ``home``: the default
    database, encrypted with a new key kept outside the settings (on a PC without a
    keyring, the 0600 key file). With ``demo_people``, fill it with the demo centre
    (operators, people, agreements, vacancies) so the commands have data to work on.
    Returns the database file."""
    from desktop.app import database_url, load_config, open_session_database

    config = load_config(home)
    db = open_session_database(config, database_url(config), demo=False)
    try:
        if demo_people:
            from desktop.demo import create_demo

            create_demo(db, people=demo_people)
    finally:
        db.dispose()
    path = config.paths.default_database
    assert encryption.is_encrypted(path), "a default installation is encrypted"
    return path
