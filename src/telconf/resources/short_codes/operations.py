"""`client.short_codes`: list, retrieve and update, declared once each."""

from __future__ import annotations

from ...http.operation import Operation
from .. import parameters as p
from .filters import parse_list
from .models import ShortCode, ShortCodeUpdate
from .service import ShortCodes

TAG = "Short codes"

OPERATIONS = [
    Operation(
        "GET", "/short_codes", "short_codes.list", "listShortCodes", "List short codes", TAG,
        ShortCodes, lambda s, c: s.list(c.who, *c.listing()), ShortCode,
        query=parse_list, params=p.SHORT_CODE_LIST, paged=True,
    ),
    Operation(
        "GET", "/short_codes/{id}", "short_codes.retrieve", "retrieveShortCode", "Retrieve a short code", TAG,
        ShortCodes, lambda s, c: s.retrieve(c.who, c.id), ShortCode, params=[p.SHORT_CODE_ID],
    ),
    Operation(
        "PATCH", "/short_codes/{id}", "short_codes.update", "updateShortCode", "Update a short code", TAG,
        ShortCodes, lambda s, c: s.update(c.who, c.id, c.body), ShortCode,
        body=ShortCodeUpdate, params=[p.SHORT_CODE_ID], write=True,
    ),
]  # fmt: skip
