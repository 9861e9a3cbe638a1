"""Console sessions, kept server-side in the database (`store/console_sessions.py`), so every
worker process of a server, and every server on one database, knows every session. The browser
holds only a random session id (HttpOnly, SameSite=Strict cookie); the database holds its SHA-256,
never the id, and the admin token or API key never leaves the sign-in request. An organisation's
session remembers the key's SHA-256 (as the database does), so each request re-checks it: a
revoked key ends its sessions at once."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from ..clock import Clock
from ..ids import Ids
from ..store.console_sessions import ConsoleSessionRow, ConsoleSessionStore

IDLE_SECONDS = 8 * 3600  # a session unused this long is gone
TOUCH_SECONDS = 60  # last_seen is written at most once a minute per session: page views stay reads
MAX_SESSIONS = 10_000  # beyond this, the least recently seen make way
SESSION_BYTES, SESSION_ID_LENGTH = 36, 48  # 288 random bits, URL-safe base64
CSRF_BYTES, CSRF_LENGTH = 24, 32


@dataclass
class Session:
    id: str  # the cookie's value; only its hash is stored
    csrf: str
    admin: bool
    key_hash: str | None  # an organisation's session: the hash of the key it signed in with
    label: str  # who signed in, as the header shows it
    last_seen: int


def hash_session(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    """Sessions on `clock.unix()` (whole seconds), which every process on the database agrees on."""

    def __init__(self, clock: Clock, ids: Ids, store: ConsoleSessionStore) -> None:
        self.clock = clock
        self.ids = ids
        self.store = store

    def _now(self) -> int:
        return int(self.clock.unix())

    async def open(self, admin: bool, key_hash: str | None, label: str) -> Session:
        now = self._now()
        session = Session(self.ids.token(SESSION_BYTES), self.ids.token(CSRF_BYTES), admin, key_hash, label, now)
        row = ConsoleSessionRow(hash_session(session.id), session.csrf, admin, key_hash, label, now, now)
        await self.store.open(row, now - IDLE_SECONDS, MAX_SESSIONS)
        return session

    async def find(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) != SESSION_ID_LENGTH:
            return None
        id_hash = hash_session(session_id)
        row = await self.store.find(id_hash)
        if row is None:
            return None
        now = self._now()
        if now - row.last_seen > IDLE_SECONDS:
            await self.store.close(id_hash)
            return None
        if now - row.last_seen >= TOUCH_SECONDS:
            await self.store.touch(id_hash, now, now - TOUCH_SECONDS + 1)
        return Session(session_id, row.csrf, row.admin, row.key_hash, row.label, max(now, row.last_seen))

    async def close(self, session_id: str) -> None:
        await self.store.close(hash_session(session_id))


def same_token(given: str | None, expected: str) -> bool:
    """A CSRF token check in constant time (for tokens of the expected length)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
