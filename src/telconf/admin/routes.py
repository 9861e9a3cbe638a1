"""HTTP routes of the admin API under /_telconf/, for the admin token only (never an API key):
the app checks the token once for the whole prefix (`AdminGuard`), before any route is found."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import Invalid, NotFound, Unauthorized
from ..formats import ascii_digits
from ..http.body import convert, read_object
from ..http.responses import ok
from ..http.routing import Handler, resource
from ..resources.messages.models import InboundMessage
from .faults import FaultRule, parse_rules
from .messaging import MessagingControl, OutcomeRule
from .models import ClockAdvance, ClockFreeze, ClockSet, JobAdvance, JobPolicyChange, SnapshotCreate
from .service import AdminService

PREFIX = "/_telconf"
MAX_SEED_BYTES = 64 * 1_048_576
MAX_JOURNAL_PAGE = 1000
T = TypeVar("T", bound=msgspec.Struct)


class AdminGuard:
    def __init__(self, token: str) -> None:
        self._token = token.encode()

    def check(self, header: str) -> None:
        given = header[7:].strip().encode() if header[:7].lower() == "bearer " else b""
        if not hmac.compare_digest(given, self._token):
            raise Unauthorized()


@dataclass(frozen=True)
class AdminOperation:
    """One admin call: method, path (below /_telconf), what it does, and its success status."""

    method: str
    path: str
    call: Callable[[AdminService, Request], Awaitable[Any]]
    status: int = 200


async def _body(request: Request, model: type[T]) -> T:
    return convert(await read_object(request), model)


async def _delete_snapshot(s: AdminService, r: Request) -> dict[str, str]:
    await s.delete_snapshot(r.path_params["name"])
    return {"deleted": r.path_params["name"]}


async def _seed(s: AdminService, r: Request) -> dict[str, int]:
    body = await read_object(r, limit=MAX_SEED_BYTES)
    baseline = r.query_params.get("baseline", "false").lower() == "true"
    return await s.seed(msgspec.json.encode(body).decode(), baseline)


async def _now(value: Any) -> Any:
    return value


async def _clear_faults(s: AdminService, r: Request) -> list[Any]:
    await s.clear_faults()
    return []


async def _delete_fault(s: AdminService, r: Request) -> dict[str, int]:
    rule_id = r.path_params["id"]
    if not ascii_digits(rule_id) or len(rule_id) > 18:
        raise Invalid.field("A fault rule id is a number.", parameter="id")
    await s.remove_fault(int(rule_id))
    return {"deleted": int(rule_id)}


async def _recent_requests(s: AdminService, r: Request) -> Any:
    raw = r.query_params.get("limit", "100")
    if not ascii_digits(raw) or len(raw) > 4 or not 1 <= int(raw) <= MAX_JOURNAL_PAGE:
        raise Invalid.field(f"limit must be an integer from 1 to {MAX_JOURNAL_PAGE}.", parameter="limit")
    return s.recent_requests(int(raw))


async def _clear_requests(s: AdminService, r: Request) -> list[Any]:
    s.journal.clear()
    return []


async def _set_job_policy(s: AdminService, r: Request) -> dict[str, Any]:
    body = await _body(r, JobPolicyChange)
    return await s.set_job_policy(body.policy, body.seconds)


async def _advance_job(s: AdminService, r: Request) -> dict[str, Any]:
    return await s.jobs.advance(r.path_params["id"], (await _body(r, JobAdvance)).numbers)


async def _save_snapshot(s: AdminService, r: Request) -> Any:
    return await s.save_snapshot((await _body(r, SnapshotCreate)).name)


async def _freeze(s: AdminService, r: Request) -> Any:
    return await s.freeze((await _body(r, ClockFreeze)).at)


async def _set_clock(s: AdminService, r: Request) -> Any:
    return await s.set_clock((await _body(r, ClockSet)).at)


async def _advance_clock(s: AdminService, r: Request) -> Any:
    return await s.advance_clock((await _body(r, ClockAdvance)).seconds)


async def _add_faults(s: AdminService, r: Request) -> Any:
    return await s.add_faults(_rules(await read_object(r)))


def _messaging(s: AdminService) -> MessagingControl:
    if s.messaging is None:
        raise NotFound("Messaging controls are not available on this server.")
    return s.messaging


async def _inbound(s: AdminService, r: Request) -> Any:
    return await _messaging(s).receive(await _body(r, InboundMessage))


async def _set_outcome(s: AdminService, r: Request) -> Any:
    return await _messaging(s).set_outcome(r.path_params["phone_number"], await _body(r, OutcomeRule))


MESSAGING = [
    AdminOperation("POST", "/messages/inbound", _inbound, 201),
    AdminOperation("POST", "/messages/{id}/advance", lambda s, r: _messaging(s).advance(r.path_params["id"])),
    AdminOperation("GET", "/messages/outcomes", lambda s, r: _messaging(s).outcomes()),
    AdminOperation("PUT", "/messages/outcomes/{phone_number}", _set_outcome),
]

OPERATIONS = [
    AdminOperation("POST", "/reset", lambda s, r: s.reset()),
    AdminOperation("GET", "/orgs", lambda s, r: s.organizations()),
    AdminOperation("GET", "/jobs/policy", lambda s, r: _now(s.jobs.describe_policy())),
    AdminOperation("PUT", "/jobs/policy", _set_job_policy),
    AdminOperation("POST", "/jobs/{id}/hold", lambda s, r: s.jobs.hold(r.path_params["id"])),
    AdminOperation("POST", "/jobs/{id}/release", lambda s, r: s.jobs.release(r.path_params["id"])),
    AdminOperation("POST", "/jobs/{id}/advance", _advance_job),
    AdminOperation("POST", "/jobs/{id}/fail", lambda s, r: s.jobs.fail(r.path_params["id"])),
    AdminOperation("GET", "/snapshots", lambda s, r: s.list_snapshots()),
    AdminOperation("POST", "/snapshots", _save_snapshot, 201),
    AdminOperation("POST", "/snapshots/{name}/restore", lambda s, r: s.restore_snapshot(r.path_params["name"])),
    AdminOperation("DELETE", "/snapshots/{name}", _delete_snapshot),
    AdminOperation("POST", "/seed", _seed, 201),
    AdminOperation("GET", "/clock", lambda s, r: _now(s.clock_state())),
    AdminOperation("POST", "/clock/freeze", _freeze),
    AdminOperation("POST", "/clock/unfreeze", lambda s, r: s.unfreeze()),
    AdminOperation("POST", "/clock/set", _set_clock),
    AdminOperation("POST", "/clock/advance", _advance_clock),
    AdminOperation("POST", "/clock/real", lambda s, r: s.real_clock()),
    AdminOperation("GET", "/faults", lambda s, r: s.list_faults()),
    AdminOperation("POST", "/faults", _add_faults, 201),
    AdminOperation("DELETE", "/faults", _clear_faults),
    AdminOperation("DELETE", "/faults/{id}", _delete_fault),
    AdminOperation("GET", "/requests", _recent_requests),
    AdminOperation("DELETE", "/requests", _clear_requests),
    *MESSAGING,
]


def _handler(op: AdminOperation, service: AdminService) -> Handler:
    async def handle(request: Request) -> Response:
        return ok(await op.call(service, request), op.status)

    return handle


def routes(service: AdminService) -> list[Route]:
    """The admin routes, one per path (the token is checked by the app for the whole prefix)."""
    methods: dict[str, dict[str, Handler]] = {}
    for op in OPERATIONS:
        methods.setdefault(PREFIX + op.path, {})[op.method] = _handler(op, service)
    return [resource(path, **table) for path, table in methods.items()]


def _rules(body: dict[str, Any]) -> list[FaultRule]:
    if not isinstance(body.get("rules"), list):
        raise Invalid.field("rules must be a list of fault rules.", pointer="/rules")
    try:
        return parse_rules(body)
    except msgspec.ValidationError as exc:
        raise Invalid.field(f"Invalid fault rule: {exc}", pointer="/rules") from None
