"""The background loops of every API worker (job runner, message pump, webhook dispatcher) look
for work twenty times a second. With nothing to do, a look is one read: on SQLite it must not take
the database's write lock, which another process (a second worker, `telconf seed`, a job chunk)
may hold for seconds; a loop that waited for it would stall every request of its worker, all of
them running on the same event loop. (PostgreSQL's row locks are never waited on by these looks.)"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from telconf.app import job_runner, message_pump, webhook_dispatcher
from telconf.clock import Clock
from telconf.ids import Ids
from telconf.settings import Settings
from telconf.store import Store


def test_idle_background_loops_look_for_work_without_waiting_for_another_process_writing(tmp_path: Path) -> None:
    path = str(tmp_path / "telconf.db")

    async def main() -> None:
        store = await Store.open(path)
        writer = sqlite3.connect(path, isolation_level=None)
        try:
            writer.execute("PRAGMA busy_timeout=0")
            writer.execute("BEGIN IMMEDIATE")  # another process's write transaction, under way
            runner = job_runner(store, Clock(), Ids())
            dispatcher = webhook_dispatcher(store, Clock(), Ids(), Settings())
            pump = message_pump(store, Clock(), Ids(), dispatcher.wake)
            # Before, the runner's expiry UPDATE and the pump's claim transaction each waited out
            # SQLite's busy timeout (10 s) here and then failed with "database is locked".
            assert await runner.run_once() is False
            assert await pump.run_once() == 0
            assert await dispatcher.step() is False
            writer.execute("ROLLBACK")
        finally:
            writer.close()
            await store.close()

    asyncio.run(main())
