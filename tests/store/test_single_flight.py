"""The post-commit coalescing of identical statements (PostgreSQL's `data_version` bumps)."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from telconf.store.db import _SingleFlight


def test_a_burst_shares_runs_and_every_caller_is_covered_by_a_run_that_started_after_it() -> None:
    async def scenario() -> tuple[int, list[tuple[int, int]]]:
        flight = _SingleFlight()
        clock = itertools.count()
        starts: list[int] = []

        async def work() -> None:
            starts.append(next(clock))
            await asyncio.sleep(0.01)

        async def caller(delay: float) -> tuple[int, int]:
            await asyncio.sleep(delay)
            asked = next(clock)
            await flight.run(work)
            return asked, next(clock)

        spans = await asyncio.gather(*(caller(i * 0.001) for i in range(30)))
        covered = [(asked, done) for asked, done in spans if not any(asked < s < done for s in starts)]
        return len(starts), covered

    runs, uncovered = asyncio.run(scenario())
    assert uncovered == []
    assert runs <= 6  # thirty callers over ~30 ms of 10 ms runs: a handful of runs, not thirty


def test_a_failed_run_fails_its_joiners_and_the_next_run_is_fresh() -> None:
    async def scenario() -> list[str]:
        flight = _SingleFlight()
        attempts = 0

        async def work() -> None:
            nonlocal attempts
            attempts += 1
            await asyncio.sleep(0.01)
            if attempts == 2:
                raise RuntimeError("bump failed")

        first = asyncio.create_task(flight.run(work))
        await asyncio.sleep(0.001)
        joiners = [asyncio.create_task(flight.run(work)) for _ in range(3)]
        results = await asyncio.gather(first, *joiners, return_exceptions=True)
        await flight.run(work)  # a later caller runs again
        return [type(r).__name__ for r in results] + [str(attempts)]

    assert asyncio.run(scenario()) == ["NoneType", "RuntimeError", "RuntimeError", "RuntimeError", "3"]


def test_joiners_run_alone_when_the_queued_run_is_abandoned() -> None:
    async def scenario() -> int:
        flight = _SingleFlight()
        runs = 0

        async def work() -> None:
            nonlocal runs
            runs += 1
            await asyncio.sleep(0.02)

        first = asyncio.create_task(flight.run(work))
        await asyncio.sleep(0.001)
        queuer = asyncio.create_task(flight.run(work))
        await asyncio.sleep(0.001)
        joiner = asyncio.create_task(flight.run(work))
        await asyncio.sleep(0.001)
        queuer.cancel()
        await first
        await joiner
        with pytest.raises(asyncio.CancelledError):
            await queuer
        return runs

    assert asyncio.run(scenario()) == 2
