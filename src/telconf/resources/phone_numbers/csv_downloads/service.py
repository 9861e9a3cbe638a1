"""Rules of `client.phone_numbers.csv_downloads`: a download is a job of its own kind, sized from
the numbers its filter selects; its record's `url` is telconf's own file route, which answers the
CSV once the job has completed. The file itself is written by `handlers.py`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from ....errors import Forbidden, Invalid, NotFound
from ....formats import canonical_id
from ....principal import Principal
from ....store.csv_downloads import KIND, CsvDownloadStore, DownloadRecord
from ....store.jobs import JobItem
from ....store.phone_numbers import PhoneNumberFilter, PhoneNumberStore
from ....worker.policy import JobQueue
from .handlers import ROWS_PER_ITEM
from .models import FILE_PATH, STATUS_OF_JOB, CsvDownload, CsvDownloadRequest

MAX_ACTIVE = 20  # pending downloads per organisation
API_PREFIX = "/v2"


@dataclass(frozen=True)
class CsvFile:
    """A completed download's file: its size and its bytes, part by part."""

    download_id: str
    byte_count: int
    parts: AsyncIterator[bytes]


class CsvDownloads:
    def __init__(self, downloads: CsvDownloadStore, numbers: PhoneNumberStore, queue: JobQueue) -> None:
        self.downloads = downloads
        self.numbers = numbers
        self.queue = queue
        self.jobs = queue.jobs

    async def create(self, who: Principal, request: CsvDownloadRequest, origin: str) -> list[CsvDownload]:
        if request.include_managed_accounts and request.csv_format == "V2":  # ignored for V1, as documented
            raise Forbidden("include_managed_accounts needs access to managed accounts, which this organisation "
                            "does not have.")  # fmt: skip
        selection = request.selection or PhoneNumberFilter()
        _, matching = await self.numbers.list_page(who.org_id, selection, None, 0, 1)
        count = max(1, -(-matching // ROWS_PER_ITEM))  # at least one: the header
        items = [JobItem(i, f"rows {i * ROWS_PER_ITEM + 1}-{(i + 1) * ROWS_PER_ITEM}", None, None)
                 for i in range(count)]  # fmt: skip
        parameters: dict[str, Any] = {"csv_format": request.csv_format, "filter": dict(request.filter_keys)}
        job = await self.queue.enqueue(who.org_id, KIND, parameters, items, limit=((KIND,), MAX_ACTIVE))
        if job is None:
            raise Invalid.field(f"You can have at most {MAX_ACTIVE} pending CSV downloads.", pointer="/base")
        return [self._view(DownloadRecord(job.id, job.status), origin)]

    async def retrieve(self, who: Principal, download_id: str, origin: str) -> list[CsvDownload]:
        return [self._view(await self._find(who, download_id), origin)]

    async def list_downloads(
        self, who: Principal, offset: int, size: int, origin: str
    ) -> tuple[Sequence[CsvDownload], int]:
        found, total = await self.downloads.list_page(who.org_id, offset, size)
        return [self._view(record, origin) for record in found], total

    async def file(self, who: Principal, download_id: str) -> CsvFile:
        """The CSV of a completed download; 404 before (and for a failed or expired one)."""
        record = await self._find(who, download_id)
        status = STATUS_OF_JOB[record.status]
        if status != "complete":
            raise NotFound(f"The CSV download is {status}: only a complete download has a file.")
        info = await self.downloads.file_info(who.org_id, record.id)
        return CsvFile(record.id, info.byte_count, self.downloads.parts(who.org_id, record.id))

    async def _find(self, who: Principal, download_id: str) -> DownloadRecord:
        # Download ids are UUIDs; anything else names none (and must not reach the database: NUL).
        canonical = canonical_id(download_id)
        record = await self.downloads.get(who.org_id, canonical) if canonical else None
        if record is None:
            raise NotFound("CSV download not found.")
        return record

    @staticmethod
    def _view(record: DownloadRecord, origin: str) -> CsvDownload:
        url = origin + API_PREFIX + FILE_PATH.format(id=record.id)
        return CsvDownload(id=record.id, status=STATUS_OF_JOB[record.status], url=url)
