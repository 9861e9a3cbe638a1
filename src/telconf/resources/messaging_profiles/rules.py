"""The rules a profile's settings obey, shared by POST, PATCH and seed files.

`read_changes` reports every bad field of a body at once: type errors (msgspec) and the rules the
types cannot say (URLs, country codes, the wildcard, feature flags). `apply_changes` merges the
changes into a document: nested objects field by field, `null` clears."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from ...errors import MISSING_PARAMETER, Invalid, Problems
from ...formats import is_web_url
from ...http.body import convert
from ...ids import Ids
from .countries import COUNTRY_CODES
from .models import SETTINGS_FIELDS, ProfileSettings

T = TypeVar("T", bound=msgspec.Struct)
POOL_DEFAULTS = {"long_code_weight": 1.0, "toll_free_weight": 1.0, "skip_unhealthy": False}
# URLs telconf will call are checked; `health_webhook_url` is a plain string in the SDKs (deprecated).
URL_FIELDS = ("webhook_url", "webhook_failover_url")
MAX_URL = 2048
SECRET_LENGTH = 24
_COUNTRY = re.compile(r"^[A-Z]{2}$(?!\n)")
SHORTENER_DOMAIN = "/url_shortener_settings/domain"
NO_DOMAIN = "domain is required to enable the URL shortener."
DESTINATIONS = "/whitelisted_destinations"


def new_secret(ids: Ids) -> str:
    """A `v1_secret`: 24 random alphanumerics, like the documentation's examples."""
    return ids.secret(SECRET_LENGTH)


def read_changes(data: dict[str, Any], model: type[T], *, creating: bool) -> T:
    """`data` as `model`; raises Invalid with one entry per bad field, types and rules together."""
    problems = Problems()
    body: T | None = None
    try:
        body = convert(data, model)
    except Invalid as exc:
        problems.items.extend(exc.items)
    check_settings(data, problems, creating=creating)
    problems.raise_if_any()
    assert body is not None
    return body


def check_settings(data: dict[str, Any], problems: Problems, *, creating: bool) -> None:
    """The rules beyond the types, for the fields whose type is right (type errors are msgspec's)."""
    for name in URL_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and 0 < len(value) <= MAX_URL and not is_web_url(value):
            problems.add("Expected an absolute http or https URL.", pointer=f"/{name}")
    codes = data.get("whitelisted_destinations")
    if isinstance(codes, list):
        if "*" in codes and len(set(codes)) > 1:
            problems.add('Use ["*"] alone to allow every destination, or list country codes.', pointer=DESTINATIONS)
        for i, code in enumerate(codes):
            if isinstance(code, str) and _COUNTRY.match(code) and code not in COUNTRY_CODES:
                problems.add(f"{code} is not an ISO 3166-1 alpha-2 country code.", pointer=f"{DESTINATIONS}/{i}")
    features = data.get("features")
    if isinstance(features, dict) and not isinstance(features.get("ai_opt_out_detection_enabled", False), bool):
        problems.add("Expected `bool`.", pointer="/features/ai_opt_out_detection_enabled")
    shortener = data.get("url_shortener_settings")
    if creating and isinstance(shortener, dict) and "domain" not in shortener:
        problems.add(NO_DOMAIN, pointer=SHORTENER_DOMAIN, code=MISSING_PARAMETER)


def apply_changes(current: dict[str, Any], changes: msgspec.Struct) -> dict[str, Any]:
    """The profile document after `changes` (a checked Struct whose unsent fields are UNSET);
    fields that are not settings (ids, timestamps) are skipped."""
    doc = dict(current)
    for name in changes.__struct_fields__:  # a plain tuple; `structs.fields()` re-evaluates types
        value = getattr(changes, name)
        if value is msgspec.UNSET or name not in SETTINGS_FIELDS:
            continue
        if value is not None:
            value = _merged(name, value, doc.get(name))
        doc[name] = value
    shortener = doc.get("url_shortener_settings")
    if shortener is not None and "domain" not in shortener:
        # A partial object may complete the current settings, but there are none to complete.
        raise Invalid.field(NO_DOMAIN, pointer=SHORTENER_DOMAIN, code=MISSING_PARAMETER)
    return msgspec.to_builtins(msgspec.convert(doc, ProfileSettings))  # type: ignore[no-any-return]


def _merged(name: str, value: Any, current: Any) -> Any:
    if name == "number_pool_settings":
        return {**POOL_DEFAULTS, **(current or {}), **msgspec.to_builtins(value)}
    if name in ("url_shortener_settings", "features"):
        return {**(current or {}), **msgspec.to_builtins(value)}
    if name in URL_FIELDS and value == "":
        return None  # an empty URL means none, as null does
    if name == "whitelisted_destinations":
        return [*dict.fromkeys(value)]
    return value
