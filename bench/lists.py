"""List-endpoint benchmark: what users of the phone-number lists do, on an inventory of N numbers
in one organisation, each with one of 50 team tags and 60% also tagged `bulk` (seed profile "teams").

    python -m bench.lists [--engine sqlite|postgres|both] [--numbers 1000000]
                          [--scenarios walks,single,sdk,get] [--walk-seconds 10]
                          [--modes quiet,cref,membership] [--lists NAME,...] [--single-reps 20]
                          [--sdk-seconds 60] [--get-seconds 10] [--write-rate 50]
                          [--keep] [--keep-dir DIR] [--drop-kept] [--quiet-wait 120]
    python -m bench.lists --report bench/results/lists-<timestamp>.json

Scenarios (each against one `telconf serve` process, one worker, as bench.run starts it):
  walks   walk each list in `LISTS` page by page (page[size]=250, page[number]=1,2,3,..., each page
          requested after the previous one answered, as the SDKs' auto-pagination does) for
          --walk-seconds or to its end, three ways: `quiet` (no writes), `cref` (a writer PATCHes
          random numbers' customer_reference at --write-rate/s) and `membership` (a writer PATCHes
          random numbers' tags, adding or removing `bulk`, and their connection_id, alternately);
          `--modes ...,tags` adds a fourth way, a writer of the tags alone.
          Pages/s, p50/p99 per page, the writer's achieved rate, and whether every page's
          meta.total_results / total_pages / page_number / item count agree.
  single  page 1 and page 2,000 (or the last page when there are fewer) of each documented filter
          and sort of GET /v2/phone_numbers, requested directly, --single-reps times each, while the
          customer_reference writer runs; p50 (and max).
  sdk     `for n in client.phone_numbers.list(filter={"tag": "bulk"}, page_size=250)` through the
          official Python SDK (telnyx 4.x takes page_size/page_number, and follows
          meta.page_number/total_pages), capped at --sdk-seconds; items, pages/s and the projected
          time of the whole walk.
  get     wrk GET /v2/phone_numbers/{id} (bench.wrk's script: -t2 -c32, 10,000 ids over the table)
          alone and while a `filter[tag]=bulk` walk runs, and the raw-ASGI reference (bench.reference)
          serving the same body: p50, p99, req/s, and telconf/reference.

Loading 1,000,000 numbers takes ~35 s per engine. With --keep the loaded inventory is kept (a
pristine SQLite file under --keep-dir, a PostgreSQL template database `bench_lists_tpl_*`) and
later --keep runs start from a copy of it; the key includes N and a digest of the seed generator
and the schema, so a changed schema loads afresh. --drop-kept removes what --keep kept for this
--numbers and this code (others' kept inventories, under other keys, are left alone).
Results: printed, and written to bench/results/lists-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import http.client
import json
import math
import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from . import report
from .cpu import CpuMeter, wait_until_quiet
from .seedgen import CONNECTIONS, ID_BASE, Seed, is_bulk, team_tag, write_seed
from .servers import ROOT, Process, _pg, database_mb, load_seed, start_reference, start_telconf
from .wrk import get_script, run_wrk

RESULTS = Path(__file__).resolve().parent / "results"
PAGE_SIZE = 250
DEEP_PAGE = 2000
SAMPLE_IDS = 10_000
MAX_WALK_PAGES = 100_000  # a bound on any walk, whatever the time budget
REQUEST_TIMEOUT = 300.0
PG_PREFIX = "bench_lists_"

# Scenario A: the lists walked. Paths without paging; `&page[size]=250&page[number]=n` is added.
LISTS = {
    "tag_bulk": "/v2/phone_numbers?filter%5Btag%5D=bulk",
    "tag_team07": "/v2/phone_numbers?filter%5Btag%5D=team-07",
    "status_active": "/v2/phone_numbers?filter%5Bstatus%5D=active",
    "sort_phone_number": "/v2/phone_numbers?sort=phone_number",
    "phone_number_2000": "/v2/phone_numbers?filter%5Bphone_number%5D=2000",
    "slim_tag_bulk": "/v2/phone_numbers/slim?filter%5Btag%5D=bulk",
    "voice": "/v2/phone_numbers/voice",
    "messaging": "/v2/phone_numbers/messaging",
    "tag_bulk_active": "/v2/phone_numbers?filter%5Btag%5D=bulk&filter%5Bstatus%5D=active",
}
MODES = ("quiet", "cref", "membership", "tags")
DEFAULT_MODES = ("quiet", "cref", "membership")
SCENARIOS = ("walks", "single", "sdk", "get")

# Scenario B: every documented single filter and sort of GET /v2/phone_numbers (see
# src/telconf/resources/phone_numbers/filters.py), with a value the "teams" seed matches.
_CONN = CONNECTIONS[7]
SINGLE = {
    "(none)": "",
    "filter[tag]=bulk": "filter%5Btag%5D=bulk",
    "filter[tag]=team-07": "filter%5Btag%5D=team-07",
    "filter[phone_number]=2000": "filter%5Bphone_number%5D=2000",
    "filter[status]=active": "filter%5Bstatus%5D=active",
    "filter[country_iso_alpha2]=GB": "filter%5Bcountry_iso_alpha2%5D=GB",
    "filter[connection_id]": f"filter%5Bconnection_id%5D={_CONN[0]}",
    "filter[voice.connection_name][eq]": f"filter%5Bvoice.connection_name%5D%5Beq%5D={_CONN[1]}",
    "filter[voice.connection_name][contains]=unk-1": "filter%5Bvoice.connection_name%5D%5Bcontains%5D=unk-1",
    "filter[voice.connection_name][starts_with]=trunk-0": (
        "filter%5Bvoice.connection_name%5D%5Bstarts_with%5D=trunk-0"
    ),
    "filter[voice.connection_name][ends_with]=k-07": "filter%5Bvoice.connection_name%5D%5Bends_with%5D=k-07",
    "filter[voice.usage_payment_method]=pay-per-minute": "filter%5Bvoice.usage_payment_method%5D=pay-per-minute",
    "filter[billing_group_id]=bg-3": "filter%5Bbilling_group_id%5D=bg-3",
    "filter[emergency_address_id]=null": "filter%5Bemergency_address_id%5D=null",
    "filter[customer_reference]=cust-0007": "filter%5Bcustomer_reference%5D=cust-0007",
    "filter[number_type][eq]=local": "filter%5Bnumber_type%5D%5Beq%5D=local",
    "filter[source]=purchased": "filter%5Bsource%5D=purchased",
    "filter[without_tags]=true": "filter%5Bwithout_tags%5D=true",
    "sort=purchased_at": "sort=purchased_at",
    "sort=phone_number": "sort=phone_number",
    "sort=connection_name": "sort=connection_name",
    "sort=usage_payment_method": "sort=usage_payment_method",
}
_decode = msgspec.json.Decoder()


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))], 2)


def _paged(path: str, number: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}page%5Bsize%5D={PAGE_SIZE}&page%5Bnumber%5D={number}"


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1 (one per thread)."""

    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        """(status, body, ms). A connection the server closed while idle is opened again once."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=self.headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, (time.perf_counter() - started) * 1000
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Writer(threading.Thread):
    """PATCHes random numbers at `rate` per second until stopped, without bursting to catch up:
    a write that takes longer than the interval delays the next, so `achieved_per_s` shows stalls.

    kind "cref": customer_reference only. kind "membership": alternately the tags (adding or
    removing `bulk`, keeping the number's team tag) and the connection_id. kind "tags": the tags
    alone (every write adds or removes `bulk`), to tell the two membership writes apart."""

    def __init__(self, kind: str, port: int, key: str, numbers: int, rate: float, seed: int = 7) -> None:
        super().__init__(daemon=True, name=f"writer-{kind}")
        self.kind, self.numbers, self.rate = kind, numbers, rate
        self.client = Client(port, key)
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.bulk: dict[int, bool] = {}  # numbers this writer re-tagged: whether they carry `bulk` now
        self.started = self.ended = 0.0
        self.error: str | None = None

    def body(self, k: int, i: int) -> bytes:
        if self.kind == "cref":
            return b'{"customer_reference":"lists-%d"}' % k
        if self.kind == "tags" or k % 2 == 0:
            bulk = not self.bulk.get(i, is_bulk(i))
            self.bulk[i] = bulk
            return json.dumps({"tags": [team_tag(i), "bulk"] if bulk else [team_tag(i)]}).encode()
        return json.dumps({"connection_id": self.rng.choice(CONNECTIONS)[0]}).encode()

    def run(self) -> None:
        interval = 1 / self.rate
        self.started = time.monotonic()
        due = self.started
        k = 0
        try:
            while not self.stopping.is_set() and k < self.rate * 3600:
                wait = due - time.monotonic()
                if wait > 0 and self.stopping.wait(wait):
                    break
                i = self.rng.randrange(self.numbers)
                status, _, ms = self.client.request("PATCH", f"/v2/phone_numbers/{ID_BASE + i}", self.body(k, i))
                self.latencies.append(ms)
                self.statuses[status] += 1
                k += 1
                due = max(due + interval, time.monotonic() - interval)
        except Exception as e:  # noqa: BLE001 - reported with the results
            self.error = repr(e)
        finally:
            self.ended = time.monotonic()
            self.client.close()

    def finish(self) -> dict[str, Any]:
        self.stopping.set()
        self.join(REQUEST_TIMEOUT + 10)
        elapsed = max(1e-9, (self.ended or time.monotonic()) - self.started)
        ok = sum(n for s, n in self.statuses.items() if s == 200)
        return {
            "kind": self.kind,
            "target_per_s": self.rate,
            "achieved_per_s": round(ok / elapsed, 1),
            "writes": ok,
            "non_200": {str(s): n for s, n in self.statuses.items() if s != 200},
            "p50_ms": _pct(self.latencies, 50),
            "p99_ms": _pct(self.latencies, 99),
            "max_ms": round(max(self.latencies), 1) if self.latencies else None,
            "error": self.error,
        }


def walk(
    client: Client, path: str, seconds: float, stop: threading.Event | None = None, restart: bool = False
) -> dict[str, Any]:
    """Pages 1, 2, 3, ... of `path` until `seconds` pass, the last page, or `stop`; each page is
    checked against its own meta and against the walk's earlier pages."""
    latencies: list[float] = []
    totals: Counter[int] = Counter()
    problems: list[str] = []
    bad_pages = 0
    seen: set[str] = set()
    duplicates = items = 0
    error = None
    completed = False
    started = time.monotonic()
    number = 1
    walks = 1
    pages = 0
    while pages < MAX_WALK_PAGES and time.monotonic() - started < seconds and not (stop and stop.is_set()):
        status, body, ms = client.request("GET", _paged(path, number))
        latencies.append(ms)
        pages += 1
        if status != 200:
            error = f"page {number}: HTTP {status}: {body[:300].decode(errors='replace')}"
            break
        doc = _decode.decode(body)
        meta, data = doc["meta"], doc["data"]
        total = meta["total_results"]
        totals[total] += 1
        expected = max(0, min(PAGE_SIZE, total - (number - 1) * PAGE_SIZE))
        wrong = []
        if meta["page_number"] != number:
            wrong.append(f"page_number {meta['page_number']}")
        if meta["page_size"] != PAGE_SIZE:
            wrong.append(f"page_size {meta['page_size']}")
        if meta["total_pages"] != -(-total // PAGE_SIZE):
            wrong.append(f"total_pages {meta['total_pages']} for {total} results")
        if len(data) != expected:
            wrong.append(f"{len(data)} items where total_results {total} implies {expected}")
        if wrong:
            bad_pages += 1
            if len(problems) < 5:
                problems.append(f"page {number}: " + "; ".join(wrong))
        for item in data:
            key = item.get("id") or item.get("phone_number")
            if key in seen:
                duplicates += 1
            seen.add(key)
        items += len(data)
        if number >= meta["total_pages"] or not data:
            completed = True
            if not restart:
                break
            number, walks = 1, walks + 1
            seen.clear()
            continue
        number += 1
    elapsed = time.monotonic() - started
    return {
        "pages": pages,
        "items": items,
        "seconds": round(elapsed, 2),
        "pages_per_s": round(pages / elapsed, 2) if elapsed else None,
        "first_page_ms": round(latencies[0], 2) if latencies else None,
        "p50_ms": _pct(latencies, 50),
        "p99_ms": _pct(latencies, 99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "last_page": number,
        "completed": completed,
        "walks": walks,
        "totals_seen": len(totals),
        "total_first": next(iter(totals), None),
        "total_min": min(totals) if totals else None,
        "total_max": max(totals) if totals else None,
        "inconsistent_pages": bad_pages,
        "problems": problems,
        "duplicate_items": duplicates,
        "error": error,
    }


class Engine:
    def __init__(self, args: argparse.Namespace, seed: Seed, server: Process, workdir: Path) -> None:
        self.args, self.seed, self.server, self.workdir = args, seed, server, workdir
        self.client = Client(server.port, seed.api_key)

    def writer(self, kind: str) -> Writer:
        w = Writer(kind, self.server.port, self.seed.api_key, self.seed.numbers, self.args.write_rate)
        w.start()
        return w

    def walks(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for mode in self.args.modes:
            out[mode] = {}
            for name in self.args.lists:
                writer = self.writer(mode) if mode != "quiet" else None
                if writer:
                    time.sleep(0.5)  # the writer is under way before the first page
                meter = CpuMeter(self.server.process.pid)
                result = walk(self.client, LISTS[name], self.args.walk_seconds)
                result["cpu"] = meter.stop()
                if writer:
                    result["writer"] = writer.finish()
                out[mode][name] = result
                print("  " + _walk_line(mode, name, result), flush=True)
        return out

    def single(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        writer = self.writer("cref")
        time.sleep(0.5)
        try:
            for name, query in SINGLE.items():
                base = f"/v2/phone_numbers?{query}" if query else "/v2/phone_numbers"
                first: list[float] = []
                deep_ms: list[float] = []
                errors: list[str] = []
                deep = total = None
                started = time.monotonic()
                for rep in range(self.args.single_reps):
                    status, body, ms = self.client.request("GET", _paged(base, 1))
                    if status != 200:
                        errors.append(f"page 1: HTTP {status} {body[:200]!r}")
                        break
                    first.append(ms)
                    if deep is None:
                        total = int(_decode.decode(body)["meta"]["total_results"])
                        deep = max(1, min(DEEP_PAGE, -(-total // PAGE_SIZE)))
                    status, body, ms = self.client.request("GET", _paged(base, deep))
                    if status != 200:
                        errors.append(f"page {deep}: HTTP {status} {body[:200]!r}")
                        break
                    deep_ms.append(ms)
                    if time.monotonic() - started > self.args.single_seconds and rep >= 2:
                        break  # the per-query time cap (at least three repetitions)
                out[name] = {
                    "total_results": total,
                    "deep_page": deep,
                    "reps": len(deep_ms),
                    "page1_p50_ms": _pct(first, 50),
                    "page1_max_ms": round(max(first), 1) if first else None,
                    "deep_p50_ms": _pct(deep_ms, 50),
                    "deep_max_ms": round(max(deep_ms), 1) if deep_ms else None,
                    "errors": errors,
                }
                r = out[name]
                print(
                    f"  {name:<52} total {total if total is not None else '-':>9}  page 1 p50 {r['page1_p50_ms']} ms"
                    f"  page {deep} p50 {r['deep_p50_ms']} ms  ({r['reps']} reps)"
                    + (f"  ERRORS {errors}" if errors else ""),
                    flush=True,
                )
        finally:
            out["_writer"] = writer.finish()
        print(f"  writer: {_writer_text(out['_writer'])}")
        return out

    def sdk(self) -> dict[str, Any]:
        import telnyx

        client = telnyx.Telnyx(
            api_key=self.seed.api_key,
            base_url=f"http://127.0.0.1:{self.server.port}/v2",
            max_retries=0,
            timeout=REQUEST_TIMEOUT,
        )
        cap = self.args.sdk_seconds
        # Unmeasured: the SDK's first call imports its resource modules and builds its models.
        client.phone_numbers.list(filter={"tag": "bulk"}, page_size=1)
        started = time.monotonic()
        first = client.phone_numbers.list(filter={"tag": "bulk"}, page_size=PAGE_SIZE)
        first_ms = (time.monotonic() - started) * 1000
        total_pages = first.meta.total_pages if first.meta else None
        items = 0
        page_starts: list[float] = []
        capped = False
        for _ in first:  # what a user writes: the SDK fetches page n+1 when page n is used up
            if items % PAGE_SIZE == 0:
                page_starts.append(time.monotonic())
            items += 1
            if items % PAGE_SIZE == 0 and time.monotonic() - started > cap:
                capped = True
                break
        elapsed = time.monotonic() - started
        client.close()
        pages = -(-items // PAGE_SIZE)
        gaps = [(b - a) * 1000 for a, b in zip(page_starts, page_starts[1:], strict=False)]
        rate = pages / elapsed if elapsed else 0
        result = {
            "items": items,
            "pages": pages,
            "total_pages": total_pages,
            "seconds": round(elapsed, 1),
            "capped": capped,
            "pages_per_s": round(rate, 2),
            "items_per_s": round(items / elapsed) if elapsed else None,
            "first_page_ms": round(first_ms, 1),
            "page_p50_ms": _pct(gaps, 50),
            "page_p99_ms": _pct(gaps, 99),
            "projected_total_s": round(total_pages / rate, 1) if total_pages and rate else None,
        }
        print(f"  SDK walk filter[tag]=bulk: {result}", flush=True)
        return result

    def get(self) -> dict[str, Any]:
        count = min(SAMPLE_IDS, self.seed.numbers)
        step = self.seed.numbers // count
        ids = [self.seed.number_id(j * step + (j * 7) % step) for j in range(count)]
        script = self.workdir / "get.lua"
        script.write_text(get_script(self.seed.api_key, ids))
        log = self.workdir / "wrk.log"
        secs = self.args.get_seconds
        out: dict[str, Any] = {}
        run_wrk(script, self.server.port, 2)  # warm-up, unmeasured
        meter = CpuMeter(self.server.process.pid)
        out["alone"] = run_wrk(script, self.server.port, secs, log).as_dict() | {"cpu": meter.stop()}
        # The same while one client walks filter[tag]=bulk from page 1 (again from 1 at its end).
        stop = threading.Event()
        walked: dict[str, Any] = {}

        def walker() -> None:
            client = Client(self.server.port, self.seed.api_key)
            try:
                walked.update(walk(client, LISTS["tag_bulk"], secs + 30, stop=stop, restart=True))
            finally:
                client.close()

        thread = threading.Thread(target=walker, daemon=True)
        thread.start()
        time.sleep(1)  # past the walk's first (counting) page
        meter = CpuMeter(self.server.process.pid)
        out["with_walk"] = run_wrk(script, self.server.port, secs, log).as_dict() | {"cpu": meter.stop()}
        stop.set()
        thread.join(REQUEST_TIMEOUT + 10)
        out["walk"] = walked
        # The raw-ASGI reference with the body telconf returned, same script and wrk command.
        bodies = self.workdir / "bodies"
        bodies.mkdir(exist_ok=True)
        status, body, _ = self.client.request("GET", f"/v2/phone_numbers/{ids[0]}")
        (bodies / "get.json").write_bytes(body)
        reference = start_reference(bodies, self.workdir)
        try:
            run_wrk(script, reference.port, 2)
            meter = CpuMeter(reference.process.pid)
            out["reference"] = run_wrk(script, reference.port, secs, log).as_dict() | {"cpu": meter.stop()}
        finally:
            reference.stop()
        for name in ("alone", "with_walk", "reference"):
            r = out[name]
            print(f"  GET by id {name:<10} {r['rps']:>9.0f} req/s  p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms")
        print(f"  walk during GET: {walked.get('pages')} pages, {walked.get('pages_per_s')} pages/s, "
              f"p99 {walked.get('p99_ms')} ms")  # fmt: skip
        return out


def _writer_text(w: dict[str, Any] | None) -> str:
    if not w:
        return ""
    text = f"{w['kind']} {w['achieved_per_s']}/{w['target_per_s']:g} per s, p99 {w['p99_ms']} ms, max {w['max_ms']} ms"
    if w["non_200"] or w["error"]:
        text += f", non-200 {w['non_200']} {w['error'] or ''}"
    return text


def _walk_line(mode: str, name: str, r: dict[str, Any]) -> str:
    line = (
        f"{mode:<10} {name:<18} {r['pages']:>5} pages {r['pages_per_s']:>7} p/s  p50 {r['p50_ms']} ms"
        f"  p99 {r['p99_ms']} ms  first {r['first_page_ms']} ms  total {r['total_first']}"
        f"{' (end)' if r['completed'] else ''}"
    )
    if r["totals_seen"] > 1:
        line += f"  totals {r['total_min']}..{r['total_max']} ({r['totals_seen']} values)"
    if r["inconsistent_pages"] or r["duplicate_items"] or r["error"]:
        line += (
            f"  inconsistent pages {r['inconsistent_pages']}, duplicate items {r['duplicate_items']}"
            f" {r['problems']} {r['error'] or ''}"
        )
    if "writer" in r:
        line += f"  | writer {_writer_text(r['writer'])}"
    return line


# -- the inventory: loaded, or copied from a kept one -------------------------------------------


def _key(numbers: int) -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "src/telconf/store/schema.py", ROOT / "bench/seedgen.py"):
        digest.update(path.read_bytes())
    return f"{numbers}_{digest.hexdigest()[:8]}"


class Inventory:
    """The loaded database a run uses, and how it got there."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args, self.workdir = args, workdir
        self._seed: Seed | None = None

    def seed(self) -> Seed:
        if self._seed is None:
            path = self.workdir / f"seed-teams-{self.args.numbers}.json"
            started = time.perf_counter()
            self._seed = write_seed(path, self.args.numbers, profile="teams")
            print(f"seed: {self.args.numbers:,} numbers (teams), {path.stat().st_size / 1e6:.0f} MB, "
                  f"written in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
        return self._seed

    def prepare(self, engine: str, info: dict[str, Any]) -> str:
        key = _key(self.args.numbers)
        if engine == "sqlite":
            database = str(self.workdir / "lists.db")
            if not self.args.keep:
                info["load_seconds"] = round(load_seed(self.seed().path, database, self.workdir), 1)
                return database
            pristine = self.args.keep_dir / f"lists-{key}.db"
            if not (pristine.parent / (pristine.name + ".ok")).exists():
                self.args.keep_dir.mkdir(parents=True, exist_ok=True)
                for old in self.args.keep_dir.glob(pristine.name + "*"):
                    old.unlink()
                info["load_seconds"] = round(load_seed(self.seed().path, str(pristine), self.workdir), 1)
                with sqlite3.connect(pristine) as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                (pristine.parent / (pristine.name + ".ok")).write_text(datetime.now(UTC).isoformat())
            started = time.perf_counter()
            shutil.copyfile(pristine, database)
            info["kept"] = str(pristine)
            info["copy_seconds"] = round(time.perf_counter() - started, 1)
            return database
        admin = self.args.postgres_url
        base = admin.rsplit("/", 1)[0]
        name = f"{PG_PREFIX}{uuid.uuid4().hex[:10]}"
        if not self.args.keep:
            asyncio.run(_pg(admin, f"CREATE DATABASE {name}"))
            info["load_seconds"] = round(load_seed(self.seed().path, f"{base}/{name}", self.workdir), 1)
            return f"{base}/{name}"
        template = f"{PG_PREFIX}tpl_{key}"
        exists = asyncio.run(_pg(admin, f"SELECT 1 FROM pg_database WHERE datname = '{template}'"))
        if not exists:
            asyncio.run(_pg(admin, f"CREATE DATABASE {template}_loading"))
            try:
                info["load_seconds"] = round(load_seed(self.seed().path, f"{base}/{template}_loading", self.workdir), 1)
            except BaseException:
                asyncio.run(_pg(admin, f"DROP DATABASE IF EXISTS {template}_loading WITH (FORCE)"))
                raise
            asyncio.run(_pg(admin, f"ALTER DATABASE {template}_loading RENAME TO {template}"))
        started = time.perf_counter()
        asyncio.run(_pg(admin, f"CREATE DATABASE {name} TEMPLATE {template}"))
        info["kept"] = template
        info["copy_seconds"] = round(time.perf_counter() - started, 1)
        return f"{base}/{name}"

    def discard(self, engine: str, database: str) -> None:
        if engine == "sqlite":
            for path in Path(database).parent.glob(Path(database).name + "*"):
                path.unlink()
        else:
            name = database.rsplit("/", 1)[1]
            asyncio.run(_pg(self.args.postgres_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def drop_kept(args: argparse.Namespace) -> None:
    """Removes the kept inventory of this --numbers and this code (its key) only: the keep
    directory and the PostgreSQL server are shared, and other keys may be other people's."""
    key = _key(args.numbers)
    for path in args.keep_dir.glob(f"lists-{key}.db*"):
        print(f"removing {path}")
        path.unlink()
    others = sorted(p.name for p in args.keep_dir.glob("lists-*.db") if key not in p.name)

    async def templates() -> list[str]:
        import asyncpg

        conn = await asyncpg.connect(args.postgres_url)
        try:
            rows = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", f"{PG_PREFIX}tpl_%")
            return [r[0] for r in rows]
        finally:
            await conn.close()

    try:
        for name in asyncio.run(templates()):
            if name == f"{PG_PREFIX}tpl_{key}":
                print(f"dropping database {name}")
                asyncio.run(_pg(args.postgres_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                others.append(name)
    except OSError as e:
        print(f"PostgreSQL not reachable ({e}); no template dropped")
    if others:
        print(f"left alone (other --numbers, other code, or someone else's): {', '.join(others)}")


# -- the run -------------------------------------------------------------------------------------


def run_engine(engine: str, args: argparse.Namespace, inventory: Inventory, workdir: Path) -> dict[str, Any]:
    started = time.monotonic()
    out: dict[str, Any] = {}
    print(f"[{engine}] preparing {args.numbers:,} numbers ({'kept copy' if args.keep else 'fresh load'})", flush=True)
    database = inventory.prepare(engine, out)
    try:
        out["database_mb"] = database_mb(database)
        print(f"  ready: {json.dumps(out)}", flush=True)
        out["busy_before"] = wait_until_quiet(time.monotonic() + args.quiet_wait)
        server = start_telconf(database, workdir)
        try:
            seed = Seed(workdir / "unused", args.numbers, profile="teams")
            bench = Engine(args, seed, server, workdir)
            phases = {"walks": bench.walks, "single": bench.single, "sdk": bench.sdk, "get": bench.get}
            for name in args.scenarios:
                phase_started = time.monotonic()
                print(f"[{engine}] scenario {name}", flush=True)
                try:
                    out[name] = phases[name]()
                except Exception as e:  # noqa: BLE001 - one failed scenario does not lose the others
                    print(f"  scenario {name} failed: {e!r}", flush=True)
                    out[name] = {"failed": repr(e)}
                out.setdefault("scenario_seconds", {})[name] = round(time.monotonic() - phase_started, 1)
            bench.client.close()
            out["rss_mb"] = server.rss_mb()
        finally:
            server.stop()
    finally:
        inventory.discard(engine, database)
    out["seconds"] = round(time.monotonic() - started, 1)
    return out


def _csv(choices: tuple[str, ...] | list[str]) -> Any:
    def parse(text: str) -> list[str]:
        values = [v.strip() for v in text.split(",") if v.strip()]
        unknown = [v for v in values if v not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {unknown}; choose among {', '.join(choices)}")
        return values

    return parse


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.lists", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--numbers", type=int, default=1_000_000, help="phone numbers in the seed (default 1,000,000)")
    p.add_argument("--scenarios", type=_csv(SCENARIOS), default=list(SCENARIOS), help="any of: " + ", ".join(SCENARIOS))
    p.add_argument("--lists", type=_csv(tuple(LISTS)), default=list(LISTS), help="lists walked: " + ", ".join(LISTS))
    p.add_argument(
        "--modes",
        type=_csv(MODES),
        default=list(DEFAULT_MODES),
        help="walk modes: quiet, cref, membership (default), and tags (tags-only writer; not by default)",
    )
    p.add_argument("--walk-seconds", type=float, default=10, help="time budget of each walk (default 10)")
    p.add_argument("--write-rate", type=float, default=50, help="writer PATCHes per second (default 50)")
    p.add_argument("--single-reps", type=int, default=20, help="repetitions of each single page (default 20)")
    p.add_argument("--single-seconds", type=float, default=30, help="time cap per single-page query (default 30)")
    p.add_argument("--sdk-seconds", type=float, default=60, help="time cap of the SDK walk (default 60)")
    p.add_argument("--get-seconds", type=float, default=10, help="seconds per wrk GET-by-id run (default 10)")
    p.add_argument(
        "--postgres-url",
        default=os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="server where bench_lists_* databases are created and dropped",
    )
    p.add_argument("--keep", action="store_true", help="keep the loaded inventory and start later --keep runs from it")
    p.add_argument("--keep-dir", type=Path, default=Path(tempfile.gettempdir()) / "telconf-bench-lists",
                   help="where --keep keeps the SQLite file (default $TMPDIR/telconf-bench-lists)")  # fmt: skip
    p.add_argument("--drop-kept", action="store_true", help="remove what --keep kept, and exit")
    p.add_argument("--quiet-wait", type=float, default=120, help="seconds to wait per engine for an idle machine")
    p.add_argument("--workdir", type=Path, help="keep the seed, logs and scripts here (default: a temp dir, removed)")
    p.add_argument("--report", type=Path, help="print the tables of a saved result file, and exit")
    return p.parse_args()


def table(results: dict[str, Any]) -> str:
    out = []
    for engine, e in results["engines"].items():
        prep = f"load {e['load_seconds']} s" if "load_seconds" in e else ""
        if "copy_seconds" in e:
            prep += f"{', ' if prep else ''}copy of the kept inventory {e['copy_seconds']} s"
        out.append(f"\n## {engine}: {results['config']['numbers']:,} numbers ({prep}; run {e.get('seconds')} s)\n")
        walks = e.get("walks") or {}
        if walks and "failed" not in walks:
            modes = list(walks)
            out.append("Walks (page[size]=250, pages/s · p50 / p99 ms; `end` = walked to the last page):\n")
            out.append("| list | total | " + " | ".join(modes) + " | consistency |")
            out.append("|---|---:|" + "---:|" * len(modes) + "---|")
            names = list(walks[modes[0]])
            for name in names:
                cells, notes = [], []
                for mode in modes:
                    r = walks[mode].get(name)
                    if r is None:
                        cells.append("")
                        continue
                    cell = f"{r['pages_per_s']} · {r['p50_ms']} / {r['p99_ms']}"
                    if r["completed"]:
                        cell += " end"
                    if r["error"]:
                        cell += " ERROR"
                    cells.append(cell)
                    if r["inconsistent_pages"] or r["error"]:
                        notes.append(f"{mode}: {r['inconsistent_pages']} inconsistent pages {r['error'] or ''}")
                    if r["duplicate_items"]:
                        notes.append(f"{mode}: {r['duplicate_items']} items seen twice")
                    if r["totals_seen"] > 1:
                        notes.append(f"{mode}: total {r['total_min']}..{r['total_max']}")
                total = walks[modes[0]][name]["total_first"]
                out.append(f"| {name} | {total} | " + " | ".join(cells) + f" | {'; '.join(notes) or 'ok'} |")
            writers = [(mode, name, r["writer"]) for mode in modes for name, r in walks[mode].items() if "writer" in r]
            if writers:
                out.append("\nWriters during the walks (achieved / target per s, p99 ms, max ms):\n")
                out.append("| list | " + " | ".join(m for m in modes if m != "quiet") + " |")
                out.append("|---|" + "---:|" * len([m for m in modes if m != "quiet"]))
                for name in names:
                    cells = []
                    for mode in modes:
                        if mode == "quiet":
                            continue
                        w = walks[mode].get(name, {}).get("writer")
                        cells.append(
                            f"{w['achieved_per_s']}/{w['target_per_s']:g} · {w['p99_ms']} · {w['max_ms']}"
                            + (f" non-200 {w['non_200']}" if w["non_200"] else "")
                            if w
                            else ""
                        )
                    out.append(f"| {name} | " + " | ".join(cells) + " |")
        single = e.get("single") or {}
        if single and "failed" not in single:
            out.append("\nSingle pages while the customer_reference writer runs (p50 ms; max ms):\n")
            out.append("| query | total | page 1 | deep page | page deep |")
            out.append("|---|---:|---:|---:|---:|")
            for name, r in single.items():
                if name.startswith("_"):
                    continue
                err = " ERROR" if r["errors"] else ""
                out.append(
                    f"| {name} | {r['total_results']} | {r['page1_p50_ms']} ({r['page1_max_ms']}) | {r['deep_page']} |"
                    f" {r['deep_p50_ms']} ({r['deep_max_ms']}){err} |"
                )
            out.append(f"\nwriter: {_writer_text(single.get('_writer'))}")
        sdk = e.get("sdk") or {}
        if sdk and "failed" not in sdk:
            out.append(
                f"\nSDK `phone_numbers.list(filter={{'tag': 'bulk'}}, page_size=250)`: {sdk['items']:,} items, "
                f"{sdk['pages']} of {sdk['total_pages']} pages in {sdk['seconds']} s"
                f"{' (capped)' if sdk['capped'] else ''}; {sdk['pages_per_s']} pages/s, "
                f"page p50 {sdk['page_p50_ms']} ms, p99 {sdk['page_p99_ms']} ms; "
                f"projected whole walk {sdk['projected_total_s']} s"
            )
        get = e.get("get") or {}
        if get and "failed" not in get:
            ref = get["reference"]["rps"]
            out.append("\nGET by id (wrk -t2 -c32):\n")
            out.append("| run | req/s | p50 ms | p99 ms | / reference |")
            out.append("|---|---:|---:|---:|---:|")
            for name in ("alone", "with_walk", "reference"):
                r = get[name]
                out.append(f"| {name} | {r['rps']:,.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['rps'] / ref:.2f}× |")
            w = get["walk"]
            out.append(
                f"\nwalk during GET: {w.get('pages')} pages, {w.get('pages_per_s')} pages/s, "
                f"p50 {w.get('p50_ms')} ms, p99 {w.get('p99_ms')} ms"
            )
        for name in ("walks", "single", "sdk", "get"):
            if isinstance(e.get(name), dict) and "failed" in e[name]:
                out.append(f"\nscenario {name} FAILED: {e[name]['failed']}")
    return "\n".join(out)


def main() -> None:
    args = parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        print(report.machine_line(saved) + "\n" + table(saved))
        return
    if args.drop_kept:
        drop_kept(args)
        return
    if "get" in args.scenarios and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="telconf-bench-lists-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(args.postgres_url if args.engine != "sqlite" else None),
        "config": {
            "numbers": args.numbers,
            "seed_profile": "teams",
            "scenarios": args.scenarios,
            "lists": {name: LISTS[name] for name in args.lists},
            "modes": args.modes,
            "walk_seconds": args.walk_seconds,
            "write_rate": args.write_rate,
            "single_reps": args.single_reps,
            "single_seconds": args.single_seconds,
            "sdk_seconds": args.sdk_seconds,
            "get_seconds": args.get_seconds,
            "page_size": PAGE_SIZE,
            "keep": args.keep,
        },
        "engines": {},
    }
    inventory = Inventory(args, workdir)
    try:
        for engine in ("sqlite", "postgres") if args.engine == "both" else (args.engine,):
            results["engines"][engine] = run_engine(engine, args, inventory, workdir)
    finally:
        RESULTS.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        results["total_seconds"] = round(time.monotonic() - started, 1)
        if report.source() != results["machine"]["source"]:
            results["source_changed_during_run"] = report.source()
            print("warning: src/ changed during the run; the figures may mix two versions of the code")
        out = RESULTS / f"lists-{stamp}.json"
        out.write_text(json.dumps(results, indent=2) + "\n")
        if (workdir / "wrk.log").exists():
            shutil.copy(workdir / "wrk.log", RESULTS / f"lists-{stamp}.wrk.log")
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report.machine_line(results) + "\n" + table(results))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
