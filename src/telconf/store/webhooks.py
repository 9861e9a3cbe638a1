"""Webhooks: each organisation's Ed25519 signing key, and the durable queue of deliveries.

A delivery is one event on its way to an ordered chain of URLs (primary first, failover last),
each tried up to `ATTEMPTS_PER_URL` times. It is written in the transaction of whatever caused the
event (`enqueue`), so an event exists exactly when its cause committed. Dispatchers claim due
deliveries under a lease: the claim moves `next_attempt_at` to the lease's end, so a delivery whose
dispatcher died (`kill -9`) is due again once the lease lapses and any dispatcher takes it; a
dispatcher records its attempt only while it still holds the lease (`lease_owner`). A delivery can
therefore be attempted twice across a crash, never lost (at least once, as Telnyx promises).

Bodies are ASCII JSON (`json.dumps`'s default), so whatever a receiver does to the bytes it gets
the same string the signature covers; the payload is kept in that form and spliced into each
attempt's envelope as it is."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nacl.signing import SigningKey

from .db import Executor, PostgresDatabase, SqliteDatabase, retrying
from .sql import LIKE_ESCAPE, Where, like_escape

ATTEMPTS_PER_URL = 3
SEED_BYTES = 32
# Delivery ids are derived from the event's id (one delivery per event), so enqueueing needs no
# source of randomness of its own.
_DELIVERY_NAMESPACE = uuid.UUID("5d0f4c1e-7a53-4be4-9a39-2f1f6b0f3c11")
COLUMNS = (
    "d.id, d.org_id, d.event_id, d.event_type, d.occurred_at, d.payload, d.urls, d.status, d.attempts, "
    "d.attempt_count, d.created_at, d.next_attempt_at, d.started_at, d.finished_at, d.message_id"
)


def ascii_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


@dataclass(frozen=True)
class WebhookEvent:
    """One event: `occurred_at` in Telnyx's format (`clock.iso`), `payload` the record it is about."""

    id: str
    event_type: str
    occurred_at: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class KeyPair:
    private_key: str  # base64 of the 32-byte Ed25519 seed
    public_key: str  # standard padded base64 of the raw 32-byte public key (TELNYX_PUBLIC_KEY)


def key_pair(seed: bytes) -> KeyPair:
    """The pair a 32-byte seed gives (`Ids.key_seed()`, or a seed file's `webhook_signing_key`)."""
    if len(seed) != SEED_BYTES:
        raise ValueError(f"an Ed25519 seed is {SEED_BYTES} bytes, not {len(seed)}")
    public = bytes(SigningKey(seed).verify_key)
    return KeyPair(base64.b64encode(seed).decode(), base64.b64encode(public).decode())


async def add_signing_key(tx: Executor, org_id: int, seed: bytes, now: str) -> KeyPair:
    """The organisation's key pair, written in the transaction that creates the organisation
    (`OrgStore.create`, the seed loader), so every organisation has one, in every snapshot."""
    pair = key_pair(seed)
    await tx.execute(
        "INSERT INTO webhook_keys (org_id, private_key, public_key, created_at) VALUES (?, ?, ?, ?)",
        (org_id, pair.private_key, pair.public_key, now),
    )
    return pair


def delivery_id(event_id: str) -> str:
    return str(uuid.uuid5(_DELIVERY_NAMESPACE, event_id))


@dataclass
class Delivery:
    id: str
    org_id: int
    event: WebhookEvent
    payload_json: str  # the payload as stored (ASCII JSON), spliced into each envelope
    urls: list[str]
    status: str  # pending | delivered | failed
    attempts: list[dict[str, Any]]  # newest first, as the SDK's WebhookDelivery orders them
    attempt_count: int
    created_at: str
    next_attempt_at: str | None
    started_at: str | None
    finished_at: str | None
    message_id: str | None
    private_key: str = ""  # the organisation's signing seed (base64), read with a claim


@dataclass(frozen=True)
class AttemptResult:
    """What a dispatcher records for one attempt of a claimed delivery."""

    delivery: Delivery
    attempt: dict[str, Any]
    delivered: bool
    started_at: str
    finished_at: str
    next_attempt_at: str | None  # None: the delivery is final (delivered, or failed everywhere)


@dataclass(frozen=True)
class DeliveryFilter:
    status: str | None = None
    event_types: tuple[str, ...] = ()
    webhook_contains: str | None = None
    attempts_contains: str | None = None
    started_at: tuple[str | None, str | None] = (None, None)  # gte, lte
    finished_at: tuple[str | None, str | None] = (None, None)
    message_id: str | None = None


def _delivery(row: Sequence[Any]) -> Delivery:
    payload_json = row[5]
    event = WebhookEvent(row[2], row[3], row[4], json.loads(payload_json))
    return Delivery(row[0], int(row[1]), event, payload_json, json.loads(row[6]), row[7], json.loads(row[8]),
                    int(row[9]), row[10], row[11], row[12], row[13], row[14])  # fmt: skip


class WebhookStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self._skip_locked = " FOR UPDATE OF d SKIP LOCKED" if db.dialect == "postgres" else ""

    # -- signing keys ------------------------------------------------------------------------

    async def public_key(self, org_id: int) -> str | None:
        row = await self.db.fetchone("SELECT public_key FROM webhook_keys WHERE org_id = ?", (org_id,))
        return str(row[0]) if row else None

    async def ensure_keys(self, make_seed: Callable[[], bytes], now: str) -> int:
        """Give a key pair to every organisation without one (made before keys existed, or restored
        from a snapshot taken then); any number of processes may do this at once. Returns how many
        were made (admin code: across organisations)."""
        rows = await self.db.fetchall(
            "SELECT o.id FROM organizations o LEFT JOIN webhook_keys k ON k.org_id = o.id WHERE k.org_id IS NULL"
        )
        made = 0
        for (org_id,) in rows:
            pair = key_pair(make_seed())
            made += await self.db.execute(
                "INSERT INTO webhook_keys (org_id, private_key, public_key, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (org_id) DO NOTHING",
                (int(org_id), pair.private_key, pair.public_key, now),
            )
        return made

    async def private_key(self, org_id: int) -> str | None:
        row = await self.db.fetchone("SELECT private_key FROM webhook_keys WHERE org_id = ?", (org_id,))
        return str(row[0]) if row else None

    async def public_keys(self) -> dict[int, str]:
        """Every organisation's public key, by organisation id (admin code: across organisations)."""
        rows = await self.db.fetchall("SELECT org_id, public_key FROM webhook_keys")
        return {int(r[0]): str(r[1]) for r in rows}

    # -- the queue ---------------------------------------------------------------------------

    async def enqueue(
        self,
        tx: Executor,
        org_id: int,
        event: WebhookEvent,
        urls: Sequence[str],
        now: str,
        message_id: str | None = None,
    ) -> None:
        """Queue one delivery of `event` to `urls` (ordered, distinct: primary first, failover last),
        due at once, inside the caller's transaction. No URL: nothing is stored."""
        chain = list(dict.fromkeys(u for u in urls if u))
        if not chain:
            return
        await tx.execute(
            "INSERT INTO webhook_deliveries (id, org_id, event_id, event_type, occurred_at, payload, urls, status, "
            "attempts, attempt_count, created_at, next_attempt_at, message_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', '[]', 0, ?, ?, ?)",
            (delivery_id(event.id), org_id, event.id, event.event_type, event.occurred_at, ascii_json(event.payload),
             json.dumps(chain), now, now, message_id),
        )  # fmt: skip

    async def redeliver(self, org_id: int, id: str, new_id: str, now: str) -> Delivery | None:
        """Queue a delivery's event again, to the same URLs, as a new pending delivery `new_id`
        due at once (the same event id, so a receiver can tell it is the same event). None: the
        organisation has no such delivery."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT event_id, event_type, occurred_at, payload, urls, message_id FROM webhook_deliveries "
                "WHERE org_id = ? AND id = ?",
                (org_id, id),
            )
            if row is None:
                return None
            await tx.execute(
                "INSERT INTO webhook_deliveries (id, org_id, event_id, event_type, occurred_at, payload, urls, "
                "status, attempts, attempt_count, created_at, next_attempt_at, message_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', '[]', 0, ?, ?, ?)",
                (new_id, org_id, row[0], row[1], row[2], row[3], row[4], now, now, row[5]),
            )
        return await self.get(org_id, new_id)

    async def due(self, now: str) -> bool:
        """A cheap look before a claim: is any delivery due (or abandoned by a lapsed lease)?"""
        row = await self.db.fetchone(
            "SELECT 1 FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? LIMIT 1",
            (now,),
        )
        return row is not None

    async def claim(self, owner: str, now: str, lease_until: str, limit: int) -> list[Delivery]:
        """Lease up to `limit` due deliveries to `owner`, oldest due first, with their signing keys."""
        return await retrying(lambda: self._claim(owner, now, lease_until, limit))

    async def _claim(self, owner: str, now: str, lease_until: str, limit: int) -> list[Delivery]:
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                f"SELECT {COLUMNS}, k.private_key FROM webhook_deliveries d "
                "LEFT JOIN webhook_keys k ON k.org_id = d.org_id "
                "WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ? "
                f"ORDER BY d.next_attempt_at, d.id LIMIT ?{self._skip_locked}",
                (now, limit),
            )
            if not rows:
                return []
            ids = [r[0] for r in rows]
            await tx.execute(
                "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?, next_attempt_at = ? "
                f"WHERE id IN ({','.join('?' * len(ids))})",
                (owner, lease_until, lease_until, *ids),
            )
        claimed = []
        for row in rows:
            delivery = _delivery(row)
            delivery.private_key = row[15] or ""  # none: see ensure_keys
            claimed.append(delivery)
        return claimed

    async def record(self, owner: str, results: Sequence[AttemptResult]) -> int:
        """Record attempts, all in one transaction; one whose lease was taken over is dropped.
        Returns how many were recorded."""
        return await retrying(lambda: self._record(owner, results))

    async def _record(self, owner: str, results: Sequence[AttemptResult]) -> int:
        recorded = 0
        async with self.db.transaction() as tx:
            for r in results:
                d = r.delivery
                status = "delivered" if r.delivered else ("pending" if r.next_attempt_at else "failed")
                recorded += await tx.execute(
                    "UPDATE webhook_deliveries SET status = ?, attempts = ?, attempt_count = ?, next_attempt_at = ?, "
                    "lease_owner = NULL, lease_until = NULL, started_at = COALESCE(started_at, ?), finished_at = ? "
                    "WHERE id = ? AND lease_owner = ?",
                    (status, ascii_json([r.attempt, *d.attempts]), d.attempt_count + 1, r.next_attempt_at,
                     r.started_at, r.finished_at, d.id, owner),
                )  # fmt: skip
        return recorded

    async def release(self, owner: str, ids: Sequence[str], now: str) -> None:
        """Give claimed deliveries back at once (a dispatcher stopping before attempting them)."""
        if ids:
            await self.db.execute(
                "UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ? "
                f"WHERE lease_owner = ? AND id IN ({','.join('?' * len(ids))})",
                (now, owner, *ids),
            )

    # -- reading -----------------------------------------------------------------------------

    async def get(self, org_id: int, id: str) -> Delivery | None:
        row = await self.db.fetchone(f"SELECT {COLUMNS} FROM webhook_deliveries d WHERE d.org_id = ? AND d.id = ?",
                                     (org_id, id))  # fmt: skip
        return _delivery(row) if row else None

    async def list_page(self, org_id: int, f: DeliveryFilter, offset: int, limit: int) -> tuple[list[Delivery], int]:
        """Newest first (created, then id)."""
        w = _where(org_id, f)
        where = w.sql()
        count = await self.db.read_one(f"SELECT COUNT(*) FROM webhook_deliveries d WHERE {where}", w.args)
        total = int(count[0]) if count else 0
        if offset >= total:
            return [], total
        rows = await self.db.read_all(
            f"SELECT {COLUMNS} FROM webhook_deliveries d WHERE {where} ORDER BY d.created_at DESC, d.id DESC "
            "LIMIT ? OFFSET ?",
            [*w.args, limit, offset],
        )
        return [_delivery(r) for r in rows], total


def _contains(text: str) -> str:
    """A LIKE pattern for `text` inside ASCII JSON: matched as the JSON string would spell it."""
    return "%" + like_escape(json.dumps(text)[1:-1]) + "%"


def _where(org_id: int, f: DeliveryFilter) -> Where:
    w = Where().add("d.org_id = ?", org_id)
    if f.status is not None:
        w.add("d.status = ?", f.status)
    if f.event_types:
        w.add(f"d.event_type IN ({','.join('?' * len(f.event_types))})", *f.event_types)
    if f.message_id is not None:
        w.add("d.message_id = ?", f.message_id)
    if f.webhook_contains is not None:
        pattern = _contains(f.webhook_contains)
        w.add(
            f"(d.payload LIKE ? {LIKE_ESCAPE} OR d.event_id LIKE ? {LIKE_ESCAPE} OR d.event_type LIKE ? {LIKE_ESCAPE} "
            f"OR d.occurred_at LIKE ? {LIKE_ESCAPE})",
            pattern, pattern, pattern, pattern,
        )  # fmt: skip
    if f.attempts_contains is not None:
        w.add(f"d.attempts LIKE ? {LIKE_ESCAPE}", _contains(f.attempts_contains))
    for column, (gte, lte) in (("started_at", f.started_at), ("finished_at", f.finished_at)):
        if gte is not None:
            w.add(f"d.{column} >= ?", gte)
        if lte is not None:
            w.add(f"d.{column} <= ?", lte)
    return w
