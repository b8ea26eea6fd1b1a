"""One keyring wrapper for both secrets, and tests that never touch the real keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from desktop.infra import encryption, keystore
from desktop.sync import credentials


class MemoryKeyring(KeyringBackend):
    """A credential store that lives in this test only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("locked")


@pytest.fixture
def use_backend() -> Iterator[object]:
    def use(backend: KeyringBackend) -> None:
        keyring.set_keyring(backend)

    yield use
    keyring.set_keyring(fail.Keyring())


def test_tests_never_reach_the_real_keyring() -> None:
    """tests/conftest.py pins keyring to its fail backend, here and in subprocesses."""
    assert isinstance(keyring.get_keyring(), fail.Keyring)
    assert keystore.backend() is None
    child = subprocess.run([sys.executable, "-c", "import keyring; print(type("
                            "keyring.get_keyring()).__module__)"],
                           capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert child.stdout.strip() == "keyring.backends.fail"


def test_both_secrets_go_to_the_same_store(tmp_path: Path, use_backend) -> None:  # type: ignore[no-untyped-def]
    store = MemoryKeyring()
    use_backend(store)
    database, config = tmp_path / "data" / "sportello.sqlite", tmp_path / "config"
    key = encryption.new_key()
    assert encryption.store_key(database, config, key) == "keyring"
    assert credentials.store_token(config, "cpi", "spt_token") == "keyring"
    assert encryption.load_key(database, config) == key
    assert credentials.load_token(config, "cpi") == "spt_token"
    assert {service for service, _account in store.secrets} == {
        encryption.KEYRING_SERVICE, credentials.SERVICE}
    assert not config.exists(), "nothing written to files when the store keeps them"


@pytest.mark.parametrize("backend", [null.Keyring(), BrokenKeyring()],
                         ids=["null", "refuses"])
def test_a_store_that_keeps_nothing_means_the_private_files(
        tmp_path: Path, use_backend, backend: KeyringBackend) -> None:  # type: ignore[no-untyped-def]
    use_backend(backend)
    database, config = tmp_path / "data" / "sportello.sqlite", tmp_path / "config"
    key = encryption.new_key()
    assert encryption.store_key(database, config, key) == str(config / "key.txt")
    assert credentials.store_token(config, "cpi", "spt_token") == str(config / "sync-token")
    assert encryption.load_key(database, config) == key
    assert credentials.load_token(config, "cpi") == "spt_token"
    for name in ("key.txt", "sync-token"):
        assert (config / name).stat().st_mode & 0o077 == 0
