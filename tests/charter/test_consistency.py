"""Before printing: a standard the centre's own configuration contradicts is listed to the
operator and the Carta is not printed; once the configuration is corrected it prints."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Counter, Service, Site
from desktop.services.charter.consistency import CharterInconsistent
from desktop.services.charter.hours import weekly_hours
from desktop.services.charter.printing import charter_document, check_charter
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import SiteInfo


def _set_hours(db: Database, code: str, hours: str) -> None:
    with db.transaction() as session:
        site = session.scalar(select(Site).where(Site.code == code))
        assert site is not None
        site.opening_hours = hours


def test_the_demo_hours_are_read_as_twenty_one_and_a_half_with_two_afternoons() -> None:
    hours = weekly_hours(("Lunedì–Venerdì 9:00–12:30", "Martedì e Giovedì 14:30–16:30"))
    assert (hours.hours, hours.afternoons, hours.unreadable) == (21.5, 2, ())
    other = weekly_hours(("Lun-Ven 9.00-13.00, 14.00-16.00", "Sabato 9:00-12:00"))
    assert (other.hours, other.afternoons) == (33.0, 5)


def test_hours_below_the_promise_stop_the_print_and_are_listed(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    _set_hours(demo_db, site.site_code, "Lunedì–Venerdì 9:00–12:00")
    problems = check_charter(demo_db, front_desk, site.site_code, "cittadini", "it")
    messages = " ".join(p.message for p in problems)
    assert "promette 20 ore settimanali, ma l'orario di apertura della sede ne somma 15" \
        in messages
    assert "promette 2 pomeriggi di apertura" in messages
    with pytest.raises(CharterInconsistent) as info:
        charter_document(demo_db, front_desk, site.site_code, "cittadini", "it", clock.today())
    assert info.value.problems == problems
    assert info.value.user_message.startswith("La Carta non è stata stampata")
    # The operator corrects the hours: the Carta prints.
    _set_hours(demo_db, site.site_code, "Lunedì–Venerdì 9:00–12:30\nMartedì e Giovedì "
                                         "14:30–16:30")
    assert check_charter(demo_db, front_desk, site.site_code, "cittadini", "it") == ()
    assert charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                            clock.today()).pdf.startswith(b"%PDF")


def test_unreadable_hours_are_a_problem_not_a_guess(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    _set_hours(demo_db, site.site_code, "Su appuntamento")
    problems = check_charter(demo_db, front_desk, site.site_code, "cittadini", "it")
    assert any("«Su appuntamento» non si può leggere" in p.message for p in problems)


def test_a_standard_about_a_service_no_counter_serves_is_a_problem(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    with demo_db.transaction() as session:
        counter = session.scalar(select(Counter).where(Counter.site_id == site.site_id,
                                                       Counter.number == 5))
        assert counter is not None
        counter.active = False  # the only counter of service E (employers)
    problems = check_charter(demo_db, front_desk, site.site_code, "imprese", "it")
    assert any("servizio E, ma nessuno sportello attivo lo eroga" in p.message
               for p in problems)
    assert check_charter(demo_db, front_desk, site.site_code, "cittadini", "it") == ()
    with demo_db.transaction() as session:
        service = session.scalar(select(Service).where(Service.site_id == site.site_id,
                                                       Service.prefix == "D"))
        assert service is not None
        service.active = False
    problems = check_charter(demo_db, front_desk, site.site_code, "disabili", "it")
    assert any("servizio D, che questa sede non offre" in p.message for p in problems)
    # The services' texts send people to "servizio D" too: named, not printed silently.
    assert any("«Iscrizione al collocamento mirato» rimanda al servizio D" in p.message
               for p in problems)
