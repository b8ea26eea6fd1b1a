"""``sportello import persons FILE.csv``: people in bulk, all or none, with a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.i18n import _, ngettext


def register(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = kinds.add_parser("persons", help=_("people from a CSV file"))
    parser.add_argument("file", type=Path, help=_("CSV file (UTF-8, with a header row)"))
    parser.add_argument("--demo", action="store_true", help=_("use the demo database"))
    parser.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    parser.add_argument("--encoding", metavar="NAME",
                        help=_("the file's encoding when it is not UTF-8 (e.g. cp1252)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands.imports import open_for_import
    from desktop.services.people.person_import import import_file

    db, actor = open_for_import(args.demo, args.db)
    try:
        report = import_file(db, actor, args.file, encoding=args.encoding)
    finally:
        db.dispose()
    if report.ok:
        print(_("{count} people imported.").format(count=report.imported))
        return 0
    rejected = max(report.rejected_total, len(report.rejected))
    print(ngettext("Nothing imported: {count} of {total} row rejected.",
                   "Nothing imported: {count} of {total} rows rejected.", rejected).format(
        count=max(report.rejected_total, len(report.rejected)), total=report.read),
        file=sys.stderr)
    for row in report.rejected:
        if row.line == 0:  # the whole file (too big, empty): no line to name
            print("; ".join(row.reasons), file=sys.stderr)
            continue
        print(_("line {line} ({code}): {reasons}").format(
            line=row.line, code=row.fiscal_code or "-", reasons="; ".join(row.reasons)),
            file=sys.stderr)
    if report.rejected_total > len(report.rejected):
        more = report.rejected_total - len(report.rejected)
        print(ngettext("… and {count} more rejected row.", "… and {count} more rejected rows.",
                       more).format(
            count=report.rejected_total - len(report.rejected)), file=sys.stderr)
    return 1
