"""The Italian catalog must cover every message the code marks for translation."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n import _, catalog_path, set_language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def test_every_marked_message_has_an_italian_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "N_", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    extracted = {m.id for m in read_po(pot.open("rb")) if m.id}
    with open(catalog_path("it"), "rb") as handle:
        italian = {m.id: m.string for m in read_po(handle, locale="it") if m.id}
    missing = sorted(i for i in extracted if not italian.get(i))
    assert not missing, f"untranslated: {missing}"


def test_translations_keep_their_placeholders() -> None:
    with open(catalog_path("it"), "rb") as handle:
        for message in read_po(handle, locale="it"):
            if message.id and message.string:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                for text in strings:  # every plural form keeps the singular's placeholders
                    assert set(PLACEHOLDER.findall(ids[0])) == set(
                        PLACEHOLDER.findall(text)), message.id


def test_language_switch() -> None:
    set_language("en")
    assert _("Registration") == "Registration"
    set_language("it")
    assert _("Registration") == "Accoglienza"
    assert set_language("xx") == "it"


def test_each_message_is_translated_once() -> None:
    """Catalogues merged from parallel work can repeat a message id; the reader then keeps
    whichever comes last and msgfmt refuses the file. Each id appears once per context."""
    lines = Path(catalog_path("it")).read_text("utf-8").splitlines()
    seen: dict[tuple[str, str], int] = {}
    repeated = []
    for number, line in enumerate(lines, start=1):
        if line.startswith('msgid "') and line != 'msgid ""':
            context = lines[number - 2] if number > 1 and lines[number - 2].startswith(
                "msgctxt") else ""
            if (context, line) in seen:
                repeated.append(f"{line} (lines {seen[(context, line)]} and {number})")
            seen.setdefault((context, line), number)
    assert repeated == []
