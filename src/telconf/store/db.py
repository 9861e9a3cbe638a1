"""The two engines behind one small async interface.

SQL is written once with `?` placeholders; PostgreSQL statements are rewritten to `$n` once and
cached. Rows are the drivers' own sequences, the cheapest form both give; each store reads them
into its typed records (`phone_number_rows.PhoneNumberRow`, `documents.Document`, `jobs.Job`, ...),
so nothing outside the store reads a row by position.

SQLite runs on the event-loop thread: its indexed queries take microseconds, less than a hop to a
thread pool would cost. A transaction holds an asyncio lock and never awaits anything that
suspends, so nothing else on the loop sees it half done. The one kind of query that can take
longer, a list page or count (`read_one`/`read_all`), runs on a small pool of reader connections
in threads (WAL lets them read beside the writer), so it never holds up the loop's other requests.
Checkpoints run mostly on a thread of their own (`sqlite_checkpoint.py`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

from ..ids import jitter
from .coalesce import Coalescer, KeyedRead, TurnCoalescer
from .pg_lanes import Lanes
from .sqlite_checkpoint import Checkpointer
from .write_batches import BatchedWrite, WriteBatcher

Row = Sequence[Any]
T = TypeVar("T")


class Executor(Protocol):
    """What a query runs on: the database itself, or one open transaction."""

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None: ...
    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]: ...
    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int: ...
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...


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
        # The automatic checkpoint runs inside a COMMIT, on the event loop; the Checkpointer's
        # thread copies most frames back before it, leaving it the last few.
        self.conn.execute("PRAGMA wal_autocheckpoint=4000")
        self._lock = asyncio.Lock()
        on_disk = path not in ("", ":memory:")
        self._readers = _SqliteReaders(path) if on_disk else None
        self._turns = TurnCoalescer(self.conn)
        self._checkpointer = Checkpointer(path) if on_disk else None

    async def read_one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        """A query that may be slow (a list page or count), off the event loop."""
        if self._readers is None:
            return await self.fetchone(sql, args)
        rows = await self._readers.run(sql, args, one=True)
        return rows[0] if rows else None

    async def read_all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        if self._readers is None:
            return await self.fetchall(sql, args)
        return await self._readers.run(sql, args, one=False)

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self.conn.execute(sql, args).fetchone()
        return row

    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(sql, args).fetchall()

    async def fetch_by_key(self, read: KeyedRead, scope: Any, key: Any) -> Row | None:
        """The row of `key` in `scope`; the reads of one turn of the loop share one query
        (store/coalesce.py). Inside an open transaction it is read at once: a transaction never
        suspends."""
        if self.conn.in_transaction:
            row: Row | None = self.conn.execute(read.one, (scope, key)).fetchone()
            return row
        return await self._turns.fetch(read.many, scope, key, read.key_at)  # type: ignore[no-any-return]

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, args).rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def transaction(self) -> _SqliteTransaction:
        return _SqliteTransaction(self)

    async def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        if self._readers is not None:
            self._readers.close()
        self.conn.close()


class _SqliteTransaction:
    """BEGIN IMMEDIATE under the database's lock; COMMIT, or ROLLBACK when the block raises or the
    COMMIT fails. A class rather than a generator: every write enters one."""

    __slots__ = ("db",)

    def __init__(self, db: SqliteDatabase) -> None:
        self.db = db

    async def __aenter__(self) -> SqliteDatabase:
        await self.db._lock.acquire()
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.db._lock.release()
            raise
        return self.db

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        conn = self.db.conn
        try:
            if kind is None:
                conn.execute("COMMIT")
        finally:
            try:
                if conn.in_transaction:  # the block raised, or the COMMIT failed
                    conn.execute("ROLLBACK")
            finally:
                self.db._lock.release()


class _SqliteReaders:
    """Read-only connections, one per thread of a small pool."""

    SIZE = 2

    def __init__(self, path: str) -> None:
        self.path = path
        self._pool = ThreadPoolExecutor(max_workers=self.SIZE, thread_name_prefix="telconf-sqlite-read")
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
            self._all.append(conn)
        return conn

    def _run(self, sql: str, args: Sequence[Any], one: bool) -> list[Row]:
        cursor = self._connection().execute(sql, args)
        if one:
            row = cursor.fetchone()
            return [row] if row is not None else []
        return cursor.fetchall()

    async def run(self, sql: str, args: Sequence[Any], *, one: bool) -> list[Row]:
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._run, sql, args, one)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for conn in self._all:
            conn.close()


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


class PostgresDatabase:
    dialect = "postgres"

    def __init__(self, pool: Any, lanes: Lanes | None = None, read_lanes: Lanes | None = None) -> None:
        self.pool = pool
        self._sql = _PgStatements()
        self._lanes = lanes
        # Reads by key have lanes of their own: a GET never queues behind a PATCH's commit.
        self._read_lanes = read_lanes
        self._coalescer = Coalescer(read_lanes) if read_lanes is not None else None
        self._batcher = WriteBatcher(lanes, self._sql) if lanes is not None else None

    @classmethod
    async def connect(cls, url: str, min_size: int = 2, max_size: int = 10) -> PostgresDatabase:
        import asyncpg

        # No reset on release: it costs a round trip per query, and telconf leaves no session
        # state behind (its only advisory lock is transaction-scoped).
        pool = await asyncpg.create_pool(
            url, min_size=min_size, max_size=max_size + 2 * Lanes.SIZE, reset=_keep_session
        )
        # A read by key is by primary key, whatever the keys: planned once, not at each query.
        # (Left to choose, PostgreSQL plans it afresh each time a query carries few keys, because
        # its one plan for any array is costed for ten; that planning was 60-75 us of its CPU.)
        lanes, read_lanes = Lanes(pool), Lanes(pool, "SET plan_cache_mode = force_generic_plan")
        await lanes.open()
        await read_lanes.open()
        return cls(pool, lanes, read_lanes)

    async def fetchone(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        if self._lanes is not None:
            lane_row: Row | None = await self._lanes.fetchrow(self._sql(sql), args)
            return lane_row
        row: Row | None = await self.pool.fetchrow(self._sql(sql), *args)
        return row

    async def fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        rows: list[Row] = await self.pool.fetch(self._sql(sql), *args)
        return rows

    async def fetch_by_key(self, read: KeyedRead, scope: Any, key: Any) -> Row | None:
        """The row of `key` in `scope`; reads that arrive while a query waits for a lane join it
        (store/coalesce.py)."""
        if self._coalescer is None:
            return await self.fetchone(read.one, (scope, key))
        row: Row | None = await self._coalescer.fetch(self._sql(read.many), scope, key, read.key_at)
        return row

    async def write_batched(self, kind: BatchedWrite, group: Hashable, key: Any, item: Any) -> Row | None:
        """The row the one-row write `kind.one(item)` returns; writes of one `group` that wait for a
        lane together go as `kind.many(items)`, one statement (store/write_batches.py)."""
        if self._batcher is None:
            return await self.fetchone(*kind.one(item))
        row: Row | None = await self._batcher.write(kind, group, key, item)
        return row

    async def read_one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        return await self.fetchone(sql, args)

    async def read_all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        return await self.fetchall(sql, args)

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> int:
        async with self.pool.acquire() as conn:
            return await PostgresExecutor(conn, self._sql).execute(sql, args)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.pool.executemany(self._sql(sql), list(rows))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresExecutor]:
        async with self.pool.acquire() as conn:
            executor = PostgresExecutor(conn, self._sql)
            async with conn.transaction():
                yield executor

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A raw asyncpg connection, for bulk COPY during seed loading."""
        async with self.pool.acquire() as conn:
            yield conn

    async def close(self) -> None:
        if self._coalescer is not None:
            await self._coalescer.close()
        if self._batcher is not None:
            await self._batcher.close()
        for lanes in (self._lanes, self._read_lanes):
            if lanes is not None:
                await lanes.close()
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
        await asyncio.sleep(jitter(0.001, 0.01 * 2**attempt))
    raise AssertionError("unreachable")


async def _keep_session(conn: Any) -> None:
    return None


async def open_database(url: str) -> SqliteDatabase | PostgresDatabase:
    """`postgresql://…` selects PostgreSQL; a path or `sqlite:///path` selects SQLite."""
    if url.startswith(("postgres://", "postgresql://")):
        return await PostgresDatabase.connect(url)
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return SqliteDatabase(path)
