"""POST /messaging_profiles through the official SDK: defaults, every optional field, validation."""

from __future__ import annotations

import re

import httpx
import pytest
import telnyx

from ...support import Orgs, Server
from .records import problems


def test_create_fills_the_live_apis_defaults(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    client = server.client(org.key)
    created = client.messaging_profiles.create(name="Alerts", whitelisted_destinations=["US", "CA"]).data
    assert created is not None and created.id is not None
    assert created.record_type == "messaging_profile" and created.name == "Alerts"
    assert created.whitelisted_destinations == ["US", "CA"]
    assert created.enabled is True and created.webhook_api_version == "2"
    assert created.webhook_url is None and created.webhook_failover_url is None and created.health_webhook_url is None
    assert created.number_pool_settings is None and created.url_shortener_settings is None
    assert created.alpha_sender is None and created.ai_assistant_id is None and created.resource_group_id is None
    assert created.features is None
    assert (created.mms_fall_back_to_sms, created.mms_transcoding, created.mobile_only, created.smart_encoding) == (
        False, False, False, False,
    )  # fmt: skip
    assert created.daily_spend_limit == "0.00" and created.daily_spend_limit_enabled is False
    assert created.redaction_enabled is False and created.redaction_level == 2
    assert created.v1_secret is not None and re.fullmatch(r"[A-Za-z0-9]{24}", created.v1_secret)
    assert created.organization_id and created.created_at is not None and created.created_at == created.updated_at
    # Stored, not just echoed; and every profile gets its own secret.
    assert client.messaging_profiles.retrieve(created.id).data == created
    other = client.messaging_profiles.create(name="Alerts", whitelisted_destinations=["*"]).data
    assert other is not None and other.v1_secret != created.v1_secret and other.whitelisted_destinations == ["*"]


def test_create_takes_every_optional_field(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    created = (
        server.client(org.key)
        .messaging_profiles.create(
            name="Everything",
            whitelisted_destinations=["GB", "DE", "GB"],
            enabled=False,
            webhook_url="https://example.com/hooks",
            webhook_failover_url="http://backup.example.com:8080/hooks?x=1",
            webhook_api_version="2010-04-01",
            number_pool_settings={
                "long_code_weight": 2.5,
                "toll_free_weight": 0,
                "skip_unhealthy": True,
                "sticky_sender": True,
                "geomatch": True,
            },
            url_shortener_settings={"domain": "acct.fyi", "prefix": "cmpny", "send_webhooks": True},
            alpha_sender="Acme Inc",
            daily_spend_limit="100.50",
            daily_spend_limit_enabled=True,
            mms_fall_back_to_sms=True,
            mms_transcoding=True,
            mobile_only=True,
            smart_encoding=True,
            health_webhook_url="https://example.com/health",
            ai_assistant_id="assistant-1",
            resource_group_id="rg-1",
            features={"ai_opt_out_detection_enabled": True, "future_flag": {"x": 1}},
        )
        .data
    )
    assert created is not None
    assert created.whitelisted_destinations == ["GB", "DE"]  # duplicates count once
    assert created.enabled is False and created.webhook_api_version == "2010-04-01"
    assert created.webhook_url == "https://example.com/hooks"
    assert created.webhook_failover_url == "http://backup.example.com:8080/hooks?x=1"
    pool = created.number_pool_settings
    assert pool is not None and (pool.long_code_weight, pool.toll_free_weight, pool.skip_unhealthy) == (2.5, 0, True)
    assert pool.sticky_sender is True and pool.geomatch is True
    shortener = created.url_shortener_settings
    assert shortener is not None and (shortener.domain, shortener.prefix, shortener.send_webhooks) == (
        "acct.fyi", "cmpny", True,
    )  # fmt: skip
    assert shortener.replace_blacklist_only is False
    assert created.alpha_sender == "Acme Inc" and created.daily_spend_limit == "100.50"
    assert created.daily_spend_limit_enabled and created.mms_fall_back_to_sms and created.mms_transcoding
    assert created.mobile_only and created.smart_encoding
    assert created.health_webhook_url == "https://example.com/health"
    assert created.ai_assistant_id == "assistant-1" and created.resource_group_id == "rg-1"
    assert created.features is not None and created.features.ai_opt_out_detection_enabled is True
    assert created.features.to_dict()["future_flag"] == {"x": 1}  # unknown feature keys are kept


def test_partial_number_pool_settings_take_the_defaults(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    created = (
        server.client(org.key)
        .messaging_profiles.create(
            name="Pool", whitelisted_destinations=["US"], extra_body={"number_pool_settings": {"geomatch": True}}
        )
        .data
    )
    assert created is not None and created.number_pool_settings is not None
    assert created.number_pool_settings.to_dict() == {
        "long_code_weight": 1.0, "toll_free_weight": 1.0, "skip_unhealthy": False, "sticky_sender": False,
        "geomatch": True,
    }  # fmt: skip


def test_empty_webhook_urls_mean_none(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    created = (
        server.client(org.key)
        .messaging_profiles.create(name="N", whitelisted_destinations=["US"], webhook_url="", webhook_failover_url="")
        .data
    )
    assert created is not None and created.webhook_url is None and created.webhook_failover_url is None


def test_required_fields_are_reported_missing(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    response = httpx.post(
        f"{server.base_url}/messaging_profiles", headers={"Authorization": f"Bearer {org.key}"}, json={}
    )
    assert response.status_code == 422
    entries = sorted((e["code"], e["source"]["pointer"]) for e in response.json()["errors"])
    assert entries == [("10004", "/name"), ("10004", "/whitelisted_destinations")]


def test_every_bad_field_is_reported_with_its_pointer(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.create(
            name="",
            whitelisted_destinations=["US", "us", "XX"],
            extra_body={
                "enabled": "yes",
                "webhook_url": "not a url",
                "webhook_failover_url": "ftp://example.com",
                "webhook_api_version": 2,
                "number_pool_settings": {"long_code_weight": -1, "toll_free_weight": 1, "skip_unhealthy": "no"},
                "url_shortener_settings": {"prefix": "x"},
                "alpha_sender": "far-too-long-sender",
                "daily_spend_limit": 100,
                "ai_assistant_id": "x" * 65,
                "features": {"ai_opt_out_detection_enabled": "on"},
            },
        )
    assert problems(caught) == [
        ("10015", "/ai_assistant_id"),
        ("10015", "/alpha_sender"),
        ("10015", "/daily_spend_limit"),
        ("10015", "/enabled"),
        ("10015", "/features/ai_opt_out_detection_enabled"),
        ("10015", "/name"),
        ("10015", "/number_pool_settings/long_code_weight"),
        ("10015", "/number_pool_settings/skip_unhealthy"),
        ("10004", "/url_shortener_settings/domain"),
        ("10015", "/webhook_api_version"),
        ("10015", "/webhook_failover_url"),
        ("10015", "/webhook_url"),
        ("10015", "/whitelisted_destinations/1"),
        ("10015", "/whitelisted_destinations/2"),
    ]
    assert list(client.messaging_profiles.list()) == []  # nothing was created


@pytest.mark.parametrize(
    ("destinations", "pointer"),
    [
        (["*", "US"], "/whitelisted_destinations"),
        ([], "/whitelisted_destinations"),
        (["USA"], "/whitelisted_destinations/0"),
        (["ZZ"], "/whitelisted_destinations/0"),
    ],
)
def test_whitelisted_destinations_are_the_wildcard_or_country_codes(
    server: Server, orgs: Orgs, destinations: list[str], pointer: str
) -> None:
    org = orgs.make()
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).messaging_profiles.create(name="W", whitelisted_destinations=destinations)
    assert problems(caught) == [("10015", pointer)]


def test_read_only_fields_are_ignored_and_the_secret_is_the_servers(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    created = (
        server.client(org.key)
        .messaging_profiles.create(
            name="R",
            whitelisted_destinations=["US"],
            extra_body={
                "id": "x",
                "record_type": "y",
                "v1_secret": "mine",
                "redaction_level": 1,
                "created_at": "2001-01-01T00:00:00Z",
            },
        )
        .data
    )
    assert created is not None and created.id != "x" and created.record_type == "messaging_profile"
    assert created.v1_secret != "mine" and created.redaction_level == 2
    assert created.created_at is not None and created.created_at.year > 2001


def test_read_only_key_cannot_create(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        server.client(org.read_only_key).messaging_profiles.create(name="No", whitelisted_destinations=["US"])
    assert caught.value.body["errors"][0]["code"] == "10010"  # type: ignore[index]
    assert list(server.client(org.key).messaging_profiles.list()) == []


def test_health_webhook_url_is_a_plain_string(server: Server, orgs: Orgs) -> None:
    """The SDKs type it as a string (deprecated, never called), so no URL format is required."""
    client = server.client(orgs.make().key)
    created = client.messaging_profiles.create(
        name="health", whitelisted_destinations=["US"], health_webhook_url="health_webhook_url"
    ).data
    assert created.health_webhook_url == "health_webhook_url"
    with pytest.raises(telnyx.UnprocessableEntityError):  # the URLs telconf will call are still checked
        client.messaging_profiles.create(name="hook", whitelisted_destinations=["US"], webhook_url="webhook_url")
