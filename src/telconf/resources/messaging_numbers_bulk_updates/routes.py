"""HTTP routes of `client.messaging_numbers_bulk_updates`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import convert, read_object
from ...http.responses import ok
from ...http.routing import resource
from .models import BulkUpdate
from .service import MessagingNumbersBulkUpdates


def routes(updates: MessagingNumbersBulkUpdates, auth: Authenticator) -> list[Route]:
    async def create(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), BulkUpdate)
        return ok(await updates.create(who, body))

    async def retrieve(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await updates.retrieve(who, request.path_params["order_id"]))

    return [
        resource("/messaging_numbers_bulk_updates", POST=create),
        resource("/messaging_numbers_bulk_updates/{order_id}", GET=retrieve),
    ]
