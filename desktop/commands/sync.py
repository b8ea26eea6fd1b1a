"""``sportello sync``: one synchronisation round from the command line (no window)."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("sync", help=_("synchronise once with the regional server"))
    parser.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
    parser.add_argument("--demo", action="store_true", help=_("the demo database"))
    parser.add_argument("--server", metavar="URL",
                        help=_("regional server (default: from the settings)"))
    parser.add_argument("--token", help=_("save this workstation token first"))
    parser.set_defaults(func=do_sync)


def do_sync(args: argparse.Namespace) -> int:
    from desktop.bootstrap import open_target, target_of
    from desktop.services.security import audit_region
    from desktop.sync import service

    target = target_of(args, console_log=True)
    config = target.config
    url = args.server or config.settings.sync_server_url
    if not url:
        print(_("No regional server is set: use --server URL or Settings."))
        return 2
    # As `run --demo`: the demo centre is created on first use.
    db = open_target(target)
    try:
        if args.token:
            service.save_token(db, config.paths.config, args.token)
        try:
            report = audit_region.sync_now(db, url, config.paths.config)
        except service.SyncFailed as exc:
            print(exc.user_message)
            return 1
        state = service.status(db, url)
    finally:
        db.dispose()
    print(_("Sent {pushed}, received {pulled}; problems to resolve: {problems}.").format(
        pushed=report.pushed, pulled=report.pulled, problems=state.problems))
    return 0
