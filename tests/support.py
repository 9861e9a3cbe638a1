"""Test support: live telconf servers per engine and fresh organisations seeded into them."""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import os
import random
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import telnyx

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.testing.process import ServerProcess
from telconf.testing.process import free_port as free_port  # the suite's fixtures import it from here

POSTGRES_ENV = "TELCONF_TEST_POSTGRES_URL"


def engines() -> list[str]:
    """SQLite always; PostgreSQL whenever a server URL is configured (CI always configures one)."""
    return ["sqlite", "postgres"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


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
    """A telconf server process (`telconf.testing`'s) on one engine's database, with the suite's
    own helpers: seeding straight into the database, and SDK clients that never retry."""

    engine: str
    database_url: str
    port: int
    log: Path = field(default_factory=lambda: Path(tempfile.mkstemp(suffix=".log")[1]))

    def __post_init__(self) -> None:
        self._process = ServerProcess(self.database_url, self.port, self.log)

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self._process.process

    @property
    def base_url(self) -> str:
        return self._process.root_url + "/v2"

    def start(self, *extra: str) -> None:
        self._process.start(*extra)

    def stop(self) -> None:
        self._process.stop()

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
