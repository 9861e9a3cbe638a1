"""Message queries: the messages themselves (a row per message: the columns sending, the lifecycle
and reports need, and the record as JSON), and what a send consults: the sender's number or short
code, opt-outs, sticky senders, each profile's spend per day and the admin's outcome rules. Every
method that reads an organisation's data takes its id first."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .coalesce import KeyedRead
from .db import Executor, PostgresDatabase, SqliteDatabase


@dataclass(frozen=True)
class MessageRow:
    """What the `messages` table keeps of one message."""

    id: str
    org_id: int
    direction: str
    messaging_profile_id: str | None
    from_number: str
    to_number: str
    status: str
    type: str
    parts: int
    cost: str | None
    received_at: str
    updated_at: str
    step_at: str | None
    pace: str
    held: bool
    webhook_urls: str
    record: str


COLUMNS = (
    "id, org_id, direction, messaging_profile_id, from_number, to_number, status, type, parts, cost, "
    "received_at, updated_at, step_at, pace, held, webhook_urls, record"
)

# A message whose next step is due and that no live lease holds (arguments: now, held, now).
_DUE = "step_at IS NOT NULL AND step_at <= ? AND held = ? AND (lease_until IS NULL OR lease_until < ?)"


def _row(values: Sequence[Any]) -> MessageRow:
    return MessageRow(*values[:14], bool(values[14]), *values[15:])  # type: ignore[call-arg]


@dataclass(frozen=True)
class Sender:
    """A number or short code of the organisation that may send: its profile and kind."""

    phone_number: str
    messaging_profile_id: str | None
    kind: str  # phone_number_type for numbers (local, toll_free, ...), "short_code" for short codes
    status: str
    profile_doc: str | None = None  # the profile's document, when the lookup joined it


class MessageStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self._skip_locked = " FOR UPDATE SKIP LOCKED" if db.dialect == "postgres" else ""
        self._read = KeyedRead.build(db.dialect, COLUMNS, "messages", "messages.org_id", "messages.id")

    # -- senders -------------------------------------------------------------------------------

    async def number(self, executor: Executor, org_id: int, phone_number: str) -> Sender | None:
        """One of the organisation's numbers, with its profile's document joined (one query)."""
        row = await executor.fetchone(
            "SELECT p.phone_number, p.messaging_profile_id, p.phone_number_type, p.status, m.doc "
            "FROM phone_numbers p LEFT JOIN messaging_profiles m ON m.id = p.messaging_profile_id "
            "WHERE p.org_id = ? AND p.phone_number = ?",
            (org_id, phone_number),
        )
        return Sender(row[0], row[1], row[2], row[3], row[4]) if row else None

    async def receiver(self, executor: Executor, phone_number: str) -> tuple[int, str, str, Sender] | None:
        """The organisation (id, uuid, name) holding a number or short code, and the number: for
        inbound messages, which the admin API delivers to whoever has the number."""
        for sql in (
            "SELECT o.id, o.uuid, o.name, p.phone_number, p.messaging_profile_id, p.phone_number_type, p.status "
            "FROM phone_numbers p JOIN organizations o ON o.id = p.org_id WHERE p.phone_number = ?",
            "SELECT o.id, o.uuid, o.name, s.short_code, s.messaging_profile_id, 'short_code', 'active' "
            "FROM short_codes s JOIN organizations o ON o.id = s.org_id WHERE s.short_code = ? ORDER BY s.id LIMIT 1",
        ):
            row = await executor.fetchone(sql, (phone_number,))
            if row is not None:
                return int(row[0]), str(row[1]), str(row[2]), Sender(row[3], row[4], row[5], row[6])
        return None

    async def short_code(self, executor: Executor, org_id: int, code: str) -> Sender | None:
        row = await executor.fetchone(
            "SELECT s.short_code, s.messaging_profile_id, m.doc FROM short_codes s "
            "LEFT JOIN messaging_profiles m ON m.id = s.messaging_profile_id WHERE s.org_id = ? AND s.short_code = ?",
            (org_id, code),
        )
        return Sender(row[0], row[1], "short_code", "active", row[2]) if row else None

    async def profile(self, executor: Executor, org_id: int, profile_id: str) -> str | None:
        """The profile's JSON document, or None if the organisation has no such profile."""
        row = await executor.fetchone(
            "SELECT doc FROM messaging_profiles WHERE org_id = ? AND id = ?", (org_id, profile_id)
        )
        return str(row[0]) if row else None

    async def pool(
        self, executor: Executor, org_id: int, profile_id: str, toll_free: bool, prefix: str | None, skip: int
    ) -> tuple[int, str | None]:
        """How many active numbers of the profile are of the kind (toll-free or long code), and the
        `skip`-th of them (in id order) among those starting with `prefix` when one is given."""
        kind = "phone_number_type = 'toll_free'" if toll_free else "phone_number_type <> 'toll_free'"
        where = f"org_id = ? AND messaging_profile_id = ? AND status = 'active' AND {kind}"
        args: list[Any] = [org_id, profile_id]
        if prefix is not None:
            where += " AND phone_number LIKE ?"
            args.append(prefix + "%")
        row = await executor.fetchone(f"SELECT COUNT(*) FROM phone_numbers WHERE {where}", args)
        count = int(row[0]) if row else 0
        if count == 0:
            return 0, None
        picked = await executor.fetchone(
            f"SELECT phone_number FROM phone_numbers WHERE {where} ORDER BY id LIMIT 1 OFFSET ?",
            (*args, skip % count),
        )
        return count, str(picked[0]) if picked else None

    async def sticky(self, executor: Executor, profile_id: str, to_number: str) -> str | None:
        row = await executor.fetchone(
            "SELECT from_number FROM message_sticky_senders WHERE messaging_profile_id = ? AND to_number = ?",
            (profile_id, to_number),
        )
        return str(row[0]) if row else None

    async def stick(self, tx: Executor, org_id: int, profile_id: str, to_number: str, from_number: str) -> None:
        await tx.execute(
            "INSERT INTO message_sticky_senders (org_id, messaging_profile_id, to_number, from_number) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (messaging_profile_id, to_number) DO UPDATE SET "
            "from_number = excluded.from_number",
            (org_id, profile_id, to_number, from_number),
        )

    # -- opt-outs, spend, outcome rules --------------------------------------------------------

    async def opted_out(self, executor: Executor, org_id: int, from_number: str, to_number: str) -> bool:
        row = await executor.fetchone(
            "SELECT 1 FROM message_opt_outs WHERE org_id = ? AND from_number = ? AND to_number = ?",
            (org_id, from_number, to_number),
        )
        return row is not None

    async def opt_out(self, tx: Executor, org_id: int, from_number: str, to_number: str, now: str) -> None:
        """Block sends from `from_number` (the organisation's) to `to_number` (who said STOP)."""
        await tx.execute(
            "INSERT INTO message_opt_outs (org_id, from_number, to_number, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (org_id, from_number, to_number) DO NOTHING",
            (org_id, from_number, to_number, now),
        )

    async def opt_in(self, tx: Executor, org_id: int, from_number: str, to_number: str) -> None:
        await tx.execute(
            "DELETE FROM message_opt_outs WHERE org_id = ? AND from_number = ? AND to_number = ?",
            (org_id, from_number, to_number),
        )

    async def spend(self, executor: Executor, profile_id: str, day: str) -> tuple[Decimal, bool]:
        """What the profile spent on `day` (UTC date), and whether the limit was reported then."""
        row = await executor.fetchone(
            "SELECT amount, limit_reported FROM message_spend WHERE messaging_profile_id = ? AND day = ?",
            (profile_id, day),
        )
        return (Decimal(row[0]), bool(row[1])) if row else (Decimal(0), False)

    async def lock_spend(self, tx: Executor, org_id: int, profile_id: str) -> None:
        """Queue this transaction behind the profile's other sends that count spend (PostgreSQL:
        the profile's row, locked until commit), so two sends cannot both read the same day's
        spend and pass the limit together. SQLite's transactions are serial already."""
        if self.db.dialect == "postgres":
            await tx.execute(
                "SELECT 1 FROM messaging_profiles WHERE org_id = ? AND id = ? FOR UPDATE", (org_id, profile_id)
            )

    async def add_spend(self, tx: Executor, org_id: int, profile_id: str, day: str, total: Decimal) -> None:
        """Set the day's spend to `total` (read in the same transaction, so none is lost)."""
        await tx.execute(
            "INSERT INTO message_spend (org_id, messaging_profile_id, day, amount) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (messaging_profile_id, day) DO UPDATE SET amount = excluded.amount",
            (org_id, profile_id, day, str(total)),
        )

    async def mark_limit_reported(self, tx: Executor, org_id: int, profile_id: str, day: str) -> bool:
        """Note that the day's limit was reported; False if it already was (report it once)."""
        spent, reported = await self.spend(tx, profile_id, day)
        if reported:
            return False
        await tx.execute(
            "INSERT INTO message_spend (org_id, messaging_profile_id, day, amount, limit_reported) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (messaging_profile_id, day) DO UPDATE SET limit_reported = ?",
            (org_id, profile_id, day, str(spent), True, True),
        )
        return True

    async def outcome_rules_for(self, executor: Executor, numbers: Collection[str]) -> dict[str, str]:
        """The admin's outcome rules for these destination numbers (one query for a batch)."""
        if not numbers:
            return {}
        marks = ", ".join("?" for _ in numbers)
        rows = await executor.fetchall(
            f"SELECT phone_number, outcome FROM message_outcome_rules WHERE phone_number IN ({marks})", list(numbers)
        )
        return {str(r[0]): str(r[1]) for r in rows}

    async def set_outcome_rule(self, phone_number: str, outcome: str | None, now: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM message_outcome_rules WHERE phone_number = ?", (phone_number,))
            if outcome is not None:
                await tx.execute(
                    "INSERT INTO message_outcome_rules (phone_number, outcome, created_at) VALUES (?, ?, ?)",
                    (phone_number, outcome, now),
                )

    async def outcome_rules(self) -> list[tuple[str, str]]:
        rows = await self.db.fetchall("SELECT phone_number, outcome FROM message_outcome_rules ORDER BY phone_number")
        return [(str(r[0]), str(r[1])) for r in rows]

    # -- messages ------------------------------------------------------------------------------

    async def insert(self, tx: Executor, row: MessageRow) -> None:
        await tx.execute(
            f"INSERT INTO messages ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.id, row.org_id, row.direction, row.messaging_profile_id, row.from_number, row.to_number,
                row.status, row.type, row.parts, row.cost, row.received_at, row.updated_at, row.step_at,
                row.pace, row.held, row.webhook_urls, row.record,
            ),
        )  # fmt: skip

    async def get(self, org_id: int, message_id: str) -> MessageRow | None:
        row = await self.db.fetch_by_key(self._read, org_id, message_id)
        return _row(row) if row else None

    async def find(self, message_id: str) -> MessageRow | None:
        """A message by id alone, for the admin API (which spans organisations)."""
        row = await self.db.fetchone(f"SELECT {COLUMNS} FROM messages WHERE id = ?", (message_id,))
        return _row(row) if row else None

    async def delete(self, tx: Executor, org_id: int, message_id: str) -> None:
        await tx.execute("DELETE FROM messages WHERE org_id = ? AND id = ?", (org_id, message_id))

    async def locked(self, tx: Executor, org_id: int, message_id: str) -> MessageRow | None:
        lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
        sql = f"SELECT {COLUMNS} FROM messages WHERE org_id = ? AND id = ?{lock}"
        row = await tx.fetchone(sql, (org_id, message_id))
        return _row(row) if row else None

    # -- the lifecycle (worker/messages.py) ---------------------------------------------------

    async def due(self, now: str) -> bool:
        """A cheap look before a claim (one query, no transaction): is any message's step due?"""
        return await self.db.fetchone(f"SELECT 1 FROM messages WHERE {_DUE} LIMIT 1", (now, False, now)) is not None

    async def claim(self, owner: str, now: str, lease_until: str, limit: int) -> list[MessageRow]:
        """Lease up to `limit` messages whose next step is due (none another process holds)."""
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                f"SELECT {COLUMNS} FROM messages WHERE {_DUE} ORDER BY step_at LIMIT ?{self._skip_locked}",
                (now, False, now, limit),
            )
            claimed = [_row(r) for r in rows]
            if claimed:
                marks = ", ".join("?" for _ in claimed)
                await tx.execute(
                    f"UPDATE messages SET lease_owner = ?, lease_until = ? WHERE id IN ({marks})",
                    (owner, lease_until, *(m.id for m in claimed)),
                )
            return claimed

    async def step(
        self, tx: Executor, message_id: str, owner: str | None, status: str, record: str, now: str,
        step_at: str | None, held: bool,
    ) -> bool:  # fmt: skip
        """Record a step; False when the lease was lost (another process took the message)."""
        guard, args = ("AND lease_owner = ?", (owner,)) if owner is not None else ("", ())
        changed = await tx.execute(
            "UPDATE messages SET status = ?, record = ?, updated_at = ?, step_at = ?, held = ?, "
            f"lease_owner = NULL, lease_until = NULL WHERE id = ? {guard}",
            (status, record, now, step_at, held, message_id, *args),
        )
        return changed > 0
