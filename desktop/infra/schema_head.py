"""The desktop schema's revisions, read from the migration scripts without Alembic.

Opening a database only needs to know whether it is at the head revision, and importing
Alembic costs a few hundred milliseconds of the application's start-up (issue 23). The
scripts' ``revision`` and ``down_revision`` are plain literals, read here with ``ast``;
Alembic itself is imported only when a migration really runs. ``tests/unit/
test_schema_head.py`` checks that this agrees with Alembic's own ``ScriptDirectory``.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from desktop.errors import BrokenInvariant
from desktop.paths import package_path

_NAMES = ("revision", "down_revision")


#: ``revision = '1020'`` or ``down_revision: str | None = '1000'`` at a line's start.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _literals(path: Path) -> dict[str, object]:
    """The script's ``revision`` and ``down_revision`` (a regular expression over the
    text, then ``ast.literal_eval`` of the value: parsing whole scripts cost more)."""
    found: dict[str, object] = {}
    for name, value in _ASSIGNMENT.findall(path.read_text(encoding="utf-8")):
        found.setdefault(name, ast.literal_eval(value.split("#", 1)[0].strip()))
    return found


@cache
def revision_graph(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Every revision with the revisions it follows."""
    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted((folder or package_path("migrations", "versions")).glob("*.py")):
        values = _literals(script)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        down = values.get("down_revision")
        parents = (down,) if isinstance(down, str) else tuple(down or ())  # type: ignore[arg-type]
        graph[revision] = tuple(str(p) for p in parents)
    return graph


def known_revisions() -> set[str]:
    return set(revision_graph())


def head_revision() -> str:
    graph = revision_graph()
    followed = {parent for parents in graph.values() for parent in parents}
    heads = [revision for revision in graph if revision not in followed]
    if len(heads) != 1:
        raise BrokenInvariant(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads[0]
