"""Voicemail settings of phone numbers: one row per number that has them (migration 10), removed
with the number. Every method takes the organisation first; a number of another organisation is
as absent as a missing one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .db import Executor, PostgresDatabase, SqliteDatabase

_COLUMNS = "enabled, pin, greeting_mode, greeting_media_name"


@dataclass(frozen=True, slots=True)
class VoicemailRow:
    enabled: bool
    pin: str | None
    greeting_mode: str
    greeting_media_name: str | None


class Absent(Enum):
    """Why there is no voicemail row to show or change."""

    NUMBER = "number"  # the organisation has no such phone number
    SETTINGS = "settings"  # the number exists but has no voicemail settings yet


def _row(values: Sequence[Any]) -> VoicemailRow:
    enabled, pin, mode, media_name = values[:4]
    return VoicemailRow(bool(enabled), pin, str(mode), media_name)


class VoicemailStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        # Keeps the number from being deleted while its settings are written (PostgreSQL).
        self._key_share = " FOR KEY SHARE OF p" if db.dialect == "postgres" else ""
        self._lock = " FOR UPDATE OF v" if db.dialect == "postgres" else ""

    async def get(self, org_id: int, number_id: int) -> VoicemailRow | Absent:
        row = await self.db.fetchone(
            "SELECT v.enabled, v.pin, v.greeting_mode, v.greeting_media_name, p.id FROM phone_numbers p "
            "LEFT JOIN phone_number_voicemail v ON v.phone_number_id = p.id WHERE p.org_id = ? AND p.id = ?",
            (org_id, number_id),
        )
        if row is None:
            return Absent.NUMBER
        return Absent.SETTINGS if row[2] is None else _row(tuple(row))

    async def create(self, org_id: int, number_id: int, settings: VoicemailRow) -> VoicemailRow | Absent | None:
        """Insert the number's settings; None when it already has some (nothing is changed)."""
        async with self.db.transaction() as tx:
            if not await self._number_exists(tx, org_id, number_id):
                return Absent.NUMBER
            inserted = await tx.execute(
                f"INSERT INTO phone_number_voicemail (phone_number_id, org_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (phone_number_id) DO NOTHING",
                (number_id, org_id, settings.enabled, settings.pin, settings.greeting_mode,
                 settings.greeting_media_name),
            )  # fmt: skip
            return settings if inserted else None

    async def update(
        self, org_id: int, number_id: int, change: Callable[[VoicemailRow], VoicemailRow]
    ) -> VoicemailRow | Absent:
        """Lock the number's settings, let `change` make the new ones (it may raise to refuse), and
        store them."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT v.{_COLUMNS.replace(', ', ', v.')} FROM phone_number_voicemail v "
                f"WHERE v.org_id = ? AND v.phone_number_id = ?{self._lock}",
                (org_id, number_id),
            )
            if row is None:
                return Absent.SETTINGS if await self._number_exists(tx, org_id, number_id) else Absent.NUMBER
            new = change(_row(tuple(row)))
            await tx.execute(
                "UPDATE phone_number_voicemail SET enabled = ?, pin = ?, greeting_mode = ?, greeting_media_name = ? "
                "WHERE org_id = ? AND phone_number_id = ?",
                (new.enabled, new.pin, new.greeting_mode, new.greeting_media_name, org_id, number_id),
            )
            return new

    async def _number_exists(self, tx: Executor, org_id: int, number_id: int) -> bool:
        row = await tx.fetchone(
            f"SELECT 1 FROM phone_numbers p WHERE p.org_id = ? AND p.id = ?{self._key_share}", (org_id, number_id)
        )
        return row is not None
