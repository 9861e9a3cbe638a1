"""Rate limiting per API key: `--rate-limit 100/s` for every route, `--route-rate-limit
"GET /phone_numbers/slim=500/second"` per route, counted where every server process sees them
(`rate_limit_storage`: Redis with `--redis`, else the database).

Each request counts against exactly one limit, its route class: the first override whose method
and path match (literal paths before ones with `{param}` segments), else slim's own limit for
`GET /phone_numbers/slim`, else the general one. Counters are kept per class and per SHA-256 of
the API key (the raw key is never stored). Only keys that authenticate get counters of their
own; every request with an unknown or malformed key shares one counter per class, so made-up keys
cannot multiply counters (one per class and key, see Bounds in docs/design.md). Requests without
an Authorization header are not counted: they are refused with 401 without a lookup.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import limits
from limits import RateLimitItem

from ..clock import Clock
from ..errors import TooManyRequests
from ..settings import Settings
from ..store.db import Executor
from ..store.orgs import hash_key
from .rate_limit_storage import DatabaseWindows, RedisWindows, WindowStorage

log = logging.getLogger("telconf.rate_limit")

# Telnyx documents the slim list as "a lighter version of /phone_numbers having higher
# performance and rate limit" without a figure; telconf gives it twice the general limit.
SLIM_FACTOR = 2
SLIM_ROUTE = ("GET", "/phone_numbers/slim")
API_PREFIX = "/v2"
# A broken counter store is logged at most this often (requests are let through meanwhile).
WARN_EVERY_SECONDS = 30.0
# The one counter per route class that every unknown or malformed key shares.
UNAUTHENTICATED = "unauthenticated"

_UNITS = {
    "s": "second", "sec": "second", "secs": "second",
    "m": "minute", "min": "minute", "mins": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour",
    "d": "day",
}  # fmt: skip
_LIMIT = re.compile(r"^\s*([0-9]+)\s*(?:/|\s+per\s+)\s*([0-9]*)\s*([a-zA-Z]+)\s*\Z")


def parse_limit(text: str) -> RateLimitItem:
    """The `limits` notation ("100/second", "100 per minute", "10/5 seconds") plus short units
    ("100/s", "600/m", "5000/h", "10/d"). One limit only, at least 1 request."""
    match = _LIMIT.match(text)
    if not match:
        raise ValueError(f"invalid rate limit {text!r}: expected e.g. 100/second or 100/s")
    amount, multiples, unit = match.groups()
    unit = _UNITS.get(unit.lower(), unit)
    try:
        item = limits.parse(f"{amount}/{multiples} {unit}" if multiples else f"{amount}/{unit}")
    except ValueError as exc:
        raise ValueError(f"invalid rate limit {text!r}: {exc}") from None
    if item.amount < 1:
        raise ValueError(f"invalid rate limit {text!r}: allow at least 1 request")
    return item


def scaled(item: RateLimitItem, factor: int) -> RateLimitItem:
    """The same window, `factor` times the requests."""
    return type(item)(item.amount * factor, item.multiples)


def relative_path(path: str) -> str:
    """The path below /v2, the form overrides are written in. The SDKs' doubled
    `/v2/v2/mobile_phone_numbers` is the same endpoint as `/v2/mobile_phone_numbers`."""
    if path.startswith(API_PREFIX + "/"):
        path = path[len(API_PREFIX) :]
    if path.startswith(API_PREFIX + "/"):
        path = path[len(API_PREFIX) :]
    if len(path) > 1:
        path = path.rstrip("/")
    return path


@dataclass(frozen=True)
class RouteLimit:
    """One route class: requests of `method` ("*" for any) to a path matching `segments`
    (`None` matches any one segment, written `{name}`)."""

    name: str
    method: str
    segments: tuple[str | None, ...]
    limit: RateLimitItem

    @classmethod
    def parse(cls, text: str) -> RouteLimit:
        """`GET /phone_numbers/slim=500/second`: path relative to /v2, `{id}` for a parameter."""
        route, sep, limit_text = text.rpartition("=")
        method, _, path = route.strip().partition(" ")
        path = path.strip()
        if not sep or not method or not path.startswith("/"):
            raise ValueError(f"invalid route rate limit {text!r}: expected e.g. 'GET /phone_numbers/slim=500/second'")
        path = relative_path(path)
        segments = tuple(None if s.startswith("{") and s.endswith("}") else s for s in path.split("/"))
        return cls(f"{method.upper()} {path}", method.upper(), segments, parse_limit(limit_text))

    @property
    def literal(self) -> bool:
        return None not in self.segments

    def matches(self, method: str, segments: list[str]) -> bool:
        if self.method not in ("*", method) or len(segments) != len(self.segments):
            return False
        return all(want is None or want == got for want, got in zip(self.segments, segments, strict=True))


@dataclass(frozen=True)
class RouteLimits:
    """Which limit a request counts against; `None` when it is not limited at all."""

    general: RateLimitItem | None
    overrides: tuple[RouteLimit, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> RouteLimits | None:
        if settings.rate_limit is None and not settings.route_rate_limits:
            return None
        general = parse_limit(settings.rate_limit) if settings.rate_limit else None
        overrides = [RouteLimit.parse(text) for text in settings.route_rate_limits]
        slim_method, slim_path = SLIM_ROUTE
        slim_overridden = any(o.literal and o.matches(slim_method, slim_path.split("/")) for o in overrides)
        if general is not None and not slim_overridden:
            overrides.append(RouteLimit("slim", slim_method, tuple(slim_path.split("/")), scaled(general, SLIM_FACTOR)))
        # Literal paths first, as the route table does (`/phone_numbers/slim` is no `{id}`).
        overrides.sort(key=lambda o: not o.literal)
        return cls(general, tuple(overrides))

    @property
    def longest_window_seconds(self) -> int:
        items = [o.limit for o in self.overrides] + ([self.general] if self.general else [])
        return max(item.get_expiry() for item in items)

    def find(self, method: str, path: str) -> tuple[str, RateLimitItem] | None:
        """(route class, limit) for a request."""
        segments = relative_path(path).split("/")
        for override in self.overrides:
            if override.matches(method, segments):
                return override.name, override.limit
        return ("all", self.general) if self.general else None


class RateLimiter:
    """What the app calls once per request, before the route runs."""

    def __init__(self, routes: RouteLimits, storage: WindowStorage, clock: Clock | None = None) -> None:
        self.routes = routes
        self.storage = storage
        self.clock = clock or Clock()
        # Tells keys that authenticate from made-up ones (the app sets it; the handler's own
        # lookup that follows is then served from the key cache).
        self.authenticates: Callable[[str], Awaitable[bool]] | None = None
        self._quiet_until = 0.0  # when the next storage failure may be logged

    @classmethod
    async def from_settings(cls, settings: Settings, db: Executor, clock: Clock | None = None) -> RateLimiter | None:
        """Database windows follow `clock` (a test advancing it ends a window); Redis windows
        follow real time, which the `limits` library reads itself."""
        routes = RouteLimits.from_settings(settings)
        if routes is None:
            return None
        clock = clock or Clock()
        storage: WindowStorage
        if settings.redis_url:
            storage = await RedisWindows.connect(settings.redis_url)
        else:
            storage = DatabaseWindows(db, routes.longest_window_seconds, clock)
        return cls(routes, storage, clock)

    async def check(self, method: str, path: str, authorization: str | None) -> None:
        """Count the request; raise TooManyRequests (429) when its key is over the limit."""
        if not authorization:
            return
        found = self.routes.find(method, path)
        if found is None:
            return
        route_class, limit = found
        if self.authenticates is None or await self.authenticates(authorization):
            bucket = f"{route_class}/{hash_key(bearer_token(authorization))}"
        else:
            bucket = f"{route_class}/{UNAUTHENTICATED}"
        try:
            wait = await self.storage.hit(limit, bucket)
        except Exception as exc:
            # A counter store that is down should not take the API down with it.
            self._warn(exc)
            return
        if wait is not None:
            error = TooManyRequests(wait)
            error.headers.update(
                {"x-ratelimit-limit": str(limit.amount), "x-ratelimit-remaining": "0",
                 "x-ratelimit-reset": error.headers["Retry-After"]}
            )  # fmt: skip
            raise error

    def _warn(self, exc: Exception) -> None:
        now = self.clock.monotonic()
        if now >= self._quiet_until:
            self._quiet_until = now + WARN_EVERY_SECONDS
            log.warning("rate limiting skipped: the counter store failed: %r", exc)

    async def close(self) -> None:
        await self.storage.close()


def bearer_token(authorization: str) -> str:
    """The key itself, so the bucket hash equals the key's stored hash."""
    scheme, _, token = authorization.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else authorization
