"""The main window's pages by area id, each built the first time it is asked for.

A :class:`~collections.abc.Mapping`: ``pages["documenti"]`` builds the Documents page
if it does not exist yet (so tests, screenshots and shortcuts reach every area as
before), iterating gives every area id in navigation order, and :meth:`LazyPages.built`
gives only the pages that exist (what quitting must ask about).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from desktop.views.pages import Page, PageEntry


class LazyPages(Mapping[str, Page]):
    def __init__(self, entries: Sequence[PageEntry], build: Callable[[PageEntry], Page]) -> None:
        self._entries = {entry.area_id: entry for entry in entries}
        self._built: dict[str, Page] = {}
        self._build = build

    def __getitem__(self, area_id: str) -> Page:
        page = self._built.get(area_id)
        if page is None:
            page = self._build(self._entries[area_id])
            self._built[area_id] = page
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, area_id: str) -> PageEntry:
        return self._entries[area_id]

    def is_built(self, area_id: str) -> bool:
        return area_id in self._built

    def built(self) -> list[Page]:
        """The pages that exist, in navigation order."""
        return [self._built[a] for a in self._entries if a in self._built]
