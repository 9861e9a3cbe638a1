"""Who sends: the `from` number or short code and the profile it belongs to, a number picked from
the profile's pool, or the profile's alphanumeric sender. Each refusal is Telnyx's code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import msgspec

from ...errors import ASSOCIATION_MISSING, Invalid
from ...formats import E164_RE, canonical_id, country_of
from ...ids import Ids
from ...store.db import Executor
from ...store.messages import MessageStore
from .refusals import Refused, invalid_from, missing

SHORT_CODE_RE = re.compile(r"^[0-9]{3,8}$")
ALPHA_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
NANP = ("US", "CA", "PR")
NO_POOL = ("40321", "No usable numbers on messaging profile")


@dataclass(frozen=True)
class Origin:
    from_number: str
    line_type: str
    profile_id: str
    profile: dict[str, Any]


def kind_of(sender: str) -> str:
    if E164_RE.match(sender):
        return "number"
    if SHORT_CODE_RE.match(sender):
        return "short_code"
    return "alpha"


async def load_profile(store: MessageStore, tx: Executor, org_id: int, profile_id: str, pointer: str) -> dict[str, Any]:
    canonical = canonical_id(profile_id)
    doc = await store.profile(tx, org_id, canonical) if canonical else None
    if doc is None:
        raise Invalid.field("The messaging profile does not exist.", pointer=pointer, code=ASSOCIATION_MISSING)
    profile: dict[str, Any] = msgspec.json.decode(doc)
    profile["id"] = canonical
    return profile


async def from_sender(store: MessageStore, tx: Executor, org_id: int, sender: str, profile_id: str | None) -> Origin:
    """A number or short code of the organisation, on a profile (the one named, if one is)."""
    kind = kind_of(sender)
    found = (
        await store.number(tx, org_id, sender) if kind == "number"
        else await store.short_code(tx, org_id, sender) if kind == "short_code"
        else None
    )  # fmt: skip
    if found is None or found.messaging_profile_id is None or found.profile_doc is None:
        raise invalid_from()
    if profile_id is not None and canonical_id(profile_id) != found.messaging_profile_id:
        raise invalid_from()
    if found.status != "active":
        raise Refused(
            "40320", "Temporarily unusable 'from' address",
            f"The number {sender} is {found.status} and cannot send messages yet.", "/from",
        )  # fmt: skip
    profile: dict[str, Any] = msgspec.json.decode(found.profile_doc)
    profile["id"] = found.messaging_profile_id
    line_type = "" if kind == "short_code" else "Wireless" if found.kind == "mobile" else "VoIP"
    return Origin(sender, line_type, found.messaging_profile_id, profile)


async def from_pool(
    store: MessageStore, tx: Executor, ids: Ids, org_id: int, profile: dict[str, Any], to: str,
    settings: dict[str, Any] | None = None,
) -> Origin:  # fmt: skip
    """A number of the profile's pool, by the pool's weights, sticky sender and geomatch."""
    pool = settings if settings is not None else profile.get("number_pool_settings")
    if pool is None:
        raise Refused(*NO_POOL, "Number Pool is not enabled, or it is unable to select a usable number.")
    if pool.get("sticky_sender"):
        kept = await store.sticky(tx, profile["id"], to)
        if kept is not None:
            found = await store.number(tx, org_id, kept)
            if found is not None and found.messaging_profile_id == profile["id"] and found.status == "active":
                return Origin(kept, "VoIP", profile["id"], profile)
    long_w, free_w = float(pool.get("long_code_weight", 1)), float(pool.get("toll_free_weight", 1))
    order = [False, True] if ids.chance(long_w / (long_w + free_w) if long_w + free_w > 0 else 0) else [True, False]
    kinds = [t for t in order if (free_w if t else long_w) > 0]
    prefix = to[:5] if pool.get("geomatch") and to.startswith("+1") else None
    for toll_free in kinds:
        for area in [prefix, None] if prefix else [None]:
            count, picked = await store.pool(tx, org_id, profile["id"], toll_free, area, ids.numeric())
            if picked is not None:
                if pool.get("sticky_sender"):
                    await store.stick(tx, org_id, profile["id"], to, picked)
                return Origin(picked, "VoIP", profile["id"], profile)
    raise Refused(*NO_POOL, "Number Pool is not enabled, or it is unable to select a usable number.")


async def from_alpha(
    store: MessageStore, tx: Executor, ids: Ids, org_id: int, sender: str, profile_id: str | None, to: str
) -> Origin:
    """The profile's alphanumeric sender; to the US, Canada and Puerto Rico (which take none) one
    of the profile's long codes sends instead."""
    if profile_id is None:
        raise missing("messaging_profile_id", "Sending with an alphanumeric sender ID requires 'messaging_profile_id'.")
    if not ALPHA_RE.match(sender):
        raise Refused(
            "40325", "Invalid alphanumeric sender ID",
            "An alphanumeric sender ID is 1 to 11 letters, digits or spaces, with at least one letter.", "/from",
        )  # fmt: skip
    profile = await load_profile(store, tx, org_id, profile_id, "/messaging_profile_id")
    configured = profile.get("alpha_sender")
    if not configured:
        detail = "The messaging profile has no alphanumeric sender ID."
        raise Refused("40306", "Alpha sender not configured", detail, "/from")
    if configured != sender:
        raise Refused(
            "40307", "Alpha sender mismatch",
            f"The 'from' address does not match the messaging profile's alphanumeric sender ID {configured}.", "/from",
        )  # fmt: skip
    if country_of(to) in NANP:
        fallback = {"long_code_weight": 1, "toll_free_weight": 0}
        return await from_pool(store, tx, ids, org_id, profile, to, fallback)
    return Origin(sender, "", profile["id"], profile)
