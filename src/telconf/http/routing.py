"""Routes: one per path with a method table (so 405 lists every allowed method), in one table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import MethodNotAllowed

Handler = Callable[[Request], Awaitable[Response]]


def resource(path: str, **handlers: Handler) -> Route:
    """`resource("/x/{id}", GET=get, PATCH=update)`: dispatch on the method, 405 otherwise. HEAD is
    GET without the body (same status and headers, the same key needed); OPTIONS answers 204 with
    `Allow`, without a key, as it reveals nothing the OpenAPI document does not."""
    methods = [*handlers, *(("HEAD",) if "GET" in handlers else ()), "OPTIONS"]
    allow = ", ".join(methods)

    async def dispatch(request: Request) -> Response:
        handler = handlers.get(request.method)
        if handler is not None:
            return await handler(request)
        if request.method == "HEAD" and "GET" in handlers:
            response = await handlers["GET"](request)
            response.body = b""  # the headers (Content-Length included) stay those of the GET
            return response
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": allow})
        raise MethodNotAllowed(allow)

    return Route(path, dispatch, methods=list(handlers))  # the declared ones; HEAD and OPTIONS follow


class RouteTable:
    """Every route of the app: exact paths by dictionary, templated ones by segment count, instead
    of a scan of one regex per route (that scan was a third of a GET by id). Among templates of one
    length the most specific wins, whatever the order they were added in: a literal segment beats a
    parameter at the first position where two templates differ (`/phone_numbers/jobs/{id}` before
    `/phone_numbers/{id}/voice`)."""

    def __init__(self) -> None:
        self.exact: dict[str, Handler] = {}
        self.templates: dict[int, list[tuple[tuple[str | None, ...], tuple[str, ...], Handler]]] = {}

    def add(self, path: str, handler: Handler) -> None:
        segments = path.split("/")
        if not any(s.startswith("{") for s in segments):
            if path in self.exact:
                raise ValueError(f"two routes for one path: {path}")
            self.exact[path] = handler
            return
        pattern = tuple(None if s.startswith("{") else s for s in segments)
        names = tuple(s.strip("{}") for s in segments if s.startswith("{"))
        same_length = self.templates.setdefault(len(segments), [])
        if any(existing == pattern for existing, _, _ in same_length):
            raise ValueError(f"two routes for one path: {path}")
        same_length.append((pattern, names, handler))
        same_length.sort(key=lambda entry: tuple(s is None for s in entry[0]))

    def add_routes(self, routes: list[Route], prefix: str = "") -> None:
        for route in routes:
            self.add(prefix + route.path, route.endpoint)

    def find(self, path: str) -> tuple[Handler, dict[str, str]] | None:
        handler = self.exact.get(path)
        if handler is not None:
            return handler, {}
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
                return candidate, dict(zip(names, values, strict=True))
        return None
