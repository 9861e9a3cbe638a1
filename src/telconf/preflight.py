"""What `telconf serve` and the other commands check before they start, so that every mistake in a
command line ends in one line saying what was wrong and what to do (`Problem`), never a traceback,
and `serve` prints "serving on ..." only once everything it needs has been found working."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from .settings import Settings
from .store import Store

T = TypeVar("T")
# uvicorn's levels (uvicorn.config.LOG_LEVELS), without importing uvicorn for every command.
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
POSTGRES_SCHEMES = ("postgres://", "postgresql://")


class Problem(Exception):
    """A mistake the user can fix; its message is the one line `telconf` prints after "error: "."""


def check_database_url(url: str) -> None:
    """A postgresql:// URL, or an SQLite path whose folder exists."""
    if url.startswith(POSTGRES_SCHEMES):
        return
    if "://" in url and not url.startswith("sqlite://"):
        scheme = url.split("://", 1)[0]
        raise Problem(
            f"telconf cannot use {scheme}:// databases: give --database (TELCONF_DATABASE_URL) "
            "an SQLite file path or a postgresql:// URL"
        )
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    folder = Path(path).parent
    if path != ":memory:" and not folder.is_dir():
        raise Problem(
            f"cannot create the SQLite database {path}: the folder {folder} does not exist; "
            "create it or give --database another path"
        )


def _where(url: str) -> str:
    """host:port/name of a PostgreSQL URL, without its password."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"


def database_problem(url: str, exc: BaseException) -> Problem:
    """The one line for a database that cannot be opened or migrated."""
    if not url.startswith(POSTGRES_SCHEMES):
        return Problem(f"cannot open the SQLite database {url}: {exc}; check --database and its folder's permissions")
    import asyncpg

    where = _where(url)
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        name = urlsplit(url).path.lstrip("/")
        return Problem(
            f"the PostgreSQL database {name!r} does not exist at {where}: create it (createdb {name}) or fix --database"
        )
    if isinstance(exc, OSError | asyncio.TimeoutError):
        return Problem(f"cannot connect to PostgreSQL at {where} ({exc}): is the server running? check --database")
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError):
        return Problem(
            f"PostgreSQL at {where} refused the connection: {exc}; check the user and password in --database"
        )
    return Problem(f"cannot use the PostgreSQL database {where}: {exc}")


async def open_store(url: str) -> Store:
    """The store, migrated; `Problem` when the database is missing, unreachable or refuses."""
    check_database_url(url)
    try:
        return await Store.open(url)
    except (TimeoutError, OSError, sqlite3.Error) as exc:
        raise database_problem(url, exc) from None
    except Exception as exc:
        if type(exc).__module__.startswith("asyncpg"):
            raise database_problem(url, exc) from None
        raise


def run_with_store(work: Callable[[Store], Awaitable[T]], url: str) -> T:
    """`work(store)` on a fresh event loop, the store closed afterwards."""

    async def main() -> T:
        store = await open_store(url)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(main())


def check_readable(path: str, what: str, flag: str) -> None:
    if not os.path.isfile(path):
        raise Problem(f"{what} {path} does not exist (or is not a file): check {flag}")
    if not os.access(path, os.R_OK):
        raise Problem(f"{what} {path} cannot be read: check its permissions")


def check_log_level(level: str) -> None:
    if level not in LOG_LEVELS:
        raise Problem(f"--log-level {level!r} is not a level: use one of {', '.join(LOG_LEVELS)}")


def check_port(host: str, port: int) -> None:
    """Bind and release the address as uvicorn will bind it (SO_REUSEADDR), so a port in use or a
    host that is not this machine's is reported before "serving on ..."."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Problem(
            f"cannot listen on {host}:{port}: {reason}; stop what uses it or choose another --port/--host"
        ) from None


def check_faults(path: str) -> None:
    """The --faults file as the server will load it: readable JSON of valid rules."""
    import msgspec

    from .admin.faults import parse_rules

    check_readable(path, "the fault rules file", "--faults")
    try:
        with open(path, encoding="utf-8") as f:
            rules = parse_rules(json.load(f))
    except (ValueError, msgspec.ValidationError) as exc:
        raise Problem(f"--faults {path}: {exc}") from None
    bad = [f"rules[{i}]{pointer}: {detail}" for i, r in enumerate(rules) for pointer, detail in r.problems()]
    if bad:
        raise Problem(f"--faults {path}: " + "; ".join(bad))


def check_rate_limits(settings: Settings) -> list[str]:
    """The limits parse and Redis answers (`Problem` otherwise); returns a warning for each setting
    that would be silently ignored."""
    from .http.rate_limit import RouteLimits

    try:
        routes = RouteLimits.from_settings(settings)
    except ValueError as exc:
        raise Problem(f"{exc}; see README.md, Rate limiting") from None
    warnings = []
    if settings.redis_url and routes is None:
        warnings.append(
            "--redis is ignored: it holds rate-limit counters, and no --rate-limit or --route-rate-limit is set"
        )
    for text in settings.route_rate_limits:
        method, _, path = text.rpartition("=")[0].strip().partition(" ")
        method, path = method.upper(), path.strip()
        if not _served(method, path):
            warnings.append(f"--route-rate-limit {text!r} never applies: telconf serves no {method} {path} below /v2")
    if settings.redis_url and routes is not None:
        asyncio.run(_check_redis(settings.redis_url))
    return warnings


def _served(method: str, path: str) -> bool:
    """Whether some call telconf serves matches a route limit's method and path (`{x}` any segment)."""
    from .api import openapi_bytes
    from .http.rate_limit import relative_path

    wanted = relative_path(path).split("/")
    for served, operations in json.loads(openapi_bytes())["paths"].items():
        segments = served.split("/")
        if len(segments) != len(wanted) or not (method == "*" or method.lower() in operations):
            continue
        if all(a == b or a.startswith("{") or b.startswith("{") for a, b in zip(segments, wanted, strict=True)):
            return True
    return False


async def _check_redis(url: str) -> None:
    from .http.rate_limit_storage import RedisWindows

    try:
        windows = await RedisWindows.connect(url)
    except Exception as exc:
        raise Problem(f"cannot reach Redis at {url} ({exc}): start Redis, fix --redis, or leave --redis out") from None
    await windows.close()
