"""SQLite's checkpoints run on a thread of their own: committed pages reach the database file
without a commit on the event loop copying them, and closing the database stops the thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from telconf.store.db import SqliteDatabase


def _file_holds_every_page(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    return bool(path.stat().st_size == pages)


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "telconf-sqlite-checkpoint"]


def test_committed_pages_reach_the_database_file_off_the_event_loop(tmp_path: Path) -> None:
    path = tmp_path / "telconf.db"

    async def run() -> None:
        db = SqliteDatabase(str(path))
        try:
            await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            for _ in range(20):  # about 400 pages: far fewer than the automatic checkpoint's
                async with db.transaction() as tx:
                    await tx.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 4000,)] * 20)
            wal = Path(f"{path}-wal")
            assert wal.stat().st_size > 400 * 4096  # the commits went to the -wal file
            deadline = time.monotonic() + 10  # noqa: TID251 (waits for a thread's work)
            while not _file_holds_every_page(path):
                assert time.monotonic() < deadline, "no checkpoint copied the committed pages back"  # noqa: TID251
                time.sleep(0.01)  # noqa: TID251 (polls the database file the checkpoint thread writes)
            assert await db.fetchone("SELECT count(*) FROM t") == (400,)
            assert len(_checkpoint_threads()) == 1
        finally:
            await db.close()
        assert _checkpoint_threads() == []

    asyncio.run(run())
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*), min(length(body)) FROM t").fetchone() == (400, 4000)
