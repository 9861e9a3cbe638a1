"""Lock stress on one server: job creation, bulk updates (phone-number jobs and messaging bulk
updates) and PATCHes of the same numbers, all at once, for a while; then every job must finish.
Counts answers by status; any 5xx, any deadlock or failed runner step in the server's log, or a
job left unfinished is a failure.

    .venv/bin/python -m bench.stress_locks --database postgresql://postgres@127.0.0.1:5432/postgres --seconds 60

`run_stress` is also what tests/jobs/test_lock_stress.py runs for a few seconds."""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.servers import create_pg_database, drop_pg_database, start_telconf

PROFILE = "44444444-0000-4000-8000-000000000001"


@dataclass
class StressOrg:
    key: str
    number_ids: list[str]
    numbers: list[str]
    profile_id: str


@dataclass
class StressResult:
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    by_kind: dict[str, collections.Counter[int]] = field(default_factory=dict)
    jobs: list[tuple[str, str]] = field(default_factory=list)  # (key, job id)
    server_errors: list[str] = field(default_factory=list)

    def count(self, kind: str, response: httpx.Response) -> None:
        self.statuses[response.status_code] += 1
        self.by_kind.setdefault(kind, collections.Counter())[response.status_code] += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{kind}: {response.status_code} {response.text[:300]}")


def stress_seed(orgs: int = 2, numbers: int = 300) -> tuple[dict[str, Any], list[StressOrg]]:
    made, records = [], []
    for o in range(orgs):
        tag = uuid.uuid4().hex[:8]
        key = f"KEYSTRESS{tag}{uuid.uuid4().hex}"
        base = random.randrange(10**6) * 10_000
        ids = [str(6 * 10**18 + base + i) for i in range(numbers)]
        e164 = [f"+1{3_000_000_000 + base + i}" for i in range(numbers)]
        profile_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
        records.append({
            "name": f"stress-{o}-{tag}", "api_keys": [{"key": key}],
            "messaging_profiles": [{"id": profile_id, "name": f"stress {tag}", "whitelisted_destinations": ["US"]}],
            "phone_numbers": [{"id": i, "phone_number": n} for i, n in zip(ids, e164, strict=True)],
        })  # fmt: skip
        made.append(StressOrg(key, ids, e164, profile_id))
    return {"organizations": records}, made


async def _writer(http: httpx.AsyncClient, org: StressOrg, until: float, result: StressResult, seed: int) -> None:
    pick = random.Random(seed)
    headers = {"Authorization": f"Bearer {org.key}"}
    while time.monotonic() < until:
        roll = pick.random()
        chosen = pick.sample(org.number_ids, pick.randint(1, 60))
        if roll < 0.2:
            kind = "create update job"
            body: dict[str, Any] = {"phone_numbers": chosen, "tags": [f"t{pick.randrange(5)}"],
                                    "customer_reference": f"r{pick.randrange(5)}"}  # fmt: skip
            response = await http.post("/phone_numbers/jobs/update_phone_numbers", json=body, headers=headers)
        elif roll < 0.3:
            kind = "create emergency job"
            body = {"phone_numbers": chosen, "emergency_enabled": False}
            response = await http.post("/phone_numbers/jobs/update_emergency_settings", json=body, headers=headers)
        elif roll < 0.4:
            kind = "create bulk update"
            numbers = [org.numbers[org.number_ids.index(i)] for i in chosen]
            body = {"messaging_profile_id": org.profile_id if pick.random() < 0.5 else "", "numbers": numbers}
            response = await http.post("/messaging_numbers_bulk_updates", json=body, headers=headers)
        elif roll < 0.8:
            kind = "PATCH number"
            body = {"tags": [f"p{pick.randrange(9)}"], "customer_reference": f"c{pick.randrange(9)}"}
            response = await http.patch(f"/phone_numbers/{chosen[0]}", json=body, headers=headers)
        elif roll < 0.9:
            kind = "PATCH messaging"
            body = {"messaging_profile_id": org.profile_id if pick.random() < 0.5 else ""}
            response = await http.patch(f"/phone_numbers/{chosen[0]}/messaging", json=body, headers=headers)
        else:
            kind = "PATCH voice"
            body = {"call_forwarding": {"call_forwarding_enabled": pick.random() < 0.5}}
            response = await http.patch(f"/phone_numbers/{chosen[0]}/voice", json=body, headers=headers)
        result.count(kind, response)
        if response.status_code in (200, 202) and kind.startswith("create"):
            result.jobs.append((org.key, response.json()["data"].get("id") or response.json()["data"]["order_id"]))


async def _unfinished(http: httpx.AsyncClient, result: StressResult, timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    pending = list(result.jobs)
    while pending and time.monotonic() < deadline:
        still = []
        for key, job_id in pending:
            headers = {"Authorization": f"Bearer {key}"}
            response = await http.get(f"/phone_numbers/jobs/{job_id}", headers=headers)
            if response.status_code == 404:  # a messaging bulk update
                response = await http.get(f"/messaging_numbers_bulk_updates/{job_id}", headers=headers)
                done = response.status_code == 200 and not response.json()["data"].get("pending")
            else:
                done = response.json()["data"]["status"] in ("completed", "failed")
            if not done:
                still.append((key, job_id))
        pending = still
        if pending:
            await asyncio.sleep(0.5)
    return [job_id for _, job_id in pending]


async def run_stress(
    base_url: str, orgs: list[StressOrg], seconds: float, writers: int = 8
) -> tuple[StressResult, list[str]]:
    """Writers per organisation hammer it for `seconds`; returns the answers and the jobs that did
    not finish within a minute after."""
    result = StressResult()
    until = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        await asyncio.gather(*(_writer(http, org, until, result, i * 100 + w)
                               for i, org in enumerate(orgs) for w in range(writers)))  # fmt: skip
        unfinished = await _unfinished(http, result, 60)
    return result, unfinished


def log_problems(log: str) -> list[str]:
    """Lines of a server log that show a lock problem surfacing."""
    return [line for line in log.splitlines()
            if "deadlock" in line.lower() or "job runner step failed" in line or "unhandled error" in line]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL server URL (a database is made on it)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers per organisation")
    args = parser.parse_args()
    url = create_pg_database(args.database)
    workdir = Path(tempfile.mkdtemp(prefix="telconf-stress-"))
    try:
        seed, orgs = stress_seed()
        seed_file = workdir / "seed.json"
        import json

        seed_file.write_text(json.dumps(seed))
        from bench.servers import load_seed

        load_seed(seed_file, url, workdir)
        server = start_telconf(url, workdir)
        try:
            result, unfinished = asyncio.run(
                run_stress(f"http://127.0.0.1:{server.port}/v2", orgs, args.seconds, args.writers)
            )
        finally:
            server.stop()
        problems = log_problems(server.log.read_text())
        total = sum(result.statuses.values())
        print(f"{total} requests in {args.seconds:g} s: {dict(sorted(result.statuses.items()))}")
        for kind, counts in sorted(result.by_kind.items()):
            print(f"  {kind}: {dict(sorted(counts.items()))}")
        print(f"jobs created: {len(result.jobs)}; unfinished a minute after: {len(unfinished)}")
        print(f"5xx: {len(result.server_errors)}; lock problems in the log: {len(problems)}")
        for line in (result.server_errors + problems)[:20]:
            print("  " + line)
    finally:
        drop_pg_database(args.database, url)


if __name__ == "__main__":
    main()
