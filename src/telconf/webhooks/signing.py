"""Telnyx's webhook signature, as both official SDKs verify it: Ed25519 over `"{ts}|{body}"`, where
`body` is the exact JSON string sent (ASCII only, serialized once) and `ts` the Unix seconds of
the attempt; headers `telnyx-signature-ed25519` (standard padded base64 of the 64-byte signature)
and `telnyx-timestamp`. Every attempt is signed afresh: its body (`meta`) and time differ."""

from __future__ import annotations

import base64

from nacl.signing import SigningKey

from ..store.webhooks import Delivery, ascii_json

SIGNATURE_HEADER = "telnyx-signature-ed25519"
TIMESTAMP_HEADER = "telnyx-timestamp"


def signing_key(private_key: str) -> SigningKey:
    """The key an organisation's stored seed (base64 of 32 bytes) gives."""
    return SigningKey(base64.b64decode(private_key))


def envelope(delivery: Delivery, attempt: int, url: str) -> str:
    """The body of one attempt: `{"data": event, "meta": {attempt, delivered_to}}`, as ASCII JSON,
    the stored payload spliced in as it is (it is never parsed and re-encoded per attempt)."""
    event = delivery.event
    return (
        f'{{"data":{{"event_type":{ascii_json(event.event_type)},"id":{ascii_json(event.id)},'
        f'"occurred_at":{ascii_json(event.occurred_at)},"payload":{delivery.payload_json},"record_type":"event"}},'
        f'"meta":{{"attempt":{attempt},"delivered_to":{ascii_json(url)}}}}}'
    )


def sign(key: SigningKey, body: str, unix_seconds: float) -> dict[str, str]:
    """The headers of one attempt sent at `unix_seconds`."""
    timestamp = str(int(unix_seconds))
    signature = key.sign(f"{timestamp}|{body}".encode()).signature
    return {
        "content-type": "application/json",
        SIGNATURE_HEADER: base64.b64encode(signature).decode(),
        TIMESTAMP_HEADER: timestamp,
    }
