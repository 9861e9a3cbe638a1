"""Testing controls (admin sessions only): reset, snapshots, the clock, the job policy and fault
rules, each through `AdminService`, the admin API's own service, with the admin API's request
models, so a form is validated exactly as the same call to /_telconf would be."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

from ..admin.faults import parse_rules
from ..admin.models import ClockAdvance, ClockFreeze, ClockSet, JobPolicyChange, SnapshotCreate
from ..admin.service import AdminService
from ..errors import ApiError, Invalid, NotFound
from ..http.body import convert
from .core import Console, ConsolePage, Ctx
from .web import page, problems_of, redirect

RULE_NUMBERS = {"status": int, "latency_ms": int, "count": int, "after": int, "probability": float}


def admin_of(console: Console) -> AdminService:
    if console.admin is None:
        raise NotFound("The testing controls need the admin API (TELCONF_ADMIN_TOKEN).")
    return console.admin


async def testing_page(console: Console, ctx: Ctx, problems: list[dict[str, str]] | None = None) -> Response:
    admin = admin_of(console)
    values = ctx.values(
        "testing",
        clock=admin.clock_state(),
        snapshots=await admin.list_snapshots(),
        faults=await admin.list_faults(),
        policy=admin.jobs.describe_policy(),
        problems=problems or [],
        done=ctx.request.query_params.get("done"),
        form=ctx.form,
    )
    return page("testing.html", 422 if problems else 200, **values)


def number(form: dict[str, str], name: str, kind: type[Any]) -> Any:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise Invalid.field(f"{name} must be a number.", pointer=f"/{name}") from None


def fault_rule(form: dict[str, str]) -> dict[str, Any]:
    rule: dict[str, Any] = {k: form[k].strip() for k in ("method", "path", "organization") if form.get(k, "").strip()}
    for name, kind in RULE_NUMBERS.items():
        value = number(form, name, kind)
        if value is not None:
            rule[name] = value
    if form.get("drop") == "on":
        rule["drop"] = True
    return rule


async def act(console: Console, ctx: Ctx, action: str) -> str:
    """Do one testing action; returns what the page says was done."""
    admin, form, params = admin_of(console), ctx.form, ctx.request.path_params
    if action == "reset":
        await admin.reset()
        return "Reset to the start inventory."
    if action == "save":
        name = convert({"name": form.get("name", "").strip()}, SnapshotCreate).name
        await admin.save_snapshot(name)
        return f"Saved snapshot {name}."
    if action == "restore":
        await admin.restore_snapshot(params["name"])
        return f"Restored snapshot {params['name']}."
    if action == "delete":
        await admin.delete_snapshot(params["name"])
        return f"Deleted snapshot {params['name']}."
    if action == "policy":
        change = convert({"policy": form.get("policy", ""), "seconds": number(form, "seconds", float) or 0.0},
                         JobPolicyChange)  # fmt: skip
        return "Job policy: " + str((await admin.set_job_policy(change.policy, change.seconds))["text"])
    if action == "add-fault":
        try:
            rules = parse_rules([fault_rule(form)])
        except msgspec.ValidationError as exc:
            raise Invalid.field(f"Invalid fault rule: {exc}", pointer="/rules/0") from None
        added = await admin.add_faults(rules)
        return f"Added fault rule {added[0].id}."
    if action == "remove-fault":
        rule_id = params["id"]
        if not rule_id.isdigit() or len(rule_id) > 18:
            raise NotFound("No such fault rule.")
        await admin.remove_fault(int(rule_id))
        return f"Removed fault rule {rule_id}."
    return await clock_action(admin, form, action)


async def clock_action(admin: AdminService, form: dict[str, str], action: str) -> str:
    at = form.get("at", "").strip()
    if action == "freeze":
        await admin.freeze(convert({"at": at or None}, ClockFreeze).at)
    elif action == "unfreeze":
        await admin.unfreeze()
    elif action == "advance":
        await admin.advance_clock(convert({"seconds": number(form, "seconds", float)}, ClockAdvance).seconds)
    elif action == "set":
        await admin.set_clock(convert({"at": at}, ClockSet).at)
    elif action == "real":
        await admin.real_clock()
    else:
        raise NotFound("No such testing action.")
    return f"Clock: {admin.clock_state().now}{' (frozen)' if admin.clock_state().frozen else ''}."


def handler(console: Console, action: str) -> Any:
    async def view(ctx: Ctx) -> Response:
        try:
            done = await act(console, ctx, action)
        except ApiError as error:
            if error.status == 404:
                raise
            return await testing_page(console, ctx, problems_of(error))
        return redirect(ctx.link("/testing", done=done))

    return view


def pages(console: Console) -> list[ConsolePage]:
    actions = [
        ("/testing/reset", "reset"),
        ("/testing/snapshots", "save"),
        ("/testing/snapshots/{name}/restore", "restore"),
        ("/testing/snapshots/{name}/delete", "delete"),
        ("/testing/policy", "policy"),
        ("/testing/faults", "add-fault"),
        ("/testing/faults/{id}/delete", "remove-fault"),
        *((f"/testing/clock/{a}", a) for a in ("freeze", "unfreeze", "advance", "set", "real")),
    ]
    return [
        ConsolePage("GET", "/testing", lambda ctx: testing_page(console, ctx), admin_only=True),
        *(ConsolePage("POST", path, handler(console, action), admin_only=True) for path, action in actions),
    ]
