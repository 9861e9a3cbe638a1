"""Organisations and their API keys. Keys are kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .db import PostgresDatabase, SqliteDatabase
from .webhooks import add_signing_key

SCOPES = ("read_write", "read_only")


# Seeded keys are taken verbatim, so they must be long enough not to be guessed from their hash
# (see Bounds in docs/design.md); generated keys have 51 characters.
MIN_KEY_LENGTH = 20
MAX_KEY_LENGTH = 512


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_hint(key_hash: str) -> str:
    """What `keys list` shows to tell keys apart: the start of the hash, which is stored anyway.
    No character of the key itself is kept, so the hint cannot narrow a search for it."""
    return key_hash[:8]


@dataclass(frozen=True)
class Organization:
    id: int
    uuid: str
    name: str
    created_at: str


@dataclass(frozen=True)
class ApiKeyInfo:
    id: int
    org_name: str
    prefix: str
    scope: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class KeyOwner:
    org_id: int
    org_uuid: str
    scope: str
    key_hash: str
    org_name: str


class OrgStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    async def create(self, uuid: str, name: str, now: str, webhook_seed: bytes) -> Organization:
        """The organisation and its webhook signing key (from the 32-byte `webhook_seed`), at once."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO organizations (uuid, name, created_at) VALUES (?, ?, ?) RETURNING id", (uuid, name, now)
            )
            assert row is not None
            await add_signing_key(tx, int(row[0]), webhook_seed, now)
        return Organization(int(row[0]), uuid, name, now)

    async def by_name(self, name: str) -> Organization | None:
        row = await self.db.fetchone("SELECT id, uuid, name, created_at FROM organizations WHERE name = ?", (name,))
        return Organization(int(row[0]), row[1], row[2], row[3]) if row else None

    async def all(self) -> list[Organization]:
        rows = await self.db.fetchall("SELECT id, uuid, name, created_at FROM organizations ORDER BY id")
        return [Organization(int(r[0]), r[1], r[2], r[3]) for r in rows]

    async def add_key(self, org_id: int, key: str, scope: str, now: str) -> int:
        digest = hash_key(key)
        row = await self.db.fetchone(
            "INSERT INTO api_keys (org_id, key_hash, prefix, scope, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (org_id, digest, key_hint(digest), scope, now),
        )
        assert row is not None
        return int(row[0])

    async def keys(self, org_id: int) -> list[ApiKeyInfo]:
        rows = await self.db.fetchall(
            "SELECT k.id, o.name, k.prefix, k.scope, k.created_at, k.revoked_at FROM api_keys k "
            "JOIN organizations o ON o.id = k.org_id WHERE k.org_id = ? ORDER BY k.id",
            (org_id,),
        )
        return [ApiKeyInfo(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]

    async def revoke_key(self, key_id: int, now: str) -> bool:
        return bool(
            await self.db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now, key_id)
            )
        )

    async def owner_of(self, key_hash: str) -> KeyOwner | None:
        row = await self.db.fetchone(
            "SELECT k.org_id, o.uuid, k.scope, k.key_hash, o.name "
            "FROM api_keys k JOIN organizations o ON o.id = k.org_id WHERE k.key_hash = ? AND k.revoked_at IS NULL",
            (key_hash,),
        )
        return KeyOwner(int(row[0]), row[1], row[2], row[3], row[4]) if row else None
