"""A messaging profile's metrics over a time frame ending at the clock's now, folded from the
grouped messages `store/message_metrics.py` reads. The rules (docs/behaviour.md, "Messaging
profile metrics"): `sent` counts outbound messages accepted for sending (not scheduled or
cancelled ones), `delivered` those delivered (or read), `errors` the share that failed
(delivery_failed, sending_failed, expired); intervals are aligned to UTC and labelled by the kind
of the profile's side of each message (long code, toll-free, short code, alphanumeric sender)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from ...clock import EARLIEST, iso
from ...store.message_metrics import SLOT_DAY, SLOT_HOUR, SLOT_MINUTE, MessageGroup
from .models import (
    InboundMetrics,
    LabelMetrics,
    MetricsCost,
    MetricsInterval,
    MetricsLabel,
    MetricsOverview,
    MetricsTimeFrame,
    OutboundMetrics,
    ProfileMetrics,
)

# time frame -> (window, interval, the slot the query groups by)
FRAMES: dict[MetricsTimeFrame, tuple[timedelta, timedelta, int]] = {
    "1h": (timedelta(hours=1), timedelta(minutes=5), SLOT_MINUTE),
    "3h": (timedelta(hours=3), timedelta(minutes=15), SLOT_MINUTE),
    "24h": (timedelta(hours=24), timedelta(hours=1), SLOT_HOUR),
    "3d": (timedelta(days=3), timedelta(hours=6), SLOT_HOUR),
    "7d": (timedelta(days=7), timedelta(days=1), SLOT_DAY),
    "30d": (timedelta(days=30), timedelta(days=1), SLOT_DAY),
}
DEFAULT_TIME_FRAME: MetricsTimeFrame = "24h"  # Telnyx's documented default
FAILED = frozenset({"delivery_failed", "sending_failed", "expired"})
NOT_SENT = frozenset({"scheduled", "cancelled"})
DELIVERED = frozenset({"delivered", "read"})
TOLL_FREE_PREFIXES = frozenset({"+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"})
CURRENCY = "USD"
_SLOT_TAIL = "0000-01-01T00:00:00"


def label_of(party: str) -> MetricsLabel:
    """The kind of number or sender on the profile's side of a message."""
    if party.startswith("+"):
        return "tollfree" if party[:5] in TOLL_FREE_PREFIXES else "longcode"
    return "shortcode" if party.isascii() and party.isdigit() else "alphanumeric"


@dataclass
class _Tally:
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    received: int = 0
    sent_parts: int = 0
    received_parts: int = 0
    sent_cost: Decimal = Decimal(0)
    received_cost: Decimal = Decimal(0)
    by_status: Counter[str] = field(default_factory=Counter)

    def add(self, group: MessageGroup) -> None:
        n = group.count
        cost = _decimal(group.cost) * n
        if group.direction != "outbound":
            self.received += n
            self.received_parts += group.parts * n
            self.received_cost += cost
            return
        self.by_status[group.status] += n
        if group.status in NOT_SENT:
            return
        self.sent += n
        self.sent_parts += group.parts * n
        self.sent_cost += cost
        self.delivered += n if group.status in DELIVERED else 0
        self.failed += n if group.status in FAILED else 0


def _decimal(text: str | None) -> Decimal:
    try:
        return Decimal(text) if text else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _cost(amount: Decimal) -> MetricsCost:
    shown = amount if amount.as_tuple().exponent < -1 else amount.quantize(Decimal("0.01"))  # type: ignore[operator]
    return MetricsCost(amount=f"{shown:f}", currency=CURRENCY)


def _slot_start(slot: str) -> datetime:
    return datetime.fromisoformat(slot + _SLOT_TAIL[len(slot) :]).replace(tzinfo=UTC)


def _floor(moment: datetime, interval: timedelta) -> datetime:
    step = int(interval.total_seconds())
    seconds = int((moment - EARLIEST).total_seconds())
    return EARLIEST + timedelta(seconds=seconds - seconds % step)


def window(time_frame: MetricsTimeFrame, now: datetime) -> tuple[datetime, int]:
    """The window's (exclusive) start and the slot length its query groups by."""
    span, _, slot_length = FRAMES[time_frame]
    return max(now - span, EARLIEST), slot_length


def build(
    profile_id: str, time_frame: MetricsTimeFrame, now: datetime, groups: list[MessageGroup], phone_numbers: int
) -> ProfileMetrics:
    start, _ = window(time_frame, now)
    interval = FRAMES[time_frame][1]
    total = _Tally()
    by_interval: dict[datetime, dict[MetricsLabel, _Tally]] = {}
    for group in groups:
        total.add(group)
        bucket = by_interval.setdefault(_floor(_slot_start(group.slot), interval), {})
        bucket.setdefault(label_of(group.party), _Tally()).add(group)
    detailed = []
    moment = _floor(start, interval)
    while moment <= now:
        labels = by_interval.get(moment, {})
        metrics = [
            LabelMetrics(label=label, sent=t.sent, delivered=t.delivered, errors=_rate(t.failed, t.sent),
                         received=t.received)
            for label, t in sorted(labels.items())
            if t.sent or t.received  # scheduled and cancelled messages alone show in `by_status` only
        ]  # fmt: skip
        detailed.append(MetricsInterval(timestamp=iso(moment), metrics=metrics))
        moment += interval
    outbound = OutboundMetrics(
        sent=total.sent, delivered=total.delivered, failed=total.failed, errors=_rate(total.failed, total.sent),
        delivery_rate=_rate(total.delivered, total.sent), parts=total.sent_parts, cost=_cost(total.sent_cost),
        by_status=dict(sorted(total.by_status.items())),
    )  # fmt: skip
    inbound = InboundMetrics(received=total.received, parts=total.received_parts, cost=_cost(total.received_cost))
    overview = MetricsOverview(
        record_type="messaging_profile_metrics", messaging_profile_id=profile_id, phone_numbers=phone_numbers,
        outbound=outbound, inbound=inbound,
    )  # fmt: skip
    return ProfileMetrics(
        time_frame=time_frame,
        interval_seconds=int(interval.total_seconds()),
        start_time=iso(start),
        end_time=iso(now),
        overview=overview,
        detailed=detailed,
    )
