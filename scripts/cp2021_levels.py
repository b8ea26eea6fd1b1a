"""Write resources/occupations/cp2021_levels.csv: names of CP2021 gruppi and categorie.

Run once by a maintainer, never by the application. The public copies that
``derive_cp2021.py`` reads give the *codes* of every gruppo (level 2) and categoria
(level 4) but not the names of the 40 gruppi and of the 170 categorie split into
several unità. Their names are taken here from ISTAT's own CP2011 file
``cp2011_I-Vdigit.xls`` (sheets ``secondo_digit`` … ``quinto_digit``), published in
the public repository ghirardinicola/hackLavoro (``data/istat_vocab/``, commit
92b120644754e12f3d5760c15123a4002f129847), under one rule: a CP2011 name is used for
a CP2021 code only when the CP2021 children agree with it.

- ``identical children``: the CP2021 children (unità for a categoria, classi for a
  gruppo, codes and titles, compared ignoring case, spacing and typographic quotes)
  are exactly the CP2011 children of the same code.
- ``reviewed``: the children differ, but a person checked that the CP2011 name still
  describes them (a unità renamed within the same meaning, an "assimilati" unità
  added, one CP2011 unità split into two whose union is the categoria). Those codes
  are listed in ``REVIEWED`` with the reason.

Every other missing code is left out; ``resources/occupations/README.md`` lists them.
Needs ``xlrd`` (``pip install xlrd``) only to read the .xls.

Usage::

    python scripts/cp2021_levels.py cp2011_I-Vdigit.xls
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "occupations" / "cp2021.csv"
OUT = ROOT / "resources" / "occupations" / "cp2021_levels.csv"
SHEETS = ("primo_digit", "secondo_digit", "terzo_digit", "quarto_digit", "quinto_digit")

#: Codes whose CP2021 children differ from CP2011 but still fit the CP2011 name.
REVIEWED = {
    "1.2.1.2": "CP2011 unità 1.2.1.2.0 split into .1 (manifattura, estrazione) and .2 "
               "(energia, gas, acqua, rifiuti): the name names both",
    "1.2.1.4": "CP2011 unità 1.2.1.4.0 split into commercio di autoveicoli / di altri beni",
    "1.2.2.2": "CP2011 unità 1.2.2.2.0 split into .1 (manifattura, estrazione) and .2 "
               "(energia, gas, acqua, rifiuti): the name names both",
    "1.2.2.4": "CP2011 unità 1.2.2.4.0 split into commercio di autoveicoli / di altri beni",
    "1.3.1.2": "CP2011 unità 1.3.1.2.0 split into .1 (manifattura, estrazione) and .2 "
               "(energia, gas, acqua, rifiuti): the name names both",
    "2.1.1.3": "2.1.1.3.2 Statistici renamed Statistici e analisti di dati",
    "2.3.1.1": "unità 2.3.1.1.8 Tecnologi alimentari added (professioni assimilate)",
    "2.3.1.2": "2.3.1.2.1 Farmacologi renamed Farmacologi e assimilati",
    "2.5.4.5": "2.5.4.5.1 Archivisti renamed Archivisti e conservatori di documenti digitali",
    "3.2.1.2": "3.2.1.2.2 Fisioterapisti renamed Fisioterapisti e assimilati",
    "3.2.1.5": "unità 3.2.1.5.3 Ergonomo added to the same prevention professions",
    "3.2.2.3": "unità 3.2.2.3.4 Tecnico biologo added (professioni assimilate)",
    "2.6": "classi 2.6.3 and 2.6.4 renamed Professori -> Docenti; the gruppo name "
           "names neither",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2013", "-")
    return " ".join(text.split()).lower()


def _tidy(text: str) -> str:
    """The house apostrophe, as in cp2021.csv ("dell’ industria" -> "dell'industria")."""
    return re.sub(r"’\s*", "'", text)


def _key(code: str) -> list[int]:
    return [int(p) for p in code.split(".")]


def _cp2011(path: str) -> dict[str, str]:
    import xlrd  # type: ignore[import-not-found]  # maintainer-only dependency

    book = xlrd.open_workbook(path)
    names: dict[str, str] = {}
    for sheet_name in SHEETS:
        sheet = book.sheet_by_name(sheet_name)
        for i in range(1, sheet.nrows):
            code = str(sheet.cell_value(i, 0)).strip()
            if code:
                names[code] = _tidy(" ".join(str(sheet.cell_value(i, 1)).split()))
    return names


def _children(names: dict[str, str], code: str, depth: int) -> dict[str, str]:
    return {c: _norm(t) for c, t in names.items()
            if c.startswith(code + ".") and c.count(".") == depth - 1}


def main(xls: str) -> int:
    old = _cp2011(xls)
    lines = [x for x in TARGET.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    rows = list(csv.DictReader(lines))
    units = {r["code"]: r["title"] for r in rows if r["level"] == "5"}
    classes = {r["code"]: r["title"] for r in rows if r["level"] == "3"}
    undivided = {c[:-2] for c in units if c.endswith(".0")}
    wanted = sorted({".".join(c.split(".")[:4]) for c in units} - undivided, key=_key)
    wanted += sorted({".".join(c.split(".")[:2]) for c in units}, key=_key)
    out: list[tuple[str, int, str, str]] = []
    for code in wanted:
        level = code.count(".") + 1
        new_kids = _children(units if level == 4 else classes, code, level + 1)
        if code not in old:
            continue
        if new_kids == _children(old, code, level + 1):
            out.append((code, level, old[code], "CP2011, identical children"))
        elif code in REVIEWED:
            out.append((code, level, old[code], "CP2011, reviewed: " + REVIEWED[code]))
    out.sort(key=lambda r: _key(r[0]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Names of CP2021 gruppi and categorie missing from the unità copies;\n"
                     "# written by scripts/cp2021_levels.py, see resources/occupations/README.md.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "level", "title", "source"))
        writer.writerows(out)
    left = [c for c in wanted if c not in {r[0] for r in out}]
    print(len(out), "names;", len(left), "left out:", " ".join(left))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
