"""An operation is declared once (method, path, SDK method, body, response, status, scope and the
service call); `handler()` turns a declaration into the one adapter every operation goes through:
authenticate, check the scope, read the query and the body, call the service, wrap the result.
The route table, the OpenAPI document and the README's table of calls are built from the same
declarations (`telconf/api.py` lists them)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from ..principal import Principal
from .auth import Authenticator
from .body import convert, read_object
from .query import PageRequest
from .responses import JSON, bare, ok, page
from .routing import Handler

# A response's `data`: a Struct, a list of one (`list[Struct]`), or the name of a component built
# otherwise (see openapi/document.py).
Data = type[msgspec.Struct] | type[list[Any]] | str
_PARAMETER = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True, slots=True)
class Call:
    """What a service call is given: the caller, the path's ids, the parsed query and body. `id` is
    the path's last parameter; `parent` the one before it, on paths that name a record below
    another (`profile_id` of /messaging_profiles/{profile_id}/autoresp_configs/{autoresp_cfg_id})."""

    who: Principal
    id: str = ""
    query: Any = None
    body: Any = None
    origin: str = ""  # `scheme://host` the request was sent to, for operations that build URLs
    parent: str = ""

    def listing(self) -> tuple[Any, ...]:
        """The parsed query with its page spelled as `offset, size`, the arguments every list
        method of a service takes after the caller (and the parent's id)."""
        values = self.query if isinstance(self.query, tuple) else (self.query,)
        expanded: list[Any] = []
        for value in values:
            if isinstance(value, PageRequest):
                expanded += (value.offset, value.size)
            else:
                expanded.append(value)
        return tuple(expanded)


def _page_of(query: Any) -> PageRequest:
    values = query if isinstance(query, tuple) else (query,)
    return next(value for value in values if isinstance(value, PageRequest))


@dataclass(frozen=True)
class Operation:
    """One call of the API. `path` is below /v2; `sdk` is the SDK method (`phone_numbers.voice.update`
    for `client.phone_numbers.voice.update`); `call` gets the slice's service and the `Call`, and
    answers the record (or, for a `paged` list, `(items, total)`)."""

    method: str
    path: str
    sdk: str
    operation_id: str
    summary: str
    tag: str
    service: type[Any]
    call: Callable[[Any, Call], Awaitable[Any]]
    response: Data
    body: type[msgspec.Struct] | None = None
    # How the body becomes `body` (default: msgspec conversion into `body`, one 422 per bad field).
    read_body: Callable[[dict[str, Any]], Any] | None = None
    query: Callable[[QueryParams], Any] | None = None  # the parser of the query string
    params: Sequence[dict[str, Any]] = field(default_factory=tuple)  # OpenAPI parameters
    paged: bool = False  # `{"data": [...], "meta": ...}` instead of `{"data": ...}`
    status: int = 200
    write: bool = False  # needs a read_write key (403 otherwise)
    needs_origin: bool = False  # the call is given the request's `scheme://host` (URLs in records)
    # The success response's media type. Anything but JSON: `call` answers the Response itself (a
    # file, streamed), and the operation has no SDK method (`sdk` is empty).
    produces: str = JSON
    refusals: tuple[str, ...] = ()  # error statuses beyond those the declaration implies (OpenAPI)
    # False: the result is the whole JSON body, not wrapped in `{"data"}` (a delete that answers
    # the JSON string "OK", as Telnyx's spec types some); `response` then names its component.
    envelope: bool = True

    def __post_init__(self) -> None:
        if len(self.path_names) > 2:
            raise ValueError(f"{self.path}: at most two path parameters (a parent's id and an id)")

    @property
    def path_names(self) -> tuple[str, ...]:
        """The path parameters' names, in order (`("profile_id", "autoresp_cfg_id")`)."""
        return tuple(_PARAMETER.findall(self.path))

    @property
    def id_name(self) -> str | None:
        """The last path parameter's name (`id`, `order_id`), given to the call as `Call.id`."""
        names = self.path_names
        return names[-1] if names else None

    @property
    def parent_name(self) -> str | None:
        """The parameter before it, if the path has two, given to the call as `Call.parent`."""
        names = self.path_names
        return names[-2] if len(names) == 2 else None


def handler(op: Operation, service: Any, auth: Authenticator) -> Handler:
    """The adapter of one declared operation."""
    id_name, parent_name = op.id_name, op.parent_name
    convert_body = op.read_body
    if convert_body is None and op.body is not None:
        model = op.body

        def convert_body(data: dict[str, Any]) -> Any:
            return convert(data, model)

    async def handle(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        if op.write:
            who.require_write()
        query = op.query(request.query_params) if op.query is not None else None
        body = convert_body(await read_object(request)) if convert_body is not None else None
        origin = str(request.base_url).rstrip("/") if op.needs_origin else ""
        path = request.path_params
        call = Call(who, path[id_name] if id_name else "", query, body, origin,
                    parent=path[parent_name] if parent_name else "")  # fmt: skip
        result = await op.call(service, call)
        if op.produces != JSON:
            response: Response = result
            return response
        if not op.envelope:
            return bare(result, op.status)
        if op.paged:
            items, total = result
            pg = _page_of(query)
            return page(items, pg.number, pg.size, total)
        return ok(result, op.status)

    return handle
