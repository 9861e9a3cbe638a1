"""Delivers queued webhooks (store/webhooks.py): in `telconf serve` beside the job runner, and in
every `telconf worker`. Any number of dispatchers share one database through leases.

The loop claims due deliveries in batches (up to `concurrency` in flight), POSTs each one signed
with its organisation's key over kept-alive connections (post.py), and records finished attempts in
batches, one transaction each. An attempt succeeds on any 2xx within `timeout` seconds; anything
else (3xx, 4xx, 5xx, a timeout, a refused connection, a host the operator did not allow) fails it
and the delivery is due again after the next pause of `retry_seconds`, or at once at the next URL
after `ATTEMPTS_PER_URL` attempts, or is `failed` after the last URL. Pauses are measured on the
injected clock, so a test advances the server's clock instead of waiting. `wake()` (the send path,
after its commit) makes the loop look at once instead of at its next poll."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from nacl.signing import SigningKey

from ..clock import Clock, iso
from ..ids import Ids
from ..store.webhooks import ATTEMPTS_PER_URL, AttemptResult, Delivery, WebhookStore
from ..worker.waking import Waking
from .post import BadResponse, Poster
from .signing import envelope, sign, signing_key

log = logging.getLogger("telconf.webhooks")
TIMEOUT_SECONDS = 2.0  # Telnyx: a 2xx within 2 s is success
MAX_RECORDED = 10_240  # bytes of a response body (and of headers) kept with an attempt, as Telnyx's 10 kB
# Error codes of a failed attempt (`attempts[].errors`, integers as the SDK types them).
NON_2XX, TIMED_OUT, UNREACHABLE, HOST_NOT_ALLOWED, BAD_URL = 75001, 75002, 75003, 75004, 75005


def parse_retry_seconds(text: str) -> tuple[float, ...]:
    """`"5,30"`: the pauses before a URL's 2nd and 3rd attempts."""
    try:
        pauses = tuple(float(part) for part in text.split(","))
    except ValueError:
        pauses = ()
    if len(pauses) != ATTEMPTS_PER_URL - 1 or any(not 0 <= p <= 86_400 for p in pauses):
        raise ValueError(
            f"--webhook-retry-seconds {text!r}: give {ATTEMPTS_PER_URL - 1} comma-separated numbers of seconds "
            "from 0 to 86400, the pauses before a URL's 2nd and 3rd attempts (e.g. 5,30)"
        )
    return pauses


def host_allowed(url: str, allowed: Sequence[str]) -> bool:
    """No list: any host. Else the URL's host is one listed, or below a listed `*.domain`."""
    if not allowed:
        return True
    host = (urlsplit(url).hostname or "").lower()
    for entry in allowed:
        entry = entry.strip().lower()
        if host == entry or (entry.startswith("*.") and host.endswith(entry[1:])):
            return True
    return False


class WebhookDispatcher(Waking):
    def __init__(
        self,
        store: WebhookStore,
        clock: Clock,
        ids: Ids,
        *,
        retry_seconds: Sequence[float] = (5.0, 30.0),
        allowed_hosts: Sequence[str] = (),
        concurrency: int = 128,
        batch: int = 128,
        lease_seconds: float = 30.0,
        idle_seconds: float = 0.1,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids
        self.owner = f"webhooks-{ids.uuid()}"
        self.retry = [timedelta(seconds=s) for s in retry_seconds]
        self.allowed_hosts = tuple(allowed_hosts)
        self.concurrency = concurrency
        self.batch = batch
        self.lease = timedelta(seconds=lease_seconds)
        self.idle_seconds = idle_seconds
        self.timeout = timeout
        super().__init__()
        self._inflight: dict[str, asyncio.Task[None]] = {}
        self._done: list[AttemptResult] = []
        self._keys: dict[str, SigningKey] = {}
        self.client: Poster | None = None

    def http_client(self) -> Poster:
        """The client of every delivery, keeping connections alive (`run` opens it; so do tests
        that step the dispatcher by hand)."""
        return Poster()

    async def run(self) -> None:
        async with self.http_client() as self.client:
            while not self.stopping.is_set():
                try:
                    busy = await self.step()
                except Exception:
                    log.exception("webhook dispatcher step failed; retrying")
                    busy = False
                if not busy:
                    await self.idle(self.idle_seconds)
            # Attempts under way finish and are recorded; nothing claimed is left leased.
            if self._inflight:
                await asyncio.gather(*self._inflight.values(), return_exceptions=True)
            await self._flush()

    async def step(self) -> bool:
        """Record finished attempts, claim what there is room for and start it. False when there
        was nothing to do (the loop then waits for a wake, a finished attempt, or the poll)."""
        self.clear()
        if self._done:
            await self._flush()
            return True
        room = self.concurrency - len(self._inflight)
        if room <= 0:
            return False
        now = self.clock.now()
        if not await self.store.due(iso(now)):
            return False
        claimed = await self.store.claim(self.owner, iso(now), iso(now + self.lease), min(room, self.batch))
        if any(not d.private_key for d in claimed):
            await self._give_keys(claimed)
        for delivery in claimed:
            if delivery.id not in self._inflight:  # re-claimed while in flight (its lease lapsed): leave it
                self._inflight[delivery.id] = asyncio.create_task(self._deliver(delivery))
        return bool(claimed)

    async def _give_keys(self, claimed: list[Delivery]) -> None:
        """An organisation made before signing keys existed gets one now."""
        await self.store.ensure_keys(self.ids.key_seed, self.clock.now_iso())
        for delivery in claimed:
            delivery.private_key = delivery.private_key or await self.store.private_key(delivery.org_id) or ""

    async def _flush(self) -> None:
        done, self._done = self._done, []
        if done:
            try:
                await self.store.record(self.owner, done)
            except Exception:
                self._done[:0] = done  # recorded at the next step (the lease keeps them meanwhile)
                raise

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            result = await self.attempt(delivery)
            # Looked up after the attempt: a flush meanwhile replaced the list.
            self._done.append(result)
        except Exception:
            log.exception("webhook delivery %s: attempt failed; it is retried after its lease", delivery.id)
        finally:
            self._inflight.pop(delivery.id, None)
            self.wake()

    async def attempt(self, delivery: Delivery) -> AttemptResult:
        """POST one attempt of a claimed delivery, signed afresh; the result to record."""
        number = delivery.attempt_count + 1
        url = delivery.urls[min(delivery.attempt_count // ATTEMPTS_PER_URL, len(delivery.urls) - 1)]
        body = envelope(delivery, number, url)
        headers = sign(self._key(delivery.private_key), body, self.clock.wall())
        started = iso(self.clock.now())
        response: dict[str, Any] | None = None
        errors: list[int] = []
        if not url.lower().startswith(("http://", "https://")) or not urlsplit(url).hostname:
            errors.append(BAD_URL)
        elif not host_allowed(url, self.allowed_hosts):
            errors.append(HOST_NOT_ALLOWED)
        else:
            response, errors = await self._post(url, body, headers)
        finished = self.clock.now()
        delivered = not errors
        attempt = {
            "status": "delivered" if delivered else "failed",
            "started_at": started,
            "finished_at": iso(finished),
            "errors": errors,
            "http": {"request": {"url": url, "headers": [[k, v] for k, v in headers.items()]}, "response": response},
        }
        return AttemptResult(delivery, attempt, delivered, started, iso(finished), self._next(delivery, delivered))

    async def _post(self, url: str, body: str, headers: dict[str, str]) -> tuple[dict[str, Any] | None, list[int]]:
        assert self.client is not None, "run() (or a test) opens the client"
        try:
            async with asyncio.timeout(self.timeout):
                reply = await self.client.post(url, body.encode(), headers)
        except TimeoutError:
            return None, [TIMED_OUT]
        except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, BadResponse, ValueError):
            return None, [UNREACHABLE]
        response = {
            "status": reply.status,
            "headers": _bounded_headers(reply.headers),
            "body": reply.body[:MAX_RECORDED].decode("utf-8", "replace"),
        }
        return response, [] if 200 <= reply.status < 300 else [NON_2XX]

    def _next(self, delivery: Delivery, delivered: bool) -> str | None:
        """When the next attempt is due: None once delivered or every URL has had its attempts."""
        made = delivery.attempt_count + 1
        if delivered or made >= ATTEMPTS_PER_URL * len(delivery.urls):
            return None
        within = made % ATTEMPTS_PER_URL  # attempts made at this URL; 0: it had them all
        pause = self.retry[within - 1] if within else timedelta(0)
        return iso(self.clock.now() + pause)

    def _key(self, private_key: str) -> SigningKey:
        key = self._keys.get(private_key)
        if key is None:
            key = self._keys[private_key] = signing_key(private_key)
        return key


def _bounded_headers(items: Sequence[tuple[str, str]]) -> list[list[str]]:
    kept: list[list[str]] = []
    size = 0
    for name, value in items:
        size += len(name) + len(value)
        if size > MAX_RECORDED:
            break
        kept.append([name, value])
    return kept
