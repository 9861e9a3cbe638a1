"""`kill -9` of a server in the middle of delivering loses no webhook: deliveries it had claimed
are taken over once their lease lapses (30 s of the server's clock, advanced through the admin
API after a restart), so the receiver gets every event at least once."""

from __future__ import annotations

import signal
import uuid
from pathlib import Path

import pytest

from telconf.admin.client import AdminClient
from telconf.testing.process import ServerProcess
from telconf.testing.receiver import WebhookReceiver

from ..support import Orgs, Server, create_database, drop_database, engines, free_port
from .live import queue

EVENTS = 3000  # enough that the kill lands mid-way even at 2,000 deliveries/s


@pytest.mark.parametrize("engine", engines())
def test_a_server_killed_mid_delivery_loses_no_webhook(tmp_path: Path, engine: str) -> None:
    url = create_database(engine, tmp_path)
    token = uuid.uuid4().hex
    process = ServerProcess(url, free_port(), tmp_path / "crash.log", admin_token=token)
    try:
        with WebhookReceiver() as receiver:
            # Everything is queued before the server starts, so it is cut short mid-way.
            org = Orgs(Server(engine, url, process.port)).make()
            events = queue(url, org.name, [receiver.url], ["message.sent"] * EVENTS)
            process.start()
            receiver.wait_for("message.sent", timeout=30)  # delivering has begun
            assert process.process is not None
            process.process.send_signal(signal.SIGKILL)
            process.process.wait(10)
            assert len({d.json["data"]["id"] for d in receiver.deliveries}) < EVENTS  # cut short
            process.start()  # a new process: its clock is real time again
            AdminClient(process.root_url, token).advance_clock(31)  # the killed one's leases lapse
            ids = {e.id for e in events}
            receiver.wait_until(lambda got: {d.json["data"]["id"] for d in got} >= ids, timeout=30)
            assert {d.json["data"]["id"] for d in receiver.deliveries} == ids
    finally:
        process.stop()
        drop_database(url)
