"""``sportello charter adopt|check``: adopt an edition of the Carta dei servizi (its next
number and the day it comes into force) and check it against the centre's configuration.

    sportello charter check --edition imprese --lang it
    sportello charter adopt --edition cittadini --from 2027-01-01 --user m.rossi
"""

from __future__ import annotations

import argparse
import datetime as dt

from desktop.commands.acting import add_target_options, open_as_operator
from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("charter", help=_("adopt or check an edition of the Carta"))
    actions = parser.add_subparsers(dest="charter_action", required=True)
    adopt = actions.add_parser("adopt", help=_("adopt the current texts of an edition"))
    adopt.add_argument("--from", dest="effective_from", type=dt.date.fromisoformat,
                       required=True, help=_("the day it comes into force (YYYY-MM-DD)"))
    check = actions.add_parser("check", help=_("list what contradicts the configuration"))
    check.add_argument("--lang", choices=("it", "en"), default="it")
    for action, func in ((adopt, adopt_edition), (check, check_edition)):
        action.add_argument("--edition", choices=("cittadini", "imprese", "disabili"),
                            required=True)
        add_target_options(action, _("operator who acts (default: the system user name)"))
        action.set_defaults(func=func)


def adopt_edition(args: argparse.Namespace) -> int:
    from desktop import formatting
    from desktop.services.charter.editions import adopt_edition as adopt

    config, db, actor = open_as_operator(args)
    try:
        info = adopt(db, actor, config.settings.site_code, args.edition, args.effective_from)
    finally:
        db.dispose()
    print(_("Edition {edition} no. {number} adopted: in force from {day}.").format(
        edition=info.edition, number=info.number, day=formatting.date(info.effective_from)))
    return 0


def check_edition(args: argparse.Namespace) -> int:
    from desktop.services.charter.printing import check_charter

    config, db, actor = open_as_operator(args)
    try:
        problems = check_charter(db, actor, config.settings.site_code, args.edition, args.lang)
    finally:
        db.dispose()
    for problem in problems:
        print(f"- {problem.message}")
    if not problems:
        print(_("No standard contradicts the configuration."))
    return 1 if problems else 0
