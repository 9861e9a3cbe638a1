"""Console sessions, kept server-side in this process's memory: the browser holds only a random
session id (HttpOnly, SameSite=Strict cookie); the admin token or API key never leaves the sign-in
request. An organisation's session remembers the key's SHA-256 (as the database does), so each
request re-checks it: a revoked key ends its sessions at once. With `--workers N` a session lives
in the process that signed it in (see docs/behaviour.md)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from ..clock import Clock
from ..ids import Ids

IDLE_SECONDS = 8 * 3600  # a session unused this long is gone
MAX_SESSIONS = 10_000
SESSION_BYTES, SESSION_ID_LENGTH = 36, 48  # 288 random bits, URL-safe base64
CSRF_BYTES, CSRF_LENGTH = 24, 32


@dataclass
class Session:
    id: str
    csrf: str
    admin: bool
    key_hash: str | None  # an organisation's session: the hash of the key it signed in with
    label: str  # who signed in, as the header shows it
    last_seen: float


class Sessions:
    def __init__(self, clock: Clock, ids: Ids) -> None:
        self.clock = clock
        self.ids = ids
        self._sessions: dict[str, Session] = {}

    def open(self, admin: bool, key_hash: str | None, label: str) -> Session:
        if len(self._sessions) >= MAX_SESSIONS:
            self._expire()
            if len(self._sessions) >= MAX_SESSIONS:  # the oldest-used session makes way
                oldest = min(self._sessions.values(), key=lambda s: s.last_seen)
                del self._sessions[oldest.id]
        session = Session(
            self.ids.token(SESSION_BYTES),
            self.ids.token(CSRF_BYTES),
            admin,
            key_hash,
            label,
            self.clock.monotonic(),
        )
        self._sessions[session.id] = session
        return session

    def find(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) != SESSION_ID_LENGTH:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        now = self.clock.monotonic()
        if now - session.last_seen > IDLE_SECONDS:
            del self._sessions[session_id]
            return None
        session.last_seen = now
        return session

    def close(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def clear(self) -> None:
        self._sessions.clear()

    def _expire(self) -> None:
        now = self.clock.monotonic()
        for session in [s for s in self._sessions.values() if now - s.last_seen > IDLE_SECONDS]:
            del self._sessions[session.id]


def same_token(given: str | None, expected: str) -> bool:
    """A CSRF token check in constant time (for tokens of the expected length)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
