"""Numbers as Italians write them (issue 22: "0.20" beside spin boxes showing "0,00"):
a decimal shown with the English point is a fault, in a window or in a printout.

A number with a point and one or two digits after it ("0.20", "+0.00", "2.5") is an
English decimal; left alone are the Italian thousands ("1.234", three digits), dotted
versions and codes ("1.2.3", "10.1.4.3") and references such as "art. 21" or "L. 68".
An ATECO code ("10.71") looks like a decimal: a text about codes is left alone.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from tests.a11y.walk import shown_texts

ENGLISH_DECIMAL = re.compile(r"(?<![\w.,])[+-]?\d+\.\d{1,2}(?![\w.])")
ABOUT_CODES = re.compile(r"\b(ATECO|codice|codici)\b", re.IGNORECASE)


def english_decimals_in(text: str) -> list[str]:
    return ENGLISH_DECIMAL.findall(re.sub(r"<[^>]+>", " ", text))


def english_decimals(top: QWidget) -> list[str]:
    """Every text shown in ``top`` that writes a decimal with a point."""
    problems = []
    for where, text in shown_texts(top):
        found = english_decimals_in(text)
        if found and not ABOUT_CODES.search(f"{where} {text}"):
            problems.append(f"{where}: {found} in {text[:80]!r}")
    return problems
