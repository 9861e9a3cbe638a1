"""Value formats shared by request bodies and seed records (msgspec constraints)."""

from __future__ import annotations

import re
from typing import Annotated

import msgspec

E164_PATTERN = r"^\+[1-9][0-9]{1,14}$(?!\n)"
E164_RE = re.compile(E164_PATTERN)
E164 = Annotated[str, msgspec.Meta(pattern=E164_PATTERN)]
NumericId = Annotated[str, msgspec.Meta(pattern=r"^[1-9][0-9]{0,18}$(?!\n)")]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$(?!\n)")]

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
