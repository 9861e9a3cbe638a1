"""Request bodies of the admin API."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

import msgspec

SNAPSHOT_NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$(?!\n)"
SNAPSHOT_NAME = re.compile(SNAPSHOT_NAME_PATTERN)
SnapshotName = Annotated[str, msgspec.Meta(pattern=SNAPSHOT_NAME_PATTERN)]


class SnapshotCreate(msgspec.Struct):
    name: SnapshotName


# A moment without a zone names no instant: it is refused (422), not guessed.
Instant = Annotated[datetime, msgspec.Meta(tz=True)]


class ClockFreeze(msgspec.Struct):
    at: Instant | None = None


class ClockSet(msgspec.Struct):
    at: Instant


class ClockAdvance(msgspec.Struct):
    seconds: Annotated[float, msgspec.Meta(ge=-315_360_000, le=315_360_000)]


class JobPolicyChange(msgspec.Struct):
    policy: str  # immediate | manual | after_seconds
    seconds: Annotated[float, msgspec.Meta(ge=0, le=86_400)] = 0.0


class JobAdvance(msgspec.Struct):
    numbers: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
