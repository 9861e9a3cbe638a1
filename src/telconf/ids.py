"""Id generation in Telnyx's formats, injected so tests can seed it. Every source of randomness
in telconf is here (ids, request ids, retry jitter, fault sampling, the demo's seeded inventory);
a lint rule keeps `random`, `secrets` and `uuid4` out of the other modules."""

from __future__ import annotations

import random
import secrets
import string
import uuid

ALPHANUMERIC = string.ascii_letters + string.digits


# Retry pauses need no seed: nothing observable depends on their length.
_SYSTEM = random.SystemRandom()


def jitter(low: float, high: float) -> float:
    """A pause length between `low` and `high` seconds, so that retrying clients spread out."""
    return _SYSTEM.uniform(low, high)


def seeded(seed: int) -> random.Random:
    """A reproducible generator: the same seed gives the same sequence (the demo inventory)."""
    return random.Random(seed)


class Ids:
    """Phone-number ids are int64 numbers shown as strings; everything else is a UUID."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.SystemRandom()

    def numeric(self) -> int:
        return self._rng.randrange(10**18, 2**63 - 1)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def request_id(self) -> str:
        """The id logged with an unexpected error and shown in its 500 (32 hex digits)."""
        return uuid.UUID(int=self._rng.getrandbits(128), version=4).hex

    def chance(self, probability: float) -> bool:
        """True with the given probability (a fault rule's sampling)."""
        return self._rng.random() < probability

    def secret(self, length: int = 24) -> str:
        """Random letters and digits, e.g. a messaging profile's `v1_secret`."""
        return "".join(self._rng.choice(ALPHANUMERIC) for _ in range(length))

    def token(self, nbytes: int) -> str:
        """An unguessable URL-safe token of `nbytes` random bytes (a console session id, a CSRF
        token): from the system's cryptographic source even when the other ids are seeded."""
        return secrets.token_urlsafe(nbytes)

    def key_seed(self) -> bytes:
        """32 random bytes: an organisation's Ed25519 webhook signing key."""
        return secrets.token_bytes(32)

    def api_key(self) -> str:
        return "KEY" + secrets.token_hex(24).upper()
