"""A site with eight counters, and counter processes working its queue at once.

Shared by the concurrency tests and ``python -m bench queue``.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.storage import TEST_KEY


def prepare_site(url: str, counters: int = 8) -> None:
    """Migrate ``url`` and create the demo organisation with ``counters`` counters for A/B."""
    import random

    from faker import Faker

    from desktop.demo import SeedContext, organisation
    from desktop.demo import queue as demo_queue
    from desktop.infra.database import open_database
    from desktop.models import Counter

    db = open_database(url, key=TEST_KEY)
    try:
        with db.transaction() as session:
            ctx = SeedContext(session, random.Random(1), Faker("it_IT"))
            organisation.seed(ctx)
            demo_queue.seed_priorities(ctx)
            services = ctx.shared["services"]
            site = ctx.shared["site"]
            # per-service sequences ("A001", "B001"), as these tests and the bench read
            # them; neutral letters (the default) are tested in tests/consent
            site.ticket_letters = "service"
            existing = {c.number: c for c in session.query(Counter).filter_by(site_id=site.id)}
            for number in range(1, counters + 1):
                counter = existing.get(number) or Counter(site=site, number=number,
                                                          name=f"Sportello {number}")
                counter.services = [services["A"], services["B"]]
                session.add(counter)
    finally:
        db.dispose()


def session_of(url: str) -> tuple[Any, Any, Any]:
    from desktop.demo import DEMO_PASSWORD
    from desktop.infra.database import open_database
    from desktop.services.organisation.centre import site_info
    from desktop.services.security.accounts import authenticate

    db = open_database(url, migrate=False, key=TEST_KEY)
    site = site_info(db)
    actor = authenticate(db, "g.bellini", DEMO_PASSWORD)
    return db, site, actor


def counter_worker(url: str, number: int, to_issue: int, barrier: Any,
                   results: Any) -> None:
    """One counter PC: issue ``to_issue`` tickets, wait for the others, then call next and
    finish until the queue is empty. Puts (number, called ids, issued codes, seconds)."""
    import time

    from desktop.services import queue as q

    try:
        db, site, actor = session_of(url)
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    try:
        services = [s.id for s in site.services if s.prefix in "AB"]
        counter = next(c.id for c in site.counters if c.number == number)
        issued = [q.issue_ticket(db, site.site_id, services[i % 2]).ticket.code
                  for i in range(to_issue)]
        barrier.wait()
        called: list[str] = []
        start = time.perf_counter()
        while True:
            try:
                ticket = q.call_next(db, actor, counter).ticket
            except q.QueueEmpty:
                break
            called.append(str(ticket.id))
            q.finish(db, actor, counter, ticket.id, "servito")
        results.put((number, called, issued, time.perf_counter() - start, ""))
    except BaseException as exc:
        barrier.abort()
        results.put((number, [], [], -1.0, repr(exc)))
        raise
    finally:
        db.dispose()


def run_counters(url: str, processes: int = 8, tickets: int = 2000,
                 worker: Any = counter_worker) -> dict[str, Any]:
    """Run ``processes`` counter processes over ``tickets`` tickets; return what they did.

    ``worker``: what each process runs (the benchmark passes its plain-SQL floor)."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes)
    results = spawn.Queue()
    share = tickets // processes
    workers = [spawn.Process(target=worker, args=(url, n + 1, share, barrier, results))
               for n in range(processes)]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=900) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    errors = [e for *_rest, e in outcomes if e]
    if errors:
        raise RuntimeError(f"counter processes failed: {errors[:3]}")
    called = [tid for _n, ids, _codes, _s, _e in outcomes for tid in ids]
    issued = [code for _n, _ids, codes, _s, _e in outcomes for code in codes]
    seconds = max(s for _n, _i, _c, s, _e in outcomes)
    return {"called": called, "issued": issued, "seconds": seconds,
            "exit_codes": [w.exitcode for w in workers]}


