"""A few seconds of bench/stress_locks.py on each engine: job creation, bulk updates and PATCHes of
the same numbers at once. No 5xx, no deadlock or failed runner step in the log, every job done.
(The minute-long run is `python -m bench.stress_locks`; its figures are in the report of issue 13.)"""

from __future__ import annotations

import asyncio

from bench.stress_locks import log_problems, run_stress, stress_seed

from ..support import Server


def test_jobs_bulk_updates_and_patches_together_never_deadlock(server: Server) -> None:
    seed, orgs = stress_seed(orgs=2, numbers=150)
    server.load(seed)
    log_before = len(server.log.read_text())
    result, unfinished = asyncio.run(run_stress(server.base_url, orgs, seconds=4, writers=4))
    assert result.server_errors == []
    assert sum(result.statuses.values()) > 100 and set(result.statuses) <= {200, 202, 422}
    assert unfinished == []
    assert log_problems(server.log.read_text()[log_before:]) == []
