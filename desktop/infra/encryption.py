"""Encryption at rest of the embedded SQLite database with SQLCipher.

The key is 32 random bytes written as 64 hex digits, created when the database is
created and held by the operating system's credential store through ``keyring``
(Windows Credential Manager, macOS Keychain, Secret Service on Linux desktops).
Where no credential store exists (a bare Linux box, a service account) the key goes
to ``key.txt`` in the installation's config folder, readable by its owner only:
weaker, and said so in the README. The key is never written to the settings file
nor to a log line.

The same key is the *recovery key*: the responsabile writes it down once (``sportello
encrypt`` prints it) and keeps it in the centre's safe; with it, a backup can be
opened on any PC (``sportello encrypt --store-key``).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3

from desktop.errors import DatabaseError
from desktop.i18n import _
from desktop.infra import keystore

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Sportello database"
SQLITE_HEADER = b"SQLite format 3\x00"
_KEY_SHAPE = re.compile(r"[0-9a-f]{64}")
#: Errors of either driver (stdlib sqlite3 and sqlcipher3 have separate hierarchies).
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.dbapi2.Error)


def new_key() -> str:
    return secrets.token_hex(32)


def normalise_key(key: str) -> str:
    """Accept a recovery key as written down (groups, spaces, dashes, capitals)."""
    cleaned = re.sub(r"[\s-]", "", key).lower()
    if not _KEY_SHAPE.fullmatch(cleaned):
        raise DatabaseError(_("This is not a Sportello recovery key: it has 64 letters "
                              "a-f and digits, in groups of 4."))
    return cleaned


def recovery_text(key: str) -> str:
    """The key in groups of four, as the responsabile writes it down."""
    return "-".join(key[i:i + 4] for i in range(0, len(key), 4))


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def is_sportello_plain(path: Path) -> bool:
    """True for a plain SQLite file that carries Sportello's application id."""
    from desktop.models.engine import SQLITE_APPLICATION_ID

    with path.open("rb") as handle:
        header = handle.read(100)  # the id is a big-endian integer at offset 68
    return header[:16] == SQLITE_HEADER and int.from_bytes(header[68:72], "big") == (
        SQLITE_APPLICATION_ID)


def is_encrypted(path: Path) -> bool:
    """True for a non-empty file that does not start with SQLite's plain header."""
    return path.exists() and path.stat().st_size > 0 and not is_plain_sqlite(path)


def _keyed(path: Path, readonly: bool, pragma: str) -> Any:
    if readonly:
        conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlcipher3.connect(str(path))
    conn.execute(pragma)
    return conn


def raw_key_pragma(key: str) -> str:
    """``PRAGMA key`` with the 32 key bytes themselves: no PBKDF2 (0.1 s) per connection."""
    return f"PRAGMA key = \"{raw_key_literal(key)}\""


def raw_key_literal(key: str) -> str:
    """The key as SQLCipher's raw-key literal (what the engine's URL carries)."""
    return f"x'{normalise_key(key)}'"


def _raw_rekey_pragma(key: str) -> str:
    return f"PRAGMA rekey = \"{raw_key_literal(key)}\""


def _legacy_pragma(key: str) -> str:
    # Files created before raw keys used the 64 hex digits as a passphrase (PBKDF2).
    return f"PRAGMA key = '{normalise_key(key)}'"


def _opens(conn: Any) -> bool:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DRIVER_ERRORS:
        return False
    return True


def connect_encrypted(path: Path, key: str, *, readonly: bool = False) -> Any:
    """A sqlcipher3 connection to ``path`` unlocked with ``key`` (checked shape).

    The key is applied raw; a file written by an older Sportello (the key used as a
    passphrase) is opened the old way. A wrong key gives a connection whose first
    statement fails with "file is not a database", as SQLCipher does.
    """
    # PRAGMA takes no bound parameters; the key is 64 hex digits, checked by normalise_key.
    conn = _keyed(path, readonly, raw_key_pragma(key))
    if _opens(conn) or not is_encrypted(path):
        return conn
    legacy = _keyed(path, readonly, _legacy_pragma(key))
    if _opens(legacy):
        conn.close()
        return legacy
    legacy.close()
    return conn


def adopt_raw_key(path: Path, key: str) -> bool:
    """Re-key a file encrypted the old way (passphrase) to the raw key, once.

    Returns True when it did; False when the file already takes the raw key, is
    plain, or takes neither (the caller's own check then says the key is wrong).
    """
    if not is_encrypted(path):
        return False
    conn = _keyed(path, False, raw_key_pragma(key))
    try:
        if _opens(conn):
            return False
    finally:
        conn.close()
    legacy = _keyed(path, False, _legacy_pragma(key))
    try:
        if not _opens(legacy):
            return False
        legacy.execute(_raw_rekey_pragma(key))
    finally:
        legacy.close()
    log.info("database re-keyed to its raw key")
    return True


# -- where the key lives ------------------------------------------------------------------


def _fallback_file(config_dir: Path) -> Path:
    return config_dir / "key.txt"


def _account(database: Path) -> str:
    return str(database.resolve())


def load_key(database: Path, config_dir: Path) -> str | None:
    """The stored key of ``database``, or None if it has none (a plain file)."""
    stored = keystore.get_secret(KEYRING_SERVICE, _account(database))
    if stored:
        return stored
    fallback = _fallback_file(config_dir)
    if fallback.exists():
        for line in fallback.read_text(encoding="utf-8").splitlines():
            account, _sep, key = line.rpartition("\t")
            if account == _account(database) and key:
                return key
    return None


def store_key(database: Path, config_dir: Path, key: str) -> str:
    """Keep ``key`` for ``database``; returns where ("keyring" or the fallback file)."""
    key = normalise_key(key)
    if keystore.set_secret(KEYRING_SERVICE, _account(database), key):
        return "keyring"
    fallback = _fallback_file(config_dir)
    fallback.parent.mkdir(parents=True, exist_ok=True)
    lines = [line for line in (fallback.read_text(encoding="utf-8").splitlines()
                               if fallback.exists() else [])
             if not line.startswith(_account(database) + "\t")]
    lines.append(f"{_account(database)}\t{key}")
    fd = os.open(fallback, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(fallback, 0o600)
    return str(fallback)


def key_for_new_database(database: Path, config_dir: Path) -> str:
    """The key of ``database``: the stored one, or a new one stored now (fresh install)."""
    existing = load_key(database, config_dir)
    if existing is not None:
        return existing
    if database.exists() and database.stat().st_size > 0 and is_plain_sqlite(database):
        raise DatabaseError(_("The database {path} is not encrypted yet: run 'sportello "
                              "encrypt' to encrypt it.").format(path=database))
    key = new_key()
    store_key(database, config_dir, key)
    return key


# -- migrating a plain database ---------------------------------------------------------------


def encrypt_file(database: Path, key: str) -> None:
    """Replace the plain SQLite file ``database`` with an encrypted copy (same content).

    Sportello must not be running on it. The plain file is overwritten in place by
    an atomic rename, and its WAL side files are removed.
    """
    key = normalise_key(key)
    if not database.exists() or not is_plain_sqlite(database):
        raise DatabaseError(_("The database {path} is missing or already encrypted.")
                            .format(path=database))
    partial = database.with_name(database.name + ".encrypting")
    partial.unlink(missing_ok=True)
    plain = sqlite3.connect(database)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute("PRAGMA journal_mode=DELETE")
    finally:
        plain.close()
    conn = sqlcipher3.connect(str(database))
    try:
        # ATTACH takes the file and the (raw) key as bound parameters.
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(partial), raw_key_literal(key)))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        app_id = conn.execute("PRAGMA main.application_id").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.application_id = {int(app_id)}")
        conn.execute("DETACH DATABASE encrypted")
    except BaseException:
        conn.close()
        partial.unlink(missing_ok=True)
        raise
    conn.close()
    check = connect_encrypted(partial, key)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:
        partial.unlink(missing_ok=True)
        raise DatabaseError(_("The encrypted copy failed its check: the database was left "
                              "as it was."))
    os.replace(partial, database)
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    log.info("database encrypted in place")


def plain_database_error(path: Path) -> DatabaseError:
    """The refusal of a plain (unencrypted) SQLite file, with the command that fixes it."""
    return DatabaseError(_("The database {path} is not encrypted, and Sportello opens only "
                           "encrypted databases: close Sportello and run 'sportello encrypt "
                           "--db {path}' to encrypt it.").format(path=path))


def key_for_url(url: str, config_dir: Path, *, create: bool = False) -> str | None:
    """The key to open ``url`` with, or None for PostgreSQL (or a file not there yet).

    Every SQLite file is encrypted, whatever its path: a stored key opens it; with
    ``create`` a file not there yet gets a new key, stored now; a plain file is
    refused with the sentence that offers ``sportello encrypt``.
    """
    from desktop.models.engine import sqlite_file

    path = sqlite_file(url)
    if path is None:
        return None
    if is_encrypted(path):
        key = load_key(path, config_dir)
        if key is None:
            raise DatabaseError(_("The database {path} is encrypted and this PC has no key "
                                  "for it: store the recovery key with 'sportello encrypt "
                                  "--store-key'.").format(path=path))
        return key
    if path.exists() and path.stat().st_size > 0:
        if not is_sportello_plain(path):
            return None  # another program's file: the opening says so, and leaves it
        raise plain_database_error(path)
    stored = load_key(path, config_dir)  # e.g. restoring a backup on a new PC after '--store-key'
    if stored is not None:
        return stored
    if create:
        return key_for_new_database(path, config_dir)
    return None
