"""``sportello serve``: the reference regional server (see ``python -m server``)."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help=_("run the reference regional sync server"))
    from server.cli import add_arguments

    add_arguments(serve)
    serve.set_defaults(func=do_serve)


def do_serve(args: argparse.Namespace) -> int:
    from server.cli import run

    return run(args)
