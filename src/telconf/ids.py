"""Id generation in Telnyx's formats, injected so tests can seed it."""

from __future__ import annotations

import random
import secrets
import string
import uuid

ALPHANUMERIC = string.ascii_letters + string.digits


class Ids:
    """Phone-number ids are int64 numbers shown as strings; everything else is a UUID."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.SystemRandom()

    def numeric(self) -> int:
        return self._rng.randrange(10**18, 2**63 - 1)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def secret(self, length: int = 24) -> str:
        """Random letters and digits, e.g. a messaging profile's `v1_secret`."""
        return "".join(self._rng.choice(ALPHANUMERIC) for _ in range(length))

    def api_key(self) -> str:
        return "KEY" + secrets.token_hex(24).upper()
