"""create_app(settings) -> the ASGI app: routes under /v2, error rendering, store lifespan."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .clock import Clock
from .errors import ApiError, MethodNotAllowed, NotFound, Unexpected, render
from .http.auth import Authenticator
from .http.routing import RouteTable
from .ids import Ids
from .jobs.runner import JobRunner
from .resources.messaging_numbers_bulk_updates.routes import routes as bulk_update_routes
from .resources.messaging_numbers_bulk_updates.service import MessagingNumbersBulkUpdates
from .resources.messaging_profiles.routes import routes as messaging_profile_routes
from .resources.messaging_profiles.service import MessagingProfiles
from .resources.mobile_phone_numbers.routes import routes as mobile_phone_number_routes
from .resources.mobile_phone_numbers.service import MobilePhoneNumbers
from .resources.phone_numbers.job_handlers import phone_number_handlers
from .resources.phone_numbers.job_routes import routes as job_routes
from .resources.phone_numbers.jobs import PhoneNumberJobs
from .resources.phone_numbers.routes import routes as phone_number_routes
from .resources.phone_numbers.service import PhoneNumbers
from .resources.phone_numbers.settings import NumberSettings
from .resources.phone_numbers.settings_routes import routes as number_settings_routes
from .resources.short_codes.routes import routes as short_code_routes
from .resources.short_codes.service import ShortCodes
from .settings import Settings
from .store import Store

API_PREFIX = "/v2"
log = logging.getLogger("telconf")


def _error_response(error: ApiError) -> Response:
    return Response(render(error), status_code=error.status, headers=error.headers, media_type="application/json")


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _error_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    # Starlette raises these for unmatched routes; give them Telnyx's envelope.
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return _error_response(MethodNotAllowed((exc.headers or {}).get("Allow", "")))
    return _error_response(NotFound())


async def _unexpected(request: Request, exc: Exception) -> Response:
    request_id = uuid.uuid4().hex
    log.error("unhandled error, request id %s, %s %s", request_id, request.method, request.url.path, exc_info=exc)
    return _error_response(Unexpected(request_id))


def job_runner(store: Store, clock: Clock, ids: Ids) -> JobRunner:
    """The runner of every asynchronous operation, as `serve` and `telconf worker` run it."""
    return JobRunner(store.jobs, phone_number_handlers(store.phone_numbers, store.messaging_profiles), clock, ids)


def api_routes(store: Store, clock: Clock, ids: Ids, wake: Callable[[], None]) -> list[BaseRoute]:
    """Every slice's routes, prefixed with /v2. Literal segments (`/phone_numbers/slim`) are listed
    by each slice before its `{id}` routes, and slices are independent of each other's paths.
    `wake` tells this process's job runner that a job was created."""
    auth = Authenticator(store.orgs)
    slices: list[list[Route]] = [
        # Literal /phone_numbers/jobs, /voice and /messaging come before /phone_numbers/{id}.
        job_routes(PhoneNumberJobs(store.jobs, store.phone_numbers, clock, ids, wake), auth),
        number_settings_routes(NumberSettings(store.phone_numbers, store.messaging_profiles, clock), auth),
        phone_number_routes(PhoneNumbers(store.phone_numbers, clock), auth),
        messaging_profile_routes(
            MessagingProfiles(store.messaging_profiles, store.phone_numbers, store.short_codes, clock, ids), auth
        ),
        short_code_routes(ShortCodes(store.short_codes, store.messaging_profiles, clock), auth),
        mobile_phone_number_routes(MobilePhoneNumbers(store.mobile_phone_numbers, clock), auth),
        bulk_update_routes(
            MessagingNumbersBulkUpdates(store.jobs, store.phone_numbers, store.messaging_profiles, clock, ids, wake),
            auth,
        ),
    ]
    return [RouteTable([Route(API_PREFIX + r.path, r.endpoint, methods=r.methods) for rs in slices for r in rs])]


class Telconf(Starlette):
    store: Store


def create_app(settings: Settings, clock: Clock | None = None, ids: Ids | None = None) -> Telconf:
    clock = clock or Clock()
    ids = ids or Ids()

    async def health(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await Store.open(settings.database_url)
        runner = job_runner(store, clock, ids) if settings.run_jobs else None
        app.router.routes.extend(api_routes(store, clock, ids, runner.wake if runner else lambda: None))
        app.store = store  # type: ignore[attr-defined]
        task = asyncio.create_task(runner.run()) if runner else None
        try:
            yield
        finally:
            if runner and task:
                # On shutdown (SIGTERM included) the current chunk finishes and the job is released.
                runner.stop()
                await task
            await store.close()

    app = Telconf(
        routes=[Route("/health", health, methods=["GET"])],
        lifespan=lifespan,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected},
    )
    app.router.redirect_slashes = False
    return app


def app_from_env() -> Telconf:
    """Factory for uvicorn worker processes: settings come from TELCONF_* variables."""
    return create_app(Settings.from_env())
