"""A large, varied seed for one organisation, written record by record so it is never held whole.

Values are derived from the record's index with a fixed-seed RNG, so every run loads the same
inventory and the bench knows ids, statuses and the share of numbers each filter matches.

Profiles: "default" gives each number 0-3 of 8 tags (bench.run, bench.jobs). "teams" (bench.lists)
gives each number one of 50 team tags, `team-00` ... `team-49`, and 60% of them the tag `bulk` as
well; both are pure functions of the index (`team_tag`, `is_bulk`), so a writer can know a number's
tags without asking. Every other field is the same in both profiles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec

ORG_NAME = "bench"
API_KEY = "KEYBENCH0000000000000000000000000001"
ID_BASE = 1_293_384_261_000_000_000  # numbers get ID_BASE + index: any id can be named without a lookup
PROFILES = [
    {"id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", "name": "Support"},
    {"id": "4d1c9d3e-2f0a-4c55-9a35-5d5b1d0f7a11", "name": "Marketing"},
]
# (value, weight): about 60% of numbers are active, so filter[status]=active lists ~600k rows.
STATUSES = [("active", 60), ("port-pending", 10), ("purchase-pending", 10), ("emergency-only", 8), ("deleted", 12)]
TYPES = [("local", 70), ("toll_free", 20), ("mobile", 10)]
TAGS = ["support", "sales", "billing", "ops", "marketing", "vip", "east", "west"]
CONNECTIONS = [(str(1_494_404_757_140_276_000 + i), f"trunk-{i:02d}") for i in range(20)]
START = datetime(2023, 1, 1, tzinfo=UTC)
PROFILES_NAMES = ("default", "teams")
TEAMS = 50
BULK_PERCENT = 60


def _mix(i: int, salt: int) -> int:
    """A cheap 64-bit mix of the index (splitmix64's finaliser), so team and bulk do not follow
    the index's other periodic fields (country every 10th, connection every 20th, ...)."""
    x = (i + salt * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def team_tag(i: int) -> str:
    """The "teams" profile's team tag of number `i`."""
    return f"team-{_mix(i, 1) % TEAMS:02d}"


def is_bulk(i: int) -> bool:
    """Whether number `i` carries the tag `bulk` in the "teams" profile (60% do)."""
    return _mix(i, 2) % 100 < BULK_PERCENT


def team_tags(i: int) -> list[str]:
    return [team_tag(i), "bulk"] if is_bulk(i) else [team_tag(i)]


@dataclass(frozen=True)
class Seed:
    path: Path
    numbers: int
    api_key: str = API_KEY
    profile: str = "default"

    def number_id(self, index: int) -> str:
        return str(ID_BASE + index)


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> list[str]:
    """A 100-slot lookup list; indexing it with a random slot is much cheaper than rng.choices."""
    slots = [value for value, weight in table for _ in range(weight)]
    assert len(slots) == 100
    rng.shuffle(slots)
    return slots


def _record(
    i: int, rng: random.Random, statuses: list[str], types: list[str], profile: str = "default"
) -> dict[str, object]:
    # 90% US numbers, 10% GB, so country filters match a known share too.
    number = f"+1{3_120_000_000 + i}" if i % 10 else f"+44{2_070_000_000 + i}"
    connection_id, connection_name = CONNECTIONS[i % len(CONNECTIONS)]
    created = START + timedelta(seconds=37 * i)
    record: dict[str, object] = {
        "id": str(ID_BASE + i),
        "phone_number": number,
        "status": statuses[rng.randrange(100)],
        "phone_number_type": types[rng.randrange(100)],
        "tags": rng.sample(TAGS, rng.randrange(4)),  # drawn in every profile: the RNG stream stays the same
        "connection_id": connection_id,
        "connection_name": connection_name,
        "customer_reference": f"cust-{i % 1000:04d}",
        "created_at": created.isoformat().replace("+00:00", "Z"),
    }
    if profile == "teams":
        record["tags"] = team_tags(i)
    if i % 3 == 0:
        record["messaging_profile_id"] = PROFILES[i % 2]["id"]
    if i % 4 == 0:
        record["billing_group_id"] = f"bg-{i % 7}"
    return record


def write_seed(path: Path, numbers: int, profile: str = "default") -> Seed:
    """Writes the seed to `path` as a stream of encoded records (constant memory)."""
    if profile not in PROFILES_NAMES:
        raise ValueError(f"unknown seed profile {profile!r}; one of {PROFILES_NAMES}")
    rng = random.Random(42)
    statuses, types = _weighted(rng, STATUSES), _weighted(rng, TYPES)
    encode = msgspec.json.Encoder().encode
    head = {"name": ORG_NAME, "api_keys": [{"key": API_KEY}], "messaging_profiles": PROFILES}
    with path.open("wb", buffering=1 << 20) as out:
        # The org object minus its closing brace, then the phone_numbers array appended to it.
        out.write(b'{"organizations":[' + encode(head)[:-1] + b',"phone_numbers":[\n')
        for i in range(numbers):
            if i:
                out.write(b",\n")
            out.write(encode(_record(i, rng, statuses, types, profile)))
        out.write(b"\n]}]}\n")
    return Seed(path, numbers, profile=profile)
