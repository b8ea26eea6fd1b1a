"""The compact profile store gives back exactly the profiles it was built from."""

from __future__ import annotations

import random

from desktop.services.matching.rows import ProfileStore
from desktop.services.matching.score import PersonProfile
from tests.helpers.synthetic import synthetic_people

ODD = [
    PersonProfile(person_id="3f2b9a0e-4c1d-4f7e-9a55-0d3c2b1a0f99"),
    PersonProfile(person_id="no-cv", has_curriculum=False, coords=None, education="",
                  mobility_radius_km=0.0),
    PersonProfile(person_id="odd", education="titolo sconosciuto", licences=frozenset({"B"}),
                  languages=(("inglese", "B2"), ("tedesco", "madrelingua")),
                  desired=("5.1.2.2.0", "5.1.2.2.0", "6.1.2.1.0"), experience=("8.1.4.1.0",),
                  skills=frozenset({"contabilità", "haccp"}), l68_enrolled=True,
                  part_time=True, coords=(43.7696, 11.2558), mobility_radius_km=12.5),
]


def test_every_profile_comes_back_equal() -> None:
    people = synthetic_people(3000, random.Random(3)) + ODD
    store = ProfileStore(people)
    assert len(store) == len(people)
    for i, person in enumerate(people):
        assert store.profile(i) == person
    # Order matters where the scorer reads it: desired occupations, most wanted first.
    assert store.profile(len(people) - 1).desired == ("5.1.2.2.0", "5.1.2.2.0", "6.1.2.1.0")


def test_the_store_is_far_smaller_than_the_profiles() -> None:
    people = synthetic_people(20_000, random.Random(4))
    store = ProfileStore(people)
    # About 60 bytes a person here, against some 900 as Python objects.
    assert store.nbytes < 100 * len(people)


def test_an_empty_store() -> None:
    store = ProfileStore([])
    assert len(store) == 0 and store.nbytes >= 0
