"""Every known-by-construction indicator test of test_indicators.py, on PostgreSQL.

The queries group differently by dialect (SQLite groups tickets by rowid, PostgreSQL
by id; minutes come from julianday on one and from epoch on the other): the same
answers must come out of both. The tests are imported here and run against a
database of a throwaway cluster through the ``db`` fixture below.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.infra.database import Database, open_database
from tests.helpers.postgres import cluster_for, create_database
from tests.indicators.test_indicators import (  # noqa: F401  (collected here as well)
    test_a_period_with_no_data,
    test_a_person_placed_twice_counts_once,
    test_actions_by_measure_with_boundaries_and_without_patto,
    test_an_empty_database,
    test_firms_vacancies_and_positions,
    test_patti_within_the_legal_deadline,
    test_people_per_site,
    test_people_taken_in_charge_count_a_person_with_two_dids_once,
    test_queue_times_follow_the_queue_statistics,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with cluster_for("the PostgreSQL indicators tests") as base:
        yield base


@pytest.fixture
def db(base_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(create_database(base_url), tmp_path)
    yield database
    database.dispose()


def test_the_imported_tests_run_on_postgresql(db: Database) -> None:
    assert not db.is_sqlite
