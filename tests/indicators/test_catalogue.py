"""The catalogue of measures and the patto deadline rule, with known answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.services.actions.catalogue import load_catalogue, patto_on_time, share_on_time

D = dt.date


def test_shipped_catalogue_has_the_issue_measures() -> None:
    codes = {m.code for m in load_catalogue()}
    assert {"ORB", "ORS", "FOR", "TIR", "ACC", "IDO", "AUT"} <= codes


def test_repeated_code_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "catalogue.yaml"
    bad.write_text("- {code: A, label: x}\n- {code: A, label: y}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_catalogue(bad)
    assert "catalogue.yaml" in err.value.user_message


def test_patto_deadline_boundaries() -> None:
    did, deadline = D(2026, 1, 1), D(2026, 1, 31)
    assert patto_on_time(did, deadline, D(2026, 1, 31))
    assert not patto_on_time(did, deadline, D(2026, 2, 1))
    assert not patto_on_time(did, deadline, None)


def test_share_on_time_and_empty_period() -> None:
    rows = [(D(2026, 1, 1), D(2026, 1, 16), D(2026, 1, 10)),
            (D(2026, 1, 1), D(2026, 1, 16), D(2026, 1, 20))]
    assert share_on_time(rows) == 0.5
    assert share_on_time([]) is None


def test_patto_measure_types_find_their_catalogue_measure() -> None:
    from desktop.documents.agreement import MEASURE_TYPES
    from desktop.services.actions.person_card import catalogue_code_for

    found = {kind: catalogue_code_for(kind) for kind in MEASURE_TYPES}
    assert found["Orientamento di base"] == "ORB"
    assert found["Tirocinio extracurriculare"] == "TIR"
    assert found["Incontro domanda-offerta"] == "IDO"
    assert found["Autoimpiego"] == "AUT"
    assert found["Bilancio di competenze"] == ""
    assert catalogue_code_for("") == ""
