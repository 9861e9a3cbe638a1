"""The two engines behind one small async interface.

SQL is written once with `?` placeholders; PostgreSQL statements are rewritten to `$n` once and
cached. Rows are plain sequences read by position, the cheapest form both drivers give.

SQLite runs on the event-loop thread: its indexed queries take microseconds, less than a hop to a
thread pool would cost. A transaction holds an asyncio lock and never awaits anything that
suspends, so nothing else on the loop sees it half done.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

Row = Sequence[Any]
T = TypeVar("T")


class Executor(Protocol):
    """What a query runs on: the database itself, or one open transaction."""

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None: ...
    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]: ...
    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int: ...
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    async def after_commit(self, sql: str, args: Sequence[Any] = ()) -> None: ...


class Database(Executor, Protocol):
    dialect: str

    def transaction(self) -> Any: ...  # async context manager yielding an Executor
    async def close(self) -> None: ...


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA cache_size=-65536")
        # Checkpoint less often: the automatic one runs inside a COMMIT, on the event loop.
        self.conn.execute("PRAGMA wal_autocheckpoint=10000")
        self._lock = asyncio.Lock()

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self.conn.execute(sql, args).fetchone()
        return row

    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(sql, args).fetchall()

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, args).rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    async def executescript(self, script: str) -> None:
        self.conn.executescript(script)

    async def after_commit(self, sql: str, args: Sequence[Any] = ()) -> None:
        # One writer at a time: running it inside the transaction holds up no one.
        self.conn.execute(sql, args)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteDatabase]:
        async with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    async def close(self) -> None:
        self.conn.close()


class _PgStatements:
    """Rewrites `?` placeholders to `$1..$n` once per distinct statement."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, sql: str) -> str:
        converted = self._cache.get(sql)
        if converted is None:
            parts = sql.split("?")
            converted = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
            self._cache[sql] = converted
        return converted


class PostgresExecutor:
    def __init__(self, conn: Any, statements: _PgStatements) -> None:
        self.conn = conn
        self._sql = statements
        self.deferred: list[tuple[str, Sequence[Any]]] = []

    async def after_commit(self, sql: str, args: Sequence[Any] = ()) -> None:
        """Run `sql` once the transaction has committed (e.g. bumping a shared counter, whose row
        lock would otherwise queue every writer until their COMMIT)."""
        self.deferred.append((sql, args))

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self.conn.fetchrow(self._sql(sql), *args)
        return row

    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        rows: list[Row] = await self.conn.fetch(self._sql(sql), *args)
        return rows

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        status: str = await self.conn.execute(self._sql(sql), *args)
        tail = status.rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.conn.executemany(self._sql(sql), list(rows))

    async def executescript(self, script: str) -> None:
        await self.conn.execute(script)


class _SingleFlight:
    """Runs a post-commit statement for many concurrent callers at once, never earlier than any of
    them asked: a caller joins the run queued behind the one in flight (which starts after that one
    ends, so after the caller's commit), or starts one itself. Under a burst of writes to one
    organisation this turns one `data_version` bump per write into about two per burst, and the
    writers stop queueing on that row's lock."""

    def __init__(self) -> None:
        self.running: asyncio.Future[None] | None = None
        self.queued: asyncio.Future[None] | None = None

    async def run(self, work: Callable[[], Awaitable[Any]]) -> None:
        joined = self.queued
        if joined is not None:
            try:
                await asyncio.shield(joined)
                return
            except asyncio.CancelledError:
                if not joined.cancelled():
                    raise  # this caller itself was cancelled
            await work()  # the queued run was abandoned before it started: run this one alone
            return
        if self.running is not None:
            queued = self.queued = asyncio.get_running_loop().create_future()
            try:
                with contextlib.suppress(Exception):  # its own caller sees that run's failure
                    await asyncio.shield(self.running)
            except BaseException:
                if self.queued is queued:
                    self.queued = None
                queued.cancel()
                raise
            self.queued = None
            await self._run(queued, work)
            return
        await self._run(asyncio.get_running_loop().create_future(), work)

    async def _run(self, done: asyncio.Future[None], work: Callable[[], Awaitable[Any]]) -> None:
        self.running = done
        try:
            await work()
        except BaseException as exc:
            done.set_exception(exc)
            done.exception()  # retrieved: joiners re-raise it, nobody else needs to
            raise
        else:
            done.set_result(None)
        finally:
            self.running = None


class PostgresDatabase:
    dialect = "postgres"

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self._sql = _PgStatements()
        self._flights: dict[tuple[str, tuple[Any, ...]], _SingleFlight] = {}

    @classmethod
    async def connect(cls, url: str, min_size: int = 2, max_size: int = 10) -> PostgresDatabase:
        import asyncpg

        # No reset on release: it costs a round trip per query, and telconf leaves no session
        # state behind (its only advisory lock is transaction-scoped).
        pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, reset=_keep_session)
        return cls(pool)

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self.pool.fetchrow(self._sql(sql), *args)
        return row

    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        rows: list[Row] = await self.pool.fetch(self._sql(sql), *args)
        return rows

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        async with self.pool.acquire() as conn:
            return await PostgresExecutor(conn, self._sql).execute(sql, args)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.pool.executemany(self._sql(sql), list(rows))

    async def executescript(self, script: str) -> None:
        await self.pool.execute(script)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresExecutor]:
        async with self.pool.acquire() as conn:
            executor = PostgresExecutor(conn, self._sql)
            async with conn.transaction():
                yield executor
            for sql, args in executor.deferred:
                await self._after(conn, sql, args)

    async def _after(self, conn: Any, sql: str, args: Sequence[Any]) -> None:
        """A post-commit statement, shared with concurrent identical ones (see _SingleFlight)."""
        key = (sql, tuple(args))
        flight = self._flights.get(key)
        if flight is None:
            if len(self._flights) > 10_000:
                self._flights = {k: f for k, f in self._flights.items() if f.running or f.queued}
            flight = self._flights[key] = _SingleFlight()
        statement = self._sql(sql)
        await flight.run(lambda: conn.execute(statement, *args))

    async def after_commit(self, sql: str, args: Sequence[Any] = ()) -> None:
        await self.execute(sql, args)  # outside a transaction: now

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A raw asyncpg connection, for bulk COPY during seed loading."""
        async with self.pool.acquire() as conn:
            yield conn

    async def close(self) -> None:
        await self.pool.close()


# PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back whole
# and may simply run again. (SQLite serialises writers and raises neither.)
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
RETRY_ATTEMPTS = 5


async def retrying(work: Callable[[], Awaitable[T]], attempts: int = RETRY_ATTEMPTS) -> T:
    """Run `work` (which opens its own transaction) again, after a short random pause, when
    PostgreSQL aborts it as a deadlock victim or for a serialization failure; anything else, or
    the last attempt's failure, propagates."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except Exception as exc:
            if attempt == attempts or getattr(exc, "sqlstate", None) not in RETRYABLE_SQLSTATES:
                raise
        await asyncio.sleep(random.uniform(0.001, 0.01 * 2**attempt))
    raise AssertionError("unreachable")


async def _keep_session(conn: Any) -> None:
    return None


async def open_database(url: str) -> SqliteDatabase | PostgresDatabase:
    """`postgresql://…` selects PostgreSQL; a path or `sqlite:///path` selects SQLite."""
    if url.startswith(("postgres://", "postgresql://")):
        return await PostgresDatabase.connect(url)
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return SqliteDatabase(path)
