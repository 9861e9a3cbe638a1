"""Who a call is made by: an organisation and the scope of the key used.

Its own module, beside neither HTTP nor storage, because the services take it on every call and
must not depend on the HTTP layer that authenticates it (`http/auth.py` makes it from a key)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Forbidden


@dataclass(frozen=True)
class Principal:
    org_id: int
    org_uuid: str
    scope: str
    org_name: str = ""

    def require_write(self) -> None:
        if self.scope != "read_write":
            raise Forbidden("This API key is read-only.")
