"""wrk runs driven by generated Lua scripts, with figures read from wrk's own `done()` summary.

Each scenario is one Lua script; telconf and the reference are driven by the very same script
and command line, only the port differs. `done()` prints the aggregate as JSON, so no figure is
scraped from wrk's human-readable text (which is kept in the run log all the same).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

THREADS = 2
CONNECTIONS = 32
MARK = "BENCH_JSON "

# Shared head of every script: the auth header, and `done`, which reports exact counts and
# percentiles (wrk gives microseconds); scripts that walk ids add a per-thread offset, so the two
# threads walk different ids.
_HEAD = """
wrk.headers["Authorization"] = "Bearer %(key)s"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests":%%d,"duration_us":%%d,"bytes":%%d,"p50_us":%%d,"p99_us":%%d,"mean_us":%%.1f,' ..
    '"max_us":%%d,"errors_status":%%d,"errors_socket":%%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""
_OFFSETS = """
local thread_no = 0
function setup(thread)
  thread:set("offset", thread_no * 7919)
  thread_no = thread_no + 1
end
"""
_COMMON = _HEAD + _OFFSETS

_ROTATE = """
local ids = {%(ids)s}
local n = #ids
local i = 0
function init(args)
  i = (offset or 0) %% n
end
"""

# The request functions below are used verbatim (not %-formatted), so Lua's % is written plainly.
# A GET is formatted once per id and reused: wrk shares the two cores with the servers, and
# formatting every request cost it a third more CPU (6.8 against 5.0 us a GET at 1M).
_GET = """
local formatted = {}
function request()
  i = i % n + 1
  local r = formatted[i]
  if r == nil then
    r = wrk.format("GET", "/v2/phone_numbers/" .. ids[i])
    formatted[i] = r
  end
  return r
end
"""

# Alternate which fields change, so both the plain-column and the tag-rewrite paths are timed.
_PATCH = """
wrk.headers["Content-Type"] = "application/json"
local k = 0
function request()
  i = i % n + 1
  k = k + 1
  local body
  if k % 2 == 0 then
    body = '{"customer_reference":"bench-' .. k .. '"}'
  else
    body = '{"customer_reference":"bench-' .. k .. '","tags":["bench","t' .. (k % 10) .. '"]}'
  end
  return wrk.format("PATCH", "/v2/phone_numbers/" .. ids[i], nil, body)
end
"""

_STATIC = """
wrk.path = "%(path)s"
"""


def get_script(key: str, ids: Sequence[str]) -> str:
    return _lua(_COMMON, key) + _rotation(ids) + _GET


def patch_script(key: str, ids: Sequence[str]) -> str:
    return _lua(_COMMON, key) + _rotation(ids) + _PATCH


def static_script(key: str, path: str) -> str:
    return _lua(_COMMON, key) + _STATIC % {"path": path}


def head_script(key: str) -> str:
    """The auth header and the JSON summary, for a script that writes its own `request`."""
    return _lua(_HEAD, key)


def _lua(template: str, key: str) -> str:
    return template % {"key": key, "mark": MARK}


def _rotation(ids: Sequence[str]) -> str:
    return _ROTATE % {"ids": ",".join(f'"{i}"' for i in ids)}


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    mb_per_s: float
    errors_status: int
    errors_socket: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def run_wrk(
    script: Path, port: int, seconds: float, log: Path | None = None, connections: int = CONNECTIONS
) -> WrkResult:
    """One wrk run against 127.0.0.1:port; the script sets the path, method and body."""
    command = [
        "wrk",
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    if log is not None:
        with log.open("a") as f:
            f.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    line = next((x for x in done.stdout.splitlines() if x.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line[len(MARK) :])
    secs = raw["duration_us"] / 1e6
    return WrkResult(
        requests=raw["requests"],
        seconds=round(secs, 2),
        rps=round(raw["requests"] / secs, 1),
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        mean_ms=round(raw["mean_us"] / 1000, 3),
        max_ms=raw["max_us"] / 1000,
        mb_per_s=round(raw["bytes"] / secs / 1e6, 2),
        errors_status=raw["errors_status"],
        errors_socket=raw["errors_socket"],
    )
