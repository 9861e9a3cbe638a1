"""What a CSV download's job does to a chunk of its items, inside the runner's chunk transaction:
the next rows of the file, as one part. An item stands for a hundred rows; the items were counted
from the organisation's inventory when the download was created, so the walk usually ends early
(a filter) and the items left then succeed at once; the last item takes whatever remains (numbers
added meanwhile). The database makes each row's CSV line (see models.py); Python only joins them.
A chunk's rows are read and written in one transaction, on SQLite on the event loop like every
transaction: ROWS_PER_ITEM keeps that to some 5,000 rows, tens of milliseconds."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import QueryParams

from ....store.csv_downloads import KIND, CsvDownloadStore
from ....store.db import Executor
from ....store.jobs import Apply, Job, JobItem, Outcome
from ....store.phone_number_filter import PhoneNumberFilter
from ....store.phone_number_lists import PhoneNumberLists
from ..filters import parse_update_selector
from .models import COLUMNS, header, row_sql

ROWS_PER_ITEM = 50
REMAINING = 2**62  # the last chunk's limit: everything left


def csv_download_handlers(lists: PhoneNumberLists) -> dict[str, Apply]:
    """The handler of `client.phone_numbers.csv_downloads`' one kind."""
    return {KIND: _write(lists)}


def selection_of(parameters: dict[str, Any]) -> PhoneNumberFilter:
    """The download's filter, as the caller's `filter[...]` keys were checked when it was created."""
    chosen = parse_update_selector(QueryParams(parameters.get("filter") or {}))
    return chosen if chosen is not None else PhoneNumberFilter()


def _write(lists: PhoneNumberLists) -> Apply:
    selects = {fmt: row_sql(fmt, "sqlite" if lists.sqlite else "postgres") for fmt in COLUMNS}
    headers = {fmt: header(fmt) + "\r\n" for fmt in COLUMNS}

    async def write(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        fmt = job.parameters["csv_format"]
        cursor = await CsvDownloadStore.cursor(tx, job.id)
        last_chunk = items[-1].position >= job.item_count - 1
        limit = REMAINING if last_chunk else ROWS_PER_ITEM * len(items)
        rows = await lists.walk(tx, job.org_id, selection_of(job.parameters), cursor.after, limit, selects[fmt])
        lines = [headers[fmt]] if cursor.next_part == 0 else []
        lines += [row[0] + "\r\n" for row in rows]
        if lines:
            after = (str(rows[-1][1]), int(rows[-1][2])) if rows else cursor.after
            body = "".join(lines).encode()
            await CsvDownloadStore.write_part(tx, job.id, job.org_id, cursor.next_part, body, len(rows), after)
        if len(rows) < limit:
            await CsvDownloadStore.settle_rest(tx, job.id, items[-1].position)
        return [None] * len(items)

    return write
