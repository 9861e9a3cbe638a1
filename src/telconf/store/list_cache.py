"""Remembered list totals and page keys, exact because each is tied to its list's version.

Counting 600k matching rows costs tens of milliseconds, and OFFSET walks every skipped row, so a
list keeps, per organisation and query, its total and the sort key where each served page began
and ended. The version is what the list's `list_counts` keys looked like when they were learned
(`store/list_counts.py`): a write that changes one of those keys retires them, others do not.

Memory is bounded whatever the queries: at most MAX_QUERIES lists and MAX_KEYS page keys in all,
the least recently used list going first; a list whose version moved is replaced, not kept.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

MAX_QUERIES = 512
MAX_KEYS = 100_000  # page keys over all lists (a few tens of MB at most)
MAX_KEYS_PER_LIST = 8_000  # two million rows in pages of 250


@dataclass
class ListEntry:
    version: Any
    total: int | None = None
    # offset -> (sort key, id, inclusive): a page starting at `offset` seeks to that key.
    boundaries: dict[int, tuple[Any, Any, bool]] = field(default_factory=dict)
    offsets: list[int] = field(default_factory=list)  # the same offsets, sorted
    owner: ListCache | None = None

    def remember(self, offset: int, key: tuple[Any, Any], inclusive: bool) -> None:
        if offset in self.boundaries or len(self.boundaries) >= MAX_KEYS_PER_LIST:
            return
        self.boundaries[offset] = (key[0], key[1], inclusive)
        bisect.insort(self.offsets, offset)
        if self.owner is not None:
            self.owner.grew(1)

    def start(self, offset: int) -> tuple[int, tuple[Any, Any], bool] | None:
        """The remembered key nearest at or before `offset`: (its offset, key, inclusive)."""
        i = bisect.bisect_right(self.offsets, offset)
        if i == 0:
            return None
        at = self.offsets[i - 1]
        key, row_id, inclusive = self.boundaries[at]
        return at, (key, row_id), inclusive


class ListCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[Any, ...], ListEntry] = OrderedDict()
        self.keys = 0

    def entry(self, org_id: int, query: tuple[Any, ...], version: Any) -> ListEntry:
        key = (org_id, query)
        entry = self._entries.get(key)
        if entry is None or entry.version != version:
            if entry is not None:
                self._drop(key)
            entry = ListEntry(version, owner=self)
            self._entries[key] = entry
            while len(self._entries) > MAX_QUERIES:
                self._drop(next(iter(self._entries)))
        else:
            self._entries.move_to_end(key)
        return entry

    def grew(self, count: int) -> None:
        self.keys += count
        while self.keys > MAX_KEYS and len(self._entries) > 1:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple[Any, ...]) -> None:
        entry = self._entries.pop(key)
        entry.owner = None
        self.keys -= len(entry.boundaries)

    def clear(self) -> None:
        """Forget everything (after a restore replaced the data wholesale)."""
        self._entries.clear()
        self.keys = 0
