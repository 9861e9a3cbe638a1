"""Route helpers: one Route per path with a method table, so 405 lists every allowed method."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import URLPath
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound, Route
from starlette.types import Receive, Scope, Send

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


class RouteTable(BaseRoute):
    """Every API route behind one Starlette route: exact paths by dictionary, templated ones by
    segment count, instead of Starlette's scan of one regex per route (a third of a GET by id).
    Among templates of one length, the first registered wins, so literal segments (`/jobs/{id}`)
    must be listed before parameters (`/{id}/voice`), as they are with Starlette."""

    def __init__(self, routes: list[Route]) -> None:
        self.exact: dict[str, Handler] = {}
        self.templates: dict[int, list[tuple[tuple[str | None, ...], tuple[str, ...], Handler]]] = {}
        for route in routes:
            segments = route.path.split("/")
            if not any(s.startswith("{") for s in segments):
                self.exact.setdefault(route.path, route.endpoint)
                continue
            pattern = tuple(None if s.startswith("{") else s for s in segments)
            names = tuple(s.strip("{}") for s in segments if s.startswith("{"))
            self.templates.setdefault(len(segments), []).append((pattern, names, route.endpoint))

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        path: str = scope["path"]
        handler = self.exact.get(path)
        if handler is not None:
            return Match.FULL, {"endpoint": handler, "path_params": {}}
        segments = path.split("/")
        for pattern, names, candidate in self.templates.get(len(segments), ()):
            values = []
            for want, got in zip(pattern, segments, strict=True):
                if want is None:
                    if not got:
                        break
                    values.append(got)
                elif want != got:
                    break
            else:
                return Match.FULL, {"endpoint": candidate, "path_params": dict(zip(names, values, strict=True))}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await scope["endpoint"](Request(scope, receive))
        await response(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)
