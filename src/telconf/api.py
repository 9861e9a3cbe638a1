"""Every operation telconf serves below /v2, gathered from the slices' declarations, and the
services they call. A new operation is one declaration in its slice's module; the route table,
the OpenAPI document and the README's table of calls follow from this list."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import msgspec
from starlette.routing import Route

from .clock import Clock
from .http.auth import Authenticator
from .http.operation import Operation, handler
from .http.routing import Handler, resource
from .ids import Ids
from .openapi.document import build
from .resources.messages import operations as messages
from .resources.messages.prices import DEFAULT as DEFAULT_PRICES
from .resources.messages.prices import PriceTable
from .resources.messages.service import Messages
from .resources.messaging_numbers_bulk_updates import operations as bulk_updates
from .resources.messaging_numbers_bulk_updates.handlers import bulk_update_handlers
from .resources.messaging_numbers_bulk_updates.service import MessagingNumbersBulkUpdates
from .resources.messaging_profiles import operations as messaging_profiles
from .resources.messaging_profiles.autoresp_configs import operations as autoresp_configs
from .resources.messaging_profiles.autoresp_configs.service import AutorespConfigs
from .resources.messaging_profiles.service import MessagingProfiles
from .resources.mobile_phone_numbers import operations as mobile_phone_numbers
from .resources.mobile_phone_numbers.service import MobilePhoneNumbers
from .resources.phone_numbers import operations as phone_numbers
from .resources.phone_numbers.actions import operations as phone_number_actions
from .resources.phone_numbers.actions.service import NumberActions
from .resources.phone_numbers.csv_downloads import operations as phone_number_csv_downloads
from .resources.phone_numbers.csv_downloads.handlers import csv_download_handlers
from .resources.phone_numbers.csv_downloads.service import CsvDownloads
from .resources.phone_numbers.jobs import operations as phone_number_jobs
from .resources.phone_numbers.jobs.handlers import phone_number_handlers
from .resources.phone_numbers.jobs.service import PhoneNumberJobs
from .resources.phone_numbers.messaging import operations as phone_number_messaging
from .resources.phone_numbers.messaging.service import MessagingSettings
from .resources.phone_numbers.service import PhoneNumbers
from .resources.phone_numbers.voice import operations as phone_number_voice
from .resources.phone_numbers.voice.service import VoiceSettings
from .resources.phone_numbers.voicemail import operations as phone_number_voicemail
from .resources.phone_numbers.voicemail.service import Voicemail
from .resources.short_codes import operations as short_codes
from .resources.short_codes.service import ShortCodes
from .resources.webhook_deliveries import operations as webhook_deliveries
from .resources.webhook_deliveries.service import WebhookDeliveries
from .store import Store
from .store.jobs import Apply
from .worker.policy import JobPolicy, JobQueue

OPERATIONS: list[Operation] = [
    *phone_numbers.OPERATIONS,
    *phone_number_voice.OPERATIONS,
    *phone_number_voicemail.OPERATIONS,
    *phone_number_messaging.OPERATIONS,
    *phone_number_actions.OPERATIONS,
    *phone_number_jobs.OPERATIONS,
    *phone_number_csv_downloads.OPERATIONS,
    *messaging_profiles.OPERATIONS,
    *autoresp_configs.OPERATIONS,
    *short_codes.OPERATIONS,
    *mobile_phone_numbers.OPERATIONS,
    *bulk_updates.OPERATIONS,
    *messages.OPERATIONS,
    *webhook_deliveries.OPERATIONS,
]


# What a job of each kind does to a chunk of items, from each slice that creates jobs.
JOB_HANDLERS: list[Callable[[Store], dict[str, Apply]]] = [
    lambda store: phone_number_handlers(store.phone_numbers),
    lambda store: bulk_update_handlers(store.phone_numbers, store.messaging_profiles),
    lambda store: csv_download_handlers(store.phone_numbers.lists),
]


@functools.cache
def openapi_bytes() -> bytes:
    """The OpenAPI document of every operation as JSON, built on first use and kept (it depends
    only on the code)."""
    return msgspec.json.encode(build(OPERATIONS))


def openapi_document() -> dict[str, Any]:
    """The document as a fresh dict that shares nothing, so callers may change their copy."""
    document: dict[str, Any] = msgspec.json.decode(openapi_bytes())
    return document


def job_handlers(store: Store) -> dict[str, Apply]:
    """Every slice's job handlers, by kind (a kind handled twice is a mistake caught at start)."""
    handlers: dict[str, Apply] = {}
    for make in JOB_HANDLERS:
        for kind, apply in make(store).items():
            if kind in handlers:
                raise ValueError(f"two handlers for jobs of kind {kind}")
            handlers[kind] = apply
    return handlers


def services(
    store: Store, clock: Clock, ids: Ids, wake: Callable[[], None], policy: JobPolicy,
    wake_messages: Callable[[], None] = lambda: None, prices: PriceTable = DEFAULT_PRICES,
) -> dict[type, Any]:  # fmt: skip
    """One instance of each slice's service, by class. `wake` tells this process's job runner
    that a job was created, `wake_messages` its message pump that a message was sent; `policy`
    places new jobs and paces new messages."""
    queue = JobQueue(store.jobs, clock, ids, wake, policy)
    built: list[Any] = [
        PhoneNumbers(store.phone_numbers, clock),
        VoiceSettings(store.phone_numbers, clock),
        Voicemail(store.voicemail),
        MessagingSettings(store.phone_numbers, store.messaging_profiles, clock),
        NumberActions(store.phone_numbers, clock),
        PhoneNumberJobs(store.phone_numbers, queue),
        MessagingProfiles(
            store.messaging_profiles, store.phone_numbers, store.short_codes, store.message_metrics, clock, ids
        ),
        AutorespConfigs(store.autoresp_configs, clock, ids),
        ShortCodes(store.short_codes, store.messaging_profiles, clock),
        MobilePhoneNumbers(store.mobile_phone_numbers, clock),
        MessagingNumbersBulkUpdates(store.phone_numbers, store.messaging_profiles, queue),
        CsvDownloads(store.csv_downloads, store.phone_numbers, queue),
        Messages(store.messages, store.webhooks, clock, ids, policy, wake_messages, prices),
        WebhookDeliveries(store.webhooks),
    ]
    return {type(service): service for service in built}


def routes(operations: list[Operation], by_class: dict[type, Any], auth: Authenticator) -> list[Route]:
    """One route per path (relative to /v2), its methods' adapters in a table."""
    methods: dict[str, dict[str, Handler]] = {}
    for op in operations:
        methods.setdefault(op.path, {})[op.method] = handler(op, by_class[op.service], auth)
    return [resource(path, **table) for path, table in methods.items()]


def markdown_table(operations: list[Operation] | None = None) -> str:
    """The README's table of calls: one row per operation, with the module that declares it."""
    rows = ["| call | SDK method (Python; Node in camelCase) | declared in |", "|---|---|---|"]
    for op in operations if operations is not None else OPERATIONS:
        module = "src/" + op.call.__module__.replace(".", "/") + ".py"
        call = f"`client.{op.sdk}`" if op.sdk else f"none: the file, as `{op.produces}`"
        rows.append(f"| `{op.method} /v2{op.path}` | {call} | `{module}` |")
    rows.append("| `GET /health` | 200 once the server is ready | `src/telconf/app.py` |")
    rows.append("| `GET /openapi.json` | telconf's OpenAPI 3.1 document | `src/telconf/openapi/document.py` |")
    return "\n".join(rows) + "\n"
