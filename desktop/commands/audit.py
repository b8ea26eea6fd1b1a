"""``sportello audit verify``: check that no audit entry was edited or removed.

The chain is compared with its sealed copy next to the database and, with ``--region``,
with the checkpoints the regional server holds for this workstation (docs/security.md).
"""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = sub.add_parser("audit", help=_("check the audit log"))
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help=_("check the hash chain of the audit log"))
    verify.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    verify.add_argument("--demo", action="store_true", help=_("the demo database"))
    verify.add_argument("--region", action="store_true",
                        help=_("also compare with the checkpoints kept by the regional server"))
    verify.add_argument("--server", metavar="URL",
                        help=_("regional server (default: from the settings)"))
    verify.set_defaults(func=do_verify)


def do_verify(args: argparse.Namespace) -> int:
    from desktop.bootstrap import open_command_database
    from desktop.services.security import audit, audit_anchor, audit_region

    # Checked as found: not migrated, no key invented, the demo not filled.
    with open_command_database(args, migrate=False, create=False, seed_demo=False) as (c, db):
        region: tuple[audit_anchor.Checkpoint, ...] = ()
        flagged = 0
        if args.region:
            url = args.server or c.settings.sync_server_url
            if not url:
                print(_("No regional server is set: use --server URL or Settings."))
                return 2
            try:
                found = audit_region.fetch(db, url, c.paths.config)
            except audit_region.RegionUnavailable as exc:
                print(exc.user_message)
                return 2
            region, flagged = found.checkpoints, found.flagged
            if flagged:
                print(_("The regional server refused {count} checkpoints of this workstation "
                        "that went backwards: the audit log was shortened or rewritten "
                        "before.").format(count=flagged))
        result = audit.verify(db, region)
    for note in result.notes:
        print(note)
    print(audit.describe(result))
    if result.ok:
        print(_("Compared with {count} checkpoints.").format(count=result.checkpoints))
    return 0 if result.ok and not flagged else 1
