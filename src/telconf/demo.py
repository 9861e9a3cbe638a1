"""The built-in demo inventory: one organisation holding the ids the seed documents' examples use."""

from __future__ import annotations

from typing import Any

from .ids import seeded

DEMO_KEY = "KEYTELCONFDEMO00000000000000000000"
DEMO_ORG = "telconf-demo"
PHONE_NUMBER_ID = "1293384261075731499"
PROFILE_ID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
ADDRESS_ID = "53829456729313"
BUNDLE_ID = "5194d8fc-87e6-4188-baa9-1c434bbe861b"

_TYPES = ("local", "local", "local", "toll_free", "national", "mobile")
_STATUSES = ("active",) * 8 + ("port-pending", "purchase-pending")
_TAGS = ("support", "sales", "marketing", "test", "west", "east")


FIRST_NUMBER: dict[str, Any] = {
    "id": PHONE_NUMBER_ID,
    "phone_number": "+19705555098",
    "status": "active",
    "phone_number_type": "local",
    "tags": ["support", "west"],
    "connection_id": "1494404757140276705",
    "connection_name": "demo-sip-connection",
    "customer_reference": "demo-customer",
    "messaging_profile_id": PROFILE_ID,
    "emergency_address_id": ADDRESS_ID,
    "emergency_enabled": True,
    "emergency_status": "active",
    "created_at": "2019-10-23T18:10:00.000Z",
    "purchased_at": "2019-10-23T18:10:00.000Z",
}


def _numbers(count: int) -> list[dict[str, Any]]:
    """The number the examples use, then `count - 1` varied ones, the same on every start."""
    rng = seeded(20261125)
    numbers: list[dict[str, Any]] = [dict(FIRST_NUMBER)]
    for i in range(1, count):
        kind = rng.choice(_TYPES)
        prefix = "+1888" if kind == "toll_free" else "+1" + str(rng.choice((312, 415, 646, 720, 970)))
        month, day = 1 + i % 12, 1 + i % 28
        numbers.append(
            {
                "phone_number": f"{prefix}555{i:04d}",
                "status": rng.choice(_STATUSES),
                "phone_number_type": kind,
                "tags": rng.sample(_TAGS, rng.randint(0, 2)),
                "connection_id": rng.choice((None, "1494404757140276705", "1494404757140276706")),
                "customer_reference": rng.choice((None, "acme", "globex")),
                "source_type": rng.choice(("number_order", "port_request")),
                "usage_payment_method": rng.choice(("pay-per-minute", "channel")),
                "messaging_profile_id": PROFILE_ID if i % 3 == 0 else None,
                "created_at": f"2024-{month:02d}-{day:02d}T12:{i % 60:02d}:00.000Z",
                "purchased_at": f"2024-{month:02d}-{day:02d}T12:{i % 60:02d}:00.000Z",
            }
        )
    for n in numbers[1:]:
        if n["connection_id"]:
            n["connection_name"] = "demo-sip-connection" if n["connection_id"].endswith("5") else "demo-fax"
    return numbers


def demo_seed(count: int = 300) -> dict[str, Any]:
    numbers = _numbers(count)
    return {
        "organizations": [
            {
                "name": DEMO_ORG,
                "api_keys": [{"key": DEMO_KEY, "scope": "read_write"}],
                "messaging_profiles": [
                    {"id": PROFILE_ID, "name": "Demo messaging profile", "whitelisted_destinations": ["US", "CA"]}
                ],
                "short_codes": [{"id": PROFILE_ID, "short_code": "24772", "messaging_profile_id": PROFILE_ID}],
                "addresses": [
                    {
                        "id": ADDRESS_ID,
                        "street_address": "311 W Superior St",
                        "locality": "Chicago",
                        "administrative_area": "IL",
                        "postal_code": "60654",
                        "country_code": "US",
                    }
                ],
                "bundles": [{"id": BUNDLE_ID, "name": "Demo regulatory bundle"}],
                "mobile_phone_numbers": [
                    {"phone_number": f"+1312555{9000 + i:04d}", "tags": ["mobile"]} for i in range(5)
                ],
                "phone_numbers": numbers,
            }
        ]
    }
