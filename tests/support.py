"""Test support: live telconf servers per engine and fresh organisations seeded into them."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import telnyx

from telconf.seed.loader import load_seed
from telconf.store import Store

POSTGRES_ENV = "TELCONF_TEST_POSTGRES_URL"


def engines() -> list[str]:
    """SQLite always; PostgreSQL whenever a server URL is configured (CI always configures one)."""
    return ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(os.environ[POSTGRES_ENV])
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(engine: str, workdir: Path) -> str:
    if engine == "sqlite":
        return str(workdir / f"telconf-{uuid.uuid4().hex[:8]}.db")
    name = f"telconf_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f"CREATE DATABASE {name}"))
    base = os.environ[POSTGRES_ENV].rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(url: str) -> None:
    if url.startswith("postgresql://"):
        name = url.rsplit("/", 1)[1]
        asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@dataclass
class Server:
    engine: str
    database_url: str
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=lambda: Path(tempfile.mkstemp(suffix=".log")[1]))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v2"

    def start(self, *extra: str) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "telconf",
                "serve",
                "--port",
                str(self.port),
                "--database",
                self.database_url,
                *extra,
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"telconf exited: {self.log.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"telconf did not become healthy: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def load(self, seed: dict[str, Any]) -> None:
        """Load a seed into the running server's database, as `telconf seed` would."""

        async def work() -> None:
            store = await Store.open(self.database_url)
            try:
                await load_seed(store, io.StringIO(json.dumps(seed)))
            finally:
                await store.close()

        asyncio.run(work())

    def client(self, key: str | None, **options: Any) -> telnyx.Telnyx:
        options.setdefault("max_retries", 0)
        return telnyx.Telnyx(api_key=key, base_url=self.base_url, _strict_response_validation=True, **options)


@dataclass
class Org:
    name: str
    key: str
    read_only_key: str
    numbers: list[dict[str, Any]]


# Phone numbers and ids are unique server-wide; the servers live for one test run, so counters
# shared by the run keep every test's records apart.
_BLOCKS = itertools.count(random.randrange(1000))
_DIGITS = itertools.count()


def unique_digits() -> int:
    """Three digits no other caller in this run gets, for tests that spell their own numbers."""
    return 100 + next(_DIGITS) % 900


class Orgs:
    """Makes a fresh organisation per test, so tests never see each other's records."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def make(self, numbers: list[dict[str, Any]] | None = None, **collections: Any) -> Org:
        """Each number record gets a fresh id and E.164 number unless it names its own."""
        tag = uuid.uuid4().hex[:10]
        key, ro_key = f"KEY{tag}RW{uuid.uuid4().hex}", f"KEY{tag}RO{uuid.uuid4().hex}"
        block = next(_BLOCKS) * 10_000  # each organisation of this run gets its own numbers and ids
        records = []
        for i, fields in enumerate(numbers or []):
            record = {"id": str(4 * 10**18 + block + i), "phone_number": f"+1{2_000_000_000 + block + i}"}
            record.update(fields)
            records.append(record)
        org = {
            "name": f"org-{tag}",
            "api_keys": [{"key": key}, {"key": ro_key, "scope": "read_only"}],
            "phone_numbers": records,
            **collections,
        }
        self.server.load({"organizations": [org]})
        return Org(org["name"], key, ro_key, records)
