"""Processes the bench starts and stops: telconf, the reference, seed loads; and the databases."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from .cpu import child_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Process:
    """A server started by the bench; its output goes to `log`."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @classmethod
    def start(cls, name: str, command: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> Process:
        with log.open("ab") as out:
            popen = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})}
            )
        server = cls(name, popen, port, log)
        server._wait_ready()
        return server

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not become ready:\n{self.log.read_text()[-3000:]}")

    def rss_mb(self) -> dict[str, float]:
        """VmRSS (now) and VmHWM (peak) of the server process, from /proc."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = round(int(value.split()[0]) / 1024, 1)
        return fields

    def stop(self) -> None:
        # SIGINT is uvicorn's graceful shutdown; it also stops the workers of a multi-worker run.
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_telconf(database: str, workdir: Path, workers: int = 1) -> Process:
    port = free_port()
    command = [sys.executable, "-m", "telconf", "serve", "--database", database, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    server = Process.start(f"telconf ({workers} worker)", command, port, workdir / "telconf.log")
    if workers > 1:
        _wait_all_accepting(server, workers)
    return server


def _wait_all_accepting(server: Process, workers: int, timeout: float = 60) -> None:
    """Until every worker has accepted a connection: the first answers /health while the others
    may still be starting, and connections made then all go to it (a two-worker run measuring
    one). Holds a few connections open at once and asks `ss` which processes own them."""
    if shutil.which("ss") is None:  # iproute2's; without it, the warm-up is all there is
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4 * workers)]
        try:
            time.sleep(0.05)  # the workers' loops accept them
            listed = subprocess.run(
                ["ss", "-tnpH", "state", "established", f"sport = :{server.port}"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
        finally:
            for conn in held:
                conn.close()
        if len(set(re.findall(r"pid=(\d+)", listed))) >= workers:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name}: not every worker accepted a connection within {timeout:.0f} s")


def start_reference(bodies: Path, workdir: Path) -> Process:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.reference:app", "--port", str(port), "--workers", "1"]
    command += ["--loop", "uvloop", "--http", "httptools", "--lifespan", "off", "--no-access-log"]
    command += ["--log-level", "warning"]
    return Process.start("reference", command, port, workdir / "reference.log", env={"BENCH_BODIES": str(bodies)})


def load_seed(seed: Path, database: str, workdir: Path) -> float:
    """`telconf seed FILE --database URL`, timed end to end (start-up and migrations included)."""
    return load_seed_timed(seed, database, workdir)[0]


def load_seed_timed(seed: Path, database: str, workdir: Path) -> tuple[float, float]:
    """load_seed's wall-clock seconds, and the CPU seconds the command itself used (not PostgreSQL's)."""
    cpu = child_cpu_seconds()
    started = time.perf_counter()
    with (workdir / "seed.log").open("ab") as out:
        subprocess.run(
            [sys.executable, "-m", "telconf", "seed", str(seed), "--database", database],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            cwd=ROOT,
        )
    return time.perf_counter() - started, child_cpu_seconds() - cpu


# -- databases ---------------------------------------------------------------------------------


async def _pg(url: str, sql: str) -> object:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


def create_pg_database(admin_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg(admin_url, f"CREATE DATABASE {name}"))
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"


def drop_pg_database(admin_url: str, url: str) -> None:
    asyncio.run(_pg(admin_url, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)"))


def database_mb(url: str) -> float:
    if url.startswith("postgresql://"):
        size = asyncio.run(_pg(url, "SELECT pg_database_size(current_database())"))
        return round(int(str(size)) / 1e6, 1)
    return round(sum(p.stat().st_size for p in Path(url).parent.glob(Path(url).name + "*")) / 1e6, 1)
