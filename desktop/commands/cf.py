"""``sportello cf CODE``: validate and decode a codice fiscale, print JSON.

Exit status 0 when the code is valid, 1 when it is not; the database is not opened.
"""

from __future__ import annotations

import argparse
import json

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("cf", help=_("validate and decode a codice fiscale"))
    parser.add_argument("code", help=_("the codice fiscale (16 characters, or 11 digits)"))
    parser.set_defaults(func=cf)


def cf(args: argparse.Namespace) -> int:
    from desktop.services.people.fiscal_code import check

    result = check(args.code)
    print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    return 0 if result.valid else 1
