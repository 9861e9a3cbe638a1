"""The Node ring: the official Node SDK (npm `telnyx`, pinned in tests/node/package.json) against a
live server, so the JavaScript the seed documents show is proven as well as the Python.

This test seeds the organisations the Node tests need, writes their keys and ids to a fixture file,
and runs `node --test tests/node/` with TELNYX_BASE_URL and TELCONF_NODE_FIXTURE set. Node runs its
test files in parallel, so each file gets an organisation of its own (`other` is shared and only
read); within a file the tests run in order."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from telconf.clock import Clock, iso

from .resources.messaging_profiles.messages import Message, insert_messages
from .support import Org, Orgs, Server
from .webhooks.live import node_fixture as node_webhooks
from .webhooks.support import SIGNING_KEY

NODE_DIR = Path(__file__).parent / "node"
# The exact version package.json pins (and package-lock.json locks).
SDK_VERSION = json.loads((NODE_DIR / "package.json").read_text())["dependencies"]["telnyx"]
TIMEOUT_S = 300
PER_TEST_TIMEOUT_MS = 30_000
MIN_NODE = (20, 11)


def node_executable() -> str:
    """The `node` to run, or skip (outside CI) / fail (in CI) when there is none."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed, and the Node SDK ring is required in CI (CI=true)")
        pytest.skip("node is not installed (the Node SDK ring needs Node 20.11+)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    if tuple(int(part) for part in version.lstrip("v").split(".")[:2]) < MIN_NODE:
        message = f"node {version} is too old: the Node SDK ring needs {MIN_NODE[0]}.{MIN_NODE[1]}+ (--test-timeout)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    manifest = NODE_DIR / "node_modules" / "telnyx" / "package.json"
    if not manifest.is_file():
        pytest.fail("tests/node/node_modules is missing: run scripts/bootstrap (it runs npm ci in tests/node)")
    installed = json.loads(manifest.read_text())["version"]
    if installed != SDK_VERSION:
        pytest.fail(
            f"tests/node/node_modules has telnyx {installed}, package.json pins {SDK_VERSION}: run scripts/bootstrap"
        )
    return node


# -- seed records with ids unique per run -------------------------------------------------------
# Phone numbers get fresh ids and numbers from `orgs.make`; the other collections' ids are global
# primary keys (and short codes and mobile numbers are unique per server), so they are fresh here.


def profile(name: str, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "name": name, "whitelisted_destinations": ["US"], **fields}


def short_code(**fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "short_code": str(random.randrange(10**7, 10**8)), **fields}


def mobile(**fields: Any) -> dict[str, Any]:
    return {
        "id": str(random.randrange(5 * 10**18, 6 * 10**18)),
        "phone_number": "+1" + str(random.randrange(5 * 10**9, 10**10)),  # clear of `orgs.make` numbers
        **fields,
    }


def address() -> dict[str, Any]:
    return {"id": str(random.randrange(10**13, 10**14)), "street_address": "311 W Superior St"}


def bundle(name: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "name": name}


def seed(orgs: Orgs, numbers: dict[str, dict[str, Any]] | None = None, **collections: dict[str, Any]) -> dict[str, Any]:
    """Makes an organisation from records named by role; returns what the Node side needs of it:
    its keys and every record by role, with the ids and numbers it was given."""
    numbers = numbers or {}
    org: Org = orgs.make(list(numbers.values()), **{name: list(rs.values()) for name, rs in collections.items()})
    return {
        "name": org.name,
        "key": org.key,
        "read_only_key": org.read_only_key,
        "numbers": dict(zip(numbers, org.numbers, strict=True)),
        **collections,
    }


def autoresp_fixture(orgs: Orgs) -> dict[str, Any]:
    """A profile with a number and a few messages of the last hour (for its metrics), and a spare."""
    replies = profile("Auto replies")
    autoresp = seed(orgs, {"line": {"messaging_profile_id": replies["id"]}},
                    messaging_profiles={"main": replies, "spare": profile("Spare")})  # fmt: skip
    line = autoresp["numbers"]["line"]["phone_number"]
    ago = iso(Clock().now() - timedelta(minutes=5))  # within the last hour of the server's (real) clock
    insert_messages(orgs.server.database_url, autoresp["name"], [
        Message("outbound", replies["id"], ago, "delivered", line, cost="0.0040"),
        Message("outbound", replies["id"], ago, "delivery_failed", line, cost="0.0040"),
        Message("inbound", replies["id"], ago, "webhook_delivered", "+13125550111", line),
    ])  # fmt: skip
    return autoresp


def build_fixture(orgs: Orgs) -> dict[str, Any]:
    numbers_profile = profile("Numbers profile")
    fixture: dict[str, Any] = {}
    fixture["numbers"] = seed(
        orgs,
        {
            "main": {"tags": ["node", "vip"], "connection_id": "1494404757140276705", "connection_name": "main-trunk",
                     "customer_reference": "ref-main", "messaging_profile_id": numbers_profile["id"]},
            **{f"paged{i}": {"tags": ["paged"]} for i in range(5)},
            "empty_patch": {"customer_reference": "keep", "tags": ["keep"]},
            "patch": {},
            "doomed": {"tags": ["doomed"]},
            "locked": {"deletion_lock_enabled": True},
        },
        messaging_profiles={"main": numbers_profile},
    )  # fmt: skip
    settings_profile, settings_other_profile = profile("Settings profile"), profile("Settings other")
    fixture["settings"] = seed(
        orgs,
        {
            "voice": {"call_forwarding": {"forwards_to": "+13125550000", "forwarding_type": "always"},
                      "cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "ACME"}},
            "voice_patch": {"updated_at": "2021-01-01T00:00:00.000Z"},
            "channel": {"usage_payment_method": "channel"},
            "messaging": {"messaging_profile_id": settings_profile["id"], "tags": ["m"]},
            "messaging_patch": {},
            "toll_free": {"phone_number_type": "toll_free"},
            "emergency": {},
            "bundle": {},
        },
        messaging_profiles={"main": settings_profile, "other": settings_other_profile},
        addresses={"main": address()},
        bundles={"first": bundle("first"), "second": bundle("second")},
    )  # fmt: skip
    mobile_profile = profile("Mobile profile")
    fixture["mobile"] = seed(
        orgs,
        mobile_phone_numbers={
            "main": mobile(tags=["node"], customer_reference="ref-m", messaging_profile_id=mobile_profile["id"],
                           call_forwarding={"forwards_to": "+13125550000", "forwarding_type": "always"}),
            "patch": mobile(),
            "empty_patch": mobile(customer_reference="keep", updated_at="2021-01-01T00:00:00.000Z"),
        },
        messaging_profiles={"main": mobile_profile},
    )  # fmt: skip
    alpha, beta = profile("Alpha"), profile("Beta", whitelisted_destinations=["US", "CA"])
    fixture["profiles"] = seed(
        orgs,
        {"alpha1": {"messaging_profile_id": alpha["id"]}, "alpha2": {"messaging_profile_id": alpha["id"]},
         "unassigned": {}},
        messaging_profiles={"alpha": alpha, "beta": beta},
        short_codes={"alpha": short_code(messaging_profile_id=alpha["id"]),
                     "beta": short_code(messaging_profile_id=beta["id"]),
                     "unbound": short_code(), "patch": short_code(messaging_profile_id=beta["id"])},
    )  # fmt: skip
    fixture["more"] = seed(
        orgs,
        {"voicemail": {}, "fresh": {}},
        messaging_profiles={"branded": profile("Branded", alpha_sender="Acme", v1_secret="rP1VamejkU2v0qIUxntqLW2c"),
                            "plain": profile("Plain")},
    )  # fmt: skip
    fixture["csv"] = seed(
        orgs,
        {"tagged": {"tags": ["csv"], "usage_payment_method": "channel", "created_at": "2024-02-01T00:00:00.000Z"},
         "older": {"tags": ["csv"], "created_at": "2024-01-01T00:00:00.000Z"},
         "untagged": {"created_at": "2024-03-01T00:00:00.000Z"}},
    )  # fmt: skip
    sending = profile(
        "Sending", whitelisted_destinations=["US", "GB"], alpha_sender="Acme",
        number_pool_settings={"long_code_weight": 1, "toll_free_weight": 0, "skip_unhealthy": False},
    )  # fmt: skip
    fixture["messages"] = seed(
        orgs,
        {"sender": {"messaging_profile_id": sending["id"]}, "pooled": {"messaging_profile_id": sending["id"]}},
        messaging_profiles={"sending": sending},
        short_codes={"code": short_code(messaging_profile_id=sending["id"])},
    )
    fixture["errors"] = seed(orgs, {"mine": {}})
    fixture["autoresp"] = autoresp_fixture(orgs)
    signed = orgs.make(webhook_signing_key=SIGNING_KEY)
    fixture["webhooks"] = node_webhooks(orgs.server.database_url, {"name": signed.name, "key": signed.key})
    fixture["other"] = seed(
        orgs,
        {"theirs": {}},
        messaging_profiles={"theirs": profile("Theirs")},
        short_codes={"theirs": short_code()},
        mobile_phone_numbers={"theirs": mobile()},
    )
    return fixture


def node_env(server: Server, fixture_path: Path) -> dict[str, str]:
    # Nothing of the caller's Telnyx configuration may leak in (a key, custom headers, a base URL).
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELNYX_")}
    env.update(
        TELNYX_BASE_URL=server.base_url,
        TELCONF_NODE_FIXTURE=str(fixture_path),
        NO_COLOR="1",
    )
    return env


def test_the_node_sdk_works_unchanged(server: Server, orgs: Orgs, tmp_path: Path) -> None:
    node = node_executable()
    fixture_path = tmp_path / "node-fixture.json"
    fixture_path.write_text(json.dumps(build_fixture(orgs), indent=2))
    command = [
        node,
        "--test",
        "--test-reporter=spec",
        f"--test-timeout={PER_TEST_TIMEOUT_MS}",
        str(NODE_DIR),
    ]
    try:
        done = subprocess.run(
            command,
            cwd=NODE_DIR,
            env=node_env(server, fixture_path),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"node --test did not finish within {TIMEOUT_S} s on {server.engine}:\n{output}")
    # Captured by pytest and shown when the test fails (or always with -s).
    print(done.stdout)
    print(done.stderr)
    lines = {line.strip() for line in done.stdout.splitlines()}
    failed = sorted(line for line in lines if line.startswith("✖") and "failing tests" not in line)
    assert done.returncode == 0, (
        f"node --test failed on {server.engine} (exit {done.returncode}): {'; '.join(failed) or done.stderr[-2000:]}"
        " (node's whole output is in the captured stdout)"
    )
