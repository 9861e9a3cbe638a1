"""What every background loop (the job runner, the message pump, the webhook dispatcher) does
between its steps: wait for a wake-up call (work was queued in this process) or its poll interval,
whichever comes first, until it is told to stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("telconf.background")


class Waking:
    def __init__(self) -> None:
        self.stopping = asyncio.Event()
        self._woken = False
        self._waiter: asyncio.Future[None] | None = None

    def wake(self) -> None:
        """Work was queued in this process: look now rather than at the next poll."""
        self._woken = True
        if self._waiter is not None:
            _wake_up(self._waiter)

    def stop(self) -> None:
        self.stopping.set()
        self.wake()

    def clear(self) -> None:
        """Forget earlier calls: what is queued from now on wakes the next `idle`."""
        self._woken = False

    async def idle(self, seconds: float) -> None:
        """Until woken or `seconds` have passed: one future and one timer (the loops idle twenty
        times a second; `asyncio.wait_for` would make and cancel a task each time)."""
        if self._woken:
            return
        waiter = self._waiter = asyncio.get_running_loop().create_future()
        timer = waiter.get_loop().call_later(seconds, _wake_up, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None

    async def loop(
        self, step: Callable[[], Awaitable[bool]], idle_seconds: float, what: str,
        on_idle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:  # fmt: skip
        """Run `step` until stopped; after a step that found nothing more to do (False), or
        failed (logged, then tried again), wait for a wake-up call or `idle_seconds`."""
        while not self.stopping.is_set():
            try:
                busy = await step()
            except Exception:
                log.exception("%s failed; retrying", what)
                busy = False
            if not busy:
                if on_idle is not None:
                    await on_idle()
                self.clear()
                await self.idle(idle_seconds)


def _wake_up(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
