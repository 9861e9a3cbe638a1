"""`client.phone_numbers.csv_downloads`: create, retrieve, list, declared once each, and the file a
download's `url` names (no SDK method: a plain authenticated GET that streams the CSV)."""

from __future__ import annotations

from starlette.datastructures import QueryParams
from starlette.responses import StreamingResponse

from ....errors import ApiError
from ....http.operation import Call, Operation
from ....http.query import PageRequest, QueryReader
from ... import parameters as p
from ..filters import UPDATE_SELECTOR_KEYS, parse_update_selector
from .models import CSV_FORMATS, FILE_PATH, CsvDownload, CsvDownloadRequest
from .service import CsvDownloads

TAG = "CSV downloads"
CREATE_KEYS = ("csv_format", "include_managed_accounts", *UPDATE_SELECTOR_KEYS)


def parse_create(params: QueryParams) -> CsvDownloadRequest:
    """POST /phone_numbers/csv_downloads takes everything in its query: the format, the managed
    accounts switch and the same `filter[...]` keys (and rules) as the batch update's selector."""
    q = QueryReader(params, CREATE_KEYS)
    csv_format = q.enum("csv_format", CSV_FORMATS) or "V1"
    managed = bool(q.boolean("include_managed_accounts"))
    selection = None
    try:
        selection = parse_update_selector(params)
    except ApiError as error:  # reported with the problems above, all at once
        q.problems.items += error.items
    q.problems.raise_if_any()
    keys = tuple((k, v) for k, v in params.multi_items() if k.startswith("filter["))
    return CsvDownloadRequest(csv_format, selection, keys, managed)  # type: ignore[arg-type]


def parse_page(params: QueryParams) -> PageRequest:
    q = QueryReader(params, ())
    page = q.page()
    q.finish()
    return page


async def _file(service: CsvDownloads, call: Call) -> StreamingResponse:
    found = await service.file(call.who, call.id)
    headers = {
        "Content-Length": str(found.byte_count),
        "Content-Disposition": f'attachment; filename="phone_numbers-{found.download_id}.csv"',
    }
    return StreamingResponse(found.parts, media_type="text/csv; charset=utf-8", headers=headers)


OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/csv_downloads", "phone_numbers.csv_downloads.list", "listCsvDownloads",
        "List CSV downloads", TAG, CsvDownloads,
        lambda s, c: s.list_downloads(c.who, *c.listing(), c.origin), CsvDownload,
        query=parse_page, params=p.PAGE, paged=True, needs_origin=True,
    ),
    Operation(
        "POST", "/phone_numbers/csv_downloads", "phone_numbers.csv_downloads.create", "createCsvDownload",
        "Create a CSV download (written in the background)", TAG, CsvDownloads,
        lambda s, c: s.create(c.who, c.query, c.origin), list[CsvDownload],
        query=parse_create, params=p.CSV_DOWNLOAD_CREATE, write=True, needs_origin=True,
    ),
    Operation(
        "GET", "/phone_numbers/csv_downloads/{id}", "phone_numbers.csv_downloads.retrieve", "retrieveCsvDownload",
        "Retrieve a CSV download", TAG, CsvDownloads, lambda s, c: s.retrieve(c.who, c.id, c.origin),
        list[CsvDownload], params=[p.CSV_DOWNLOAD_ID], needs_origin=True,
    ),
    Operation(
        "GET", FILE_PATH, "", "downloadCsvDownloadFile", "The CSV file of a complete download (a record's `url`)",
        TAG, CsvDownloads, _file, "CsvFile", params=[p.CSV_DOWNLOAD_ID], produces="text/csv",
    ),
]  # fmt: skip
