"""Italian everywhere (issue 22 item 3): no English shown in the Italian interface, and
no number written with the English decimal point."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.a11y.numbers import english_decimals, english_decimals_in
from tests.a11y.surfaces import Surfaces
from tests.a11y.walk import english_shown


def test_no_english_string_is_shown_in_the_italian_interface(surfaces: Surfaces) -> None:
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {p}" for p in english_shown(top) + english_decimals(top))

    surfaces.walk(visit)
    assert problems == [], "\n".join(problems)


def test_the_decimal_check_tells_english_decimals_from_codes_and_thousands() -> None:
    assert english_decimals_in("+0.20 su 0.35 · Mansione") == ["+0.20", "0.35"]
    assert english_decimals_in("<b>Indice 0.73</b>") == ["0.73"]
    assert english_decimals_in("punteggio 2.5") == ["2.5"]
    assert english_decimals_in("+0,20 su 0,35; 1.234 persone; versione 1.2.3; "
                               "EN 301 549 11.1.4.3; art. 21; L. 68/1999; 09:30") == []
