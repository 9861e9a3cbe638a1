"""Value formats and ids shared by every slice: request bodies, seed records and path ids."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

import msgspec

E164_PATTERN = r"^\+[1-9][0-9]{1,14}$(?!\n)"
E164_RE = re.compile(E164_PATTERN)
E164 = Annotated[str, msgspec.Meta(pattern=E164_PATTERN)]
NumericId = Annotated[str, msgspec.Meta(pattern=r"^[1-9][0-9]{0,18}$(?!\n)")]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$(?!\n)")]
Text = Annotated[str, msgspec.Meta(max_length=255)]  # free text of a seed record
# The id of a document another record refers to (address, bundle, connection, billing group): opaque
# to the SDKs (a plain string; Telnyx's examples use numbers and UUIDs alike), so any bounded text.
OpaqueId = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f]+$(?!\n)")]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$(?!\n)")

MAX_INT64 = 2**63 - 1


def int64_id(text: str) -> int | None:
    """An ASCII-digit id within int64 (Telnyx's numeric ids), else None. `str.isdigit` alone would
    accept other scripts' digits, which `int()` may reject or the databases cannot hold."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_INT64 else None


def ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def canonical_id(raw: str) -> str | None:
    """Profile, short-code and job ids are UUIDs, matched case-insensitively; anything else names none."""
    return raw.lower() if UUID_RE.match(raw) else None


# Calling-code prefixes for numbers whose seed record leaves out the country.
CALLING_CODES = {
    "+1": "US",
    "+44": "GB",
    "+49": "DE",
    "+33": "FR",
    "+34": "ES",
    "+39": "IT",
    "+31": "NL",
    "+61": "AU",
    "+353": "IE",
    "+46": "SE",
    "+47": "NO",
    "+45": "DK",
    "+41": "CH",
    "+43": "AT",
    "+32": "BE",
    "+48": "PL",
    "+351": "PT",
    "+55": "BR",
    "+52": "MX",
    "+81": "JP",
    "+64": "NZ",
    "+65": "SG",
    "+27": "ZA",
    "+91": "IN",
}


def country_of(number: str) -> str | None:
    for length in (4, 3, 2):
        country = CALLING_CODES.get(number[:length])
        if country:
            return country
    return None


_UNSAFE_URL = re.compile(r"[\x00-\x20\x7f]")


def is_web_url(value: str) -> bool:
    """An http(s) URL with a host and no spaces or control characters: a URL telconf will call
    (webhooks) or hand on (media)."""
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not _UNSAFE_URL.search(value)
    except ValueError:
        return False
