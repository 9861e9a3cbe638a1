"""CPU accounting around a wrk run, from /proc: on a small machine the load generator, the server
and PostgreSQL share the cores, and a figure means little without knowing who was short of CPU."""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds used) for every process visible in /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # it exited meanwhile
            continue
        fields = raw.rsplit(")", 1)[1].split()  # the name before ")" may hold spaces
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return found


def tree_seconds(root: int) -> float:
    """CPU seconds of `root` and all its descendants (uvicorn's worker processes)."""
    procs = _processes()
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in procs.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(procs[pid][1] for pid in tree if pid in procs)


def _machine() -> tuple[float, float]:
    """(busy, total) jiffies over all cores since boot."""
    busy, total, _ = _jiffies()
    return busy, total


def _jiffies() -> tuple[int, int, int]:
    """(busy, total, stolen) jiffies over all cores since boot. Stolen: time the host ran something
    else while this virtual machine had work (its CPU quota spent), counted as busy."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user
    return total - idle, total, values[7]


def machine_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over `seconds`: before a run, shows whether anything else competes."""
    busy, total = _machine()
    time.sleep(seconds)
    busy2, total2 = _machine()
    return round((busy2 - busy) / max(1, total2 - total), 2)


def wait_until_quiet(deadline: float, busy: float = 0.15, *, warn: bool = True) -> float:
    """On a shared machine, wait (until the monotonic `deadline`) for other work to stop; the
    share still busy at the end (with a warning, if asked, when it is above `busy`)."""
    said = 0.0
    while (now := machine_busy(3)) > busy and time.monotonic() < deadline:
        if time.monotonic() - said > 30:
            print(f"  waiting: the machine is {now:.0%} busy with other work", flush=True)
            said = time.monotonic()
    if warn and now > busy:
        print(f"warning: the machine is {now:.0%} busy with other work; figures will be low", flush=True)
    return now


@dataclass
class CpuMeter:
    """Start before a run, `stop()` after: cores used by the server tree, by wrk, and the machine."""

    server_pid: int

    def __post_init__(self) -> None:
        self._wall = time.monotonic()
        self._server = tree_seconds(self.server_pid)
        self._children = child_cpu_seconds()
        self._busy, self._total, self._stolen = _jiffies()

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self._wall
        busy, total, stolen = _jiffies()
        server = (tree_seconds(self.server_pid) - self._server) / wall
        wrk = (child_cpu_seconds() - self._children) / wall
        machine = (busy - self._busy) / max(1, total - self._total)
        cores = os.cpu_count() or 1
        stolen_cores = (stolen - self._stolen) / max(1, total - self._total) * cores
        return {
            "server_cores": round(server, 2),
            "wrk_cores": round(wrk, 2),
            "machine_busy": round(machine, 2),
            # Everything else: PostgreSQL's backends, and anything else running on the machine.
            "other_cores": round(max(0.0, machine * cores - server - wrk - stolen_cores), 2),
            "stolen_cores": round(stolen_cores, 3),
        }


def speed_probe() -> float:
    """Milliseconds one core takes for a fixed piece of Python (the best of three): the host's
    speed drifts (this machine class was seen running the same load in 41 s and, within the hour,
    in 81 s), and the absolute targets (the load, rows/s) mean little without it."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i * i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def child_cpu_seconds() -> float:
    """CPU seconds of this process's children that have ended (a seed load, a wrk run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
