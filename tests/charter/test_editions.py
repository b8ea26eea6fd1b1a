"""Editions: number and effective date come from the adoption, never from the print date;
the same edition keeps its document number; each adoption is the next number."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.services.charter.editions import adopt_edition, editions
from desktop.services.charter.printing import charter_document
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import SiteInfo
from tests.charter.conftest import flat_text


def test_reprints_on_other_days_keep_the_number_and_the_effective_date(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    today = clock.today()
    first = charter_document(demo_db, front_desk, site.site_code, "imprese", "it", today)
    later = charter_document(demo_db, front_desk, site.site_code, "imprese", "it",
                             today + dt.timedelta(days=40), "none")
    assert first.number == later.number == "CS-FI01-IMP-E01-IT"
    text = flat_text(later.pdf)
    assert f"In vigore dal: 01/01/{today.year}" in text
    assert f"Stampata il: {(today + dt.timedelta(days=40)):%d/%m/%Y}" in text


def test_adopting_a_new_version_gives_the_next_number_and_its_date(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo,
        manager: OperatorInfo) -> None:
    today = clock.today()
    start = today + dt.timedelta(days=10)
    adopted = adopt_edition(demo_db, manager, site.site_code, "disabili", start, today)
    assert (adopted.number, adopted.effective_from) == (2, start)
    assert editions(demo_db, site.site_code)["disabili"] == adopted
    doc = charter_document(demo_db, front_desk, site.site_code, "disabili", "en", today)
    assert doc.number == "CS-FI01-DIS-E02-EN"
    text = flat_text(doc.pdf)
    assert f"In force from: {start:%d/%m/%Y}" in text
    assert "Edition for people with disabilities (targeted placement) · no. 2" in text


def test_an_edition_cannot_come_into_force_before_the_one_in_force(
        demo_db: Database, site: SiteInfo, manager: OperatorInfo,
        front_desk: OperatorInfo) -> None:
    with pytest.raises(ValidationError) as info:
        adopt_edition(demo_db, manager, site.site_code, "cittadini", dt.date(2020, 1, 1))
    assert "non può entrare in vigore prima" in info.value.user_message
    with pytest.raises(PermissionDenied):
        adopt_edition(demo_db, front_desk, site.site_code, "cittadini", clock.today())


def test_a_centre_that_never_adopted_prints_a_marked_draft(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo) -> None:
    """A centre with no adoption yet gets a draft that says so, never a dated number."""
    from sqlalchemy import delete

    from desktop.models.charter import CharterEdition

    with demo_db.transaction() as session:
        session.execute(delete(CharterEdition))
    doc = charter_document(demo_db, front_desk, site.site_code, "cittadini", "it",
                           clock.today())
    assert doc.number == "CS-FI01-CIT-BOZZA-IT"
    assert "non è ancora stata adottata" in flat_text(doc.pdf)
