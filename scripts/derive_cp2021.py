"""Derive resources/occupations/cp2021.csv from published copies of ISTAT's CP2021.

Run once by a maintainer when the source data changes, never by the application
(which only reads the CSV). Inputs, both plain data files of public repositories
that scraped ISTAT's own site (professioni.istat.it/sistemainformativoprofessioni/cp):

- ``professioni.csv`` of MorkMindy74/AHI-Artificial-Human-Intelligence-for-Italian-jobs
  (the 813 unità professionali with code, title, grande gruppo name, the codes of
  their gruppo, classe and categoria, and ISTAT's examples of job titles);
- ``profession_data.py`` of Alessandro765/TESI_MAGISTRALE_BARAGONA (the 130 classi
  with their names), read as a literal with ``ast``, never imported or run.

Usage::

    python scripts/derive_cp2021.py professioni.csv profession_data.py

The names of the gruppi (level 2) and of the categorie split into several unità
(level 4), which those copies do not carry, come from
``resources/occupations/cp2021_levels.csv`` (written by ``scripts/cp2021_levels.py``
from ISTAT's CP2011 file, only where the CP2021 children agree); what is in neither
is left out, not guessed. A categoria that is not split (its only unità ends in
``.0``) has, by ISTAT's rule, the same name as that unità.
The ISCO-08 links already in the target file are kept (they came from the curated
subset the repository shipped before, matched by title or, for four, by code).
"""

from __future__ import annotations

import ast
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "occupations" / "cp2021.csv"
LEVELS = ROOT / "resources" / "occupations" / "cp2021_levels.csv"
HEADER = ("# ISTAT, Classificazione delle professioni CP2021 (CC BY 4.0).\n"
          "# Derived by scripts/derive_cp2021.py; see resources/occupations/README.md.\n")


def _sentence(text: str) -> str:
    lower = text.strip().lower()
    return lower[:1].upper() + lower[1:]


def _classes(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == \
                "PROFESSIONI_ISTAT_3_DIGIT":
            value = ast.literal_eval(node.value)
            return {code: " ".join(item["nome"].split()) for code, item in value.items()}
    raise SystemExit("no PROFESSIONI_ISTAT_3_DIGIT in " + str(path))


#: Links of the old subset whose title there was an approximation of ISTAT's.
ISCO_BY_CODE = {"6.1.3.6.1": "7126", "6.1.3.7.0": "7411", "7.4.2.1.0": "8322",
                "8.1.3.1.0": "9333"}


def _isco_by_title() -> dict[str, str]:
    if not TARGET.exists():
        return {}
    lines = [x for x in TARGET.read_text(encoding="utf-8").splitlines()
             if not x.startswith("#")]
    return {row["title"].strip().lower(): row["isco_code"]
            for row in csv.DictReader(lines) if row["isco_code"] and row["level"] == "5"}


def _levels(units: list[dict[str, str]], taken: set[str]) -> list[tuple[str, int, str, str, str]]:
    """Gruppi and split categorie from the supplement, each checked against the unità."""
    lines = [x for x in LEVELS.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    parents = {".".join(u["code"].split(".")[:n]) for u in units for n in (2, 4)}
    rows = []
    for row in csv.DictReader(lines):
        code, level, title = row["code"], int(row["level"]), " ".join(row["title"].split())
        if level not in (2, 4) or code.count(".") != level - 1 or not title:
            raise SystemExit(f"bad supplement row: {row}")
        if code not in parents or code in taken:
            raise SystemExit(f"supplement code {code} is not a parent of an unità or is a duplicate")
        taken.add(code)
        rows.append((code, level, title, "", ""))
    return rows


def main(units_csv: str, classes_py: str) -> int:
    with open(units_csv, encoding="utf-8") as handle:
        units = list(csv.DictReader(handle))
    classes = _classes(Path(classes_py))
    isco = _isco_by_title()
    rows: list[tuple[str, int, str, str, str]] = []
    majors: dict[str, str] = {}
    by_category: dict[str, list[dict[str, str]]] = defaultdict(list)
    for unit in units:
        majors[str(unit["grande_gruppo"])] = _sentence(unit["grande_gruppo_name_it"])
        by_category[unit["categoria"]].append(unit)
    rows += [(code, 1, title, "", "") for code, title in majors.items()]
    missing = {u["classe"] for u in units} - set(classes)
    if missing:
        raise SystemExit(f"classi without a name: {sorted(missing)}")
    rows += [(code, 3, title, "", "") for code, title in classes.items()
             if code in {u["classe"] for u in units}]
    for category, members in by_category.items():
        if len(members) == 1 and members[0]["code"] == category + ".0":
            rows.append((category, 4, " ".join(members[0]["title_it"].split()), "", ""))
    rows += _levels(units, {r[0] for r in rows})
    for unit in units:
        title = " ".join(unit["title_it"].split())
        examples = "; ".join(x.strip() for x in unit["examples"].split(";") if x.strip())
        link = isco.get(title.lower(), "") or ISCO_BY_CODE.get(unit["code"], "")
        rows.append((unit["code"], 5, title, link, examples))
    rows.sort(key=lambda r: [int(p) for p in r[0].split(".")])
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("code", "level", "title", "isco_code", "examples"))
        writer.writerows(rows)
    counts = defaultdict(int)
    for row in rows:
        counts[row[1]] += 1
    print(dict(sorted(counts.items())), "isco links:", sum(1 for r in rows if r[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
