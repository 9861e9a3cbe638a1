"""PATCH /messaging_profiles/{id} through the official SDK: partial updates, deep merge, null."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ..clocked import a_second_later, clocked_orgs
from .records import problems, profile

POOL = {"long_code_weight": 10, "toll_free_weight": 2, "skip_unhealthy": False, "sticky_sender": True}
SHORTENER = {"domain": "acct.fyi", "prefix": "cmpny", "replace_blacklist_only": True}


def test_update_changes_only_what_is_sent(server: Server, orgs: Orgs) -> None:
    seeded = profile("Before", webhook_url="https://example.com/a", alpha_sender="Acme", mobile_only=True,
                     updated_at="2020-01-01T00:00:00.000Z")  # fmt: skip
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.key)
    before = client.messaging_profiles.retrieve(seeded["id"]).data
    updated = client.messaging_profiles.update(
        seeded["id"],
        name="After",
        enabled=False,
        webhook_api_version="1",
        whitelisted_destinations=["*"],
        daily_spend_limit="12.5",
        daily_spend_limit_enabled=True,
        v1_secret="rP1VamejkU2v0qIUxntqLW2c",
        redaction_enabled=True,
        redaction_level=1,
        ai_assistant_id="assistant-9",
    ).data
    assert updated is not None and before is not None
    assert (updated.name, updated.enabled, updated.webhook_api_version) == ("After", False, "1")
    assert updated.whitelisted_destinations == ["*"] and updated.daily_spend_limit == "12.5"
    assert updated.daily_spend_limit_enabled and updated.redaction_enabled and updated.redaction_level == 1
    assert updated.v1_secret == "rP1VamejkU2v0qIUxntqLW2c" and updated.ai_assistant_id == "assistant-9"
    # Untouched fields keep their values; updated_at moves, created_at does not.
    assert updated.webhook_url == "https://example.com/a" and updated.alpha_sender == "Acme" and updated.mobile_only
    assert updated.created_at == before.created_at
    assert updated.updated_at is not None and updated.updated_at.year > 2020
    assert client.messaging_profiles.retrieve(seeded["id"]).data == updated


def test_nested_settings_merge_field_by_field(server: Server, orgs: Orgs) -> None:
    seeded = profile(number_pool_settings=POOL, url_shortener_settings=SHORTENER,
                     features={"ai_opt_out_detection_enabled": False, "beta": 1})  # fmt: skip
    org = orgs.make(messaging_profiles=[seeded])
    updated = (
        server.client(org.key)
        .messaging_profiles.update(
            seeded["id"],
            extra_body={
                "number_pool_settings": {"geomatch": True, "skip_unhealthy": True},
                "url_shortener_settings": {"send_webhooks": True},
                "features": {"ai_opt_out_detection_enabled": True, "gamma": "x"},
            },
        )
        .data
    )
    assert updated is not None and updated.number_pool_settings is not None
    assert updated.number_pool_settings.to_dict() == {
        "long_code_weight": 10.0, "toll_free_weight": 2.0, "skip_unhealthy": True, "sticky_sender": True,
        "geomatch": True,
    }  # fmt: skip
    assert updated.url_shortener_settings is not None and updated.url_shortener_settings.to_dict() == {
        "domain": "acct.fyi", "prefix": "cmpny", "replace_blacklist_only": True, "send_webhooks": True,
    }  # fmt: skip
    assert updated.features is not None
    assert updated.features.to_dict() == {"ai_opt_out_detection_enabled": True, "beta": 1, "gamma": "x"}


def test_enabling_nested_settings_starts_from_the_defaults(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.key)
    updated = client.messaging_profiles.update(
        seeded["id"], extra_body={"number_pool_settings": {"toll_free_weight": 5}}
    ).data
    assert updated is not None and updated.number_pool_settings is not None
    pool = updated.number_pool_settings
    assert (pool.long_code_weight, pool.toll_free_weight, pool.skip_unhealthy) == (1, 5, False)
    # The shortener has no default domain: a first object must name one.
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.update(seeded["id"], extra_body={"url_shortener_settings": {"prefix": "p"}})
    assert problems(caught) == [("10004", "/url_shortener_settings/domain")]


def test_null_clears_nullable_fields_and_disables_features(server: Server, orgs: Orgs) -> None:
    seeded = profile(webhook_url="https://example.com/a", webhook_failover_url="https://example.com/b",
                     alpha_sender="Acme", ai_assistant_id="a-1", number_pool_settings=POOL,
                     url_shortener_settings=SHORTENER, features={"x": True})  # fmt: skip
    org = orgs.make(messaging_profiles=[seeded])
    updated = (
        server.client(org.key)
        .messaging_profiles.update(
            seeded["id"],
            webhook_url=None,
            webhook_failover_url="",
            alpha_sender=None,
            ai_assistant_id=None,
            number_pool_settings=None,
            url_shortener_settings=None,
            features=None,
        )
        .data
    )
    assert updated is not None
    assert updated.webhook_url is None and updated.webhook_failover_url is None and updated.alpha_sender is None
    assert updated.ai_assistant_id is None and updated.features is None
    assert updated.number_pool_settings is None and updated.url_shortener_settings is None


def test_non_nullable_fields_refuse_null_and_bad_values_are_all_reported(server: Server, orgs: Orgs) -> None:
    seeded = profile("Keep")
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.update(
            seeded["id"],
            extra_body={
                "name": None,
                "enabled": None,
                "whitelisted_destinations": ["US", "XX"],
                "daily_spend_limit": "1.",
                "redaction_level": 3,
                "webhook_url": "javascript:alert(1)",
                "number_pool_settings": {"toll_free_weight": "heavy"},
            },
        )
    assert problems(caught) == [
        ("10015", "/daily_spend_limit"),
        ("10015", "/enabled"),
        ("10015", "/name"),
        ("10015", "/number_pool_settings/toll_free_weight"),
        ("10015", "/redaction_level"),
        ("10015", "/webhook_url"),
        ("10015", "/whitelisted_destinations/1"),
    ]
    kept = client.messaging_profiles.retrieve(seeded["id"]).data
    assert kept is not None and kept.name == "Keep" and kept.whitelisted_destinations == ["US"]


def test_read_only_and_create_only_fields_are_ignored(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    updated = (
        server.client(org.key)
        .messaging_profiles.update(
            seeded["id"],
            extra_body={
                "id": "x",
                "record_type": "y",
                "organization_id": "z",
                "created_at": "2001-01-01T00:00:00Z",
                "health_webhook_url": "https://example.com/h",
                "resource_group_id": "rg",
                "smart_encoding": True,
            },
        )
        .data
    )
    assert updated is not None and updated.id == seeded["id"] and updated.record_type == "messaging_profile"
    assert updated.health_webhook_url is None and updated.resource_group_id is None and updated.smart_encoding


def test_empty_update_moves_only_updated_at(telconf_server: TelconfServer) -> None:
    server = telconf_server
    seeded = profile(alpha_sender="Keep")
    org = clocked_orgs(server).make(messaging_profiles=[seeded])
    client = server.client(org.key, max_retries=0)
    first = client.messaging_profiles.update(seeded["id"]).data
    a_second_later(server)
    # Node sends an empty body with a JSON content type; that is an empty update too.
    response = httpx.patch(
        f"{server.base_url}/messaging_profiles/{seeded['id']}",
        headers={"Authorization": f"Bearer {org.key}", "Content-Type": "application/json"},
        content=b"",
    )
    assert response.status_code == 200 and first is not None and first.updated_at is not None
    assert response.json()["data"]["alpha_sender"] == "Keep"
    assert datetime.fromisoformat(response.json()["data"]["updated_at"]) > first.updated_at


def test_a_rename_shows_on_the_profiles_numbers(server: Server, orgs: Orgs) -> None:
    seeded = profile("Old name")
    org = orgs.make([{"messaging_profile_id": seeded["id"]}], messaging_profiles=[seeded])
    client = server.client(org.key)
    client.messaging_profiles.update(seeded["id"], name="New name")
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.messaging_profile_name == "New name"
    assert [p.name for p in client.messaging_profiles.list(filter_name_contains="new")] == ["New name"]


def test_read_only_key_cannot_update(server: Server, orgs: Orgs) -> None:
    seeded = profile("Keep")
    org = orgs.make(messaging_profiles=[seeded])
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).messaging_profiles.update(seeded["id"], name="Changed")
    kept = server.client(org.key).messaging_profiles.retrieve(seeded["id"]).data
    assert kept is not None and kept.name == "Keep"


def test_another_organisations_profile_cannot_be_updated(server: Server, orgs: Orgs) -> None:
    theirs = profile("Theirs")
    owner = orgs.make(messaging_profiles=[theirs])
    with pytest.raises(telnyx.NotFoundError):
        server.client(orgs.make().key).messaging_profiles.update(theirs["id"], name="Mine now")
    kept = server.client(owner.key).messaging_profiles.retrieve(theirs["id"]).data
    assert kept is not None and kept.name == "Theirs"
