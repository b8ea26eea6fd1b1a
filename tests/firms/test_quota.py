"""L. 68/1999 art. 3 quota: a table of employees and what they owe."""

from __future__ import annotations

import pytest

from desktop.services.firms.quota import band_of, quota


@pytest.mark.parametrize(("employees", "disabled", "protected"), [
    (0, 0, 0), (14, 0, 0),            # under 15: no obligation
    (15, 1, 0), (35, 1, 0),           # 15-35: one worker
    (36, 2, 0), (50, 2, 0),           # 36-50: two workers
    (51, 4, 1),                       # 7% of 51 = 3.57 -> 4; 1% = 0.51 -> 1
    (60, 4, 1),                       # 4.2 -> 4 (fraction dropped); 0.6 -> 1
    (64, 4, 1),                       # 4.48 -> 4
    (65, 5, 1),                       # 4.55 -> 5 (above one half)
    (150, 10, 1),                     # 10.5 -> 10 (one half exactly is dropped); 1.5 -> 1
    (151, 11, 2),                     # 10.57 -> 11; 1.51 -> 2
    (1000, 70, 10),
])
def test_quota_by_employees(employees: int, disabled: int, protected: int) -> None:
    owed = quota(employees)
    assert (owed.disabled, owed.protected) == (disabled, protected)
    assert owed.total == disabled + protected


@pytest.mark.parametrize(("employees", "hired", "uncovered"), [
    (40, None, None), (40, 0, 2), (40, 1, 1), (40, 3, 0), (100, 5, 3)])
def test_uncovered_positions(employees: int, hired: int | None, uncovered: int | None) -> None:
    assert quota(employees, hired).uncovered == uncovered


@pytest.mark.parametrize(("employees", "band"), [
    (0, "0-14"), (14, "0-14"), (15, "15-35"), (35, "15-35"), (36, "36-50"), (50, "36-50"),
    (51, ">50"), (20_000, ">50")])
def test_size_band(employees: int, band: str) -> None:
    assert band_of(employees) == band


def test_negative_employees_are_refused() -> None:
    with pytest.raises(ValueError):
        quota(-1)
    with pytest.raises(ValueError):
        band_of(-1)
