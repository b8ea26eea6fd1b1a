"""``sportello run [--demo] [--db URL]``: start the counter application."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("run", help=_("start the application (default)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("use the demo database (created on first use)"))
    parser.add_argument("--db", metavar="URL",
                        help=_("database: a SQLite file path or a SQLAlchemy URL"))
    parser.add_argument("--bench-startup", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.app import run_gui
    from desktop.bootstrap import target_of

    if args.bench_startup and not args.demo:
        raise SystemExit("--bench-startup needs --demo")
    target = target_of(args)  # opened off the GUI thread by open_session_database
    return run_gui(target.config, target.url, demo=args.demo,
                   bench_startup=args.bench_startup)
