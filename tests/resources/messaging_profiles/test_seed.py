"""Messaging profiles in seed files: the complete record with defaults, POST's rules, clear refusals."""

from __future__ import annotations

import re
from typing import Any

import pytest

from telconf.seed.loader import SeedError

from ...support import Orgs, Server
from .records import profile


def test_a_seeded_profile_is_complete(server: Server, orgs: Orgs) -> None:
    bare = {"id": profile()["id"], "name": "Bare"}  # whitelisted_destinations may be left out
    given = profile("Given", v1_secret="rP1VamejkU2v0qIUxntqLW2c", redaction_enabled=True, redaction_level=1,
                    number_pool_settings={"skip_unhealthy": True}, record_type="messaging_profile",
                    organization_id="ignored", updated_at="2021-05-06T07:08:09Z")  # fmt: skip
    client = server.client(orgs.make(messaging_profiles=[bare, given]).key)
    found = client.messaging_profiles.retrieve(bare["id"]).data
    assert found is not None and found.whitelisted_destinations == ["US"] and found.enabled is True
    assert found.v1_secret is not None and re.fullmatch(r"[A-Za-z0-9]{24}", found.v1_secret)
    assert found.organization_id != "ignored"
    kept = client.messaging_profiles.retrieve(given["id"]).data
    assert kept is not None and kept.v1_secret == "rP1VamejkU2v0qIUxntqLW2c"
    assert kept.redaction_enabled is True and kept.redaction_level == 1
    assert kept.number_pool_settings is not None and kept.number_pool_settings.long_code_weight == 1
    assert kept.updated_at is not None and kept.updated_at.isoformat() == "2021-05-06T07:08:09+00:00"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"whitelisted_destinations": ["US", "XX"]}, "messaging_profiles[0].whitelisted_destinations[1]"),
        ({"whitelisted_destinations": ["*", "US"]}, "messaging_profiles[0].whitelisted_destinations"),
        ({"number_pool_settings": {"long_code_weight": -1}}, "messaging_profiles[0].number_pool_settings"),
        ({"url_shortener_settings": {"prefix": "x"}}, "messaging_profiles[0].url_shortener_settings.domain"),
        ({"webhook_url": "nope"}, "messaging_profiles[0].webhook_url"),
        ({"webhook_api_version": 2}, "messaging_profiles[0].webhook_api_version"),
        ({"id": "not-a-uuid"}, "messaging_profiles[0].id"),
        ({"colour": "red"}, "colour"),
        ({"name": ""}, "messaging_profiles[0].name"),
    ],
)
def test_a_bad_profile_is_refused_naming_the_field(
    server: Server, orgs: Orgs, fields: dict[str, Any], where: str
) -> None:
    with pytest.raises(SeedError) as caught:
        orgs.make(messaging_profiles=[{**profile(), **fields}])
    assert where in str(caught.value)


def test_references_to_a_missing_profile_are_refused(server: Server, orgs: Orgs) -> None:
    with pytest.raises(SeedError, match="messaging_profile_id"):
        orgs.make(short_codes=[{"short_code": "12345", "messaging_profile_id": profile()["id"]}])
