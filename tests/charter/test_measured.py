"""The Carta from the demo database: each measured standard prints the figure the
Osservatorio shows for the same period; overdue complaints lower it; no data, no print."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop import formatting
from desktop.errors import ValidationError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services.actions import indicators
from desktop.services.charter.printing import charter_document, charter_texts
from desktop.services.feedback import complaints, ratings
from desktop.services.security.accounts import OperatorInfo
from desktop.values.indicators import Period
from desktop.values.site import SiteInfo
from tests.charter.conftest import flat_text


def _period(site: SiteInfo) -> Period:
    today = clock.today()
    return Period(dt.date(today.year, 1, 1), today, site.site_code)


def test_every_measured_standard_prints_what_the_osservatorio_shows(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo,
        manager: OperatorInfo) -> None:
    period = _period(site)
    text = flat_text(charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                                      clock.today(), period).pdf)
    shown = indicators.compute(demo_db, manager, period, as_of=clock.today())
    complaint = complaints.complaint_stats(demo_db, manager, period, as_of=clock.today())
    rating = ratings.rating_stats(demo_db, manager, period)
    assert shown.queue.mean_wait is not None and shown.patti.share_on_time is not None
    assert complaint.share_on_time is not None and rating.share_positive is not None
    # The Osservatorio's tiles, formatted as it formats them.
    assert f"{formatting.figure(shown.queue.mean_wait)} minuti" in text
    assert formatting.percent(shown.queue.within_standard) in text
    assert formatting.percent(shown.patti.share_on_time) in text
    assert formatting.percent(complaint.share_on_time) in text
    assert formatting.percent(rating.share_positive) in text
    assert "21,5 ore settimanali" in text
    assert f"{formatting.date(period.date_from)} – {formatting.date(period.date_to)}" in text
    assert "non sono ancora disponibili" not in text
    # Every standard the system measures has its value (or the sentence saying why).
    texts = charter_texts(demo_db, site.site_code, "cittadini", "it")
    measured = [s for s in texts.standards if s.measured]
    assert text.count(" — rispettato") + text.count(" — non rispettato") == len(measured)


def test_an_overdue_complaint_is_listed_and_lowers_the_measured_value(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo,
        manager: OperatorInfo) -> None:
    period = _period(site)
    today = clock.today()
    before = complaints.complaint_stats(demo_db, manager, period, as_of=today)
    received = max(period.date_from, today - dt.timedelta(days=35))
    late = complaints.record_complaint(demo_db, front_desk, site.site_code, complaints.ComplaintForm(
        "letter", received, "Documenti persi"), today=today)
    assert late.deadline == received + dt.timedelta(days=30)  # the Carta's promise
    overdue = complaints.complaints(demo_db, front_desk, site.site_code, "overdue", today)
    assert late.id in {c.id for c in overdue}
    after = complaints.complaint_stats(demo_db, manager, period, as_of=today)
    assert before.share_on_time is not None and after.share_on_time is not None
    assert after.overdue == before.overdue + 1
    assert after.share_on_time < before.share_on_time
    text = flat_text(charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                                      today, period).pdf)
    assert f"{formatting.percent(after.share_on_time)} — non rispettato" in text


def test_a_period_without_data_is_refused_in_one_sentence(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    empty = Period(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    with pytest.raises(ValidationError) as info:
        charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                         clock.today(), empty)
    assert info.value.user_message.startswith("Dal 01/01/2019 al 31/12/2019 il centro non ha")


def test_a_standard_without_data_says_why(demo_db: Database, site: SiteInfo,
                                          front_desk: OperatorInfo) -> None:
    """Today: the queue has tickets, but no complaint or rating has been given yet."""
    today = clock.today()
    text = flat_text(charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                                      today, Period(today, today)).pdf)
    assert "Nessun reclamo ricevuto nel periodo." in text
    assert "Nessuna valutazione data nel periodo." in text
    assert "minuti — " in text  # the waits of the day are measured
