"""Fault rules seen by the official Node SDK: telconf serves any language's test suite over HTTP."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from telconf.testing.server import TelconfServer

from ..test_node_sdk import NODE_DIR, node_executable

SCRIPT = NODE_DIR / "faults" / "retries.mjs"


def test_the_node_sdk_retries_gives_up_and_loses_connections(telconf_server: TelconfServer) -> None:
    node = node_executable()
    env = {
        **os.environ,
        "TELNYX_BASE_URL": telconf_server.base_url,
        "TELNYX_API_KEY": telconf_server.api_key or "",
        "TELCONF_ADMIN_URL": telconf_server.root_url + "/_telconf",
        "TELCONF_ADMIN_TOKEN": telconf_server.admin_token,
    }
    done = subprocess.run(
        [node, "--test", "--test-concurrency=1", str(SCRIPT.relative_to(NODE_DIR))],
        cwd=Path(NODE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# pass 4" in done.stdout and "# fail 0" in done.stdout
