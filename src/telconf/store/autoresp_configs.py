"""Auto-response settings of messaging profiles (table `autoresp_configs`, migration 13): keywords
that, sent alone to one of the profile's numbers from a country, trigger an action and a reply.
Every method takes the organisation first; another organisation's profile is as absent as a
missing one.

Two rules live here because both writing and matching depend on them:
- keywords compare by `fold` (Unicode case folding), and an inbound text matches a keyword when
  the whole text, trimmed of surrounding whitespace, folds to the same string;
- a keyword belongs to one setting per profile and country. Writes lock the profile's row first
  (PostgreSQL; SQLite writes are serial), so two concurrent writes cannot both take a keyword."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import msgspec

from .db import Executor, PostgresDatabase, SqliteDatabase
from .sql import Where

_COLUMNS = "id, messaging_profile_id, country_code, op, keywords, resp_text, created_at, updated_at"
_SELECT = f"SELECT {_COLUMNS} FROM autoresp_configs"
# Oldest first, so a setting created while a client pages does not shift the pages it has read.
_ORDER = "created_at, id"
_encoder = msgspec.json.Encoder()
_keywords = msgspec.json.Decoder(list[str])


def fold(text: str) -> str:
    """The form keywords and inbound texts are compared in: case-insensitive, Unicode-aware."""
    return text.casefold()


@dataclass(frozen=True, slots=True)
class AutoRespRecord:
    id: str
    messaging_profile_id: str
    country_code: str
    op: str  # start | stop | info
    keywords: tuple[str, ...]  # as the client wrote them
    resp_text: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class AutoRespFilter:
    country_code: str | None = None
    created_gte: str | None = None  # stored-format timestamps, inclusive bounds
    created_lte: str | None = None
    updated_gte: str | None = None
    updated_lte: str | None = None


class Absent(Enum):
    """Why there is no setting to show or change."""

    PROFILE = "profile"  # the organisation has no such messaging profile
    CONFIG = "config"  # the profile exists but has no such setting


@dataclass(frozen=True)
class Taken:
    index: int  # of the keyword in the request
    keyword: str
    config_id: str  # the setting that has it


class KeywordsTaken(Exception):
    """Keywords another setting of the profile already has for the country (nothing was written)."""

    def __init__(self, taken: list[Taken]) -> None:
        super().__init__(", ".join(t.keyword for t in taken))
        self.taken = taken


def _record(row: Sequence[Any]) -> AutoRespRecord:
    return AutoRespRecord(
        id=str(row[0]),
        messaging_profile_id=str(row[1]),
        country_code=str(row[2]),
        op=str(row[3]),
        keywords=tuple(_keywords.decode(row[4])),
        resp_text=row[5],
        created_at=str(row[6]),
        updated_at=str(row[7]),
    )


class AutoRespConfigStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self._lock = " FOR UPDATE" if db.dialect == "postgres" else ""

    async def list_page(
        self, org_id: int, profile_id: str, f: AutoRespFilter, offset: int, limit: int
    ) -> tuple[list[AutoRespRecord], int] | Absent:
        if not await self._profile(self.db, org_id, profile_id, lock=False):
            return Absent.PROFILE
        where = Where().add("org_id = ?", org_id).add("messaging_profile_id = ?", profile_id)
        for clause, value in (
            ("country_code = ?", f.country_code),
            ("created_at >= ?", f.created_gte),
            ("created_at <= ?", f.created_lte),
            ("updated_at >= ?", f.updated_gte),
            ("updated_at <= ?", f.updated_lte),
        ):
            if value is not None:
                where.add(clause, value)
        count = await self.db.read_one(f"SELECT COUNT(*) FROM autoresp_configs WHERE {where.sql()}", where.args)
        total = int(count[0]) if count else 0
        if offset >= total:
            return [], total
        rows = await self.db.read_all(
            f"{_SELECT} WHERE {where.sql()} ORDER BY {_ORDER} LIMIT ? OFFSET ?", [*where.args, limit, offset]
        )
        return [_record(r) for r in rows], total

    async def get(self, org_id: int, profile_id: str, config_id: str) -> AutoRespRecord | Absent:
        row = await self.db.fetchone(
            f"{_SELECT} WHERE org_id = ? AND messaging_profile_id = ? AND id = ?", (org_id, profile_id, config_id)
        )
        if row is not None:
            return _record(row)
        return Absent.CONFIG if await self._profile(self.db, org_id, profile_id, lock=False) else Absent.PROFILE

    async def create(self, org_id: int, record: AutoRespRecord) -> AutoRespRecord | Absent:
        """Insert the setting; raises KeywordsTaken when another setting has one of its keywords."""
        async with self.db.transaction() as tx:
            if not await self._profile(tx, org_id, record.messaging_profile_id, lock=True):
                return Absent.PROFILE
            await self._check_keywords(tx, org_id, record)
            await tx.execute(
                f"INSERT INTO autoresp_configs (org_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (org_id, record.id, record.messaging_profile_id, record.country_code, record.op,
                 _encoder.encode(list(record.keywords)).decode(), record.resp_text, record.created_at,
                 record.updated_at),
            )  # fmt: skip
            return record

    async def replace(self, org_id: int, record: AutoRespRecord) -> AutoRespRecord | Absent:
        """Replace every field of the setting `record.id` but its creation time (kept, whatever
        `record` says); raises KeywordsTaken like `create`."""
        async with self.db.transaction() as tx:
            if not await self._profile(tx, org_id, record.messaging_profile_id, lock=True):
                return Absent.PROFILE
            row = await tx.fetchone(
                "SELECT created_at FROM autoresp_configs WHERE org_id = ? AND messaging_profile_id = ? AND id = ?",
                (org_id, record.messaging_profile_id, record.id),
            )
            if row is None:
                return Absent.CONFIG
            await self._check_keywords(tx, org_id, record)
            await tx.execute(
                "UPDATE autoresp_configs SET country_code = ?, op = ?, keywords = ?, resp_text = ?, updated_at = ? "
                "WHERE org_id = ? AND id = ?",
                (record.country_code, record.op, _encoder.encode(list(record.keywords)).decode(), record.resp_text,
                 record.updated_at, org_id, record.id),
            )  # fmt: skip
            return replace(record, created_at=str(row[0]))

    async def delete(self, org_id: int, profile_id: str, config_id: str) -> Absent | None:
        async with self.db.transaction() as tx:
            deleted = await tx.execute(
                "DELETE FROM autoresp_configs WHERE org_id = ? AND messaging_profile_id = ? AND id = ?",
                (org_id, profile_id, config_id),
            )
            if deleted:
                return None
            return Absent.CONFIG if await self._profile(tx, org_id, profile_id, lock=False) else Absent.PROFILE

    async def matching(
        self, executor: Executor, org_id: int, profile_id: str, country_code: str, text: str
    ) -> AutoRespRecord | None:
        """The profile's setting for `country_code` with a keyword equal to the whole inbound
        `text`, trimmed of surrounding whitespace, compared case-insensitively (`fold`); None when
        no setting has one. `executor` is the caller's transaction or the database."""
        wanted = fold(text.strip())
        if not wanted:
            return None
        rows = await executor.fetchall(
            f"{_SELECT} WHERE org_id = ? AND messaging_profile_id = ? AND country_code = ? ORDER BY {_ORDER}",
            (org_id, profile_id, country_code),
        )
        for row in rows:
            record = _record(row)
            if any(fold(keyword) == wanted for keyword in record.keywords):
                return record
        return None

    async def _profile(self, executor: Executor, org_id: int, profile_id: str, *, lock: bool) -> bool:
        lock_clause = self._lock if lock else ""
        row = await executor.fetchone(
            f"SELECT 1 FROM messaging_profiles WHERE org_id = ? AND id = ?{lock_clause}", (org_id, profile_id)
        )
        return row is not None

    async def _check_keywords(self, tx: Executor, org_id: int, record: AutoRespRecord) -> None:
        rows = await tx.fetchall(
            "SELECT id, keywords FROM autoresp_configs "
            "WHERE org_id = ? AND messaging_profile_id = ? AND country_code = ? AND id <> ?",
            (org_id, record.messaging_profile_id, record.country_code, record.id),
        )
        owners: dict[str, str] = {}
        for config_id, keywords in rows:
            for keyword in _keywords.decode(keywords):
                owners.setdefault(fold(keyword), str(config_id))
        taken = [
            Taken(i, keyword, owners[fold(keyword)])
            for i, keyword in enumerate(record.keywords)
            if fold(keyword) in owners
        ]
        if taken:
            raise KeywordsTaken(taken)
