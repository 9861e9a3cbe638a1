"""Route helpers: one Route per path with a method table, so 405 lists every allowed method."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import MethodNotAllowed

Handler = Callable[[Request], Awaitable[Response]]


def resource(path: str, **handlers: Handler) -> Route:
    """`resource("/x/{id}", GET=get, PATCH=update)`: dispatch on the method, 405 otherwise."""
    allow = ", ".join(handlers)

    async def dispatch(request: Request) -> Response:
        handler = handlers.get(request.method)
        if handler is None:
            raise MethodNotAllowed(allow)
        return await handler(request)

    return Route(path, dispatch, methods=list(handlers))
