"""What a messaging profile's messages add up to over a time window: one aggregate query over
`messages` (on the `messages_profile_received` index), grouped finely enough for the caller to
fold into intervals and sender kinds without reading a message twice.

Groups are (time slot, direction, status, party, parts, cost): the slot is `received_at` cut to
the minute, hour or day; the party is the profile's side of the message (the sender of an
outbound one, the recipient of an inbound one), cut to its first five characters when it is an
E.164 number (enough to tell toll-free +1 numbers apart) and whole otherwise (short codes and
alphanumeric senders are few). Costs are decimal text, summed exactly by the caller."""

from __future__ import annotations

from dataclasses import dataclass

from .db import PostgresDatabase, SqliteDatabase

# Characters of `received_at` ("2026-12-04T20:43:24.123Z") that name its minute, hour or day.
SLOT_MINUTE, SLOT_HOUR, SLOT_DAY = 16, 13, 10

_PARTY = "CASE WHEN direction = 'outbound' THEN from_number ELSE to_number END"


@dataclass(frozen=True, slots=True)
class MessageGroup:
    slot: str  # received_at cut to SLOT_* characters
    direction: str  # outbound | inbound
    status: str
    party: str  # "+1800" for +18005550100; a short code or alphanumeric sender whole
    parts: int
    cost: str | None  # of one message of the group, as stored
    count: int


class MessageMetricsStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    async def groups(
        self, org_id: int, profile_id: str, after: str, until: str, slot_length: int
    ) -> list[MessageGroup]:
        """The profile's messages received in (`after`, `until`] (stored-format timestamps), grouped."""
        if slot_length not in (SLOT_MINUTE, SLOT_HOUR, SLOT_DAY):
            raise ValueError(f"slot length {slot_length}")
        rows = await self.db.read_all(
            f"SELECT substr(received_at, 1, {slot_length}), direction, status, "
            f"CASE WHEN {_PARTY} LIKE '+%' THEN substr({_PARTY}, 1, 5) ELSE {_PARTY} END, parts, cost, COUNT(*) "
            "FROM messages WHERE messaging_profile_id = ? AND received_at > ? AND received_at <= ? AND org_id = ? "
            "GROUP BY 1, 2, 3, 4, 5, 6",
            (profile_id, after, until, org_id),
        )
        return [MessageGroup(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), r[5], int(r[6])) for r in rows]

    async def phone_numbers(self, org_id: int, profile_id: str) -> int:
        """How many of the organisation's phone numbers use the profile."""
        row = await self.db.read_one(
            "SELECT COUNT(*) FROM phone_numbers WHERE org_id = ? AND messaging_profile_id = ?", (org_id, profile_id)
        )
        return int(row[0]) if row else 0
