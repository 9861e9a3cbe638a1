"""Organisations on the plugin's server (`telconf_server`), whose clock a test can move: for tests
that need time to pass between two writes (distinct `created_at` or `updated_at` milliseconds)
without a fixed pause. The admin reset after each test puts the clock and the data back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from telconf.testing.server import TelconfServer

from ..support import Orgs, Server


@dataclass
class _AdminSeeder:
    """What `Orgs` needs of a server (`load`), through the admin API's seed endpoint."""

    server: TelconfServer

    def load(self, seed: dict[str, Any]) -> None:
        self.server.seed(seed)


def clocked_orgs(server: TelconfServer) -> Orgs:
    return Orgs(cast(Server, _AdminSeeder(server)))


def a_second_later(server: TelconfServer) -> None:
    """The server's clock one second on, so the next write is stamped later than the last."""
    server.admin.advance_clock(1)
