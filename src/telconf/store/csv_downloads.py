"""CSV downloads: the records (jobs of one kind, read without their items) and their files, kept
as parts in `csv_download_parts`. Every read takes the organisation first.

The runner writes a download's file a chunk at a time, each chunk in its own transaction with
its items' outcomes: a part holds the chunk's rows as CSV text and the sort key of its last row,
where the next chunk continues. A crash loses no part and writes none twice (the part and the
items' outcomes commit together). The file is read back part by part, so neither the server nor
a client ever holds the whole of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from ..enums import JobStatus
from .db import Executor, PostgresDatabase, SqliteDatabase

KIND = "phone_numbers_csv_download"


@dataclass(frozen=True)
class DownloadRecord:
    id: str
    status: JobStatus


@dataclass(frozen=True)
class Cursor:
    """Where the file stands: the next part's number (0: nothing written, not even the header)
    and the last row's sort key (None before the first row)."""

    next_part: int
    after: tuple[str, int] | None


@dataclass(frozen=True)
class FileInfo:
    parts: int
    byte_count: int


class CsvDownloadStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    # -- records -----------------------------------------------------------------------------

    async def get(self, org_id: int, download_id: str) -> DownloadRecord | None:
        row = await self.db.fetchone(
            "SELECT id, status FROM jobs WHERE org_id = ? AND id = ? AND kind = ?", (org_id, download_id, KIND)
        )
        return DownloadRecord(row[0], row[1]) if row is not None else None

    async def list_page(self, org_id: int, offset: int, limit: int) -> tuple[list[DownloadRecord], int]:
        """Newest first (the jobs' (org, created_at, id) index)."""
        count = await self.db.fetchone("SELECT COUNT(*) FROM jobs WHERE org_id = ? AND kind = ?", (org_id, KIND))
        total = int(count[0]) if count else 0
        if offset >= total:
            return [], total
        rows = await self.db.fetchall(
            "SELECT id, status FROM jobs WHERE org_id = ? AND kind = ? ORDER BY created_at DESC, id DESC "
            "LIMIT ? OFFSET ?",
            (org_id, KIND, limit, offset),
        )
        return [DownloadRecord(r[0], r[1]) for r in rows], total

    # -- the runner's side (inside a chunk's transaction) --------------------------------------

    @staticmethod
    async def cursor(tx: Executor, job_id: str) -> Cursor:
        row = await tx.fetchone(
            "SELECT part, last_created_at, last_id FROM csv_download_parts WHERE job_id = ? ORDER BY part DESC LIMIT 1",
            (job_id,),
        )
        if row is None:
            return Cursor(0, None)
        after = (str(row[1]), int(row[2])) if row[1] is not None else None
        return Cursor(int(row[0]) + 1, after)

    @staticmethod
    async def write_part(
        tx: Executor, job_id: str, org_id: int, part: int, body: bytes, rows: int, last: tuple[str, int] | None
    ) -> None:
        await tx.execute(
            "INSERT INTO csv_download_parts (job_id, part, org_id, row_count, byte_count, last_created_at, last_id, "
            "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (job_id, part, org_id, rows, len(body), last[0] if last else None, last[1] if last else None, body),
        )

    @staticmethod
    async def settle_rest(tx: Executor, job_id: str, after_position: int) -> None:
        """The file is complete: the items after `after_position` (sized from an estimate) have
        nothing left to write and succeed as they are."""
        await tx.execute(
            "UPDATE job_items SET state = 'success' WHERE job_id = ? AND state = 'pending' AND position > ?",
            (job_id, after_position),
        )

    # -- the file ------------------------------------------------------------------------------

    async def file_info(self, org_id: int, download_id: str) -> FileInfo:
        row = await self.db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(byte_count), 0) FROM csv_download_parts WHERE org_id = ? AND job_id = ?",
            (org_id, download_id),
        )
        return FileInfo(int(row[0]), int(row[1])) if row else FileInfo(0, 0)

    async def parts(self, org_id: int, download_id: str) -> AsyncIterator[bytes]:
        """The file's bytes, one part per read (off the event loop on SQLite)."""
        part = -1
        while True:
            row = await self.db.read_one(
                "SELECT part, body FROM csv_download_parts WHERE org_id = ? AND job_id = ? AND part > ? "
                "ORDER BY part LIMIT 1",
                (org_id, download_id, part),
            )
            if row is None:
                return
            part = int(row[0])
            yield bytes(row[1])
