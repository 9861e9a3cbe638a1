"""HTTP routes of `client.mobile_phone_numbers`: parse, call the service, wrap. Nothing else.

The SDKs call the number itself at /v2/v2/mobile_phone_numbers… (the spec declares those paths
with a /v2 of their own) and the messaging view at /v2/mobile_phone_numbers/…/messaging; the docs
show /v2/mobile_phone_numbers…, so both forms are served. The literal `messaging` comes before
`{id}`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator, Principal
from ...http.body import convert, read_object
from ...http.query import PageRequest, QueryReader
from ...http.responses import ok, page
from ...http.routing import Handler, resource
from .models import MobilePhoneNumberUpdate
from .service import MobilePhoneNumbers

Lister = Callable[[Principal, int, int], Awaitable[tuple[Sequence[Any], int]]]
Getter = Callable[[Principal, str], Awaitable[Any]]


def _page(request: Request) -> PageRequest:
    q = QueryReader(request.query_params, ())
    pg = q.page()
    q.finish()
    return pg


def routes(service: MobilePhoneNumbers, auth: Authenticator) -> list[Route]:
    # The record and its messaging view are listed and read alike.
    def paged(list_page: Lister) -> Handler:
        async def handler(request: Request) -> Response:
            who = await auth.principal(request.headers.get("authorization"))
            pg = _page(request)
            items, total = await list_page(who, pg.offset, pg.size)
            return page(items, pg.number, pg.size, total)

        return handler

    def one(get: Getter) -> Handler:
        async def handler(request: Request) -> Response:
            who = await auth.principal(request.headers.get("authorization"))
            return ok(await get(who, request.path_params["id"]))

        return handler

    async def update(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), MobilePhoneNumberUpdate)
        return ok(await service.update(who, request.path_params["id"], body))

    list_numbers, retrieve = paged(service.list), one(service.retrieve)
    return [
        resource("/v2/mobile_phone_numbers", GET=list_numbers),
        resource("/v2/mobile_phone_numbers/{id}", GET=retrieve, PATCH=update),
        resource("/mobile_phone_numbers", GET=list_numbers),
        resource("/mobile_phone_numbers/messaging", GET=paged(service.list_messaging)),
        resource("/mobile_phone_numbers/{id}", GET=retrieve, PATCH=update),
        resource("/mobile_phone_numbers/{id}/messaging", GET=one(service.retrieve_messaging)),
    ]
