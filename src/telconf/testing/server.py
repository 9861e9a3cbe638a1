"""Start a telconf for a test suite: a server process on a free port, or the app in-process; either
way with its own database, the admin API, and SDK clients pointed at it."""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ..admin.client import AdminClient
from ..app import create_app
from ..demo import DEMO_KEY
from ..preflight import open_store
from ..seed.initial import load_initial
from ..settings import Settings
from .in_process import InProcessApp
from .process import ServerProcess, free_port

IN_PROCESS_ROOT = "http://telconf.in-process"


@dataclass
class TelconfServer:
    """A running telconf: `base_url` for the SDK, `admin` for reset, seed, clock, faults, jobs."""

    root_url: str
    api_key: str | None
    admin: AdminClient
    database_url: str
    in_process: bool
    admin_token: str
    _stop: list[Any] = field(default_factory=list)
    _transport: httpx.BaseTransport | None = None
    _async_transport: httpx.AsyncBaseTransport | None = None

    @property
    def base_url(self) -> str:
        return self.root_url + "/v2"

    def http_client(self, **options: Any) -> httpx.Client:
        """An httpx client that reaches this server (through no socket when in-process)."""
        if self._transport is not None:
            options.setdefault("transport", self._transport)
        return httpx.Client(**options)

    def client(self, api_key: str | None = None, **options: Any) -> Any:
        """The official SDK (`telnyx.Telnyx`) pointed at this server, strict response validation on."""
        import telnyx

        options.setdefault("_strict_response_validation", True)
        if self._transport is not None:
            options.setdefault("http_client", telnyx.DefaultHttpxClient(transport=self._transport))
        return telnyx.Telnyx(api_key=api_key or self.api_key, base_url=self.base_url, **options)

    def async_client(self, api_key: str | None = None, **options: Any) -> Any:
        """`telnyx.AsyncTelnyx` pointed at this server (in-process too), strict validation on."""
        import telnyx

        options.setdefault("_strict_response_validation", True)
        if self._async_transport is not None:
            options.setdefault("http_client", telnyx.DefaultAsyncHttpxClient(transport=self._async_transport))
        return telnyx.AsyncTelnyx(api_key=api_key or self.api_key, base_url=self.base_url, **options)

    def reset(self) -> dict[str, Any]:
        return self.admin.reset()

    def seed(self, seed: dict[str, Any] | str | Path) -> dict[str, int]:
        return self.admin.seed(seed)

    def inbound(self, from_: str, to: str, text: str | None = None, **fields: Any) -> dict[str, Any]:
        """A message from a handset (`from_`) to one of the seeded numbers (`to`), as the admin
        API delivers it: `message.received` goes to the number's profile webhooks."""
        return self.admin.inbound(from_, to, text, **fields)

    def stop(self) -> None:
        self.admin.close()
        for stop in reversed(self._stop):
            stop()


def first_key(seed: str | None) -> str | None:
    """The key a seed's first organisation lists first, or the demo key when there is no seed."""
    if seed is None:
        return DEMO_KEY
    document = json.loads(Path(seed).read_text(encoding="utf-8"))
    for org in document.get("organizations", []):
        for key in org.get("api_keys", []):
            return str(key["key"])
    return None


def start_telconf(
    *,
    database_url: str | None = None,
    seed: str | None = None,
    in_process: bool = False,
    extra_args: tuple[str, ...] = (),
) -> TelconfServer:
    """Seed file, or the demo inventory when none is given; a fresh SQLite file unless a database
    URL is given (an empty database: the seed is loaded only into an empty one, `DatabaseNotEmpty`
    otherwise). Its temporary folder (database, log) is removed when it stops."""
    if database_url is not None:
        require_empty(database_url)
    workdir = Path(tempfile.mkdtemp(prefix="telconf-"))
    try:
        database_url = database_url or str(workdir / "telconf.db")
        token = secrets.token_urlsafe(24)
        if in_process:
            server = _start_in_process(database_url, seed, token)
        else:
            server = _start_process(database_url, seed, token, workdir, extra_args)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    server._stop.insert(0, lambda: shutil.rmtree(workdir, ignore_errors=True))  # the last to run
    return server


class DatabaseNotEmpty(RuntimeError):
    """The database given for a test server holds data, so the seed (and its API key) is not loaded."""


def require_empty(database_url: str) -> None:
    """`DatabaseNotEmpty` when the database holds organisations: the seed or demo loads only into an
    empty database, and without it the start inventory's key is refused (401) on every request."""

    async def names() -> list[str]:
        store = await open_store(database_url)
        try:
            return [org.name for org in await store.orgs.all()]
        finally:
            await store.close()

    found = asyncio.run(names())
    if found:
        shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise DatabaseNotEmpty(
            f"the database {database_url} already holds data (organisations: {shown}); telconf loads its seed "
            "or the demo only into an empty database, so the API key a test uses would not exist and every "
            "request would be refused with 401: give an empty database, or none for a fresh SQLite file"
        )


def _start_in_process(database_url: str, seed: str | None, token: str) -> TelconfServer:
    async def prepare() -> None:
        store = await open_store(database_url)
        try:
            await load_initial(store, seed, demo=seed is None)
        finally:
            await store.close()

    asyncio.run(prepare())
    runner = InProcessApp(create_app(Settings(database_url=database_url, admin_token=token)))
    runner.start()
    transport = runner.transport()
    admin = AdminClient(IN_PROCESS_ROOT, token, httpx.Client(transport=transport, timeout=30))
    server = TelconfServer(IN_PROCESS_ROOT, first_key(seed), admin, database_url, True, token, [runner.stop], transport)
    server._async_transport = runner.async_transport()
    return server


def _start_process(
    database_url: str, seed: str | None, token: str, workdir: Path, extra_args: tuple[str, ...]
) -> TelconfServer:
    process = ServerProcess(database_url, free_port(), workdir / "telconf.log", admin_token=token)
    process.start(*(["--seed", seed] if seed else ["--demo"]), *extra_args)
    admin = AdminClient(process.root_url, token)
    return TelconfServer(process.root_url, first_key(seed), admin, database_url, False, token, [process.stop])
