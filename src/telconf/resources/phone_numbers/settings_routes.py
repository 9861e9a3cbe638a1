"""HTTP routes of `client.phone_numbers.voice`, `.messaging` and the emergency and bundle actions."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import convert, read_object
from ...http.responses import ok, page
from ...http.routing import resource
from .filters import parse_messaging, parse_voice
from .messaging_models import MessagingUpdate
from .settings import NumberSettings
from .voice_models import VoiceUpdate


class EnableEmergency(msgspec.Struct, kw_only=True):
    emergency_address_id: str
    emergency_enabled: bool


class BundleStatusChange(msgspec.Struct, kw_only=True):
    bundle_id: str | None  # required, but null takes the number out of its bundle


def routes(settings: NumberSettings, auth: Authenticator) -> list[Route]:
    async def list_voice(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, sort, pg = parse_voice(request.query_params)
        items, total = await settings.list_voice(who, flt, sort, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def retrieve_voice(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await settings.retrieve_voice(who, request.path_params["id"]))

    async def update_voice(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), VoiceUpdate)
        return ok(await settings.update_voice(who, request.path_params["id"], body))

    async def list_messaging(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, sort, pg = parse_messaging(request.query_params)
        items, total = await settings.list_messaging(who, flt, sort, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def retrieve_messaging(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await settings.retrieve_messaging(who, request.path_params["id"]))

    async def update_messaging(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), MessagingUpdate)
        return ok(await settings.update_messaging(who, request.path_params["id"], body))

    async def enable_emergency(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), EnableEmergency)
        return ok(
            await settings.enable_emergency(
                who, request.path_params["id"], body.emergency_address_id, body.emergency_enabled
            )
        )

    async def change_bundle_status(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), BundleStatusChange)
        return ok(await settings.change_bundle_status(who, request.path_params["id"], body.bundle_id))

    return [
        resource("/phone_numbers/voice", GET=list_voice),
        resource("/phone_numbers/messaging", GET=list_messaging),
        resource("/phone_numbers/{id}/voice", GET=retrieve_voice, PATCH=update_voice),
        resource("/phone_numbers/{id}/messaging", GET=retrieve_messaging, PATCH=update_messaging),
        resource("/phone_numbers/{id}/actions/enable_emergency", POST=enable_emergency),
        resource("/phone_numbers/{id}/actions/bundle_status_change", PATCH=change_bundle_status),
    ]
