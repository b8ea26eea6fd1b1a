"""``sportello print charter|agreement``: printouts from the command line, for scripts.

    sportello print charter --edition cittadini --lang it --out carta.pdf
    sportello print agreement RSSMRA80A01D612Y --out patto.pdf
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop.commands.acting import add_target_options, open_as_operator
from desktop.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("print", help=_("write a printout (charter, agreement) to a PDF"))
    kinds = parser.add_subparsers(dest="printout", required=True)
    charter = kinds.add_parser("charter", help=_("the service charter (Carta dei servizi)"))
    charter.add_argument("--edition", choices=("cittadini", "imprese", "disabili"),
                         default="cittadini")
    charter.add_argument("--lang", choices=("it", "en"), default="it")
    charter.add_argument("--period", default="auto",
                         choices=("auto", "previous_year", "year_to_date", "none"),
                         help=_("period of the measured values (default: the previous year, "
                                "or the year to date if it has no data)"))
    charter.add_argument("--date", type=dt.date.fromisoformat, default=None,
                         help=_("date printed on the charter (YYYY-MM-DD, default today)"))
    _common(charter)
    charter.set_defaults(func=print_charter)
    agreement = kinds.add_parser("agreement",
                                 help=_("the latest service agreement (Patto) of a person"))
    agreement.add_argument("fiscal_code", metavar="PERSON_CF")
    agreement.add_argument("--copies", type=int, choices=(1, 2), default=1)
    _common(agreement)
    agreement.set_defaults(func=print_agreement)


def written(path: Path, pages: int, number: str) -> str:
    return ngettext("Written {path}: {pages} page, document {number}",
                    "Written {path}: {pages} pages, document {number}", pages).format(
        path=path, pages=pages, number=number)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    add_target_options(parser, _("operator who prints (default: the system user name)"))


def print_charter(args: argparse.Namespace) -> int:
    from desktop.services.charter.printing import print_charter as make

    config, db, actor = open_as_operator(args)
    try:
        printed = make(db, actor, config.settings.site_code, args.edition, args.lang,
                       args.date or dt.date.today(), args.period)
    finally:
        db.dispose()
    args.out.write_bytes(printed.pdf)
    print(written(args.out, printed.archived.pages, printed.archived.number))
    return 0


def print_agreement(args: argparse.Namespace) -> int:
    from desktop.services.documents.agreements import latest_for_fiscal_code, print_version
    from desktop.services.documents.archive import save_printed

    _config, db, actor = open_as_operator(args)
    try:
        latest = latest_for_fiscal_code(db, actor, args.fiscal_code)
        rendered = print_version(db, actor, latest.id, copies=args.copies)
        archived = save_printed(db, actor, rendered, args.out)
    finally:
        db.dispose()
    print(written(args.out, archived.pages, archived.number))
    return 0
