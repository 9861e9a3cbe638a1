"""Remembered list totals and page boundaries, exact because they are tied to a data version.

Counting 600k matching rows costs tens of milliseconds, and OFFSET walks every skipped row, so a
list keeps, per organisation and query, the total and the sort key where each served page began
and ended. Any write to the organisation's numbers bumps its data version, which retires them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

MAX_QUERIES = 512
MAX_BOUNDARIES = 20_000


@dataclass
class ListEntry:
    version: int
    total: int | None = None
    # offset -> (sort key, id, inclusive): a page starting at `offset` seeks to that key.
    boundaries: dict[int, tuple[Any, Any, bool]] = field(default_factory=dict)

    def remember(self, offset: int, key: tuple[Any, Any], inclusive: bool) -> None:
        if len(self.boundaries) < MAX_BOUNDARIES:
            self.boundaries[offset] = (key[0], key[1], inclusive)


class ListCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[Any, ...], ListEntry] = OrderedDict()

    def entry(self, org_id: int, query: tuple[Any, ...], version: int) -> ListEntry:
        key = (org_id, query)
        entry = self._entries.get(key)
        if entry is None or entry.version != version:
            entry = ListEntry(version)
            self._entries[key] = entry
            if len(self._entries) > MAX_QUERIES:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return entry

    def clear(self) -> None:
        """Forget everything (after a restore replaced the data wholesale)."""
        self._entries.clear()
