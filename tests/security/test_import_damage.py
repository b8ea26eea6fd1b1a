"""Hypothesis damages a valid people file at random: the import takes the whole file or
nothing, never part of it (people, outbox rows and audit lines counted)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.infra.database import open_database
from desktop.services.people.person_import import import_file
from tests.helpers.storage import TEST_KEY
from tests.registration.conftest import FakeActor
from tests.security.import_files import counts, valid_csv

INTERESTING = [b'"', b",", b";", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b"a", b" ", b"1"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty, encrypted database, copied for each example."""
    path = tmp_path_factory.mktemp("import-damage") / "template.sqlite"
    open_database(f"sqlite+pysqlite:///{path}", key=TEST_KEY).dispose()
    return path


damage = st.lists(st.tuples(
    st.sampled_from(["delete", "insert", "replace", "truncate", "drop_line", "repeat_line"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.sampled_from(INTERESTING)), min_size=1, max_size=4)


def damaged(data: bytes, operations: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, byte in operations:
        if not data:
            break
        at = int(where * len(data))
        if kind == "delete":
            data = data[:at] + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + byte + data[at:]
        elif kind == "replace":
            data = data[:at] + byte + data[at + 1:]
        elif kind == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            n = int(where * len(lines))
            lines[n:n + 1] = [] if kind == "drop_line" else [lines[n], lines[n]]
            data = b"\n".join(lines)
    return data


def data_lines(data: bytes) -> int:
    """The records a file holds when it is well formed: its non-blank lines but the header."""
    lines = [line.rstrip(b"\r") for line in data.split(b"\n")]
    return max(0, len([line for line in lines if line]) - 1)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=damage)
def test_a_damaged_file_is_imported_whole_or_not_at_all(
        template: Path, tmp_path: Path, operations: list[tuple[str, float, bytes]]) -> None:
    name = uuid.uuid4().hex
    path = tmp_path / f"{name}.sqlite"
    shutil.copy(template, path)
    db = open_database(f"sqlite+pysqlite:///{path}", key=TEST_KEY)
    try:
        data = damaged(valid_csv().encode(), operations)
        source = tmp_path / f"{name}.csv"
        source.write_bytes(data)
        report = import_file(db, FakeActor("sportello1", "sportello"), source)
        people, outbox, audit = counts(db)
    finally:
        db.dispose()
    if report.ok:
        assert report.imported == report.read == data_lines(data)
        assert (people, outbox, audit) == (report.imported,) * 3
    else:
        assert report.imported == 0
        assert report.rejected, "a refused file says which line"
        assert (people, outbox, audit) == (0, 0, 0)
