"""PostgreSQL's lanes: a few pooled connections kept aside for single statements, and reads of one
record each that share one query when they arrive together.

A round trip to PostgreSQL costs both processes a socket write, a read and a wake-up, more than
the statement itself. When many GETs by id arrive at once they queue for a lane anyway; while one
query waits for a lane, the reads that arrive behind it join it and go as one
`… WHERE org_id = $1 AND id = ANY($2)`. A read joins only a query not yet sent, so it sees every
write committed before it arrived, and only one of the same scope (organisation): no query
crosses tenants. Alone, a read is one query as before."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class Lanes:
    """Connections taken from a list and put back, without the pool's acquire and release (each
    several event-loop turns) around every query. An error the server reports leaves the
    connection as it was; one that breaks it, or a cancelled query, sends it back to the pool (which
    cleans it up) while a fresh one is acquired, retried until it is had; meanwhile queries go
    through the pool itself, so none waits on a lane that is gone."""

    SIZE = 4

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.idle: list[Any] = []
        self.held: list[Any] = []
        self.waiters: deque[asyncio.Future[Any]] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        for _ in range(self.SIZE):
            conn = await self.pool.acquire()
            self.held.append(conn)
            self.idle.append(conn)

    async def fetchrow(self, sql: str, args: Sequence[Any]) -> Any:
        return await self.run(lambda conn: conn.fetchrow(sql, *args))

    async def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """`work(connection)` on a lane (or, while one is being replaced, a pooled connection)."""
        while self.idle and _ended(self.idle[-1]):  # ended while idle (a restart, an operator)
            self._replace_soon(self.idle.pop())
        if self.idle:
            conn = self.idle.pop()
        elif len(self.held) < self.SIZE or (conn := await self._wait()) is None:
            async with self.pool.acquire() as pooled:  # a lane is being replaced
                return await work(pooled)
        try:
            result = await work(conn)
        except BaseException as exc:
            if getattr(exc, "sqlstate", None) is not None and not _ended(conn):
                self._give(conn)  # the server refused the statement; the connection is fine
            else:
                self._replace_soon(conn)
            raise
        self._give(conn)
        return result

    def _replace_soon(self, conn: Any) -> None:
        task = self._running_loop().create_task(self._replace(conn))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    async def _wait(self) -> Any:
        """A lane handed over by the query before, or None: go to the pool (a lane was lost)."""
        waiter: asyncio.Future[Any] = self._running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.result() is not None:
                self._give(waiter.result())  # handed over just as this caller was cancelled
            raise

    def _give(self, conn: Any) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        if conn is not None:
            self.idle.append(conn)

    async def _replace(self, conn: Any) -> None:
        if conn not in self.held:
            return
        self.held.remove(conn)
        with contextlib.suppress(Exception):
            await self.pool.release(conn)
        while self.waiters:  # whoever waits for a lane goes to the pool instead
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
        delay = 0.05
        while True:
            try:
                fresh = await self.pool.acquire()
                break
            except Exception:  # the server is away: try again, less often
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        self.held.append(fresh)
        self._give(fresh)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for conn in self.held:
            with contextlib.suppress(Exception):
                await self.pool.release(conn)
        self.held.clear()
        self.idle.clear()


class _Batch:
    """Reads waiting for one query: each key with the futures of the reads that asked for it."""

    __slots__ = ("waiting",)

    def __init__(self) -> None:
        self.waiting: dict[Any, list[asyncio.Future[Any]]] = {}


class Coalescer:
    """Reads of one row each by key, under one scope, that share a query while it waits for a
    lane. `sql` takes the scope's values, then the array of keys, and returns each row found with
    its key at position `key_at`."""

    LIMIT = 100  # keys in one query; the next read opens another

    def __init__(self, lanes: Lanes) -> None:
        self.lanes = lanes
        self._open: dict[tuple[str, tuple[Any, ...]], _Batch] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def fetch(self, sql: str, scope: tuple[Any, ...], key: Any, key_at: int) -> Any:
        loop = self.lanes._running_loop()
        group = (sql, scope)
        batch = self._open.get(group)
        if batch is None:
            batch = self._open[group] = _Batch()
            task = loop.create_task(self._run(group, batch, key_at))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        future: asyncio.Future[Any] = loop.create_future()
        batch.waiting.setdefault(key, []).append(future)
        if len(batch.waiting) >= self.LIMIT:
            self._close(group, batch)
        return await future

    def _close(self, group: tuple[str, tuple[Any, ...]], batch: _Batch) -> None:
        if self._open.get(group) is batch:
            del self._open[group]

    async def _run(self, group: tuple[str, tuple[Any, ...]], batch: _Batch, key_at: int) -> None:
        sql, scope = group

        def query(conn: Any) -> Awaitable[list[Any]]:
            self._close(group, batch)  # from here on, reads that arrive start the next query
            return conn.fetch(sql, *scope, list(batch.waiting))  # type: ignore[no-any-return]

        try:
            rows = await self.lanes.run(query)
        except BaseException as exc:
            self._close(group, batch)
            for futures in batch.waiting.values():
                for future in futures:
                    if future.done():
                        continue
                    if isinstance(exc, Exception):
                        future.set_exception(exc)
                    else:
                        future.cancel()
            if not isinstance(exc, Exception):
                raise
            return
        found = {row[key_at]: row for row in rows}
        for key, futures in batch.waiting.items():
            row = found.get(key)
            for future in futures:
                if not future.done():
                    future.set_result(row)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()


def _ended(conn: Any) -> bool:
    """Whether a lane's connection is gone (asyncpg detaches a connection it saw end)."""
    try:
        return bool(conn.is_closed())
    except Exception:
        return True
