""""Your turn is near": a contact left at the kiosk, validated, kept for the day only,
and one message when fewer people are ahead than configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.infra import clock
from desktop.models.messaging import TicketContact
from desktop.services import queue as q
from desktop.services.messaging.config import MessagingConfig
from desktop.services.queue import turn_near
from desktop.services.queue.board import display_state
from desktop.services.queue.stats import close_day
from desktop.services.security.accounts import get_operator
from desktop.views.context import ViewContext
from desktop.views.queue.kiosk import KioskWindow
from tests.helpers.mail_servers import SmsGateway
from tests.messaging.conftest import make_worker
from tests.queue.conftest import MORNING, Site, at, qctx, site  # noqa: F401

SHOTS = Path(os.environ.get("SPORTELLO_SHOTS", "/tmp/shots-reminders"))
INVALID = "Scriva un numero di cellulare italiano (per esempio 333 1234567) o un indirizzo " \
          "e-mail valido."


@pytest.mark.parametrize(("raw", "expected"), [
    ("333 123 4567", ("sms", "3331234567")),
    ("+39 347.765.4321", ("sms", "3477654321")),
    (" mario.rossi@example.it ", ("email", "mario.rossi@example.it")),
])
def test_valid_contacts(raw: str, expected: tuple[str, str]) -> None:
    assert turn_near.parse_contact(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "055 123456", "333 12", "mario@", "a b@c.it",
                                 "mario@example"])
def test_invalid_contacts_get_one_italian_sentence(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        turn_near.parse_contact(raw)
    assert info.value.user_message == INVALID


def contacts(site: Site) -> int:  # noqa: F811
    with site.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(TicketContact)) or 0)


def test_kiosk_refuses_a_bad_number_then_keeps_a_good_one_off_the_display(
        qtbot: QtBot, qctx: ViewContext, site: Site) -> None:  # noqa: F811
    kiosk = KioskWindow(qctx)
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.load()
    qtbot.waitUntil(lambda: qctx.ops.pending == 0)
    assert not kiosk.turn_near.isVisible()
    kiosk.service_buttons["A"].click()
    qtbot.waitUntil(lambda: qctx.ops.pending == 0)
    assert kiosk.turn_near.isVisible()
    qtbot.keyClicks(kiosk.turn_near.field, "33312")
    qtbot.keyClick(kiosk.turn_near.field, "\r")
    qtbot.waitUntil(lambda: qctx.ops.pending == 0)
    assert kiosk.turn_near.message.text() == INVALID
    assert contacts(site) == 0
    kiosk.resize(1000, 760)
    SHOTS.mkdir(parents=True, exist_ok=True)
    kiosk.grab().save(str(SHOTS / "chiosco-turno-vicino-errore.png"))
    kiosk.turn_near.field.setText("333 765 4321")
    kiosk.turn_near.button.click()
    qtbot.waitUntil(lambda: qctx.ops.pending == 0)
    assert kiosk.turn_near.message.text().startswith("Grazie")
    assert contacts(site) == 1
    shown = repr(display_state(site.db, site.info.site_id))
    assert "3337654321" not in shown and "765" not in shown


def test_one_sms_when_the_turn_is_near_and_the_number_is_gone_at_day_close(
        site: Site, gateway: SmsGateway, tmp_path: Path) -> None:  # noqa: F811
    tickets = [q.issue_ticket(site.db, site.info.site_id, site.service("A").id, now=at(n))
               for n in range(5)]
    last = tickets[-1].ticket
    turn_near.leave_contact(site.db, last.id, "333 765 4321")
    config = MessagingConfig(sms_url=gateway.url, turn_near_minutes=0, turn_near_position=3)
    worker = make_worker(site.db, config, tmp_path / "sent.log",
                         planners=[turn_near.planner(config)])
    try:
        with clock.use(clock.fixed(at(10))):
            assert worker.drain().sent == 0  # four people ahead
            q.call_next(site.db, site.actor, site.counter(1).id, now=at(10))
            assert worker.drain().sent == 0  # three ahead: not under three yet
            q.call_next(site.db, site.actor, site.counter(2).id, now=at(11))
            assert worker.drain().sent == 1  # two ahead
            assert worker.drain().sent == 0  # once only
    finally:
        worker.journal.close()
    [sms] = gateway.received
    assert sms["to"] == "3337654321" and sms["id"] == f"turn:{last.id}"
    assert "il suo turno è vicino" in sms["text"] and last.code in sms["text"]
    manager = get_operator(site.db, "demo")
    close_day(site.db, manager, site.info.site_id, MORNING.astimezone().date(), now=at(600))
    assert contacts(site) == 0
