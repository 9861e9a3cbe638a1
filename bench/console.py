"""Console page times on a large inventory: each main page of the web console requested --reps
times, one after another, by a signed-in admin session (client-side time over loopback HTTP, so
a little more than the server's). The database must already hold bench.seedgen's organisation
(`telconf seed seed.json --database URL`).

    python -m bench.console --database /tmp/1m.db [--reps 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import mkdtemp

import httpx

from telconf.testing import process
from telconf.testing.process import ServerProcess, free_port

from .seedgen import ID_BASE, PROFILES

CONSOLE = "/_telconf/console"
TOKEN = "bench-console-token-0000000000"
PAGES = {
    "overview": "/",
    "numbers": "/numbers",
    "numbers, status=active, page 2": "/numbers?status=active&page=2",
    "numbers, tag=vip": "/numbers?tag=vip",
    "numbers, profile": f"/numbers?profile={PROFILES[0]['id']}",
    "numbers, digits 5551": "/numbers?number=5551",
    "numbers, page 2000": "/numbers?page=2000",
    "number": f"/numbers/{ID_BASE + 12345}",
    "profiles": "/profiles",
    "profile": f"/profiles/{PROFILES[0]['id']}",
    "jobs": "/jobs",
    "requests": "/requests",
    "testing": "/testing",
}


def sign_in(http: httpx.Client) -> None:
    form = http.get(CONSOLE + "/sign-in").text
    marker = 'name="csrf" value="'
    start = form.index(marker) + len(marker)
    answer = http.post(CONSOLE + "/sign-in", data={"csrf": form[start : form.index('"', start)], "token": TOKEN})
    assert answer.status_code == 303, answer.text


def measure(http: httpx.Client, path: str, reps: int) -> tuple[float, float, float]:
    """(first, median, max) milliseconds of `reps` GETs; the first shows a cold list."""
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        answer = http.get(CONSOLE + path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return times[0], statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    time_pages(args.database, lambda http: PAGES, args.reps)
    return 0


def time_pages(database: str, pages: Callable[[httpx.Client], dict[str, str]], reps: int, *serve: str) -> None:
    """Start a server with the admin API (hence the console) on `database`, sign in, and print
    the table of each page's first, median and worst time (`pages` may look up paths first)."""
    process.HEALTHY_WITHIN = 600  # the admin API's first start saves a baseline of every number
    server = ServerProcess(database, free_port(), Path(mkdtemp()) / "telconf.log", admin_token=TOKEN)
    server.start(*serve)
    try:
        with httpx.Client(base_url=server.root_url, timeout=120) as http:
            sign_in(http)
            print("| page | first ms | median ms | max ms |\n|---|---:|---:|---:|")
            for name, path in pages(http).items():
                first, median, worst = measure(http, path, reps)
                print(f"| {name} | {first:.1f} | {median:.1f} | {worst:.1f} |")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
