"""``sportello kiosk`` and ``sportello display``: the unattended stations, alone.

    sportello kiosk                       # locked full screen; staff close it with Ctrl+Shift+Q
    sportello kiosk --printer escpos:192.168.1.50
    sportello display --screen HDMI-1     # full screen on that screen (remembered)
"""

from __future__ import annotations

import argparse
import sys

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kiosk = sub.add_parser("kiosk", help=_("start the ticket kiosk (no login)"))
    kiosk.add_argument("--printer", metavar="SPEC",
                       help=_("ticket printer: system, system:NAME or escpos:ADDRESS[:PORT] "
                              "(default: from the settings)"))
    display = sub.add_parser("display", help=_("start the waiting-room display (no login)"))
    display.add_argument("--screen", metavar="NAME", default="",
                         help=_("screen to use (remembered for the next start)"))
    for parser, kind in ((kiosk, "kiosk"), (display, "display")):
        parser.add_argument("--demo", action="store_true",
                            help=_("use the demo database (created on first use)"))
        parser.add_argument("--db", metavar="URL",
                            help=_("database: a SQLite file path or a SQLAlchemy URL"))
        parser.add_argument("--windowed", action="store_true",
                            help=_("an ordinary window instead of full screen"))
        parser.set_defaults(func=run, station=kind)


def run(args: argparse.Namespace) -> int:
    from desktop.bootstrap import target_of
    from desktop.documents.ticket import parse_printer_choice
    from desktop.stations import StationOptions, run_station

    target = target_of(args)
    config = target.config
    spec = getattr(args, "printer", None)
    try:
        printer = parse_printer_choice(config.settings.ticket_printer if spec is None else spec)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    options = StationOptions(args.station, windowed=args.windowed,
                             screen=getattr(args, "screen", ""), printer=printer)
    return run_station(config, target.url, options, demo=args.demo)
