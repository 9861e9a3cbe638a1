"""HTTP routes of `client.phone_numbers`: parse, call the service, wrap. Nothing else."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import convert, read_object
from ...http.responses import ok, page
from ...http.routing import resource
from .filters import parse_list, parse_slim
from .models import PhoneNumberUpdate, VerifyOwnership
from .service import PhoneNumbers


def routes(service: PhoneNumbers, auth: Authenticator) -> list[Route]:
    async def list_numbers(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, sort, pg = parse_list(request.query_params)
        items, total = await service.list(who, flt, sort, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def slim_list(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, sort, pg, include_tags, include_connection = parse_slim(request.query_params)
        items, total = await service.slim_list(who, flt, sort, pg.offset, pg.size, include_tags, include_connection)
        return page(items, pg.number, pg.size, total)

    async def retrieve(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await service.retrieve(who, request.path_params["id"]))

    async def update(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), PhoneNumberUpdate)
        return ok(await service.update(who, request.path_params["id"], body))

    async def delete(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        return ok(await service.delete(who, request.path_params["id"]))

    async def verify_ownership(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        body = convert(await read_object(request), VerifyOwnership)
        return ok(await service.verify_ownership(who, body.phone_numbers))

    return [
        resource("/phone_numbers", GET=list_numbers),
        resource("/phone_numbers/slim", GET=slim_list),
        resource("/phone_numbers/actions/verify_ownership", POST=verify_ownership),
        resource("/phone_numbers/{id}", GET=retrieve, PATCH=update, DELETE=delete),
    ]
