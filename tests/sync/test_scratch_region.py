"""The scratch region (tests/helpers/scratch_region.py) builds what it promises: a real
conflict in the second centre's Problems list, read through the desktop's sync API."""

from __future__ import annotations

from pathlib import Path

from desktop.sync import service
from tests.helpers.scratch_region import FIRST_EDIT, FISCAL_CODE, SECOND_EDIT, conflict_setup


def test_the_scratch_conflict_shows_in_the_problems_list(tmp_path: Path) -> None:
    db = conflict_setup(tmp_path / "region")
    try:
        problems = service.problems(db)
        state = service.status(db, "http://127.0.0.1:1")
    finally:
        db.dispose()
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.kind, problem.status) == ("person", "conflict")
    # the second centre's whole change travelled; the region kept the first centre's surname
    assert problem.mine == SECOND_EDIT
    assert problem.theirs["fields"]["surname"] == FIRST_EDIT["surname"]
    assert problem.theirs["fields"]["fiscal_code"] == FISCAL_CODE
    assert not problem.theirs["deleted"]
    # the Sincronizzazione area's counters: one problem, one change still to send
    assert (state.problems, state.pending) == (1, 1)
