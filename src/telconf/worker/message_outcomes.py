"""How an outbound message ends. Like card networks' test cards, some destination numbers always
end one way (the table below, documented in docs/behaviour.md); the admin API can set the outcome
for any other number (`message_outcome_rules`); every other message is delivered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["delivered", "delivery_failed", "delivery_unconfirmed", "sending_failed", "expired"]
OUTCOMES: tuple[Outcome, ...] = ("delivered", "delivery_failed", "delivery_unconfirmed", "sending_failed", "expired")


@dataclass(frozen=True)
class Ending:
    status: Outcome
    code: str | None = None  # the asynchronous error Telnyx reports in `errors[]`
    title: str | None = None


ENDINGS: dict[Outcome, Ending] = {
    "delivered": Ending("delivered"),
    "delivery_failed": Ending("delivery_failed", "40008", "Undeliverable"),
    "delivery_unconfirmed": Ending("delivery_unconfirmed"),
    "sending_failed": Ending("sending_failed", "40006", "Recipient server unavailable"),
    "expired": Ending("expired", "40005", "Message expired during transmission"),
}

# Test destinations (555-01XX numbers are reserved for fiction in the NANP).
TEST_DESTINATIONS: dict[str, Ending] = {
    "+12025550100": ENDINGS["delivered"],
    "+12025550101": ENDINGS["delivery_failed"],
    "+12025550102": ENDINGS["delivery_unconfirmed"],
    "+12025550103": ENDINGS["sending_failed"],
    "+12025550104": ENDINGS["expired"],
    "+12025550105": Ending("delivery_failed", "40003", "Blocked as spam - permanent"),
    "+12025550106": Ending("delivery_failed", "40012", "Invalid messaging destination number"),
}


def ending_for(to_number: str, rule: str | None) -> Ending:
    """An admin rule for the number wins; then the test table; then delivered."""
    if rule is not None and rule in ENDINGS:
        return ENDINGS[rule]
    return TEST_DESTINATIONS.get(to_number, ENDINGS["delivered"])
