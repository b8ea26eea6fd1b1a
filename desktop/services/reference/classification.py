"""The ISTAT CP2021 classification shipped in ``resources/occupations/cp2021.csv``.

Read once per process and kept in memory (about 1,300 rows): the occupation picker
searches it by words, the services check that a code exists in it, and the demo and
new installations store it in the database (``store_classification``) so that the
matching's explanations name each occupation.

The search (``search_occupations``) folds case and accents, and matches every word
of the query as a word prefix of the title or of ISTAT's examples of job titles,
after a light Italian stemmer removed its final vowels ("cameriere" and "camerieri"
both become "camerier"). A few counter words ISTAT does not list ("sviluppatore")
come from ``resources/occupations/synonyms.csv``. Ranking: a match in the title
first, then one through those counter words, then one only in ISTAT's examples; unità professionali before the upper levels,
then shorter titles first, then the code.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.paths import resource_path

#: The level's Italian name (ISTAT's five levels).
LEVEL_NAMES = {1: "grande gruppo", 2: "gruppo", 3: "classe", 4: "categoria",
               5: "unità professionale"}
_CODE = re.compile(r"^[1-9](\.[0-9]{1,2}){0,4}$")
_WORD = re.compile(r"[a-z0-9]+")
MAX_RESULTS = 20


@dataclass(frozen=True)
class Occupation:
    code: str
    level: int
    title: str
    isco_code: str = ""
    examples: str = ""

    @property
    def label(self) -> str:
        """How a picker shows it: "5.2.2.3.2 — Camerieri di ristorante"."""
        return f"{self.code} — {self.title}"


@dataclass(frozen=True)
class _Entry:
    occupation: Occupation
    #: " word word …" of the folded title (leading space: " " + stem finds a word start)
    title_words: str
    #: the same for Sportello's counter words (synonyms.csv)
    synonym_words: str
    #: the same for ISTAT's examples of job titles
    example_words: str


def fold_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` ("Attività d'ufficio" -> attivita, d, ufficio)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text.lower())


def stem(word: str) -> str:
    """An Italian word without its final vowels, for singular/plural and gender:
    cameriere, camerieri, cameriera -> camerier; short words stay as typed."""
    stripped = word.rstrip("aeiou")
    return stripped if len(stripped) >= 3 else word


def _rows(name: str) -> list[dict[str, str]]:
    text = resource_path("occupations", name).read_text(encoding="utf-8")
    body = "\n".join(x for x in text.splitlines() if not x.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


@functools.cache
def classification() -> tuple[Occupation, ...]:
    """Every entry of the classification, in code order."""
    return tuple(Occupation(r["code"], int(r["level"]), r["title"], r["isco_code"],
                            r["examples"]) for r in _rows("cp2021.csv"))


@functools.cache
def _by_code() -> dict[str, Occupation]:
    return {o.code: o for o in classification()}


def _words(text: str) -> str:
    return " " + " ".join(fold_words(text))


@functools.cache
def _index() -> tuple[_Entry, ...]:
    synonyms: dict[str, list[str]] = {}
    for row in _rows("synonyms.csv"):
        synonyms.setdefault(row["code"], []).append(row["words"])
    entries = []
    for occ in classification():
        entries.append(_Entry(occ, _words(occ.title),
                              _words(" ".join(synonyms.get(occ.code, ()))),
                              _words(occ.examples)))
    # Search order = rank order for equal relevance: unità first, short titles first.
    entries.sort(key=lambda e: (-e.occupation.level, len(e.occupation.title),
                                e.occupation.code))
    return tuple(entries)


@functools.cache
def _prefixes() -> dict[str, tuple[int, ...]]:
    """The first two and three letters of every word -> the entries (their position in
    ``_index()``, so in rank order) having a word that starts with them."""
    found: dict[str, set[int]] = {}
    for position, entry in enumerate(_index()):
        text = entry.title_words + entry.synonym_words + entry.example_words
        for word in set(text.split()):
            for size in (2, 3):
                if len(word) >= size:
                    found.setdefault(word[:size], set()).add(position)
    return {key: tuple(sorted(value)) for key, value in found.items()}


def _candidates(stems: list[str]) -> Sequence[_Entry]:
    """The entries that can match every stem: those of the rarest stem's prefix."""
    entries = _index()
    keys = [s[:3] if len(s) >= 3 else s for s in stems]
    if any(len(k) < 2 for k in keys):
        return entries  # a one-letter word: scan them all
    prefixes = _prefixes()
    rarest = min((prefixes.get(k, ()) for k in keys), key=len)
    return [entries[i] for i in rarest]


def search_texts() -> list[tuple[Occupation, str]]:
    """Each entry with every word it is found by (the benchmark's floor scans these)."""
    return [(e.occupation, e.title_words + e.synonym_words + e.example_words)
            for e in _index()]


def warm_up() -> int:
    """Build the in-memory index and its word prefixes now (off the GUI thread);
    returns the number of entries."""
    _prefixes()
    return len(_index())


def occupation(code: str) -> Occupation | None:
    """The entry of ``code``, or None when the classification has no such code."""
    return _by_code().get(code.strip())


def exists(code: str) -> bool:
    return occupation(code) is not None


def title_of(code: str) -> str:
    found = occupation(code)
    return found.title if found else ""


def query_stems(query: str) -> list[str]:
    return [stem(w) for w in fold_words(query)]


def search_occupations(query: str, limit: int = MAX_RESULTS) -> list[Occupation]:
    """Occupations matching every word of ``query``, best first (see module doc).

    A query that is itself a code (or a code prefix like "5.2.2") lists that code
    and the entries below it.
    """
    text = query.strip()
    if not text:
        return []
    if _CODE.match(text.rstrip(".")):
        prefix = text.rstrip(".")
        hits = [o for o in classification()
                if o.code == prefix or o.code.startswith(prefix + ".")]
        return hits[:limit]
    bare = query_stems(text)
    if not bare:
        return []
    stems = [" " + s for s in bare]
    tiers: tuple[list[Occupation], ...] = ([], [], [])
    for entry in _candidates(bare):
        if all(s in entry.title_words for s in stems):
            tiers[0].append(entry.occupation)
        elif len(tiers[0]) < limit and all(
                s in entry.title_words or s in entry.synonym_words or s in entry.example_words
                for s in stems):
            synonym = any(s in entry.synonym_words for s in stems)
            tiers[1 if synonym else 2].append(entry.occupation)
    return (tiers[0] + tiers[1] + tiers[2])[:limit]


def resolve(text: str) -> Occupation | None:
    """The occupation a picker's text names: "code — title", a bare code, or a title
    typed in full (case and accents ignored). None when it names none."""
    value = text.strip()
    if not value:
        return None
    code = value.split("—", 1)[0].split(" ", 1)[0].strip()
    found = occupation(code)
    if found is not None:
        return found
    wanted = " ".join(fold_words(value))
    for occ in classification():
        if occ.level == 5 and " ".join(fold_words(occ.title)) == wanted:
            return occ
    return None
