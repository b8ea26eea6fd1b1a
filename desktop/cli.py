"""The ``sportello`` command line (also ``python -m desktop``).

Each module of ``desktop.commands`` that defines ``register(subparsers)`` adds its
subcommands, so a new area adds a command without touching this file. With no
subcommand, ``run`` starts the application.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from desktop import APP_NAME, __version__, commands
from desktop.errors import SportelloError
from desktop.i18n import _, install_for_argparse

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    install_for_argparse()
    parser = argparse.ArgumentParser(
        prog="sportello",
        description=_("{app}: front office of the job centres (Centri per l'Impiego).").format(
            app=APP_NAME),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("-") and args_list[0] not in (
            "-h", "--help", "--version"):
        args_list.insert(0, "run")
    args = parser.parse_args(args_list)
    try:
        return int(args.func(args) or 0)
    except SportelloError as exc:
        log.info("command failed: %s", exc.detail)
        print(exc.user_message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
