"""client.messaging_profiles.autoresp_configs: create, list, retrieve, update, delete, through the
official SDK with strict validation, on both engines."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ..clocked import a_second_later, clocked_orgs
from .records import problems, profile

MISSING = "00000000-0000-4000-8000-000000000000"


def test_a_setting_is_created_read_listed_replaced_and_deleted(server: Server, orgs: Orgs) -> None:
    mine = profile()
    client = server.client(orgs.make(messaging_profiles=[mine]).key)
    configs = client.messaging_profiles.autoresp_configs
    made = configs.create(mine["id"], country_code="US", keywords=["JOIN", "Start"], op="start",
                          resp_text="Welcome back! Reply STOP to opt out.").data  # fmt: skip
    uuid.UUID(made.id)
    assert (made.country_code, made.keywords, made.op) == ("US", ["JOIN", "Start"], "start")
    assert made.resp_text == "Welcome back! Reply STOP to opt out." and made.created_at == made.updated_at
    assert configs.retrieve(made.id, profile_id=mine["id"].upper()).data == made  # ids match in any case
    listed = configs.list(mine["id"])
    assert listed.data == [made]
    assert listed.meta.to_dict() == {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 1}
    # A PUT replaces every field: a resp_text left out is gone (and left out of the record).
    replaced = configs.update(made.id, profile_id=mine["id"], country_code="CA", keywords=["go"], op="info").data
    assert (replaced.id, replaced.country_code, replaced.keywords, replaced.op) == (made.id, "CA", ["go"], "info")
    assert replaced.resp_text is None and replaced.created_at == made.created_at
    raw = configs.with_raw_response.retrieve(made.id, profile_id=mine["id"]).json()["data"]
    assert "resp_text" not in raw
    # Delete answers the JSON string "OK"; the Python SDK hands back the body's text as it came.
    deleted = configs.with_raw_response.delete(made.id, profile_id=mine["id"])
    assert deleted.status_code == 200 and deleted.headers["content-type"] == "application/json"
    assert deleted.json() == "OK" and deleted.parse() == '"OK"'
    with pytest.raises(telnyx.NotFoundError) as caught:
        configs.retrieve(made.id, profile_id=mine["id"])
    assert caught.value.body["errors"][0]["detail"] == "Auto-response setting not found."  # type: ignore[index]
    assert configs.list(mine["id"]).data == []


def test_profiles_and_settings_of_others_are_not_found(server: Server, orgs: Orgs) -> None:
    theirs, mine, sibling = profile("Theirs"), profile("Mine"), profile("Sibling")
    their_client = server.client(orgs.make(messaging_profiles=[theirs]).key)
    their_config = their_client.messaging_profiles.autoresp_configs.create(
        theirs["id"], country_code="US", keywords=["HELP"], op="info", resp_text="Help"
    ).data
    org = orgs.make(messaging_profiles=[mine, sibling])
    configs = server.client(org.key).messaging_profiles.autoresp_configs
    sibling_config = configs.create(sibling["id"], country_code="US", keywords=["HELP"], op="info").data
    calls = {
        "list": lambda pid, cid: configs.list(pid),
        "create": lambda pid, cid: configs.create(pid, country_code="US", keywords=["X"], op="stop"),
        "retrieve": lambda pid, cid: configs.retrieve(cid, profile_id=pid),
        "update": lambda pid, cid: configs.update(cid, profile_id=pid, country_code="US", keywords=["Y"], op="stop"),
        "delete": lambda pid, cid: configs.delete(cid, profile_id=pid),
    }
    for name, call in calls.items():
        for profile_id in (theirs["id"], MISSING, "not-a-uuid"):
            with pytest.raises(telnyx.NotFoundError) as caught:
                call(profile_id, their_config.id)
            assert caught.value.body["errors"][0]["detail"] == "Messaging profile not found.", name  # type: ignore[index]
        if name not in ("list", "create"):  # a setting of another profile, even one's own, is not found
            for config_id in (sibling_config.id, their_config.id, MISSING, "nope"):
                with pytest.raises(telnyx.NotFoundError) as caught:
                    call(mine["id"], config_id)
                assert caught.value.body["errors"][0]["detail"] == "Auto-response setting not found."  # type: ignore[index]
    assert their_client.messaging_profiles.autoresp_configs.retrieve(their_config.id, profile_id=theirs["id"]).data
    read_only = server.client(org.read_only_key).messaging_profiles.autoresp_configs
    assert read_only.retrieve(sibling_config.id, profile_id=sibling["id"]).data == sibling_config
    with pytest.raises(telnyx.PermissionDeniedError):
        read_only.create(sibling["id"], country_code="US", keywords=["Z"], op="stop")
    with pytest.raises(telnyx.PermissionDeniedError):
        read_only.delete(sibling_config.id, profile_id=sibling["id"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"country_code": "us", "keywords": ["A"], "op": "stop"}, [("10015", "/country_code")]),
        ({"country_code": "ZZ", "keywords": ["A"], "op": "stop"}, [("10015", "/country_code")]),
        ({"country_code": "US", "keywords": [], "op": "stop"}, [("10015", "/keywords")]),
        ({"country_code": "US", "keywords": ["A"] * 0 + ["k"] * 51, "op": "stop"}, [("10015", "/keywords")]),
        ({"country_code": "US", "keywords": ["OK", ""], "op": "stop"}, [("10015", "/keywords/1")]),
        ({"country_code": "US", "keywords": ["x" * 65], "op": "stop"}, [("10015", "/keywords/0")]),
        ({"country_code": "US", "keywords": [" STOP"], "op": "stop"}, [("10015", "/keywords/0")]),
        ({"country_code": "US", "keywords": ["ST\tOP"], "op": "stop"}, [("10015", "/keywords/0")]),
        ({"country_code": "US", "keywords": ["Stop", "QUIT", "stop"], "op": "stop"}, [("10015", "/keywords/2")]),
        ({"country_code": "US", "keywords": ["A"], "op": "pause"}, [("10015", "/op")]),
        ({"country_code": "US", "keywords": ["A"], "op": "info", "resp_text": ""}, [("10015", "/resp_text")]),
        ({"country_code": "US", "keywords": ["A"], "op": "info", "resp_text": "x" * 1531}, [("10015", "/resp_text")]),
        ({"keywords": ["A"]}, [("10004", "/country_code"), ("10004", "/op")]),
    ],
)
def test_bad_bodies_are_refused_with_a_pointer(server: Server, orgs: Orgs, body: dict, expected: list) -> None:
    mine = profile()
    client = server.client(orgs.make(messaging_profiles=[mine]).key)
    made = client.messaging_profiles.autoresp_configs.create(mine["id"], country_code="US", keywords=["KEEP"],
                                                             op="stop").data  # fmt: skip
    for send in (
        lambda: client.post(f"/messaging_profiles/{mine['id']}/autoresp_configs", body=body, cast_to=object),
        lambda: client.put(f"/messaging_profiles/{mine['id']}/autoresp_configs/{made.id}", body=body, cast_to=object),
    ):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            send()
        assert problems(caught) == expected
    assert client.messaging_profiles.autoresp_configs.list(mine["id"]).data == [made]  # nothing changed


def test_a_keyword_answers_once_per_profile_and_country(server: Server, orgs: Orgs) -> None:
    mine, other = profile("Mine"), profile("Other")
    configs = server.client(orgs.make(messaging_profiles=[mine, other]).key).messaging_profiles.autoresp_configs
    first = configs.create(mine["id"], country_code="US", keywords=["STOP", "Quit"], op="stop").data
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        configs.create(mine["id"], country_code="US", keywords=["end", "quit", "stop"], op="stop")
    assert problems(caught) == [("10012", "/keywords/1"), ("10012", "/keywords/2")]
    detail = caught.value.body["errors"][0]["detail"]  # type: ignore[index]
    assert "'quit'" in detail and first.id in detail
    # Another country or another profile may use the keyword; the setting itself may keep it.
    second = configs.create(mine["id"], country_code="CA", keywords=["stop"], op="stop").data
    configs.create(other["id"], country_code="US", keywords=["STOP"], op="stop")
    kept = configs.update(first.id, profile_id=mine["id"], country_code="US", keywords=["stop", "QUIT"], op="stop")
    assert kept.data.keywords == ["stop", "QUIT"]
    # Moving a setting onto a country where its keyword is taken is refused, and changes nothing.
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        configs.update(second.id, profile_id=mine["id"], country_code="US", keywords=["STOP"], op="stop")
    assert problems(caught) == [("10012", "/keywords/0")]
    assert configs.retrieve(second.id, profile_id=mine["id"]).data == second
    # Once deleted, the keyword is free again.
    configs.delete(first.id, profile_id=mine["id"])
    assert configs.create(mine["id"], country_code="US", keywords=["Stop"], op="stop").data.keywords == ["Stop"]


def test_the_list_filters_by_country_and_time_and_pages(telconf_server: TelconfServer) -> None:
    server = telconf_server
    mine = profile()
    client = server.client(clocked_orgs(server).make(messaging_profiles=[mine]).key, max_retries=0)
    configs = client.messaging_profiles.autoresp_configs
    made = []
    for i, country in enumerate(("US", "CA", "US", "GB")):
        made.append(configs.create(mine["id"], country_code=country, keywords=[f"K{i}"], op="info").data)
        a_second_later(server)
    changed = configs.update(made[0].id, profile_id=mine["id"], country_code="US", keywords=["K0"], op="stop").data

    def ids(**query: object) -> list[str]:
        return [c.id for c in configs.list(mine["id"], **query).data]  # type: ignore[arg-type]

    assert ids() == [c.id for c in made]  # oldest first
    assert ids(country_code="US") == [made[0].id, made[2].id]
    stamp = made[1].created_at.isoformat()
    assert ids(created_at={"gte": stamp}) == [c.id for c in made[1:]]
    assert ids(created_at={"lte": stamp}) == [made[0].id, made[1].id]
    assert ids(created_at={"gte": stamp, "lte": made[2].created_at.isoformat()}, country_code="US") == [made[2].id]
    assert ids(updated_at={"gte": changed.updated_at.isoformat()}) == [made[0].id]
    assert ids(created_at={"gte": "2000-01-01"}, updated_at={"lte": "9999-12-31T23:59:59+05:00"}) == ids()
    page = configs.list(mine["id"], extra_query={"page[size]": 3, "page[number]": 2})
    assert [c.id for c in page.data] == [made[3].id]
    assert page.meta.to_dict() == {"page_number": 2, "page_size": 3, "total_pages": 2, "total_results": 4}
    for query, parameter in (
        ({"country_code": "usa"}, "country_code"),
        ({"created_at": {"gte": "yesterday"}}, "created_at[gte]"),
        ({"extra_query": {"updated_at[eq]": "2024-01-01"}}, "updated_at[eq]"),
        ({"extra_query": {"page[size]": 0}}, "page[size]"),
    ):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            configs.list(mine["id"], **query)  # type: ignore[arg-type]
        assert caught.value.body["errors"][0]["source"] == {"parameter": parameter}  # type: ignore[index]


def test_concurrent_creates_give_a_keyword_to_one_setting(server: Server, orgs: Orgs) -> None:
    mine = profile()
    org = orgs.make(messaging_profiles=[mine])
    clients = [server.client(org.key) for _ in range(8)]

    def create(i: int) -> int:
        configs = clients[i].messaging_profiles.autoresp_configs
        try:
            configs.create(mine["id"], country_code="US", keywords=[f"OWN{i}", "SHARED"], op="stop")
        except telnyx.UnprocessableEntityError as error:
            assert error.body["errors"][0]["source"] == {"pointer": "/keywords/1"}  # type: ignore[index]
            return 0
        return 1

    with ThreadPoolExecutor(len(clients)) as pool:
        assert sum(pool.map(create, range(len(clients)))) == 1
    listed = clients[0].messaging_profiles.autoresp_configs.list(mine["id"]).data
    assert len(listed) == 1 and listed[0].keywords[1] == "SHARED"


def test_settings_go_with_their_profile(server: Server, orgs: Orgs) -> None:
    mine = profile()
    client = server.client(orgs.make(messaging_profiles=[mine]).key)
    made = client.messaging_profiles.autoresp_configs.create(mine["id"], country_code="US", keywords=["A"], op="info")
    client.messaging_profiles.delete(mine["id"])
    with pytest.raises(telnyx.NotFoundError) as caught:
        client.messaging_profiles.autoresp_configs.retrieve(made.data.id, profile_id=mine["id"])
    assert caught.value.body["errors"][0]["detail"] == "Messaging profile not found."  # type: ignore[index]
