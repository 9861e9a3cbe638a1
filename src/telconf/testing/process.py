"""A `telconf serve` process on a free port: started, awaited until healthy, stopped. Both
`start_telconf()` and telconf's own test suite start servers through this."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..settings import option

HEALTHY_WITHIN = 30.0  # seconds a server may take to migrate, load its seed and answer /health


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    """`telconf serve --port PORT --database URL ...`, its output appended to `log` (which outlives
    restarts: a test can read what every start printed). `admin_token` goes in the environment,
    never on the command line (the process list shows it)."""

    database_url: str
    port: int
    log: Path
    admin_token: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *args: str) -> None:
        """Start and wait for /health; RuntimeError with the log if it exits or never answers."""
        command = [sys.executable, "-m", "telconf", "serve", "--port", str(self.port), "--database", self.database_url]
        env = dict(os.environ)
        if self.admin_token:
            env[option("admin_token").env] = self.admin_token
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([*command, *args], stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + HEALTHY_WITHIN
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"telconf exited: {self.log.read_text()}")
            try:
                if httpx.get(self.root_url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"telconf did not become healthy: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
