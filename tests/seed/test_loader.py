"""Seed loading: defaults, refusals that name the record and field, all-or-nothing."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import telnyx

from ..support import Server


def seed_file(tmp_path: Path, org: dict[str, Any]) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"organizations": [org]}))
    return path


def run_seed(server: Server, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "telconf", "seed", str(path), "--database", server.database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


def base_org(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "api_keys": [{"key": f"KEY-{name}"}], **extra}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"phone_number": "+13125550100", "status": "sleeping"}], "phone_numbers[0].status"),
        ([{"phone_number": "3125550100"}], "phone_numbers[0].phone_number"),
        ([{"phone_number": "+13125550100"}, {"phone_number": "+13125550101", "tags": "x"}], "phone_numbers[1].tags"),
        ([{"phone_number": "+13125550100", "colour": "red"}], "colour"),
        ([{"phone_number": "+13125550100", "id": "12a"}], "phone_numbers[0].id"),
        ([{"phone_number": "+13125550100", "id": "9999999999999999999"}], "phone_numbers[0].id"),  # > int64
        ([{"phone_number": "+13125550100"}, {"phone_number": "+13125550100"}], "phone_numbers[1]"),
        ([{"phone_number": "+13125550100", "messaging_profile_id": "nope"}], "messaging_profile_id"),
        ([{"phone_number": "+13125550100", "emergency_address_id": "12"}], "emergency_address_id"),
        ([{"phone_number": "+99912345"}], "country_iso_alpha2"),
        ([{"phone_number": "+13125550100", "created_at": "yesterday"}], "phone_numbers[0].created_at"),
        ([{"phone_number": "+13125550100", "purchased_at": "2024-01-02T03:04:05"}], "phone_numbers[0].purchased_at"),
        (
            [{"phone_number": "+18885550100", "phone_number_type": "toll_free", "messaging_product": "P2P"}],
            "phone_numbers[0].messaging_product",
        ),
        (
            [{"phone_number": "+13125550100", "call_forwarding": {"forwarding_type": "later"}}],
            "phone_numbers[0].call_forwarding.forwarding_type",
        ),
    ],
)
def test_bad_seed_is_refused_and_nothing_is_loaded(
    server: Server, tmp_path: Path, records: list[dict[str, Any]], message: str
) -> None:
    name = f"refused-{tmp_path.name}"
    path = seed_file(tmp_path, base_org(name, phone_numbers=records))
    result = run_seed(server, path)
    assert result.returncode == 1
    assert message in result.stderr and "nothing was loaded" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing of it is there: its key does not work, and the same seed once mended loads whole.
    with pytest.raises(telnyx.AuthenticationError):
        server.client(f"KEY-{name}").phone_numbers.list()
    mended = [{"phone_number": f"+1415{random.randrange(10**6, 10**7)}"}]
    ok = run_seed(server, seed_file(tmp_path, base_org(name, phone_numbers=mended)))
    assert ok.returncode == 0, ok.stderr
    assert [n.phone_number for n in server.client(f"KEY-{name}").phone_numbers.list()] == [mended[0]["phone_number"]]


def test_seed_loads_every_collection_and_resolves_references(server: Server, tmp_path: Path) -> None:
    name = f"full-{tmp_path.name}"
    profile = "c0ffee00-0000-4000-8000-0000000000aa"
    org = base_org(
        name,
        messaging_profiles=[{"id": profile, "name": "Support profile"}],
        addresses=[{"id": "777000111", "street_address": "1 Main"}],
        bundles=[{"name": "b"}],
        short_codes=[{"short_code": "24772", "messaging_profile_id": profile}],
        mobile_phone_numbers=[{"phone_number": f"+1720{random.randrange(10**6, 10**7)}"}],
        phone_numbers=[
            {
                "phone_number": f"+1646{random.randrange(10**6, 10**7)}",
                "messaging_profile_id": profile,
                "emergency_address_id": "777000111",
                "status": "port-pending",
            }
        ],
    )
    result = run_seed(server, seed_file(tmp_path, org))
    assert result.returncode == 0, result.stderr
    client = server.client(f"KEY-{name}")
    [number] = list(client.phone_numbers.list())
    assert number.messaging_profile_id == profile
    assert number.messaging_profile_name == "Support profile"
    assert number.emergency_address_id == "777000111"
    assert number.status == "port-pending" and number.activated_at is None
    assert number.id.isdigit()


def test_existing_organisation_name_is_refused(server: Server, tmp_path: Path) -> None:
    name = f"twice-{tmp_path.name}"
    assert run_seed(server, seed_file(tmp_path, base_org(name))).returncode == 0
    again = run_seed(server, seed_file(tmp_path, {"name": name, "api_keys": [{"key": "KEY-other-one-0000000000"}]}))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_invalid_json_is_refused(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"organizations": [{"name": "x",')
    result = run_seed(server, path)
    assert result.returncode == 1 and "not valid JSON" in result.stderr


def test_mobile_number_profile_must_exist(server: Server, tmp_path: Path) -> None:
    name = f"mobile-ref-{tmp_path.name}"
    mobile = {"phone_number": f"+1720{random.randrange(10**6, 10**7)}", "messaging_profile_id": str(uuid.uuid4())}
    result = run_seed(server, seed_file(tmp_path, base_org(name, mobile_phone_numbers=[mobile])))
    assert result.returncode == 1
    assert "mobile_phone_numbers" in result.stderr and "messaging_profile_id" in result.stderr


def test_timestamps_are_normalised_to_telnyx_format(server: Server, tmp_path: Path) -> None:
    name = f"times-{tmp_path.name}"
    number = {"phone_number": f"+1646{random.randrange(10**6, 10**7)}", "created_at": "2024-01-02T03:04:05+02:00",
              "updated_at": "2024-01-02T01:04:05.5Z"}  # fmt: skip
    assert run_seed(server, seed_file(tmp_path, base_org(name, phone_numbers=[number]))).returncode == 0
    client = server.client(f"KEY-{name}")
    [loaded] = list(client.phone_numbers.list())
    raw = client.phone_numbers.with_raw_response.retrieve(loaded.id).http_response.json()["data"]
    assert raw["created_at"] == "2024-01-02T01:04:05.000Z"
    assert loaded.updated_at == "2024-01-02T01:04:05.500Z"
    assert loaded.purchased_at == "2024-01-02T01:04:05.000Z"


def test_one_run_names_every_problem_in_words(server: Server, tmp_path: Path) -> None:
    name = f"many-problems-{uuid.uuid4().hex}"
    records = [
        {"phone_number": "+13125550100", "status": "sleeping"},
        {"phone_number": "3125550100"},
        {"phone_number": "+13125550102", "call_forwarding": {"forwarding_type": "later"}},
        {"phone_number": "+13125550103"},
    ]
    result = run_seed(server, seed_file(tmp_path, base_org(name, phone_numbers=records)))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and lines[0].endswith("the seed has 3 problems:")
    assert lines[1].startswith("  organizations[0].phone_numbers[0].status: Invalid enum value 'sleeping' (expected")
    assert "purchase-pending" in lines[1] and "active" in lines[1]
    assert lines[2] == (
        "  organizations[0].phone_numbers[1].phone_number: must be an E.164 number: '+' and 2 to 15 digits, "
        "the first not 0 (e.g. +13125550100)"
    )
    assert lines[3].startswith("  organizations[0].phone_numbers[2].call_forwarding.forwarding_type: Invalid enum")
    assert "always, on-failure" in lines[3]
    with pytest.raises(telnyx.AuthenticationError):  # all or nothing: not even the valid record's organisation
        server.client(f"KEY-{name}").phone_numbers.list()


def test_problems_stop_at_fifty(server: Server, tmp_path: Path) -> None:
    records = [{"phone_number": f"31255501{i:02d}"} for i in range(80)]
    org = base_org(f"lots-of-problems-{uuid.uuid4().hex}", phone_numbers=records)
    result = run_seed(server, seed_file(tmp_path, org))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith("the seed has 50 problems (stopped after 50):")
    assert len(result.stderr.splitlines()) == 51


def test_a_json_syntax_error_names_its_line_and_column(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"organizations": [\n  {"name": "x",\n   "api_keys": [}\n]}')
    result = run_seed(server, path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("is not valid JSON: invalid JSON: Expecting value at line 3, column 17")
