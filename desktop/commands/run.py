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
    from desktop.app import database_url, load_config, run_gui

    config = load_config()
    if args.bench_startup and not args.demo:
        raise SystemExit("--bench-startup needs --demo")
    url = database_url(config, demo=args.demo, override=args.db)
    return run_gui(config, url, demo=args.demo, bench_startup=args.bench_startup)
