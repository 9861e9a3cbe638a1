"""HTTP routes of `client.phone_numbers.jobs`. The POSTs answer 202 with the pending job."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...http.auth import Authenticator
from ...http.body import convert, read_object
from ...http.responses import ok, page
from ...http.routing import resource
from .filters import parse_job_list, parse_update_selector
from .job_models import JOB_STATUSES, JOB_TYPES, DeleteBatch, EmergencyBatch, UpdateBatch
from .jobs import PhoneNumberJobs

ACCEPTED = 202


def routes(jobs: PhoneNumberJobs, auth: Authenticator) -> list[Route]:
    async def list_jobs(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        flt, ascending, pg = parse_job_list(request.query_params, JOB_TYPES, JOB_STATUSES)
        items, total = await jobs.list_jobs(who, flt, ascending, pg.offset, pg.size)
        return page(items, pg.number, pg.size, total)

    async def retrieve(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        return ok(await jobs.retrieve(who, request.path_params["id"]))

    async def delete_batch(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), DeleteBatch)
        return ok(await jobs.delete_batch(who, body), status=ACCEPTED)

    async def update_emergency_settings_batch(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        body = convert(await read_object(request), EmergencyBatch)
        return ok(await jobs.update_emergency_settings_batch(who, body), status=ACCEPTED)

    async def update_batch(request: Request) -> Response:
        who = await auth.principal(request.headers.get("authorization"))
        who.require_write()
        selection = parse_update_selector(request.query_params)
        body = convert(await read_object(request), UpdateBatch)
        return ok(await jobs.update_batch(who, body, selection), status=ACCEPTED)

    return [
        resource("/phone_numbers/jobs", GET=list_jobs),
        resource("/phone_numbers/jobs/delete_phone_numbers", POST=delete_batch),
        resource("/phone_numbers/jobs/update_emergency_settings", POST=update_emergency_settings_batch),
        resource("/phone_numbers/jobs/update_phone_numbers", POST=update_batch),
        resource("/phone_numbers/jobs/{id}", GET=retrieve),
    ]
