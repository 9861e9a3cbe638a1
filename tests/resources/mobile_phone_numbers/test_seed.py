"""Mobile numbers in seed files: defaults filled in, bad records refused naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import telnyx

from ...support import Server
from .records import mobile


def run_seed(server: Server, tmp_path: Path, org: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"organizations": [org]}))
    return subprocess.run(
        [sys.executable, "-m", "telconf", "seed", str(path), "--database", server.database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone_number": "3125550100"}, "mobile_phone_numbers[1].phone_number"),
        ({"id": "12a"}, "mobile_phone_numbers[1].id"),
        ({"sim_card_id": "not-a-uuid"}, "mobile_phone_numbers[1].sim_card_id"),
        ({"noise_suppression": True}, "mobile_phone_numbers[1].noise_suppression"),
        ({"inbound_call_screening": "block"}, "mobile_phone_numbers[1].inbound_call_screening"),
        ({"mobile_voice_enabled": "yes"}, "mobile_phone_numbers[1].mobile_voice_enabled"),
        (
            {"call_forwarding": {"forwarding_type": "on_failure"}},
            "mobile_phone_numbers[1].call_forwarding.forwarding_type",
        ),
        ({"call_recording": {"inbound_call_recording_format": "ogg"}}, "call_recording.inbound_call_recording_format"),
        ({"inbound": {"interception_app_id": 5}}, "mobile_phone_numbers[1].inbound.interception_app_id"),
        ({"tags": "x"}, "mobile_phone_numbers[1].tags"),
        ({"messaging_product": "X2Y"}, "mobile_phone_numbers[1].messaging_product"),
        ({"created_at": "last week"}, "mobile_phone_numbers[1].created_at"),
        ({"colour": "red"}, "colour"),
        ({"phone_number": "+99912345"}, "mobile_phone_numbers[1].country_iso_alpha2"),
        ({"phone_number": "DUPLICATE"}, "mobile_phone_numbers[1]"),
    ],
)
def test_a_bad_record_is_refused_naming_the_field(
    server: Server, tmp_path: Path, fields: dict[str, Any], message: str
) -> None:
    name = f"mobile-refused-{uuid.uuid4().hex[:8]}"
    first = mobile()
    if fields.get("phone_number") == "DUPLICATE":
        fields = {"phone_number": first["phone_number"]}
    org = {"name": name, "api_keys": [{"key": f"KEY-{name}"}], "mobile_phone_numbers": [first, mobile(**fields)]}
    result = run_seed(server, tmp_path, org)
    assert result.returncode == 1
    assert message in result.stderr and "nothing was loaded" in result.stderr
    with pytest.raises(telnyx.AuthenticationError):
        server.client(f"KEY-{name}").mobile_phone_numbers.list()


def test_ids_and_sim_cards_are_generated_when_left_out(server: Server, tmp_path: Path) -> None:
    name = f"mobile-generated-{uuid.uuid4().hex[:8]}"
    records = [{"phone_number": mobile()["phone_number"]} for _ in range(2)]
    result = run_seed(
        server, tmp_path, {"name": name, "api_keys": [{"key": f"KEY-{name}"}], "mobile_phone_numbers": records}
    )
    assert result.returncode == 0, result.stderr
    listed = list(server.client(f"KEY-{name}").mobile_phone_numbers.list())
    assert sorted(n.phone_number or "" for n in listed) == sorted(r["phone_number"] for r in records)
    for number in listed:
        assert number.id is not None and number.id.isdigit()
        assert number.sim_card_id is not None and uuid.UUID(number.sim_card_id)
        assert number.status == "active" and number.noise_suppression == "disabled"
    assert len({n.sim_card_id for n in listed}) == 2
