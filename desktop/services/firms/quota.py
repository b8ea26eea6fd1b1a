"""L. 68/1999 art. 3: how many disabled workers a private employer must employ.

Computable employees (art. 4) set the obligation towards the disabled (art. 3 c. 1):
15-35 one worker, 36-50 two, over 50 seven per cent; over 50 also one per cent for the
other protected categories (art. 18 c. 2). Fractions (D.P.R. 333/2000 art. 3 c. 5, over 50
employees): a fraction above 0.50 counts as one, 0.50 or less is dropped (7% of 60 is 4.2:
4 workers; 7% of 65 is 4.55: 5). Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The size bands the counter records, with the range of employees each covers.
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-14", 0, 14), ("15-35", 15, 35), ("36-50", 36, 50), (">50", 51, None))


@dataclass(frozen=True)
class Quota:
    employees: int
    #: Workers with disabilities owed (art. 3 c. 1).
    disabled: int
    #: Workers of the protected categories owed (art. 18 c. 2; only over 50).
    protected: int
    #: L. 68 hires in service, when known.
    hired: int | None

    @property
    def total(self) -> int:
        return self.disabled + self.protected

    @property
    def uncovered(self) -> int | None:
        """Positions still to fill (never negative), None when the hires are unknown."""
        return None if self.hired is None else max(0, self.total - self.hired)


def _rounded(hundredths: int) -> int:
    whole, rest = divmod(hundredths, 100)
    return whole + (1 if rest > 50 else 0)


def band_of(employees: int) -> str:
    for name, low, high in SIZE_BANDS:
        if employees >= low and (high is None or employees <= high):
            return name
    raise ValueError(f"negative employees: {employees}")


def quota(employees: int, hired: int | None = None) -> Quota:
    """The obligation for ``employees`` computable employees (>= 0)."""
    if employees < 0:
        raise ValueError(f"negative employees: {employees}")
    if employees < 15:
        disabled, protected = 0, 0
    elif employees <= 35:
        disabled, protected = 1, 0
    elif employees <= 50:
        disabled, protected = 2, 0
    else:
        disabled, protected = _rounded(employees * 7), _rounded(employees)
    return Quota(employees, disabled, protected, hired)
