"""The suite's SQLCipher key, and the check that no test leaves a plain SQLite file.

Every SQLite database Sportello creates is encrypted (``open_database`` refuses to
create a plain one), so the tests open theirs with :data:`TEST_KEY`: a fixed raw key,
no key store, no PBKDF2 per connection. A test that makes a plain SQLite file on
purpose says so with ``@pytest.mark.plain_sqlite``; any other plain file left by a test
fails it (see tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: The key of every database the tests open directly (64 hex digits, like a real one).
TEST_KEY = "5a17e11a" * 8

PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain(path: Path) -> bool:
    """True for a file that starts with SQLite's plain header (readable without a key)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == PLAIN_HEADER
    except OSError:  # gone, or a folder: nothing to read
        return False


def plain_files(paths: Iterable[Path]) -> list[Path]:
    """The files among ``paths`` that are plain SQLite databases."""
    return sorted({p for p in paths if p.is_file() and is_plain(p)})



def trust_test_key(database: Path, home: Path) -> None:
    """Keep :data:`TEST_KEY` for ``database`` in the installation at ``home``, as
    ``sportello encrypt --store-key`` does: its ``sportello`` commands then open it."""
    from desktop.config import load_config
    from desktop.infra.encryption import store_key

    store_key(database, load_config(home).paths.config, TEST_KEY)


def installation_key(database: Path, home: Path) -> str:
    """The key the installation at ``home`` keeps for ``database``."""
    from desktop.config import load_config
    from desktop.infra.encryption import load_key

    key = load_key(database, load_config(home).paths.config)
    assert key is not None, f"no key kept for {database}"
    return key
