"""The shipped CP2021 classification and its search by words."""

from __future__ import annotations

import statistics
import time
from collections import Counter

from desktop.infra.database import Database
from desktop.services.reference import classification as cp
from desktop.services.reference.occupations import curated_subset, shipped_rows


def test_counts_per_level_and_consistent_parents() -> None:
    rows = cp.classification()
    counts = Counter(o.level for o in rows)
    # ISTAT: 9 grandi gruppi, 130 classi, 813 unità; the 340 undivided categorie.
    assert (counts[1], counts[3], counts[4], counts[5]) == (9, 130, 340, 813)
    codes = {o.code for o in rows}
    for occ in rows:
        assert occ.code.count(".") == occ.level - 1
        if occ.level == 5:
            parts = occ.code.split(".")
            assert parts[0] in codes and ".".join(parts[:3]) in codes, occ.code
    assert len(codes) == len(rows)


def test_well_known_entries_and_isco_links() -> None:
    assert cp.title_of("5.2.2.3.2") == "Camerieri di ristorante"
    assert cp.title_of("2.7.1.1.1") == "Analisti e progettisti di software"
    waiter = cp.occupation("5.2.2.3.2")
    assert waiter is not None and waiter.isco_code == "5131"
    assert cp.occupation("5.2.2.3.9") is None and not cp.exists("abc")
    demo = {r.code: r.isco_code for r in curated_subset()}
    assert demo["5.1.2.2.0"] == "5223" and len(demo) == 21
    assert len(shipped_rows()) == len(cp.classification())


def test_search_by_words_with_italian_stems() -> None:
    def codes(query: str) -> list[str]:
        return [o.code for o in cp.search_occupations(query)]

    assert codes("cameriere")[:2] == ["5.2.2.3.1", "5.2.2.3.2"]  # shorter title first
    assert codes("CAMERIERA di ristorante")[0] == "5.2.2.3.2"
    assert codes("camerieri ristorante") == ["5.2.2.3.2"]
    assert "2.7.1.1.1" in codes("sviluppatore")[:3]
    assert codes("attivita ricettive")  # accents folded: "attività"
    assert codes("barista")[0] == "5.2.2.4.0"  # unità before its categoria
    assert codes("5.2.2.3") == ["5.2.2.3.1", "5.2.2.3.2"]  # a code prefix lists below it
    assert codes("zzzz nessuna") == [] and codes("   ") == []


def test_stem_and_resolve() -> None:
    assert cp.stem("cameriere") == cp.stem("camerieri") == "camerier"
    assert cp.stem("bar") == "bar"
    assert cp.resolve("5.2.2.3.2 — Camerieri di ristorante") == cp.occupation("5.2.2.3.2")
    assert cp.resolve("camerieri di RISTORANTE") == cp.occupation("5.2.2.3.2")
    assert cp.resolve("cameriere") is None  # a word is not an occupation: pick one


def test_search_p95_under_20_ms() -> None:
    cp.warm_up()
    samples = []
    for query in ["cameriere", "sviluppatore", "addetti", "ingegnere civile", "autista",
                  "operai", "tecnici informatici", "infermiere"] * 10:
        start = time.perf_counter()
        cp.search_occupations(query)
        samples.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(samples, n=20)[-1]
    assert p95 < 20, p95


def test_a_new_installation_names_occupations_without_an_import(db: Database) -> None:
    from desktop.services.matching.profiles import occupation_titles

    with db.read() as session:
        titles = occupation_titles(session)
    assert titles["5.2.2.3.2"] == "Camerieri di ristorante" and len(titles) == 1292
