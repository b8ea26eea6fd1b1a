"""A ``.po`` catalog read straight into ``gettext`` translations, without Babel.

Babel's ``read_po`` and ``write_mo`` took a noticeable part of every start-up for our
one catalog (issue 23). This reader covers what gettext's ``msgfmt`` keeps from a
``.po`` file: the header's ``Plural-Forms``, ``msgctxt``, plurals, continued strings
and their escapes; fuzzy, obsolete (``#~``) and untranslated entries are left out, as
``write_mo(use_fuzzy=False)`` does. ``tests/unit/test_po_catalog.py`` checks that it
gives exactly Babel's translations for the shipped catalogs.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

_CONTEXT_GLUE = "\x04"
_ESCAPE = re.compile(r'\\([\\trn"])')
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


class PoTranslations(gettext.GNUTranslations):
    """``GNUTranslations`` filled from parsed entries instead of a ``.mo`` file."""

    def __init__(self, catalog: dict[object, str], plural_forms: str) -> None:
        gettext.NullTranslations.__init__(self)
        self._catalog = catalog
        self._charset = "utf-8"
        self._info: dict[str, str] = {}
        expression = "n != 1"
        for part in plural_forms.split(";"):
            name, _sep, value = part.strip().partition("=")
            if name.strip() == "plural" and value.strip():
                expression = value.strip()
        self.plural = gettext.c2py(expression)


def _unquote(line: str) -> str:
    """A quoted ``.po`` string's value (the escapes Babel's reader knows)."""
    if len(line) < 2 or line[0] != '"' or line[-1] != '"':
        raise ValueError(f"not a quoted string: {line!r}")
    inner = line[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), inner)


def read_po(path: Path) -> PoTranslations:
    """The translations of the ``.po`` file at ``path``."""
    entries: list[tuple[dict[str, str], bool]] = []
    fields: dict[str, str] = {}
    fuzzy = False
    key = ""

    def flush() -> None:
        nonlocal fields, fuzzy, key
        if "msgid" in fields:
            entries.append((fields, fuzzy))
        fields, fuzzy, key = {}, False, ""

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            if "msgid" in fields:  # a comment opens the next entry
                flush()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
        elif line.startswith('"'):
            fields[key] += _unquote(line)
        else:
            key, _sep, rest = line.partition(" ")
            if key == "msgid" and "msgid" in fields:
                flush()
                key = "msgid"
            fields[key] = _unquote(rest.strip())
    flush()

    catalog: dict[object, str] = {}
    plural_forms = ""
    for fields, is_fuzzy in entries:
        msgid = fields["msgid"]
        if msgid == "" and "msgctxt" not in fields:
            for header in fields.get("msgstr", "").splitlines():
                name, _sep, value = header.partition(":")
                if name.strip().lower() == "plural-forms":
                    plural_forms = value
            continue
        if is_fuzzy:
            continue
        if "msgctxt" in fields:
            msgid = fields["msgctxt"] + _CONTEXT_GLUE + msgid
        if "msgid_plural" in fields:
            forms = [fields[k] for k in sorted(
                (k for k in fields if k.startswith("msgstr[")),
                key=lambda k: int(k[len("msgstr["):-1]))]
            for index, form in enumerate(forms):  # kept even if empty, as Babel does
                catalog[(msgid, index)] = form
        elif fields.get("msgstr"):
            catalog[msgid] = fields["msgstr"]
    return PoTranslations(catalog, plural_forms)
