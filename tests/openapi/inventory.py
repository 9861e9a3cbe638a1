"""The organisation the ring runs as: a few records of every kind, and the document widened so
generated requests use their real ids as well as arbitrary ones (else nearly every GET by id
would be a 404, and the record schemas would go unchecked)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from telconf.api import openapi_document
from telconf.store.webhooks import delivery_id

from ..resources.messaging_profiles.records import profile, short_code
from ..resources.mobile_phone_numbers.records import mobile
from ..support import Orgs, Server
from ..webhooks.live import queue

Schema = dict[str, Any]


@dataclass(frozen=True)
class Inventory:
    key: str
    numbers: list[str]  # phone-number ids; the first is deletion-locked
    numbers_e164: list[str]
    sacrificial_number: str  # the one number a generated DELETE may really delete
    used_profile: str  # numbers use it, so DELETE is refused
    unused_profile: str
    short_codes: list[str]
    mobile_numbers: list[str]
    jobs: list[str]
    orders: list[str]
    csv_downloads: list[str]
    messages: list[str]
    address: str
    bundle: str
    autoresp_configs: list[str]  # of used_profile
    webhook_deliveries: list[str]


def make_inventory(server: Server, orgs: Orgs) -> Inventory:
    used, unused = profile("Ring used"), profile("Ring unused", whitelisted_destinations=["*"])
    used["alpha_sender"] = "Ring"  # so its sender-id list has an item to check
    codes = [short_code(messaging_profile_id=used["id"], tags=["ring"]), short_code()]
    mobiles = [mobile(messaging_profile_id=used["id"], tags=["ring"]), mobile(messaging_product="A2P")]
    address, bundle = str(10**13 + uuid.uuid4().int % 10**13), str(uuid.uuid4())
    org = orgs.make(
        [
            {"deletion_lock_enabled": True, "tags": ["ring"], "messaging_profile_id": used["id"]},
            {"phone_number_type": "toll_free", "messaging_profile_id": used["id"], "bundle_id": bundle},
            {"phone_number_type": "tollfree", "emergency_address_id": address, "emergency_enabled": True,
             "emergency_status": "active", "connection_id": "1494404757140276705", "connection_name": "trunk"},
            {"status": "port-pending", "messaging_product": "P2P",
             "cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "RING TEST"}},
            {"phone_number_type": "shortcode", "source_type": None},
            {},  # sacrificial
        ],
        messaging_profiles=[used, unused],
        short_codes=codes,
        mobile_phone_numbers=mobiles,
        addresses=[{"id": address}],
        bundles=[{"id": bundle, "name": "ring"}],
    )  # fmt: skip
    numbers = [n["id"] for n in org.numbers]
    e164 = [n["phone_number"] for n in org.numbers]
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {org.key}"}) as client:
        job = client.post(
            "/phone_numbers/jobs/update_phone_numbers", json={"phone_numbers": numbers[1:3], "tags": ["a"]}
        )
        order = client.post(
            "/messaging_numbers_bulk_updates", json={"messaging_profile_id": used["id"], "numbers": e164[2:4]}
        )
        voicemail = client.post(
            f"/phone_numbers/{numbers[1]}/voicemail", json={"pin": "1234", "greeting": {"media_name": "ring.mp3"}}
        )
        download = client.post("/phone_numbers/csv_downloads", params={"filter[tag]": "ring"})
        autoresp = client.post(
            f"/messaging_profiles/{used['id']}/autoresp_configs",
            json={"country_code": "US", "keywords": ["RING"], "op": "info", "resp_text": "ring"},
        )
        message = client.post("/messages", json={"from": e164[0], "to": "+13125550147", "text": "ring"})
    assert job.status_code == 202 and order.status_code == 200, (job.text, order.text)
    assert voicemail.status_code == 200, voicemail.text
    assert download.status_code == 200, download.text
    assert autoresp.status_code == 200, autoresp.text
    assert message.status_code == 200, message.text
    # Delivered to a port that refuses: each gets attempts (failed ones) while it stays pending.
    events = queue(server.database_url, org.name, ["http://127.0.0.1:9/ring"], ["message.sent", "message.finalized"])
    return Inventory(
        key=org.key,
        numbers=numbers[:-1],
        numbers_e164=e164[:-1],
        sacrificial_number=numbers[-1],
        used_profile=used["id"],
        unused_profile=unused["id"],
        short_codes=[c["id"] for c in codes],
        mobile_numbers=[m["id"] for m in mobiles],
        jobs=[job.json()["data"]["id"]],
        orders=[order.json()["data"]["order_id"]],
        csv_downloads=[download.json()["data"][0]["id"]],
        messages=[message.json()["data"]["id"]],
        address=address,
        bundle=bundle,
        autoresp_configs=[autoresp.json()["data"]["id"]],
        webhook_deliveries=[delivery_id(e.id) for e in events],
    )


def path_ids(inventory: Inventory, path: str, method: str) -> list[str]:
    """The real ids a request to `path` may name (by its one path parameter)."""
    if path.startswith("/phone_numbers/jobs/"):
        return inventory.jobs
    if path.startswith("/phone_numbers/csv_downloads/"):
        return inventory.csv_downloads
    if path == "/phone_numbers/{id}" and method == "delete":
        return [inventory.numbers[0], inventory.sacrificial_number]  # locked (422), then deleted
    if path.startswith("/phone_numbers/"):
        return inventory.numbers
    if path == "/messaging_profiles/{id}" and method == "delete":
        return [inventory.used_profile, inventory.unused_profile]  # in use (422), then deleted
    if path.startswith("/messaging_profiles/"):
        return [inventory.used_profile]
    if path.startswith("/short_codes/"):
        return inventory.short_codes
    if "mobile_phone_numbers/" in path:
        return inventory.mobile_numbers
    if path.startswith("/messaging_numbers_bulk_updates/"):
        return inventory.orders
    if path.startswith("/messages/"):
        return inventory.messages
    if path.startswith("/webhook_deliveries/"):
        return inventory.webhook_deliveries
    raise AssertionError(f"no ids for {method} {path}")


def path_values(inventory: Inventory, path: str, method: str, names: list[str]) -> list[dict[str, str]]:
    """Real values for every parameter of `path`: its one id, or a profile and one of its settings."""
    if names == ["profile_id", "autoresp_cfg_id"]:
        return [{"profile_id": inventory.used_profile, "autoresp_cfg_id": c} for c in inventory.autoresp_configs]
    return [{names[0]: id_} for id_ in path_ids(inventory, path, method)]


def _real(values: list[Any], original: Schema) -> Schema:
    """Only real values, plus null where the field takes it. (An `anyOf` of these and the original
    would not do: the generator folds an enum into a schema that already admits its values.)"""
    nullable = original.get("type") == "null" or any(s.get("type") == "null" for s in original.get("anyOf", []))
    return {"enum": [*values, None] if nullable else values}


def ring_document(inventory: Inventory) -> Schema:
    """telconf's document, with request fields that name records limited to the inventory's."""
    document = openapi_document()
    schemas = document["components"]["schemas"]
    references = {
        ("PhoneNumberUpdate", "address_id"): [inventory.address],
        ("EnableEmergency", "emergency_address_id"): [inventory.address],
        ("EmergencyBatch", "emergency_address_id"): [inventory.address],
        ("BundleStatusChange", "bundle_id"): [inventory.bundle],
        ("MessagingUpdate", "messaging_profile_id"): [inventory.used_profile, ""],
        ("ShortCodeUpdate", "messaging_profile_id"): [inventory.used_profile, ""],
        ("BulkUpdate", "messaging_profile_id"): [inventory.used_profile, ""],
    }
    for (component, field), values in references.items():
        properties = schemas[component]["properties"]
        properties[field] = _real(values, properties[field])
    # Batches and lookups name numbers by id or E.164 (never the sacrificial one: jobs run later).
    for component, field, values in (
        ("UpdateBatch", "phone_numbers", inventory.numbers + inventory.numbers_e164),
        ("EmergencyBatch", "phone_numbers", inventory.numbers),
        ("BulkUpdate", "numbers", inventory.numbers_e164),
        ("VerifyOwnership", "phone_numbers", inventory.numbers_e164),
    ):
        array = schemas[component]["properties"][field]
        array["items"] = _real(values, array["items"])
    return document
