"""``sportello match vacancy|person``: ranked results with their parts, for scripts.

    sportello match vacancy OF-FI01-2026-000001 --top 10 --json
    sportello match person RSSMRA80A01D612Y --top 5
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from desktop import formatting
from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("match", help=_("rank candidates for a vacancy or vacancies "
                                            "for a person"))
    kinds = parser.add_subparsers(dest="direction", required=True)
    vacancy = kinds.add_parser("vacancy", help=_("candidates for a vacancy"))
    vacancy.add_argument("vacancy", metavar="ID", help=_("vacancy number or id"))
    person = kinds.add_parser("person", help=_("vacancies for a person"))
    person.add_argument("fiscal_code", metavar="CF")
    for each in (vacancy, person):
        each.add_argument("--top", type=int, default=10)
        each.add_argument("--min-score", type=float, default=0.0)
        each.add_argument("--radius", type=float, default=None, metavar="KM")
        each.add_argument("--json", action="store_true", help=_("print JSON"))
        each.add_argument("--db", metavar="URL",
                          help=_("database (default: from the settings)"))
        each.add_argument("--demo", action="store_true", help=_("the demo database"))
        each.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.bootstrap import cli_actor, open_target, target_of
    from desktop.errors import SportelloError
    from desktop.services.matching import (
        MatchFilters,
        candidates_for_vacancy,
        person_id_for,
        vacancies_for_person,
        vacancy_id_for,
    )

    db = open_target(target_of(args))
    actor = cli_actor("match")
    filters = MatchFilters(top=args.top, min_score=args.min_score, radius_km=args.radius)
    try:
        if args.direction == "vacancy":
            report = candidates_for_vacancy(db, actor, vacancy_id_for(db, actor, args.vacancy),
                                            filters)
        else:
            report = vacancies_for_person(db, actor, person_id_for(db, actor, args.fiscal_code),
                                          filters)
    except SportelloError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(dataclasses.asdict(report), default=str, ensure_ascii=False,
                         indent=2))
        return 0
    print(report.subject)
    for note in report.notes:
        print(f"  ! {note}")
    for left_out in report.exclusions:
        print(f"  - {left_out.count} {left_out.reason}")
    for rank, row in enumerate(report.rows, start=1):
        km = "" if row.distance_km is None else f" · {row.distance_km:.0f} km"
        print(f"{rank:3}. {formatting.decimal(row.score, 2)}  {row.title} · {row.detail}{km}")
        for line in row.explanation:
            print(f"        {line}")
        if row.change:
            print(f"        → {row.change}")
    return 0
