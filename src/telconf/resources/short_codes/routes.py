"""HTTP routes of `client.short_codes`: parse, call the service, wrap. Nothing else."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import convert, read_object
from ...http.responses import ok, page
from ...http.routing import resource
from .filters import parse_list
from .models import ShortCodeUpdate
from .service import ShortCodes


def routes(service: ShortCodes, auth: Authenticator) -> list[Route]:
    async def list_short_codes(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, pg = parse_list(request.query_params)
        items, total = await service.list(who, flt, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def retrieve(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await service.retrieve(who, request.path_params["id"]))

    async def update(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), ShortCodeUpdate)
        return ok(await service.update(who, request.path_params["id"], body))

    return [
        resource("/short_codes", GET=list_short_codes),
        resource("/short_codes/{id}", GET=retrieve, PATCH=update),
    ]
