"""``sportello demo [--reset]``: create the demo database and say where it is."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("demo", help=_("create the demo database"))
    parser.add_argument("--reset", action="store_true",
                        help=_("start again from a new demo database (the old one is kept "
                               "in the backups folder)"))
    parser.set_defaults(func=demo)


def demo(args: argparse.Namespace) -> int:
    from desktop.bootstrap import open_target, resolve
    from desktop.infra.database import sqlite_copy, timestamp
    from desktop.services.security import audit_anchor

    target = resolve(demo=True, console_log=True)
    config = target.config
    path = config.paths.demo_database
    if args.reset and path.exists():
        sqlite_copy(path, config.paths.backups / f"demo-{timestamp()}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        audit_anchor.retire(path)  # a new chain starts: the old anchor is set aside
    open_target(target).dispose()
    print(_("Demo database ready: {path}").format(path=path))
    return 0
