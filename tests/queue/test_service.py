"""Queue service on a real SQLite file: every action, the log, statistics, day close."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.infra import notify as queue_notify
from desktop.models.queue import QueueDay, Ticket, TicketEvent
from desktop.services import queue as q
from desktop.services.queue.state import Event, derive
from desktop.services.queue.stats import close_day, queue_statistics, write_csv
from tests.queue.conftest import MORNING, Site, at


def issue(site: Site, prefix: str, minute: float, **kw: object) -> q.IssuedTicket:
    return q.issue_ticket(site.db, site.info.site_id, site.service(prefix).id,
                          now=at(minute), **kw)  # type: ignore[arg-type]


def test_numbers_are_per_service_and_never_reused(site: Site) -> None:
    codes = [issue(site, p, i).ticket.code for i, p in enumerate("AABAB")]
    assert codes == ["A001", "A002", "B001", "A003", "B002"]
    nxt = q.issue_ticket(site.db, site.info.site_id, site.service("A").id,
                         now=MORNING + dt.timedelta(days=1))
    assert nxt.ticket.code == "A001"  # a new day starts again


def test_issue_gives_people_ahead_and_a_range(site: Site) -> None:
    issue(site, "A", 0)
    third = (issue(site, "A", 1), issue(site, "A", 2))[1]
    assert third.ahead == 2
    assert 0 <= third.estimate_low < third.estimate_high


def test_call_next_follows_policy_and_says_why(site: Site) -> None:
    issue(site, "A", 0)
    issue(site, "A", 1, priority_code="gravidanza")
    counter = site.counter(1).id
    result = q.call_next(site.db, site.actor, counter, now=at(3))
    assert result.ticket.code == "A002"
    assert result.reason == "priorità: gravidanza"
    with pytest.raises(q.QueueError, match="A002"):  # still at the counter
        q.call_next(site.db, site.actor, counter, now=at(4))


def test_empty_queue_says_so(site: Site) -> None:
    with pytest.raises(q.QueueEmpty) as info:
        q.call_next(site.db, site.actor, site.counter(1).id, now=at(1))
    assert "Nessun biglietto" in info.value.user_message


def test_recall_cooldown_then_no_show(site: Site) -> None:
    issue(site, "A", 0)
    counter = site.counter(1).id
    ticket = q.call_next(site.db, site.actor, counter, now=at(1)).ticket
    with pytest.raises(q.QueueError, match="secondi"):
        q.recall(site.db, site.actor, counter, ticket.id, now=at(1.1))
    results = [q.recall(site.db, site.actor, counter, ticket.id, now=at(2 + i))
               for i in range(4)]
    assert [r.no_show for r in results] == [False, False, False, True]
    assert results[-1].ticket.status == "no_show"


def test_call_specific_requires_and_logs_reason(site: Site) -> None:
    issue(site, "A", 0)
    second = issue(site, "A", 1).ticket
    counter = site.counter(1).id
    with pytest.raises(ValidationError):
        q.call_specific(site.db, site.actor, counter, second.id, "  ")
    result = q.call_specific(site.db, site.actor, counter, second.id, "documenti pronti",
                             now=at(2))
    assert result.ticket.code == "A002" and "documenti pronti" in result.reason
    with site.db.read() as s:
        event = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == second.id,
                                                    TicketEvent.kind == "called")).one()
    assert "documenti pronti" in event.detail and event.ref == "specific"


def test_park_resume_finish(site: Site) -> None:
    issue(site, "A", 0)
    issue(site, "A", 1)
    counter = site.counter(1).id
    first = q.call_next(site.db, site.actor, counter, now=at(2)).ticket
    assert q.park(site.db, site.actor, counter, first.id, now=at(3)).status == "parked"
    second = q.call_next(site.db, site.actor, counter, now=at(4)).ticket
    q.finish(site.db, site.actor, counter, second.id, "servito", now=at(6))
    resumed = q.resume(site.db, site.actor, counter, first.id, now=at(7))
    assert resumed.status == "called"
    with pytest.raises(ValidationError):
        q.finish(site.db, site.actor, counter, first.id, "boh")
    assert q.finish(site.db, site.actor, counter, first.id, "rinviato").outcome == "rinviato"


def test_transfer_returning_comes_back(site: Site) -> None:
    issue(site, "A", 0)
    c1, c3 = site.counter(1).id, site.counter(3).id  # 1 serves A,B; 3 serves B,C
    ticket = q.call_next(site.db, site.actor, c1, now=at(1)).ticket
    moved = q.transfer(site.db, site.actor, c1, ticket.id, site.service("C").id,
                       returning=True, now=at(2))
    assert moved.status == "waiting" and moved.service_prefix == "C" and moved.returning
    again = q.call_next(site.db, site.actor, c3, now=at(3)).ticket
    assert again.id == ticket.id
    back = q.finish(site.db, site.actor, c3, ticket.id, "servito", now=at(5))
    assert back.status == "waiting" and back.service_prefix == "A"


def test_transfer_to_closed_service_is_refused(site: Site) -> None:
    from desktop.models import Service

    issue(site, "A", 0)
    with site.db.transaction() as s:
        s.get_one(Service, site.service("E").id).active = False
    c1 = site.counter(1).id
    ticket = q.call_next(site.db, site.actor, c1, now=at(1)).ticket
    with pytest.raises(q.QueueError, match="chiuso"):
        q.transfer(site.db, site.actor, c1, ticket.id, site.service("E").id)


def test_undo_returns_called_ticket_and_log_keeps_both(site: Site) -> None:
    issue(site, "A", 0)
    c1 = site.counter(1).id
    ticket = q.call_next(site.db, site.actor, c1, now=at(1)).ticket
    undone = q.undo_last(site.db, site.actor, c1, now=at(1.5))
    assert undone.status == "waiting"
    with pytest.raises(q.QueueError):
        q.undo_last(site.db, site.actor, c1, now=at(1.6))
    with site.db.read() as s:
        kinds = s.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id)
                          .order_by(TicketEvent.seq)).all()
    assert kinds == ["issued", "called", "undo"]


def test_pause_blocks_calls_until_resumed(site: Site) -> None:
    issue(site, "A", 0)
    c1 = site.counter(1).id
    q.pause(site.db, site.actor, c1, "pausa pranzo")
    assert q.counter_state(site.db, c1, now=at(1)).paused_reason == "pausa pranzo"
    with pytest.raises(q.QueueError, match="pausa"):
        q.call_next(site.db, site.actor, c1, now=at(1))
    q.end_pause(site.db, site.actor, c1)
    assert q.call_next(site.db, site.actor, c1, now=at(2)).ticket.code == "A001"


def test_crash_recovery_requeues_called_but_keeps_served(site: Site) -> None:
    issue(site, "A", 0)
    issue(site, "B", 0)
    c1, c2 = site.counter(1).id, site.counter(2).id
    called = q.call_next(site.db, site.actor, c1, now=at(1)).ticket
    served = q.call_next(site.db, site.actor, c2, now=at(1)).ticket
    q.start_service(site.db, site.actor, c2, served.id, now=at(2))
    back = q.recover_counter(site.db, site.actor, c1, now=at(3))
    assert [t.id for t in back] == [called.id] and back[0].status == "waiting"
    assert q.recover_counter(site.db, site.actor, c2, now=at(3)) == []
    assert q.counter_state(site.db, c2, now=at(3)).current.id == served.id  # type: ignore[union-attr]


def test_projection_equals_state_derived_from_log(site: Site) -> None:
    for i in range(4):
        issue(site, "AB"[i % 2], i)
    c1 = site.counter(1).id
    t = q.call_next(site.db, site.actor, c1, now=at(5)).ticket
    q.transfer(site.db, site.actor, c1, t.id, site.service("B").id, now=at(6))
    t = q.call_next(site.db, site.actor, c1, now=at(7)).ticket
    q.finish(site.db, site.actor, c1, t.id, "servito", now=at(9))
    with site.db.read() as s:
        for ticket in s.scalars(select(Ticket)):
            events = [Event(e.seq, e.kind, e.at, e.service_id, e.counter_id, e.operator_id,
                            e.detail, e.ref) for e in s.scalars(select(TicketEvent).where(
                                TicketEvent.ticket_id == ticket.id))]
            state = derive(events)
            assert (state.status.value, state.service_id, state.counter_id) == (
                ticket.status, ticket.service_id, ticket.counter_id)


def test_statistics_match_events_and_csv(site: Site, tmp_path: Path) -> None:
    for i in range(3):
        issue(site, "A", i)
    c1 = site.counter(1).id
    waits = []
    for i in range(2):
        t = q.call_next(site.db, site.actor, c1, now=at(10 + 10 * i)).ticket
        waits.append(10 + 10 * i - i)
        q.finish(site.db, site.actor, c1, t.id, "servito", now=at(15 + 10 * i))
    t = q.call_next(site.db, site.actor, c1, now=at(40)).ticket
    for i in range(4):
        q.recall(site.db, site.actor, c1, t.id, now=at(41 + i))
    stats = queue_statistics(site.db, site.info.site_id, MORNING.date(), MORNING.date(),
                             standard=dt.timedelta(minutes=15))
    assert (stats.tickets, stats.called, stats.served, stats.no_shows) == (3, 3, 2, 1)
    service = next(g for g in stats.groups if g.dimension == "service")
    assert service.mean_wait == pytest.approx((10 + 19 + 38) / 3, abs=0.01)
    assert service.mean_service == pytest.approx(5, abs=0.01)
    assert service.within_standard == pytest.approx(1 / 3, abs=0.001)
    assert stats.estimates == 3 and stats.estimate_mean_error is not None
    path = write_csv(stats, tmp_path / "coda.csv")
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter=";"))
    assert rows[0][0] == "dimensione" and any(r[:2] == ["service", "A"] for r in rows)


def test_day_close_archives_and_carries_over(site: Site) -> None:
    issue(site, "A", 0)
    issue(site, "A", 1)
    c1 = site.counter(1).id
    t = q.call_next(site.db, site.actor, c1, now=at(2)).ticket
    q.finish(site.db, site.actor, c1, t.id, "servito", now=at(4))
    from desktop.services.security.accounts import get_operator

    admin = get_operator(site.db, "demo")  # a real manager: a forged role is refused
    from desktop.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        close_day(site.db, site.actor, site.info.site_id, MORNING.date())
    closed = close_day(site.db, admin, site.info.site_id, MORNING.date(), carry_over=True,
                       now=at(600))
    assert (closed.issued, closed.served, closed.carried_over) == (2, 1, 1)
    with site.db.read() as s:
        tickets = s.scalars(select(Ticket)).all()
        assert len(tickets) == 3  # nothing deleted; one new ticket for tomorrow
        assert all(t.archived for t in tickets if t.day == MORNING.date())
        assert s.scalars(select(QueueDay)).one().served == 1
    with pytest.raises(q.QueueError):
        close_day(site.db, admin, site.info.site_id, MORNING.date())


def test_subscribers_hear_each_change(site: Site) -> None:
    heard: list[object] = []
    stop = queue_notify.subscribe(site.db, heard.append)
    issue(site, "A", 0)
    q.call_next(site.db, site.actor, site.counter(1).id, now=at(1))
    stop()
    issue(site, "A", 2)
    assert heard == [site.info.site_id, site.info.site_id]


def test_display_shows_codes_and_counters_only(site: Site) -> None:
    issue(site, "A", 0)
    issue(site, "B", 0)
    q.call_next(site.db, site.actor, site.counter(1).id, now=at(1))
    q.call_next(site.db, site.actor, site.counter(2).id, now=at(2))
    state = q.display_state(site.db, site.info.site_id, now=at(3))
    assert sorted((c.ticket_code, c.counter_number) for c in state.current) == [
        ("A001", 1), ("B001", 2)] or sorted(
        (c.ticket_code, c.counter_number) for c in state.current) == [("A001", 2), ("B001", 1)]
    shown = repr(state)
    assert "RSSMRA" not in shown and "Bellini" not in shown
