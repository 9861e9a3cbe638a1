"""SQLite's checkpoints, mostly off the event loop.

In WAL mode a commit appends pages to the `-wal` file; a checkpoint copies them back into the
database file and syncs both. SQLite runs it inside the COMMIT that crosses `wal_autocheckpoint`
pages, which on the event loop stalled every request in flight: at 1M numbers under a steady
stream of PATCHes, a checkpoint of 10,000 pages every fraction of a second held the loop for tens
of milliseconds (PATCH p99 about ten times its p50).

`Checkpointer` runs PASSIVE checkpoints on a thread of its own with its own connection, soon after
frames arrive, so the automatic checkpoint in a COMMIT finds nearly every frame already copied and
has only the last few (and the syncs) left to do. It cannot replace that automatic checkpoint: only
a writer starting a transaction after a complete checkpoint can start the `-wal` file over, so
without it the file would grow for as long as writes keep coming. A PASSIVE checkpoint never waits
for a lock and never blocks a writer or a reader.
"""

from __future__ import annotations

import sqlite3
import threading

# How soon after the last checkpoint that found work the next one runs; an idle database backs
# off to IDLE between checks.
BUSY = 0.03
IDLE = 1.0


class Checkpointer:
    def __init__(self, path: str) -> None:
        self.path = path
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="telconf-sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            wait, last = BUSY, (0, 0)
            while not self._stop.wait(wait):
                seen = self._checkpoint(conn)
                wait = BUSY if seen != last else min(wait * 2, IDLE)
                last = seen
        finally:
            conn.close()

    @staticmethod
    def _checkpoint(conn: sqlite3.Connection) -> tuple[int, int]:
        """One PASSIVE checkpoint: the frames in the `-wal` file and how many are copied back."""
        try:
            _busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            # The file is briefly unavailable (locked exclusively, say); the automatic checkpoint
            # still runs, so a later turn simply tries again.
            return (0, 0)
        return (int(frames), int(copied))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
