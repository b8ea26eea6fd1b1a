"""The start-up's own .po reader gives exactly Babel's translations (issue 23)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as babel_read_po

from desktop.i18n import LANGUAGES, catalog_path
from desktop.po_catalog import read_po


def babel_translations(path: Path, language: str) -> gettext.GNUTranslations:
    with path.open("rb") as po:
        catalog = babel_read_po(po, locale=language, domain="sportello")
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_the_shipped_catalogs_read_as_babel_reads_them() -> None:
    checked = 0
    for language in LANGUAGES:
        path = Path(catalog_path(language))
        if not path.exists():
            continue
        ours, theirs = read_po(path), babel_translations(path, language)
        theirs_catalog = {k: v for k, v in theirs._catalog.items() if k != ""}  # type: ignore[attr-defined]
        assert ours._catalog == theirs_catalog  # type: ignore[attr-defined]
        for n in (0, 1, 2, 5, 21):
            assert ours.plural(n) == theirs.plural(n)  # type: ignore[attr-defined]
        checked += len(theirs_catalog)
    assert checked > 1000


def test_escapes_context_plurals_fuzzy_and_untranslated(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        '# header comment\n'
        'msgid ""\n'
        'msgstr ""\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n'
        '\n'
        '#, python-brace-format\n'
        'msgid "Say \\"{name}\\"\\n"\n'
        'msgstr ""\n'
        '"Di\' \\"{name}\\"\\n"\n'
        '"\\tdue\\\\tre"\n'
        '\n'
        'msgctxt "menu"\n'
        'msgid "File"\n'
        'msgstr "Archivio"\n'
        '\n'
        '#, fuzzy\n'
        'msgid "Maybe"\n'
        'msgstr "Forse"\n'
        '\n'
        'msgid "Empty"\n'
        'msgstr ""\n'
        '\n'
        '#~ msgid "Old"\n'
        '#~ msgstr "Vecchio"\n'
        '\n'
        'msgid "{n} day"\n'
        'msgid_plural "{n} days"\n'
        'msgstr[0] "{n} giorno"\n'
        'msgstr[1] "{n} giorni (due)"\n'
        'msgstr[2] "{n} giorni"\n',
        encoding="utf-8")
    ours, theirs = read_po(po), babel_translations(po, "it")
    assert ours._catalog == {k: v for k, v in theirs._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert ours.gettext('Say "{name}"\n') == 'Di\' "{name}"\n\tdue\\tre'
    assert ours.pgettext("menu", "File") == "Archivio"
    assert ours.gettext("Maybe") == "Maybe" and ours.gettext("Empty") == "Empty"
    assert ours.gettext("Old") == "Old"
    assert [ours.ngettext("{n} day", "{n} days", n) for n in (1, 2, 7)] == [
        "{n} giorno", "{n} giorni (due)", "{n} giorni"]
