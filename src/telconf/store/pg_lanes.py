"""PostgreSQL's lanes: a few pooled connections kept aside for single statements. A database has
two sets (store/db.py): one for lone statements (a PATCH that is one statement, a lone query), one
for reads by key (a GET by id; they share queries, see store/coalesce.py).

A set may give its connections a session setting (the reads by key plan once, see store/db.py);
such a connection never goes back to the pool's other users: replaced, it is closed."""

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

    def __init__(self, pool: Any, setting: str | None = None) -> None:
        self.pool = pool
        self.setting = setting  # a statement each connection runs as it becomes a lane
        self.idle: list[Any] = []
        self.held: list[Any] = []
        self.waiters: deque[asyncio.Future[Any]] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        for _ in range(self.SIZE):
            conn = await self._acquire()
            self.held.append(conn)
            self.idle.append(conn)

    async def _acquire(self) -> Any:
        conn = await self.pool.acquire()
        if self.setting is not None:
            try:
                await conn.execute(self.setting)
            except BaseException:
                await self._discard(conn)  # whether the setting took is unknown
                raise
        return conn

    async def _discard(self, conn: Any) -> None:
        """Back to the pool; closed first when it carries the setting, which must not reach the
        pool's other users. (asyncpg has already let go of a connection it saw end.)"""
        with contextlib.suppress(Exception):
            if self.setting is not None:
                conn.terminate()
            await self.pool.release(conn)

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
        task = self.running_loop().create_task(self._replace(conn))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    async def _wait(self) -> Any:
        """A lane handed over by the query before, or None: go to the pool (a lane was lost)."""
        waiter: asyncio.Future[Any] = self.running_loop().create_future()
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
        await self._discard(conn)
        while self.waiters:  # whoever waits for a lane goes to the pool instead
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
        delay = 0.05
        while True:
            try:
                fresh = await self._acquire()
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


def _ended(conn: Any) -> bool:
    """Whether a lane's connection is gone (asyncpg detaches a connection it saw end)."""
    try:
        return bool(conn.is_closed())
    except Exception:
        return True
