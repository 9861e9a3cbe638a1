"""Telnyx's enums, as the SDKs' types define them. The wire models, seed records and the store's
typed rows share them, so the OpenAPI document's enums come from the same types that validate
requests and seeds (values stored are values validated)."""

from __future__ import annotations

from typing import Literal

Status = Literal[
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "port-failed",
    "active",
    "deleted",
    "emergency-only",
    "ported-out",
    "port-out-pending",
    "requirement-info-pending",
    "requirement-info-under-review",
    "requirement-info-exception",
    "provision-pending",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
PhoneNumberType = Literal[
    "local", "toll_free", "mobile", "national", "shared_cost", "landline", "tollfree", "shortcode", "longcode"
]
PHONE_NUMBER_TYPES: tuple[str, ...] = PhoneNumberType.__args__  # type: ignore[attr-defined]
EmergencyStatus = Literal["active", "deprovisioning", "disabled", "provisioning", "provisioning-failed"]
EMERGENCY_STATUSES: tuple[str, ...] = EmergencyStatus.__args__  # type: ignore[attr-defined]
CallScreening = Literal["disabled", "reject_calls", "flag_calls"]
CALL_SCREENINGS: tuple[str, ...] = CallScreening.__args__  # type: ignore[attr-defined]
SourceType = Literal["number_order", "port_request"]
UsagePaymentMethod = Literal["pay-per-minute", "channel"]
USAGE_PAYMENT_METHODS: tuple[str, ...] = UsagePaymentMethod.__args__  # type: ignore[attr-defined]
ForwardingType = Literal["always", "on-failure"]
RecordingChannels = Literal["single", "dual"]
RecordingFormat = Literal["wav", "mp3"]
MessagingProduct = Literal["A2P", "P2P"]
MessagingType = Literal["tollfree", "shortcode", "longcode"]
GreetingMode = Literal["default", "custom_greeting"]  # a number's voicemail greeting
JobType = Literal["update_emergency_settings", "delete_phone_numbers", "update_phone_numbers"]
JOB_TYPES: tuple[str, ...] = JobType.__args__  # type: ignore[attr-defined]
JobStatus = Literal["pending", "in_progress", "completed", "failed", "expired"]
JOB_STATUSES: tuple[str, ...] = JobStatus.__args__  # type: ignore[attr-defined]
# The delete response's type enum is narrower than the record's: legacy names are shown as their
# current equivalents there.
DELETE_TYPE_NAMES: dict[str, PhoneNumberType] = {"tollfree": "toll_free", "longcode": "local", "shortcode": "local"}
