"""The web console's sessions (`console_sessions`, migration 13), shared by every process serving
one database, so a session opened through one worker is known to all of them.

A row is found by the SHA-256 of the session id, never the id itself: the cookie holds the id, and
nothing read from the database can be used as a cookie. Times are whole seconds on a clock every
process agrees on (`Clock.unix()`). Every statement runs on the primary key or on
`console_sessions_last_seen`; the table is bounded by idle expiry and a cap (the least recently
seen make way), both applied when a session opens."""

from __future__ import annotations

from dataclasses import dataclass

from .db import PostgresDatabase, SqliteDatabase

_COLUMNS = "id_hash, csrf, admin, key_hash, label, created_at, last_seen"
# Sessions beyond the cap removed by one sign-in; each sign-in adds one, so the cap holds.
_TRIM_AT_ONCE = 1000

EXPIRE = "DELETE FROM console_sessions WHERE last_seen < ?"
TRIM = (
    "DELETE FROM console_sessions WHERE id_hash IN (SELECT id_hash FROM console_sessions "
    "ORDER BY last_seen DESC, id_hash DESC LIMIT ? OFFSET ?)"
)
INSERT = f"INSERT INTO console_sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
FIND = f"SELECT {_COLUMNS} FROM console_sessions WHERE id_hash = ?"
TOUCH = "UPDATE console_sessions SET last_seen = ? WHERE id_hash = ? AND last_seen < ?"
CLOSE = "DELETE FROM console_sessions WHERE id_hash = ?"
STATEMENTS = (EXPIRE, TRIM, INSERT, FIND, TOUCH, CLOSE)  # each EXPLAINed by the tests


@dataclass(frozen=True)
class ConsoleSessionRow:
    id_hash: str
    csrf: str
    admin: bool
    key_hash: str | None  # an organisation's session: the hash of the key it signed in with
    label: str
    created_at: int
    last_seen: int


class ConsoleSessionStore:
    """Not an organisation's data (an admin session has none): keyed by the session's hash alone."""

    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    async def open(self, row: ConsoleSessionRow, idle_before: int, keep: int) -> None:
        """Store a new session, first removing those last seen before `idle_before` and, beyond
        the `keep - 1` most recently seen, the rest (so at most `keep` remain with the new one)."""
        async with self.db.transaction() as tx:
            await tx.execute(EXPIRE, (idle_before,))
            await tx.execute(TRIM, (_TRIM_AT_ONCE, max(keep - 1, 0)))
            values = (row.id_hash, row.csrf, row.admin, row.key_hash, row.label, row.created_at, row.last_seen)
            await tx.execute(INSERT, values)

    async def find(self, id_hash: str) -> ConsoleSessionRow | None:
        row = await self.db.fetchone(FIND, (id_hash,))
        if row is None:
            return None
        return ConsoleSessionRow(row[0], row[1], bool(row[2]), row[3], row[4], int(row[5]), int(row[6]))

    async def touch(self, id_hash: str, now: int, seen_before: int) -> None:
        """Record that the session was used at `now`, unless it was already since `seen_before`
        (another process may have just done it)."""
        await self.db.execute(TOUCH, (now, id_hash, seen_before))

    async def close(self, id_hash: str) -> None:
        await self.db.execute(CLOSE, (id_hash,))
