"""HTTP routes of the admin API under /_telconf/, for the admin token only (never an API key):
the app checks the token once for the whole prefix (`AdminGuard`), before any route is found."""

from __future__ import annotations

import hmac
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import Invalid, Unauthorized
from ..formats import ascii_digits
from ..http.body import convert, read_object
from ..http.responses import ok
from ..http.routing import resource
from .faults import FaultRule, parse_rules
from .models import ClockAdvance, ClockFreeze, ClockSet, JobAdvance, JobPolicyChange, SnapshotCreate
from .service import AdminService

PREFIX = "/_telconf"
MAX_SEED_BYTES = 64 * 1_048_576
MAX_JOURNAL_PAGE = 1000


class AdminGuard:
    def __init__(self, token: str) -> None:
        self._token = token.encode()

    def check(self, header: str) -> None:
        given = header[7:].strip().encode() if header[:7].lower() == "bearer " else b""
        if not hmac.compare_digest(given, self._token):
            raise Unauthorized()


def routes(service: AdminService) -> list[Route]:
    async def reset(request: Request) -> Response:
        return ok(await service.reset())

    async def list_snapshots(request: Request) -> Response:
        return ok(await service.list_snapshots())

    async def save_snapshot(request: Request) -> Response:
        body = convert(await read_object(request), SnapshotCreate)
        return ok(await service.save_snapshot(body.name), status=201)

    async def restore_snapshot(request: Request) -> Response:
        return ok(await service.restore_snapshot(request.path_params["name"]))

    async def delete_snapshot(request: Request) -> Response:
        await service.delete_snapshot(request.path_params["name"])
        return ok({"deleted": request.path_params["name"]})

    async def seed(request: Request) -> Response:
        body = await read_object(request, limit=MAX_SEED_BYTES)
        baseline = request.query_params.get("baseline", "false").lower() == "true"
        return ok(await service.seed(msgspec.json.encode(body).decode(), baseline), status=201)

    async def clock(request: Request) -> Response:
        return ok(service.clock_state())

    async def freeze(request: Request) -> Response:
        return ok(await service.freeze(convert(await read_object(request), ClockFreeze).at))

    async def unfreeze(request: Request) -> Response:
        return ok(await service.unfreeze())

    async def set_clock(request: Request) -> Response:
        return ok(await service.set_clock(convert(await read_object(request), ClockSet).at))

    async def advance_clock(request: Request) -> Response:
        return ok(await service.advance_clock(convert(await read_object(request), ClockAdvance).seconds))

    async def real_clock(request: Request) -> Response:
        return ok(await service.real_clock())

    async def list_faults(request: Request) -> Response:
        return ok(service.faults.rules)

    async def add_faults(request: Request) -> Response:
        return ok(service.add_faults(_rules(await read_object(request))), status=201)

    async def clear_faults(request: Request) -> Response:
        service.faults.clear()
        return ok([])

    async def delete_fault(request: Request) -> Response:
        rule_id = request.path_params["id"]
        if not ascii_digits(rule_id) or len(rule_id) > 18:
            raise Invalid.field("A fault rule id is a number.", parameter="id")
        service.remove_fault(int(rule_id))
        return ok({"deleted": int(rule_id)})

    async def recent_requests(request: Request) -> Response:
        raw = request.query_params.get("limit", "100")
        if not ascii_digits(raw) or len(raw) > 4 or not 1 <= int(raw) <= MAX_JOURNAL_PAGE:
            raise Invalid.field(f"limit must be an integer from 1 to {MAX_JOURNAL_PAGE}.", parameter="limit")
        return ok(service.recent_requests(int(raw)))

    async def clear_requests(request: Request) -> Response:
        service.journal.clear()
        return ok([])

    async def job_policy(request: Request) -> Response:
        return ok(service.jobs.describe_policy())

    async def set_job_policy(request: Request) -> Response:
        body = convert(await read_object(request), JobPolicyChange)
        return ok(service.jobs.set_policy(body.policy, body.seconds))

    async def hold_job(request: Request) -> Response:
        return ok(await service.jobs.hold(request.path_params["id"]))

    async def release_job(request: Request) -> Response:
        return ok(await service.jobs.release(request.path_params["id"]))

    async def advance_job(request: Request) -> Response:
        body = convert(await read_object(request), JobAdvance)
        return ok(await service.jobs.advance(request.path_params["id"], body.numbers))

    async def fail_job(request: Request) -> Response:
        return ok(await service.jobs.fail(request.path_params["id"]))

    return [
        resource(f"{PREFIX}/reset", POST=reset),
        resource(f"{PREFIX}/jobs/policy", GET=job_policy, PUT=set_job_policy),
        resource(f"{PREFIX}/jobs/{{id}}/hold", POST=hold_job),
        resource(f"{PREFIX}/jobs/{{id}}/release", POST=release_job),
        resource(f"{PREFIX}/jobs/{{id}}/advance", POST=advance_job),
        resource(f"{PREFIX}/jobs/{{id}}/fail", POST=fail_job),
        resource(f"{PREFIX}/snapshots", GET=list_snapshots, POST=save_snapshot),
        resource(f"{PREFIX}/snapshots/{{name}}/restore", POST=restore_snapshot),
        resource(f"{PREFIX}/snapshots/{{name}}", DELETE=delete_snapshot),
        resource(f"{PREFIX}/seed", POST=seed),
        resource(f"{PREFIX}/clock", GET=clock),
        resource(f"{PREFIX}/clock/freeze", POST=freeze),
        resource(f"{PREFIX}/clock/unfreeze", POST=unfreeze),
        resource(f"{PREFIX}/clock/set", POST=set_clock),
        resource(f"{PREFIX}/clock/advance", POST=advance_clock),
        resource(f"{PREFIX}/clock/real", POST=real_clock),
        resource(f"{PREFIX}/faults", GET=list_faults, POST=add_faults, DELETE=clear_faults),
        resource(f"{PREFIX}/faults/{{id}}", DELETE=delete_fault),
        resource(f"{PREFIX}/requests", GET=recent_requests, DELETE=clear_requests),
    ]


def _rules(body: dict[str, Any]) -> list[FaultRule]:
    if not isinstance(body.get("rules"), list):
        raise Invalid.field("rules must be a list of fault rules.", pointer="/rules")
    try:
        return parse_rules(body)
    except msgspec.ValidationError as exc:
        raise Invalid.field(f"Invalid fault rule: {exc}", pointer="/rules") from None
