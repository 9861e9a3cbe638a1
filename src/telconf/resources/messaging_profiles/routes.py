"""HTTP routes of `client.messaging_profiles`: parse, call the service, wrap. Nothing else."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import read_object
from ...http.responses import ok, page
from ...http.routing import resource
from .filters import parse_list, parse_page
from .models import MessagingProfileCreate, MessagingProfileUpdate
from .rules import read_changes
from .service import MessagingProfiles


def routes(service: MessagingProfiles, auth: Authenticator) -> list[Route]:
    async def list_profiles(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, pg = parse_list(request.query_params)
        items, total = await service.list(who, flt, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def create(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = read_changes(await read_object(request), MessagingProfileCreate, creating=True)
        return ok(await service.create(who, body))

    async def retrieve(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await service.retrieve(who, request.path_params["id"]))

    async def update(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = read_changes(await read_object(request), MessagingProfileUpdate, creating=False)
        return ok(await service.update(who, request.path_params["id"], body))

    async def delete(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        return ok(await service.delete(who, request.path_params["id"]))

    async def list_phone_numbers(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        pg = parse_page(request.query_params)
        items, total = await service.list_phone_numbers(who, request.path_params["id"], pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def list_short_codes(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        pg = parse_page(request.query_params)
        items, total = await service.list_short_codes(who, request.path_params["id"], pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    return [
        resource("/messaging_profiles", GET=list_profiles, POST=create),
        resource("/messaging_profiles/{id}", GET=retrieve, PATCH=update, DELETE=delete),
        resource("/messaging_profiles/{id}/phone_numbers", GET=list_phone_numbers),
        resource("/messaging_profiles/{id}/short_codes", GET=list_short_codes),
    ]
