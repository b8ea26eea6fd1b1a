"""A push over the server's body limit is sent in halves; one change over it stops the
push with its own sentence, and nothing is lost or skipped."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.infra.database import open_database
from desktop.models.sync import SyncClient
from desktop.sync.service import stored_error_sentence
from desktop.sync.transport import TooLarge
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, ServerThread


@pytest.fixture
def small_server(tmp_path: Path) -> Iterator[ServerThread]:
    # a few people's worth of compressed JSON: a batch of 50 is refused, 12 pass
    running = ServerThread(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}",
                           body_limit=4000)
    yield running
    running.stop()


def _client(tmp_path: Path, server: ServerThread) -> Client:
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'centre.sqlite'}", key=TEST_KEY)
    return Client("centre", db, server.store.create_workstation("centre"), server.url)


def _noise(rng: random.Random, size: int) -> str:
    """Text that compresses poorly, as real names and e-mails do in bulk."""
    return "".join(rng.choice(string.ascii_letters) for _ in range(size))


def test_a_batch_over_the_limit_goes_in_halves_and_arrives_whole(
        tmp_path: Path, small_server: ServerThread) -> None:
    client = _client(tmp_path, small_server)
    rng = random.Random(7)
    try:
        ids = [client.register(f"RSSMRA80A01H{n:03d}", surname=_noise(rng, 60),
                               name=_noise(rng, 40), email=f"{_noise(rng, 50)}@esempio.it")
               for n in range(60)]
        report = client.sync(batch_size=50)
        assert report.applied == 60
        assert client.pending() == 0 and client.problems() == []
        assert set(small_server.store.snapshot_entities("person")) == {str(i) for i in ids}
    finally:
        client.db.dispose()


def test_one_change_over_the_limit_stops_the_push_with_its_own_sentence(
        tmp_path: Path, small_server: ServerThread) -> None:
    client = _client(tmp_path, small_server)
    rng = random.Random(8)
    try:
        client.register("RSSMRA80A01H501U", surname="Rossi")
        # one person whose fields alone are over the limit as sent, then a normal one
        client.register("VRDLGU75B02F205X", surname=_noise(rng, 400),
                        name=_noise(rng, 400), email=_noise(rng, 8000))
        client.register("BNCGPP70C03L219Y", surname="Bianchi")
        with pytest.raises(TooLarge):
            client.sync(batch_size=50)
        # the first arrived; the large one and the one behind it wait, in order
        assert len(small_server.store.snapshot_entities("person")) == 1
        assert client.pending() == 2
        with client.db.read() as session:
            stored = session.get(SyncClient, 1)
            assert stored is not None and "HTTP 413" in stored.last_error
        sentence = stored_error_sentence(stored.last_error)
        assert "più grande di quanto il server regionale accetti" in sentence
    finally:
        client.db.dispose()
