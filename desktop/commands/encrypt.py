"""``sportello encrypt``: encrypt an existing plain database, or store a recovery key."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("encrypt", help=_("encrypt the database (SQLCipher) and print "
                                              "its recovery key"))
    parser.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    parser.add_argument("--store-key", metavar="KEY",
                        help=_("keep this recovery key on this PC for the database"))
    parser.set_defaults(func=do_encrypt)


def do_encrypt(args: argparse.Namespace) -> int:
    from desktop.bootstrap import resolve
    from desktop.errors import DatabaseError
    from desktop.infra import encryption
    from desktop.infra.instance_lock import acquire_sole_use, release_all
    from desktop.models.engine import sqlite_file

    target = resolve(override=args.db)
    config = target.config
    path = sqlite_file(target.url)
    if path is None:
        raise DatabaseError(_("Only the embedded SQLite database is encrypted by Sportello; "
                              "protect a PostgreSQL server with its own disk encryption."))
    if args.store_key:
        where = encryption.store_key(path, config.paths.config, args.store_key)
        print(_("Recovery key stored for {path} ({where}).").format(path=path, where=where))
        return 0
    key = encryption.new_key()
    locks = acquire_sole_use(path)  # refused while Sportello has it open
    try:
        encryption.encrypt_file(path, key)
        where = encryption.store_key(path, config.paths.config, key)
    finally:
        release_all(locks)
    print(_("The database {path} is now encrypted; its key is kept in {where}.").format(
        path=path, where=where))
    print(_("Recovery key (write it down and keep it in the centre's safe; without it a "
            "backup cannot be opened on another PC):"))
    print("    " + encryption.recovery_text(key))
    return 0
