"""``sportello import KIND FILE``: bulk imports, one subcommand per kind of data.

Each module of ``desktop.commands.imports`` that defines ``register(sub)`` adds one
kind (``persons`` here); another area adds ``import occupations`` with one new
module there, without touching this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil

from desktop.commands import imports
from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("import", help=_("import data in bulk (all rows or none)"))
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for info in sorted(pkgutil.iter_modules(imports.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{imports.__name__}.{info.name}")
        register_kind = getattr(module, "register", None)
        if register_kind is not None:
            register_kind(kinds)
