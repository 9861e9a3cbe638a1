"""Success responses: `{"data": …}` and pages with Telnyx's `meta`, encoded once by msgspec."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from starlette.responses import Response

_encoder = msgspec.json.Encoder()
JSON = "application/json"


class PageMeta(msgspec.Struct):
    page_number: int
    page_size: int
    total_pages: int
    total_results: int


class _Data(msgspec.Struct):
    data: Any


class _Page(msgspec.Struct):
    data: Sequence[Any]
    meta: PageMeta


def ok(data: Any, status: int = 200) -> Response:
    return Response(_encoder.encode(_Data(data)), status_code=status, media_type=JSON)


def bare(body: Any, status: int = 200) -> Response:
    """A body that is the value itself, not `{"data": …}` (e.g. the JSON string "OK")."""
    return Response(_encoder.encode(body), status_code=status, media_type=JSON)


def page(items: Sequence[Any], number: int, size: int, total: int) -> Response:
    meta = PageMeta(number, size, -(-total // size), total)
    return Response(_encoder.encode(_Page(items, meta)), media_type=JSON)
