"""Pieces that exist once, and must stay that way (issue 17's repetition list).

Each of them was written several times once, and the copies drifted apart (three
commands forgot the SQLCipher key; two ``free_port`` helpers; tests importing helpers
through the benchmarks). Static checks with the standard library's ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))
            if "__pycache__" not in p.parts]


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def called_names(tree: ast.AST) -> set[str]:
    """``open_database(...)``, ``x.Database(...)``, ``sqlite3.connect(...)`` -> their names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
                if isinstance(func.value, ast.Name):
                    names.add(f"{func.value.id}.{func.attr}")
    return names


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


#: What opening a database looks like; only the bootstrap module may do it.
OPENING = {"open_database", "Database", "create_engine", "sqlite3.connect", "sqlcipher3.connect"}


def opening_calls(path: Path) -> set[str]:
    return called_names(tree_of(path)) & OPENING


def test_every_command_opens_its_database_through_bootstrap() -> None:
    bootstrap = ROOT / "desktop" / "bootstrap.py"
    files = python_files("desktop/commands") + sorted((ROOT / "desktop").glob("*.py"))
    found = {str(p.relative_to(ROOT)): calls for p in files
             if p != bootstrap and (calls := opening_calls(p))}
    assert not found, f"open the database with desktop.bootstrap instead: {found}"
    assert opening_calls(bootstrap) == {"open_database"}  # the check sees a real call


def test_one_free_port_helper() -> None:
    files = [p for p in python_files("desktop", "server", "bench", "tests", "scripts",
                                     "installer")]
    defined = [str(p.relative_to(ROOT)) for p in files
               for node in ast.walk(tree_of(p))
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
               and node.name.lstrip("_") in ("free_port", "find_free_port", "unused_port")]
    assert defined == ["tests/helpers/net.py"], defined


def test_one_keyring_wrapper() -> None:
    users = sorted(str(p.relative_to(ROOT)) for p in python_files("desktop", "server")
                   if any(m == "keyring" or m.startswith("keyring.")
                          for m in imported_modules(tree_of(p))))
    # Wherever the services' refactor puts it (services/, infra/...): one module, keystore.
    assert len(users) == 1 and users[0].endswith("/keystore.py"), users


def test_tests_import_nothing_from_the_benchmarks() -> None:
    """Shared helpers live in tests/helpers; bench imports them, never the other way
    (tests/bench/ tests the benchmarks themselves: their floors and checks)."""
    found = sorted(f"{p.relative_to(ROOT)}: {m}" for p in python_files("tests")
                   if p.relative_to(ROOT).parts[:2] != ("tests", "bench")
                   for m in imported_modules(tree_of(p))
                   if m == "bench" or m.startswith("bench."))
    assert not found, found


def test_the_benchmarks_create_no_system_account() -> None:
    """A PostgreSQL cluster as root runs as ``nobody`` (tests/helpers/postgres.py)."""
    found = [str(p.relative_to(ROOT)) for p in python_files("bench", "tests/helpers")
             if any(word in p.read_text(encoding="utf-8")
                    for word in ("useradd", "adduser", "groupadd"))]
    assert not found, found


def test_the_checks_see_what_they_forbid(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlite3\nfrom bench.queue import cluster\n"
                      "from desktop.infra.database import Database\n"
                      "def f(url):\n    db = Database(url)\n    return sqlite3.connect(url)\n",
                      encoding="utf-8")
    assert opening_calls(sample) == {"Database", "sqlite3.connect"}
    assert "bench.queue" in imported_modules(tree_of(sample))
    typed_only = tmp_path / "typed.py"
    typed_only.write_text("from desktop.infra.database import Database\n"
                          "def f(db: Database) -> Database:\n    return db\n", encoding="utf-8")
    assert opening_calls(typed_only) == set()
