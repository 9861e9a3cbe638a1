"""The README's Node example (examples/node/send_and_reply.test.mjs) passes as a user runs it:
`node --test` beside a telconf started with the demo inventory and an admin token, the official
Node SDK (tests/node's, linked as the example's node_modules) pointed at it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.testing.server import TelconfServer, start_telconf

from .test_node_sdk import NODE_DIR, node_executable

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "node"


@pytest.fixture
def demo_server() -> Iterator[TelconfServer]:
    server = start_telconf()
    yield server
    server.stop()


def test_the_node_example_passes(demo_server: TelconfServer) -> None:
    node = node_executable()
    modules = EXAMPLE / "node_modules"
    if not modules.exists():
        modules.symlink_to(NODE_DIR / "node_modules", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELNYX_", "TELCONF_"))}
    env.update(TELCONF_URL=demo_server.root_url, TELCONF_ADMIN_TOKEN=demo_server.admin_token, NO_COLOR="1")
    done = subprocess.run(
        [node, "--test", "--test-reporter=spec", "--test-timeout=30000", "send_and_reply.test.mjs"],
        cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "pass 1" in done.stdout and "fail 0" in done.stdout
