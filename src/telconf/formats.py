"""Value formats shared by request bodies and seed records (msgspec constraints)."""

from __future__ import annotations

import re
from typing import Annotated

import msgspec

E164_PATTERN = r"^\+[1-9]\d{1,14}$"
E164_RE = re.compile(E164_PATTERN)
E164 = Annotated[str, msgspec.Meta(pattern=E164_PATTERN)]
NumericId = Annotated[str, msgspec.Meta(pattern=r"^[1-9]\d{0,18}$")]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
