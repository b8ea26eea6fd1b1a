"""``sportello audit verify``: check that no audit entry was edited or removed."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = sub.add_parser("audit", help=_("check the audit log"))
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help=_("check the hash chain of the audit log"))
    verify.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    verify.add_argument("--demo", action="store_true", help=_("the demo database"))
    verify.set_defaults(func=do_verify)


def do_verify(args: argparse.Namespace) -> int:
    from desktop.bootstrap import open_command_database
    from desktop.services.security import audit

    # Checked as found: not migrated, no key invented, the demo not filled.
    with open_command_database(args, migrate=False, create=False, seed_demo=False) as (_c, db):
        result = audit.verify(db)
    if result.ok:
        print(_("Audit log intact: {count} entries checked.").format(count=result.entries))
        return 0
    print(_("Audit log BROKEN at entry {seq}: {reason}. Entries before it are intact.")
          .format(seq=result.first_broken, reason=result.reason))
    return 1
