"""``sportello messages``: send the reminders (``run``) and list the unsent ones."""

from __future__ import annotations

import argparse
import signal
import threading

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("messages", help=_("send reminders and list the unsent ones"))
    actions = parser.add_subparsers(dest="messages_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help=_("send the queued messages until stopped"))
    run.add_argument("--once", action="store_true",
                     help=_("send what is due now, then stop"))
    run.add_argument("--interval", type=float, default=5.0,
                     help=_("seconds between rounds (default 5)"))
    listing = actions.add_parser("list", help=_("list the messages not sent yet"))
    for p in (run, listing):
        p.add_argument("--db", metavar="URL", help=_("database (default: from the settings)"))
        p.add_argument("--demo", action="store_true", help=_("the demo database"))
    run.set_defaults(func=do_run)
    listing.set_defaults(func=do_list)


def do_run(args: argparse.Namespace) -> int:
    from desktop.bootstrap import open_command_database
    from desktop.services.messaging.config import load_config
    from desktop.services.messaging.journal import JournalBusy
    from desktop.services.messaging.service import build_worker
    from desktop.services.queue import turn_near

    with open_command_database(args, console_log=True) as (config, db):
        messaging = load_config(config.paths.config)
        try:
            worker = build_worker(db, config.paths.config, config.paths.data, config=messaging,
                                  planners=[turn_near.planner(messaging)])
        except JournalBusy as exc:
            print(exc.user_message)
            return 1
        marked, requeued = worker.recover()
        if args.once:
            report = worker.drain()
            print(_("Sent {sent}, failed {failed} (to retry), expired {expired}.").format(
                sent=report.sent, failed=report.failed, expired=report.expired))
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_a: stop.set())
        thread = worker.start(args.interval)
        print(_("Sending messages; stop with Ctrl+C."))
        while thread.is_alive() and not stop.wait(0.5):
            pass
        worker.stop()
        worker.journal.close()
    return 0


def do_list(args: argparse.Namespace) -> int:
    from desktop.bootstrap import cli_actor, open_command_database
    from desktop.services.messaging import outbox

    with open_command_database(args) as (_config, db):
        rows = outbox.unsent(db, cli_actor("messages list"))
    for m in rows:
        print(f"{m.due_at:%Y-%m-%d %H:%M}  {m.channel:5}  {m.address:30}  "
              f"{m.attempts}  {m.last_error}")
    print(_("Messages waiting to be sent again: {count}.").format(count=len(rows)))
    return 0
