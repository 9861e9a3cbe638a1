"""What every background loop (the job runner, the message pump, the webhook dispatcher) does
between its steps: wait for a wake-up call (work was queued in this process) or its poll interval,
whichever comes first, until it is told to stop."""

from __future__ import annotations

import asyncio
import contextlib


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
