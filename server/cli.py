"""Command line of the regional server: serve, and the admin commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from wire.protocol import REGION_KINDS

DEFAULT_DB = "sqlite+pysqlite:///regional-server.sqlite"


class CannotServe(ValueError):
    """Options the server cannot run with (the message says why, for the operator)."""


def check_workers(db: str, workers: int) -> None:
    if workers < 1:
        raise CannotServe("--workers must be at least 1")
    if workers > 1 and db.startswith("sqlite"):
        raise CannotServe(f"--workers {workers} needs PostgreSQL: a SQLite server database "
                          "is served by one process (use --workers 1 or a "
                          "postgresql+psycopg:// URL)")


def serve(db: str, host: str, port: int, workers: int = 1,
          max_clock_skew: int = 300) -> int:
    import uvicorn

    from server.store import Store

    try:
        check_workers(db, workers)
    except CannotServe as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    store = Store(db)  # tables and epoch made once, before any worker starts
    if workers == 1:
        from server.app import create_app

        uvicorn.run(create_app(store, max_clock_skew_ms=max_clock_skew * 1000),
                    host=host, port=port, log_level="info")
        store.dispose()
        return 0
    store.dispose()
    from server.factory import ENV_CLOCK_SKEW, ENV_DB

    os.environ[ENV_DB] = db
    os.environ[ENV_CLOCK_SKEW] = str(max_clock_skew)
    uvicorn.run("server.factory:app_from_env", factory=True, workers=workers, host=host,
                port=port, log_level="info")
    return 0


def admin(args: argparse.Namespace) -> int:
    from server.store import Store

    store = Store(args.db)
    try:
        if args.action == "create-workstation":
            print(store.create_workstation(args.name, args.days, args.site))
        elif args.action == "expire-workstation":
            store.expire_workstation(args.name)
        elif args.action == "new-epoch":
            print(store.new_epoch())
        elif args.action == "audit-checkpoints":
            print(json.dumps(store.audit_overview(), indent=2, ensure_ascii=False))
        elif args.action == "publish":
            records = json.loads(Path(args.file).read_text(encoding="utf-8"))
            print(store.publish(args.kind, records))
    finally:
        store.dispose()
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help="database URL (SQLite or PostgreSQL)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--max-clock-skew", type=int, default=300, metavar="SECONDS",
                        help="refuse mutations stamped further ahead of the server's time")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (more than 1 needs PostgreSQL)")
    sub = parser.add_subparsers(dest="command")
    adm = sub.add_parser("admin", help="tokens, publishing, epoch")
    adm.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    actions = adm.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create-workstation", help="create or renew a token; prints it")
    create.add_argument("name")
    create.add_argument("--days", type=int, default=None, help="token lifetime")
    create.add_argument("--site", default=None, help="the site code the token speaks for (a centre database "
                        "serving several sites: CODE,CODE2,… main site first)")
    expire = actions.add_parser("expire-workstation", help="revoke a workstation's token")
    expire.add_argument("name")
    actions.add_parser("new-epoch", help="after restoring a backup: clients resync")
    actions.add_parser("audit-checkpoints", help="each workstation's newest audit "
                       "checkpoint and the ones refused for going backwards (JSON)")
    publish = actions.add_parser("publish", help="publish vacancies or reference data")
    publish.add_argument("kind", choices=REGION_KINDS)
    publish.add_argument("file", help="JSON file: a list of records (optional 'id')")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "command", None) == "admin":
        return admin(args)
    return serve(args.db, args.host, args.port, args.workers, args.max_clock_skew)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server")
    add_arguments(parser)
    return run(parser.parse_args(sys.argv[1:] if argv is None else argv))
