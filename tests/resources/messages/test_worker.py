"""With `telconf serve --no-worker`, a separate `telconf worker` moves messages along and delivers
their webhooks: the API process only accepts them."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from telconf.testing.receiver import WebhookReceiver

from ...support import Orgs, Server, create_database, drop_database, engines, free_port
from .senders import sending_org, wait_for_status


@pytest.mark.parametrize("engine", engines())
def test_a_worker_process_delivers_what_the_server_accepted(tmp_path: Path, engine: str) -> None:
    url = create_database(engine, tmp_path)
    server = Server(engine, url, free_port())
    server.start("--no-worker")
    worker: subprocess.Popen[bytes] | None = None
    try:
        with WebhookReceiver() as receiver:
            s = sending_org(Orgs(server), webhook_url=receiver.url)
            client = server.client(s.org.key)
            sent = client.messages.send(from_=s.number, to="+13125550147", text="via a worker").data
            assert sent is not None and sent.id
            assert client.messages.retrieve(sent.id).data.to[0].status == "queued"  # type: ignore[union-attr,index]
            with (tmp_path / "worker.log").open("ab") as log:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "telconf", "worker", "--database", url], stdout=log, stderr=log
                )
            wait_for_status(client, sent.id, "delivered", seconds=30)
            receiver.wait_for("message.finalized", where=lambda d: d.payload["id"] == sent.id, timeout=30)
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(30)
        server.stop()
        drop_database(url)
