"""Person profiles kept as compact columns, for the candidate index to rescore from.

The candidate index ranks every person with numpy, then rescores the best hundred
with the reference scorer, which needs their :class:`PersonProfile`. Keeping the
region's 250,000 profiles as Python objects costs about 230 MB (tuples, frozensets and
strings per person); the same facts as integer columns and ragged arrays over a few
interned vocabularies take a few tens of MB, and a profile is rebuilt, equal to the
original, only for the rows that are rescored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from desktop.services.matching.score import PersonProfile

IntArray = npt.NDArray[np.int32]


class _Vocabulary:
    """Strings to small integers and back."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []

    def __call__(self, word: str) -> int:
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.words)
            self.words.append(word)
        return found

    @property
    def nbytes(self) -> int:
        return sum(len(w) for w in self.words)


class _Ragged:
    """A list of variable-length integer rows as one offsets array and one values array."""

    def __init__(self) -> None:
        self._offsets = [0]
        self._values: list[int] = []
        self.offsets: IntArray = np.zeros(1, dtype=np.int32)
        self.values: IntArray = np.zeros(0, dtype=np.int32)

    def append(self, row: Iterable[int]) -> None:
        self._values.extend(row)
        self._offsets.append(len(self._values))

    def freeze(self) -> None:
        self.offsets = np.asarray(self._offsets, dtype=np.int32)
        self.values = np.asarray(self._values, dtype=np.int32)
        self._offsets, self._values = [], []

    def row(self, i: int) -> list[int]:
        return [int(v) for v in self.values[self.offsets[i]:self.offsets[i + 1]]]

    @property
    def nbytes(self) -> int:
        return int(self.offsets.nbytes + self.values.nbytes)


class ProfileStore:
    """Every field of each :class:`PersonProfile`, by row, rebuilt on demand."""

    def __init__(self, people: Sequence[PersonProfile]) -> None:
        n = len(people)
        self._words = _Vocabulary()
        word = self._words
        # ASCII ids (UUIDs) as fixed-width bytes: a third of the size of numpy's unicode.
        self.ids = np.array([p.person_id.encode() for p in people], dtype=np.bytes_)
        self.education = np.fromiter((word(p.education) for p in people), np.int32, n)
        self.radius = np.fromiter((p.mobility_radius_km for p in people), np.float64, n)
        flags = [(p.part_time, p.l68_enrolled, p.has_curriculum) for p in people]
        self.flags = np.array(flags, dtype=bool).reshape(n, 3)
        self.lat = np.fromiter((p.coords[0] if p.coords else np.nan for p in people),
                               np.float64, n)
        self.lon = np.fromiter((p.coords[1] if p.coords else np.nan for p in people),
                               np.float64, n)
        self._lists = {name: _Ragged() for name in
                       ("licences", "desired", "experience", "skills", "languages")}
        lists = self._lists
        for p in people:
            lists["licences"].append(word(x) for x in p.licences)
            lists["desired"].append(word(x) for x in p.desired)
            lists["experience"].append(word(x) for x in p.experience)
            lists["skills"].append(word(x) for x in p.skills)
            lists["languages"].append(v for lang, level in p.languages
                                      for v in (word(lang), word(level)))
        for ragged in lists.values():
            ragged.freeze()

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def nbytes(self) -> int:
        arrays = (self.ids, self.education, self.radius, self.flags, self.lat, self.lon)
        return (sum(int(a.nbytes) for a in arrays) + self._words.nbytes
                + sum(r.nbytes for r in self._lists.values()))

    def person_id(self, i: int) -> str:
        return bytes(self.ids[i]).decode()

    def profile(self, i: int) -> PersonProfile:
        words = self._words.words

        def strings(name: str) -> list[str]:
            return [words[v] for v in self._lists[name].row(i)]

        languages = strings("languages")
        lat, lon = float(self.lat[i]), float(self.lon[i])
        part_time, l68, has_cv = (bool(v) for v in self.flags[i])
        return PersonProfile(
            person_id=self.person_id(i),
            education=words[int(self.education[i])],
            licences=frozenset(strings("licences")),
            mobility_radius_km=float(self.radius[i]),
            part_time=part_time,
            languages=tuple(zip(languages[::2], languages[1::2], strict=True)),
            desired=tuple(strings("desired")),
            experience=tuple(strings("experience")),
            skills=frozenset(strings("skills")),
            l68_enrolled=l68,
            coords=None if np.isnan(lat) else (lat, lon),
            has_curriculum=has_cv)
