"""Request bodies of the admin API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

SnapshotName = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]


class SnapshotCreate(msgspec.Struct):
    name: SnapshotName


class ClockFreeze(msgspec.Struct):
    at: datetime | None = None


class ClockSet(msgspec.Struct):
    at: datetime


class ClockAdvance(msgspec.Struct):
    seconds: Annotated[float, msgspec.Meta(ge=-315_360_000, le=315_360_000)]


class JobPolicyChange(msgspec.Struct):
    policy: str  # immediate | manual | after_seconds
    seconds: Annotated[float, msgspec.Meta(ge=0, le=86_400)] = 0.0


class JobAdvance(msgspec.Struct):
    numbers: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
