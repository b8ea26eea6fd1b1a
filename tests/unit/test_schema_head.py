"""The schema's head read from the migration scripts agrees with Alembic (issue 23: the
application opens a database without importing Alembic)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop.errors import BrokenInvariant
from desktop.infra.database import alembic_config
from desktop.infra.schema_head import head_revision, known_revisions, revision_graph

ROOT = Path(__file__).resolve().parents[2]


def test_head_and_revisions_agree_with_alembic() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_the_graph_reads_plain_annotated_and_merge_revisions(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("revision = 'a'\ndown_revision = None\n")
    (tmp_path / "b.py").write_text("revision: str = 'b'\ndown_revision: str | None = 'a'\n")
    (tmp_path / "c.py").write_text("revision = 'c'  # the third\ndown_revision = 'a'\n")
    (tmp_path / "m.py").write_text("revision = 'm'\ndown_revision = ('b', 'c')\n")
    assert revision_graph(tmp_path) == {"a": (), "b": ("a",), "c": ("a",), "m": ("b", "c")}


def test_two_heads_raise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A branch not re-chained yet: say so, never pick one of the heads."""
    from desktop.infra import schema_head

    (tmp_path / "a.py").write_text("revision = 'a'\ndown_revision = None\n")
    (tmp_path / "b.py").write_text("revision = 'b'\ndown_revision = 'a'\n")
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'a'\n")
    monkeypatch.setattr(schema_head, "revision_graph", lambda: revision_graph(tmp_path))
    with pytest.raises(BrokenInvariant):
        schema_head.head_revision()


def test_opening_a_database_at_head_does_not_import_alembic(db_path_at_head: Path) -> None:
    """Start-up opens the (already migrated) database: Alembic stays unimported."""
    code = (
        "import sys\n"
        "from desktop.infra.database import open_database\n"
        "from tests.helpers.storage import TEST_KEY\n"
        f"db = open_database('sqlite+pysqlite:///{db_path_at_head}', key=TEST_KEY)\n"
        "db.dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=None).stdout
    assert out.strip() == "[]"


@pytest.fixture
def db_path_at_head(tmp_path: Path) -> Path:
    from desktop.infra.database import open_database
    from tests.helpers.storage import TEST_KEY

    path = tmp_path / "head.sqlite"
    open_database(f"sqlite+pysqlite:///{path}", key=TEST_KEY).dispose()
    return path
