"""What every background loop (the job runner, the message pump, the webhook dispatcher) does
between its steps: wait for a wake-up call (work was queued in this process) or its poll interval,
whichever comes first, until it is told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("telconf.background")


class Waking:
    def __init__(self) -> None:
        self.stopping = asyncio.Event()
        self._woken = asyncio.Event()

    def wake(self) -> None:
        """Work was queued in this process: look now rather than at the next poll."""
        self._woken.set()

    def stop(self) -> None:
        self.stopping.set()
        self._woken.set()

    def clear(self) -> None:
        """Forget earlier calls: what is queued from now on wakes the next `idle`."""
        self._woken.clear()

    async def idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._woken.wait(), seconds)

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
