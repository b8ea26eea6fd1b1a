"""``sportello backup PATH`` and ``sportello restore PATH``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("backup", help=_("copy the database to a file (online backup)"))
    backup.add_argument("path", type=Path, help=_("destination file or folder"))
    backup.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    backup.add_argument("--demo", action="store_true", help=_("the demo database"))
    backup.set_defaults(func=do_backup)
    restore = sub.add_parser("restore", help=_("replace the database with a backup"))
    restore.add_argument("path", type=Path, help=_("backup file written by 'sportello backup'"))
    restore.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    restore.add_argument("--demo", action="store_true", help=_("the demo database"))
    restore.set_defaults(func=do_restore)


def do_backup(args: argparse.Namespace) -> int:
    from desktop.app import database_url, load_config
    from desktop.services.backup import backup_database
    from desktop.services.encryption import key_for_url

    config = load_config(console_log=True)
    url = database_url(config, demo=args.demo, override=args.db)
    result = backup_database(url, args.path, key_for_url(url, config.paths.config))
    print(_("Backup written: {path} ({size} kB)").format(
        path=result.path, size=result.size_bytes // 1024))
    return 0


def do_restore(args: argparse.Namespace) -> int:
    from desktop.app import database_url, load_config
    from desktop.services.backup import restore_database

    config = load_config(console_log=True)
    url = database_url(config, demo=args.demo, override=args.db)
    from desktop.services.encryption import key_for_url

    result = restore_database(url, args.path, config.paths.backups,
                              key_for_url(url, config.paths.config))
    print(_("Database restored from {source} into {path}; the previous copy is in {backups}.")
          .format(source=args.path, path=result.path, backups=config.paths.backups))
    return 0
