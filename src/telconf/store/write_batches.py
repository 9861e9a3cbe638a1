"""PostgreSQL's one-row writes that wait for a lane together go as one statement.

A PATCH that is one statement costs PostgreSQL more around the row than on it: the statement's
bind, its executor set up and torn down, each trigger's WHEN clause read back from the catalogue,
a commit and its WAL flush, and on telconf's side a round trip with both processes woken. So when
every write lane is busy, writes of the same shape (the same columns of one organisation's rows)
that arrive meanwhile wait together, and the first lane to come free sends them as one statement
(one row each, its own values and its own `updated_at`): about half of PostgreSQL's time a row,
and a fifth of telconf's time in the driver.

- A write that finds a lane free goes at once, alone, as before.
- A batch holds a row once: a second write of the same row opens the next batch.
- Rows go in key order, so batches that share rows lock them in one order.
- A batch the server refuses (or aborts as a deadlock victim) is sent again one write at a time,
  so each caller gets its own answer or its own error, exactly as if it had gone alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, NamedTuple

from .coalesce import fail_all
from .pg_lanes import Lanes

Statement = tuple[str, Sequence[Any]]


class BatchedWrite(NamedTuple):
    """How writes of one kind go: `one(item)` alone, `many(items)` (in key order) together; both
    return each changed row with its key at `key_at`. SQL with `?` placeholders."""

    one: Callable[[Any], Statement]
    many: Callable[[list[Any]], Statement]
    key_at: int


class _Alone(Exception):
    """The batch failed as a whole; the write goes again by itself."""


class _Batch:
    __slots__ = ("kind", "writes")

    def __init__(self, kind: BatchedWrite) -> None:
        self.kind = kind
        # key -> (the write's item, the future of its row)
        self.writes: dict[Any, tuple[Any, asyncio.Future[Any]]] = {}

    def statement(self) -> Statement:
        if len(self.writes) == 1:
            ((item, _),) = self.writes.values()
            return self.kind.one(item)
        return self.kind.many([self.writes[key][0] for key in sorted(self.writes)])

    def answer(self, rows: list[Any]) -> None:
        found = {row[self.kind.key_at]: row for row in rows}
        for key, (_, future) in self.writes.items():
            if not future.done():
                future.set_result(found.get(key))

    def fail(self, exc: BaseException) -> None:
        fail_all((future for _, future in self.writes.values()), exc)


class WriteBatcher:
    """Writes of one row each, by key, grouped by shape; see the module's docstring. `rewrite`
    turns a statement's `?` placeholders into the driver's."""

    LIMIT = 64  # rows in one statement; the next write opens another batch

    def __init__(self, lanes: Lanes, rewrite: Callable[[str], str]) -> None:
        self.lanes = lanes
        self.rewrite = rewrite
        self._open: dict[Hashable, _Batch] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def write(self, kind: BatchedWrite, group: Hashable, key: Any, item: Any) -> Any:
        """The row `kind.one(item)` returns (None when it matched none); while every lane is busy,
        items of one `group` wait together and go as `kind.many(items)`."""
        if self.lanes.idle and group not in self._open:
            return await self._alone(kind.one(item))
        batch = self._open.get(group)
        if batch is None or key in batch.writes:
            batch = self._open[group] = _Batch(kind)
            task = self.lanes.running_loop().create_task(self._run(group, batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        future: asyncio.Future[Any] = self.lanes.running_loop().create_future()
        batch.writes[key] = (item, future)
        if len(batch.writes) >= self.LIMIT:
            self._close(group, batch)
        try:
            return await future
        except _Alone:
            return await self._alone(kind.one(item))

    async def _alone(self, statement: Statement) -> Any:
        sql, args = statement
        return await self.lanes.fetchrow(self.rewrite(sql), args)

    def _close(self, group: Hashable, batch: _Batch) -> None:
        if self._open.get(group) is batch:
            del self._open[group]

    async def _run(self, group: Hashable, batch: _Batch) -> None:
        def send(conn: Any) -> Awaitable[list[Any]]:
            self._close(group, batch)  # from here on, writes that arrive open the next batch
            sql, args = batch.statement()
            return conn.fetch(self.rewrite(sql), *args)  # type: ignore[no-any-return]

        try:
            rows = await self.lanes.run(send)
        except Exception as exc:
            self._close(group, batch)
            batch.fail(_Alone() if len(batch.writes) > 1 else exc)
            return
        except BaseException as exc:
            self._close(group, batch)
            batch.fail(exc)
            raise
        batch.answer(rows)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
