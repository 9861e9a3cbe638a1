"""Message rows written straight into a server's database, for tests of what reads them (a
profile's metrics) without going through the sending path."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from telconf.store import Store

COLUMNS = (
    "id, org_id, direction, messaging_profile_id, from_number, to_number, status, type, parts, cost, received_at, "
    "updated_at, pace, webhook_urls, record"
)


@dataclass(frozen=True)
class Message:
    direction: str  # outbound | inbound
    profile_id: str
    received_at: str
    status: str = "delivered"
    from_number: str = "+13125550100"
    to_number: str = "+13125550199"
    parts: int = 1
    cost: str | None = None
    type: str = "SMS"


def insert_messages(database_url: str, org_name: str, messages: list[Message]) -> None:
    async def work() -> None:
        store = await Store.open(database_url, run_migrations=False)
        try:
            org = await store.orgs.by_name(org_name)
            assert org is not None, org_name
            async with store.db.transaction() as tx:
                await tx.executemany(
                    f"INSERT INTO messages ({COLUMNS}) VALUES ({', '.join('?' * 15)})",
                    [
                        (str(uuid.uuid4()), org.id, m.direction, m.profile_id, m.from_number, m.to_number, m.status,
                         m.type, m.parts, m.cost, m.received_at, m.received_at, "0", "[]", "{}")
                        for m in messages
                    ],
                )  # fmt: skip
        finally:
            await store.close()

    asyncio.run(work())
