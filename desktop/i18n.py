"""Translations: gettext catalogs, Italian by default, English second.

Message ids in the code are English; ``resources/translations/<lang>/LC_MESSAGES/
sportello.po`` holds the translation. The ``.po`` files are compiled in memory
with Babel when a language is chosen, so a source checkout and a frozen build
read the same files and nothing binary is committed. A test keeps the Italian
catalog complete.
"""

from __future__ import annotations

import gettext
import logging
import threading

from desktop.paths import resource_path

DOMAIN = "sportello"
DEFAULT_LANGUAGE = "it"
LANGUAGES = {"it": "Italiano", "en": "English"}

log = logging.getLogger(__name__)


class _State:
    """The language in force and its compiled catalog: one instance, replaced together
    under the lock by :func:`set_language`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.translations: gettext.NullTranslations = gettext.NullTranslations()
        self.language = "en"


_state = _State()


def catalog_path(language: str) -> str:
    return str(resource_path("translations", language, "LC_MESSAGES", f"{DOMAIN}.po"))


#: Catalogs already compiled in this process, by language: importing this module sets
#: the default language and the settings set theirs, often the same one (issue 23).
_compiled: dict[str, gettext.NullTranslations] = {}


def load_translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language``, compiled from its ``.po`` once per process."""
    with _state.lock:
        found = _compiled.get(language)
    if found is None:
        found = _compile(language)
        with _state.lock:
            found = _compiled.setdefault(language, found)
    return found


def _compile(language: str) -> gettext.NullTranslations:
    """Read the ``.po`` catalog of ``language``; English (the source) needs none."""
    if language == "en":
        return gettext.NullTranslations()
    from pathlib import Path

    from desktop.po_catalog import read_po

    try:
        return read_po(Path(catalog_path(language)))
    except FileNotFoundError:
        log.warning("no catalog for language %s; using English", language)
        return gettext.NullTranslations()


def set_language(language: str) -> str:
    """Make ``language`` current for every later ``_()`` call; returns the one in force."""
    if language not in LANGUAGES:
        log.warning("unknown language %r; using %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    translations = load_translations(language)
    with _state.lock:
        _state.translations = translations
        _state.language = language
    return language


def current_language() -> str:
    return _state.language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _state.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state.translations.ngettext(singular, plural, n)


def install_for_argparse() -> None:
    """Translate argparse's own texts ("usage:", "options", "show this help message and
    exit", its errors) through our catalogue: argparse calls the ``_``/``ngettext`` of
    its module (gettext's global domain, which has no Italian), looked up at call time,
    so pointing them at ours is enough. The Italian is in sportello.po like the rest."""
    import argparse

    setattr(argparse, "_", _)  # noqa: B010 - a module global, not an attribute we own
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


set_language(DEFAULT_LANGUAGE)
