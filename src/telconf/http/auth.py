"""Bearer-key authentication -> Principal(org, scope)."""

from __future__ import annotations

import hmac

from ..clock import Clock
from ..errors import Unauthorized
from ..principal import Principal
from ..store.orgs import OrgStore, hash_key

# A verified key is remembered briefly so a hot client costs no key lookup per request; a revoked
# key stops working within this many seconds.
KEY_CACHE_SECONDS = 2.0
KEY_CACHE_SIZE = 10_000


class Authenticator:
    def __init__(self, orgs: OrgStore, clock: Clock | None = None) -> None:
        self.orgs = orgs
        self.clock = clock or Clock()  # advancing it expires remembered keys
        self._cache: dict[str, tuple[float, Principal]] = {}

    def forget(self) -> None:
        """Drop remembered keys at once (after a reset or restore replaced the key table)."""
        self._cache.clear()

    def remembered(self, authorization: str | None) -> Principal | None:
        """The principal of a key verified moments ago, without a lookup (for the request journal)."""
        if not authorization or len(authorization) > 519:
            return None
        cached = self._cache.get(hash_key(authorization[7:].strip()))
        return cached[1] if cached is not None else None

    async def authenticates(self, authorization: str) -> bool:
        """Whether the header names a live key (for the rate limiter, which counts per key)."""
        try:
            await self.principal(authorization)
        except Unauthorized:
            return False
        return True

    async def principal(self, authorization: str | None) -> Principal:
        if not authorization or not authorization[:7].lower() == "bearer ":
            raise Unauthorized()
        key = authorization[7:].strip()
        if not key or len(key) > 512:
            raise Unauthorized()
        digest = hash_key(key)
        cached = self._cache.get(digest)
        now = self.clock.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        owner = await self.orgs.owner_of(digest)
        # The lookup is by hash; the comparison of the stored hash is constant-time all the same.
        if owner is None or not hmac.compare_digest(owner.key_hash, digest):
            raise Unauthorized()
        principal = Principal(owner.org_id, owner.org_uuid, owner.scope, owner.org_name)
        if len(self._cache) >= KEY_CACHE_SIZE:
            self._cache.clear()
        self._cache[digest] = (now + KEY_CACHE_SECONDS, principal)
        return principal
