"""The web console's message queries: conversations (one per pair of numbers: the organisation's
number or short code and the other party) and the messages of one pair, newest first.

There is no table of conversations: the list walks the organisation's messages newest first on
`messages_org_received` in bounded batches and keeps the first message of each pair it meets (that
pair's last message). A page is bounded (`SCAN_LIMIT` messages looked at) and continues from a
keyset cursor (received_at, id); a pair already shown on an earlier page is recognised by one
indexed look (`messages_org_pair`) for a message newer than the page's start. A pair's messages
are two indexed ranges of `messages_org_pair` (one per direction) merged. Each statement is
EXPLAINed in tests/store/test_conversations.py. Every method takes the
organisation's id first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import PostgresDatabase, SqliteDatabase
from .messages import COLUMNS, MessageRow

BATCH = 200
SCAN_LIMIT = 2000  # messages one page of conversations looks at, at most
Cursor = tuple[str, str]  # (received_at, id) of the last message a page looked at


@dataclass(frozen=True)
class Conversation:
    ours: str  # the organisation's number (or short code)
    theirs: str  # the other party
    last: MessageRow


def pair_of(row: MessageRow) -> tuple[str, str]:
    """(the organisation's number, the other party) of a message."""
    if row.direction == "inbound":
        return row.to_number, row.from_number
    return row.from_number, row.to_number


def _row(values: Sequence[Any]) -> MessageRow:
    return MessageRow(*values[:14], bool(values[14]), *values[15:])  # type: ignore[call-arg]


class ConversationStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    async def conversations(
        self, org_id: int, before: Cursor | None, limit: int
    ) -> tuple[list[Conversation], Cursor | None]:
        """Up to `limit` conversations whose last message is older than `before` (None: from the
        newest), newest first; and the cursor of the next page (None: there is none)."""
        found: list[Conversation] = []
        seen: set[tuple[str, str]] = set()
        cursor, scanned = before, 0
        while scanned < SCAN_LIMIT:
            rows = await self._recent(org_id, cursor, min(BATCH, SCAN_LIMIT - scanned))
            for row in rows:
                scanned += 1
                cursor = (row.received_at, row.id)
                pair = pair_of(row)
                if pair in seen:
                    continue
                seen.add(pair)
                if before is not None and await self._newer(org_id, pair, before):
                    continue  # its last message was on an earlier page
                found.append(Conversation(pair[0], pair[1], row))
                if len(found) == limit:
                    return found, cursor
            if len(rows) < BATCH:
                return found, None
        return found, cursor

    async def _recent(self, org_id: int, before: Cursor | None, limit: int) -> list[MessageRow]:
        if before is None:
            sql = f"SELECT {COLUMNS} FROM messages WHERE org_id = ? ORDER BY received_at DESC, id DESC LIMIT ?"
            rows = await self.db.read_all(sql, (org_id, limit))
        else:
            sql = (
                f"SELECT {COLUMNS} FROM messages WHERE org_id = ? AND (received_at, id) < (?, ?) "
                "ORDER BY received_at DESC, id DESC LIMIT ?"
            )
            rows = await self.db.read_all(sql, (org_id, before[0], before[1], limit))
        return [_row(r) for r in rows]

    async def _newer(self, org_id: int, pair: tuple[str, str], than: Cursor) -> bool:
        ours, theirs = pair
        for sender, receiver in ((ours, theirs), (theirs, ours)):
            row = await self.db.read_one(
                "SELECT 1 FROM messages WHERE org_id = ? AND from_number = ? AND to_number = ? "
                "AND received_at >= ? AND (received_at > ? OR id >= ?) LIMIT 1",  # the cursor message too
                (org_id, sender, receiver, than[0], than[0], than[1]),
            )
            if row is not None:
                return True
        return False

    async def messages(
        self, org_id: int, ours: str, theirs: str, before: Cursor | None, limit: int
    ) -> tuple[list[MessageRow], Cursor | None]:
        """Up to `limit` messages between the two numbers (either way) older than `before` (None:
        from the newest), newest first; and the cursor of the next page (None: there is none)."""
        merged: list[MessageRow] = []
        for sender, receiver in ((ours, theirs), (theirs, ours)):
            merged.extend(await self._one_way(org_id, sender, receiver, before, limit + 1))
        merged.sort(key=lambda r: (r.received_at, r.id), reverse=True)
        shown = merged[:limit]
        more = len(merged) > limit
        return shown, (shown[-1].received_at, shown[-1].id) if more else None

    async def _one_way(
        self, org_id: int, sender: str, receiver: str, before: Cursor | None, limit: int
    ) -> list[MessageRow]:
        """The newest `limit` messages one way, and every other message at the oldest one's time:
        ordered by time alone (what `messages_org_pair` gives), so rows sharing the last time are
        read whole and ordered by id here."""
        where = "org_id = ? AND from_number = ? AND to_number = ?"
        args: list[Any] = [org_id, sender, receiver]
        if before is not None:
            where += " AND received_at <= ? AND (received_at < ? OR id < ?)"
            args += [before[0], before[0], before[1]]
        sql = f"SELECT {COLUMNS} FROM messages WHERE {where}"
        rows = [_row(r) for r in await self.db.read_all(sql + " ORDER BY received_at DESC LIMIT ?", [*args, limit])]
        if len(rows) < limit:
            return rows
        last = rows[-1].received_at
        tied = await self.db.read_all(sql + " AND received_at = ?", [*args, last])
        return [r for r in rows if r.received_at != last] + [_row(r) for r in tied]

    async def count_since(self, org_id: int, since: str) -> int:
        """How many messages the organisation sent or received since `since` (Overview's today)."""
        row = await self.db.read_one(
            "SELECT COUNT(*) FROM messages WHERE org_id = ? AND received_at >= ?", (org_id, since)
        )
        return int(row[0]) if row else 0
