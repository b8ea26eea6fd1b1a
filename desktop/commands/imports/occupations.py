"""``sportello import occupations FILE.csv``: the ISTAT CP2021 classification, all or none.

The expected columns are described in :mod:`desktop.services.reference.occupations`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.i18n import _, ngettext


def register(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = kinds.add_parser(
        "occupations", help=_("the CP2021 classification of occupations (ISTAT CSV file)"))
    parser.add_argument("file", type=Path,
                        help=_("CSV with the columns code, title and optionally isco_code"))
    parser.add_argument("--demo", action="store_true", help=_("use the demo database"))
    parser.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands.imports import open_for_import
    from desktop.services.reference.occupations import import_occupations

    db, actor = open_for_import(args.demo, args.db)
    try:
        report = import_occupations(db, actor, args.file)
    finally:
        db.dispose()
    if report.ok:
        print(_("{count} occupations imported.").format(count=report.imported))
        return 0
    rejected = len(report.rejected)
    print(ngettext("Nothing imported: {count} of {total} row rejected.",
                   "Nothing imported: {count} of {total} rows rejected.", rejected).format(
        count=len(report.rejected), total=report.read), file=sys.stderr)
    for line, reason in report.rejected:
        print(_("line {line}: {reason}").format(line=line, reason=reason), file=sys.stderr)
    return 1
