"""Small pieces the vacancy form and list share: labels and the languages field."""

from __future__ import annotations

import re

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.firms.vacancies import VacancyInfo
from desktop.services.firms.vacancy_lifecycle import status_label

_CONTRACTS = {
    "indeterminato": N_("permanent"), "determinato": N_("fixed-term"),
    "apprendistato": N_("apprenticeship"), "somministrazione": N_("agency work"),
    "tirocinio": N_("traineeship"), "stagionale": N_("seasonal"),
    "collaborazione": N_("freelance collaboration"),
}
_LANGUAGE = re.compile(r"^\s*([^\d,:;]+?)\s*[: ]\s*([ABCabc][12])\s*$")


def contract_label(code: str) -> str:
    return _(_CONTRACTS[code]) if code in _CONTRACTS else code


def languages_text(languages: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{lang} {level}" for lang, level in languages)


def parse_languages(text: str) -> tuple[tuple[str, str], ...] | None:
    """"inglese B1, tedesco A2" -> (("inglese", "B1"), ("tedesco", "A2")); None when a
    piece has no level."""
    out = []
    for piece in (p for p in text.replace(";", ",").split(",") if p.strip()):
        found = _LANGUAGE.match(piece)
        if found is None:
            return None
        out.append((found.group(1).strip().lower(), found.group(2).upper()))
    return tuple(out)


def status_text(v: VacancyInfo) -> str:
    """The status as the list shows it, with the expiry warning."""
    text = status_label(v.status)
    if v.expired and v.closes_on is not None:
        text += " · " + _("EXPIRED on {date}").format(date=formatting.date(v.closes_on))
    return text


def vacancy_line(v: VacancyInfo) -> str:
    """One line naming a vacancy (combo boxes), expired ones marked."""
    place = f" · {v.workplace}" if v.workplace else ""
    line = f"{v.number} · {v.title} · {v.employer}{place}"
    if v.expired and v.closes_on is not None:
        line += " · ⚠ " + _("EXPIRED on {date}").format(date=formatting.date(v.closes_on))
    return line
