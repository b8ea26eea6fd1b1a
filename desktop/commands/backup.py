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
    backup.add_argument("--force", action="store_true",
                        help=_("replace the destination file if it exists"))
    backup.set_defaults(func=do_backup)
    restore = sub.add_parser("restore", help=_("replace the database with a backup"))
    restore.add_argument("path", type=Path, help=_("backup file written by 'sportello backup'"))
    restore.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    restore.add_argument("--demo", action="store_true", help=_("the demo database"))
    restore.set_defaults(func=do_restore)


def do_backup(args: argparse.Namespace) -> int:
    from desktop.bootstrap import target_of
    from desktop.services.security.backup import backup_database

    target = target_of(args, console_log=True)
    result = backup_database(target.url, args.path, target.key(), overwrite=args.force)
    print(_("Backup written: {path} ({size} kB)").format(
        path=result.path, size=result.size_bytes // 1024))
    return 0


def do_restore(args: argparse.Namespace) -> int:
    from desktop.bootstrap import cli_actor, target_of
    from desktop.services.security.backup import restore_database

    target = target_of(args, console_log=True)
    backups = target.config.paths.backups
    # create: a PC without the key gets a new one, which no backup opens (refused below)
    # until the recovery key is stored with 'sportello encrypt --store-key'.
    result = restore_database(target.url, args.path, backups, target.key(create=True),
                              cli_actor("restore"))
    print(_("Database restored from {source} into {path}; the previous copy is in {backups}.")
          .format(source=args.path, path=result.path, backups=backups))
    return 0
