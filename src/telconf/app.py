"""create_app(settings) -> the ASGI app. One lean pipeline instead of a framework's middleware
stack: per request, the journal (admin only), fault rules, the rate limiter, then the route table;
errors are rendered here, in one place. Services are built once the store is open (lifespan)."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from . import api
from .admin.faults import DropConnection, FaultRules, parse_rules
from .admin.job_control import JobControl
from .admin.journal import RequestJournal
from .admin.messaging import MessagingControl
from .admin.routes import AdminGuard
from .admin.routes import routes as admin_routes
from .admin.service import AdminService
from .admin.shared import SharedAdminState
from .api import openapi_bytes
from .clock import Clock, ControllableClock
from .console import console_routes, is_console_path
from .errors import ApiError, NotFound, Unexpected, render
from .http import rate_limit
from .http.auth import Authenticator
from .http.routing import RouteTable, resource
from .ids import Ids
from .resources.messages.inbound import Inbound
from .resources.messages.prices import load_prices
from .resources.messages.service import Messages
from .settings import Settings
from .store import Store
from .store.admin_state import AdminStateStore
from .webhooks.dispatcher import WebhookDispatcher, parse_retry_seconds
from .worker.messages import MessagePump
from .worker.policy import JobPolicy
from .worker.runner import JobRunner

API_PREFIX = "/v2"
ADMIN_PREFIX = "/_telconf/"
log = logging.getLogger("telconf")
HEALTHY = b'{"status":"ok"}'


def error_response(error: ApiError) -> Response:
    return Response(render(error), status_code=error.status, headers=error.headers, media_type="application/json")


def job_runner(store: Store, clock: Clock, ids: Ids) -> JobRunner:
    """The runner of every asynchronous operation, as `serve` and `telconf worker` run it."""
    return JobRunner(
        store.jobs,
        api.job_handlers(store),
        clock,
        ids,
        housekeeping=store.phone_numbers.lists.fold_crowded,
    )


def webhook_dispatcher(store: Store, clock: Clock, ids: Ids, settings: Settings) -> WebhookDispatcher:
    """The deliverer of queued webhooks, as `serve` and `telconf worker` run it."""
    return WebhookDispatcher(
        store.webhooks,
        clock,
        ids,
        retry_seconds=parse_retry_seconds(settings.webhook_retry_seconds),
        allowed_hosts=settings.webhook_allowed_hosts,
    )


def message_pump(store: Store, clock: Clock, ids: Ids, notify: Callable[[], None]) -> MessagePump:
    """The messages' lifecycle, as `serve` and `telconf worker` run it; `notify` wakes the webhook
    dispatcher of the same process when a step queued an event."""
    return MessagePump(store.messages, store.webhooks, clock, ids, notify=notify)


def api_routes(
    store: Store,
    auth: Authenticator,
    clock: Clock,
    ids: Ids,
    wake: Callable[[], None],
    policy: JobPolicy | None = None,
    wake_messages: Callable[[], None] = lambda: None,
) -> list[Route]:
    """Every declared operation's route, relative to /v2 (see api.py)."""
    built = api.services(store, clock, ids, wake, policy or JobPolicy(), wake_messages)
    return api.routes(api.OPERATIONS, built, auth)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class Telconf:
    """The ASGI application. Everything that needs the store is built in `startup`."""

    def __init__(self, settings: Settings, clock: ControllableClock, ids: Ids, owns_process: bool = False) -> None:
        self.settings = settings
        # A process of its own (`serve` and its workers), not an app inside someone's test run.
        self.owns_process = owns_process
        self.clock = clock
        self.ids = ids
        self.routes = RouteTable()
        self.job_policy = JobPolicy.parse(settings.job_policy)  # the admin API changes it in place
        self._store: Store | None = None
        self.auth: Authenticator | None = None
        self.runner: JobRunner | None = None
        self._runner_task: asyncio.Task[None] | None = None
        self.pump: MessagePump | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self.webhooks: WebhookDispatcher | None = None  # delivers queued webhooks (with the runner)
        self._webhooks_task: asyncio.Task[None] | None = None
        # Optional stages of the pipeline; each costs nothing when it is None.
        self.faults: FaultRules | None = None
        self.journal: RequestJournal | None = None
        self.limiter: rate_limit.RateLimiter | None = None  # built in startup from the settings
        self.shared: SharedAdminState | None = None  # admin state shared with other processes
        self.admin_guard: AdminGuard | None = None  # guards all of /_telconf when the admin API is on
        self.admin: AdminService | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self.journal is None:
                await self.handle(scope, receive, send)
            else:
                await self.handle_journaled(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self.lifespan(receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if self.shared is not None:
                await self.shared.sync()  # the clock, faults and job policy another process set
            if self.faults is not None and self.faults.rules and scope["path"].startswith(API_PREFIX):
                fault = await self.fault_response(scope)
                if fault is not None:
                    await fault(scope, receive, send)
                    return
            if self.limiter is not None and scope["path"].startswith(API_PREFIX):  # rate limiter
                await self.limiter.check(scope["method"], scope["path"], _header(scope, b"authorization"))
            admin_path = scope["path"].startswith(ADMIN_PREFIX)
            if self.admin_guard is not None and admin_path and not is_console_path(scope["path"]):  # console: own auth
                self.admin_guard.check(_header(scope, b"authorization") or "")
            found = self.routes.find(scope["path"])
            if found is None:
                raise NotFound(_unserved(scope["path"], admin=self.admin_guard is not None))
            handler, scope["path_params"] = found
            response = await handler(Request(scope, receive))
        except ApiError as error:
            response = error_response(error)
        except DropConnection:
            scope["telconf.dropped"] = True
            await _drop(scope, send)
            return
        except Exception as exc:
            request_id = self.ids.request_id()
            log.error("unhandled error, request id %s, %s %s", request_id, scope["method"], scope["path"], exc_info=exc)
            response = error_response(Unexpected(request_id))
        await response(scope, receive, send)

    async def fault_response(self, scope: Scope) -> Response | None:
        assert self.faults is not None
        organizations: tuple[str, ...] = ()
        if any(rule.organization for rule in self.faults.rules) and self.auth is not None:
            try:
                who = await self.auth.principal(_header(scope, b"authorization"))
                organizations = (who.org_name, who.org_uuid)
            except ApiError:
                pass
        path = scope["path"][len(API_PREFIX) :]
        rule = await self.faults.pick_counted(scope["method"], path, organizations)
        if rule is None:
            return None
        await self.faults.delay(rule)
        return self.faults.response(rule)

    async def handle_journaled(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.journal is not None and self.auth is not None
        started = time.perf_counter()
        status = 0
        scope["telconf.send"] = send  # the server's own, for dropping the connection

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.handle(scope, receive, watch)
        finally:
            if scope["path"].startswith(API_PREFIX):
                who = self.auth.remembered(_header(scope, b"authorization"))
                self.journal.add(
                    scope["method"],
                    scope["path"],
                    scope["query_string"],
                    0 if scope.get("telconf.dropped") else status,
                    who.org_name if who else None,
                    started,
                )

    async def lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        try:
            await self.startup()
        except BaseException as exc:
            log.exception("telconf failed to start")
            await send({"type": "lifespan.startup.failed", "message": str(exc)})
            raise
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await self.shutdown()
        await send({"type": "lifespan.shutdown.complete"})

    async def startup(self) -> None:
        store = self._store = await Store.open(self.settings.database_url)
        for line in await store.advice():
            log.warning(line)
        self.auth = Authenticator(store.orgs, self.clock)
        self.limiter = await rate_limit.RateLimiter.from_settings(self.settings, store.db, self.clock)
        if self.limiter is not None:
            self.limiter.authenticates = self.auth.authenticates
        await store.webhooks.ensure_keys(self.ids.key_seed, self.clock.now_iso())  # organisations made before keys
        if self.settings.run_jobs:
            # The background: jobs, the messages' lifecycle, and the webhooks both queue.
            self.runner = job_runner(store, self.clock, self.ids)
            self.webhooks = webhook_dispatcher(store, self.clock, self.ids, self.settings)
            self.pump = message_pump(store, self.clock, self.ids, self.webhooks.wake)
        wake = self.runner.wake if self.runner else _nothing
        wake_messages = self.pump.wake if self.pump else _nothing
        self.routes.add_routes([resource("/health", GET=_health), resource("/openapi.json", GET=_openapi)])
        # One instance of each service, shared by the API's routes and the console's pages.
        prices = load_prices(self.settings.message_prices)
        services = api.services(store, self.clock, self.ids, wake, self.job_policy, wake_messages, prices)
        self.routes.add_routes(api.routes(api.OPERATIONS, services, self.auth), API_PREFIX)
        if self.settings.faults_file:
            with open(self.settings.faults_file, encoding="utf-8") as f:
                rules = parse_rules(json.load(f))
            bad = [f"rules[{i}]{pointer}: {detail}" for i, r in enumerate(rules) for pointer, detail in r.problems()]
            if bad:
                raise ValueError(f"{self.settings.faults_file}: " + "; ".join(bad))
            self.faults = FaultRules(self.ids)
            self.faults.add(rules)
        if self.settings.admin_token:
            await self.start_admin(store, self.settings.admin_token)
        if self.settings.console or self.settings.admin_token:
            wake_webhooks = self.webhooks.wake if self.webhooks else _nothing
            console = console_routes(store, services, self.ids, self.admin, self.settings.admin_token, wake_webhooks)
            self.routes.add_routes(console)
        if self.runner:
            self._runner_task = asyncio.create_task(self.runner.run())
        if self.pump:
            self._pump_task = asyncio.create_task(self.pump.run())
        if self.webhooks:
            self._webhooks_task = asyncio.create_task(self.webhooks.run())
        if self.owns_process:
            # What start-up built (modules, routes, models: most of the heap) lives as long as the
            # process; out of the collector's sight, a full collection scans only what requests
            # left: 3 ms instead of 33, which every request in flight used to wait out.
            gc.collect()
            gc.freeze()

    async def start_admin(self, store: Store, token: str) -> None:
        assert self.auth is not None
        self.faults = self.faults or FaultRules(self.ids)
        self.journal = RequestJournal(self.clock)
        # With --no-worker there is no background runner; job control still needs one to step jobs.
        runner = self.runner or job_runner(store, self.clock, self.ids)
        jobs = JobControl(runner, self.job_policy, JobPolicy.parse(self.settings.job_policy))
        # Worker processes of one `serve` share its pid as their parent's; a lone server is its own.
        run = str(os.getppid() if self.settings.workers > 1 else os.getpid())
        self.shared = SharedAdminState(AdminStateStore(store.db), self.clock, self.job_policy, self.faults, run)
        await self.shared.start()
        messaging = self.messaging_control(store)
        admin = AdminService(
            store, self.clock, self.ids, self.auth, self.faults, self.journal, jobs, self.shared, messaging
        )
        await admin.start()
        self.routes.add_routes(admin_routes(admin))
        self.admin = admin
        self.admin_guard = AdminGuard(token)

    def messaging_control(self, store: Store) -> MessagingControl:
        # With --no-worker there is no pump running; advancing a message still needs one.
        notify = self.webhooks.wake if self.webhooks else _nothing
        pump = self.pump or message_pump(store, self.clock, self.ids, notify)
        prices = load_prices(self.settings.message_prices)
        messages = Messages(store.messages, store.webhooks, self.clock, self.ids, self.job_policy, pump.wake, prices)
        inbound = Inbound(
            store.messages, store.webhooks, self.clock, self.ids, messages, store.autoresp_configs, notify
        )
        return MessagingControl(store.messages, inbound, pump, self.clock)

    async def shutdown(self) -> None:
        if self.runner and self._runner_task:
            # On shutdown (SIGTERM included) the current chunk finishes and the job is released.
            self.runner.stop()
            await self._runner_task
        if self.pump and self._pump_task:
            self.pump.stop()
            await self._pump_task
        if self.webhooks and self._webhooks_task:
            self.webhooks.stop()
            await self._webhooks_task
        if self.limiter is not None:
            await self.limiter.close()
        if self._store:
            await self._store.close()


async def _drop(scope: Scope, send: Send) -> None:
    """Lose the connection: close the socket with no answer at all when the server's transport is
    reachable (uvicorn's `send` is a method of the request cycle that holds it), so both SDKs see
    a connection error before any response; elsewhere (in-process), a response cut short."""
    original = scope.get("telconf.send", send)
    transport = getattr(getattr(original, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "close"):
        transport.close()
        await asyncio.sleep(0)  # the server notes the disconnect before the app returns
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})


def _unserved(path: str, admin: bool) -> str:
    """Why no route matched, so that a wrong URL is not taken for a missing record."""
    path = path if len(path) <= 200 else path[:200] + "…"
    if path.startswith(ADMIN_PREFIX) and not admin:
        return f"telconf serves no {path}: the admin API is served only when TELCONF_ADMIN_TOKEN is set."
    if path != API_PREFIX and not path.startswith((API_PREFIX + "/", ADMIN_PREFIX)):
        return f"telconf serves no {path}: its API is under /v2, so the base URL must end in /v2."
    return f"telconf serves no {path} (its calls are listed at /openapi.json)."


def _nothing() -> None:
    return None


async def _health(request: Request) -> Response:
    return Response(HEALTHY, media_type="application/json")


async def _openapi(request: Request) -> Response:
    # Built from telconf's own models on first use, then served from memory.
    return Response(openapi_bytes(), media_type="application/json")


def create_app(
    settings: Settings, clock: ControllableClock | None = None, ids: Ids | None = None, *, owns_process: bool = False
) -> Telconf:
    return Telconf(settings, clock or ControllableClock(), ids or Ids(), owns_process)


def app_from_env() -> Telconf:
    """Factory for uvicorn worker processes: settings come from TELCONF_* variables."""
    return create_app(Settings.from_env(), owns_process=True)
