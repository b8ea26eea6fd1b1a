"""Where PostgreSQL is required (.ci/run), a missing PostgreSQL fails instead of skipping."""

from __future__ import annotations

import pytest

from tests.helpers import postgres


def _enter(what: str) -> None:
    with postgres.cluster_for(what):
        pass


def test_missing_postgres_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "pg_bin", lambda: None)
    monkeypatch.delenv(postgres.REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="the sync tests cannot run"):
        _enter("the sync tests")


def test_missing_postgres_fails_where_it_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "pg_bin", lambda: None)
    monkeypatch.setenv(postgres.REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="the sync tests cannot run"):
        _enter("the sync tests")
