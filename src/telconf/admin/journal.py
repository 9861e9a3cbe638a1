"""A bounded journal of recent API requests, so a test can assert what its client actually sent."""

from __future__ import annotations

import time
from collections import deque

import msgspec

from ..clock import Clock

DEFAULT_SIZE = 1000


class JournalEntry(msgspec.Struct):
    at: str
    method: str
    path: str
    query: str
    status: int
    organization: str | None
    latency_ms: float


class RequestJournal:
    def __init__(self, clock: Clock, size: int = DEFAULT_SIZE) -> None:
        self.clock = clock
        self.entries: deque[JournalEntry] = deque(maxlen=size)

    def add(self, method: str, path: str, query: bytes, status: int, organization: str | None, started: float) -> None:
        latency = round((time.perf_counter() - started) * 1000, 3)
        self.entries.append(
            JournalEntry(self.clock.now_iso(), method, path, query.decode("latin-1"), status, organization, latency)
        )

    def recent(self, limit: int) -> list[JournalEntry]:
        """Newest first."""
        items = list(self.entries)[-limit:]
        items.reverse()
        return items

    def clear(self) -> None:
        self.entries.clear()
