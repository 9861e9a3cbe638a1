"""Reset, snapshots and seeding through the admin API, seen through the official SDK."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import telnyx

from telconf.admin.client import AdminError
from telconf.demo import DEMO_KEY, PHONE_NUMBER_ID, PROFILE_ID
from telconf.store import Store
from telconf.store.snapshots import DATA_TABLES, SERVICE_TABLES
from telconf.testing.server import TelconfServer, start_telconf

from ..support import create_database, drop_database, engines

SEED = {
    "organizations": [
        {
            "name": "acme-admin-test",
            "api_keys": [{"key": "KEYACMEADMINTEST0000000000000000"}],
            "phone_numbers": [{"phone_number": "+13125550101", "tags": ["a"]}],
        }
    ]
}


def test_reset_undoes_writes_creations_and_deletions(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    before = telnyx_client.phone_numbers.list(page_size=250)
    total = before.meta.total_results
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["changed"], customer_reference="ref-1")
    victim = next(n for n in before.data if n.id != PHONE_NUMBER_ID and not n.deletion_lock_enabled)
    telnyx_client.phone_numbers.delete(victim.id)
    created = telnyx_client.messaging_profiles.create(name="made in the test", whitelisted_destinations=["US"])
    assert telnyx_client.phone_numbers.list().meta.total_results == total - 1

    result = telconf_server.reset()

    assert result["restored"] == "baseline"
    number = telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data
    assert number.tags == ["support", "west"] and number.customer_reference != "ref-1"
    assert telnyx_client.phone_numbers.retrieve(victim.id).data.id == victim.id
    assert telnyx_client.phone_numbers.list().meta.total_results == total
    with pytest.raises(telnyx.NotFoundError):
        telnyx_client.messaging_profiles.retrieve(created.data.id)


def test_reset_is_fast_for_the_demo_inventory(telconf_server: TelconfServer) -> None:
    # The demo holds a few hundred records; the issue asks for "well under 100 ms". The figure is
    # reported, not asserted (timings are not unit-test material), but it must be a real number.
    assert telconf_server.reset()["elapsed_ms"] > 0


def test_a_seeded_organisation_is_gone_after_reset_and_its_key_with_it(telconf_server: TelconfServer) -> None:
    counts = telconf_server.seed(SEED)
    assert counts["phone_numbers"] == 1
    client = telconf_server.client("KEYACMEADMINTEST0000000000000000", max_retries=0)
    assert client.phone_numbers.list().data[0].phone_number == "+13125550101"

    telconf_server.reset()

    with pytest.raises(telnyx.AuthenticationError):
        client.phone_numbers.list()


@pytest.mark.telconf_seed(SEED)
def test_the_seed_marker_loads_a_seed_for_one_test(telconf_server: TelconfServer) -> None:
    client = telconf_server.client("KEYACMEADMINTEST0000000000000000", max_retries=0)
    assert [n.tags for n in client.phone_numbers.list().data] == [["a"]]


def test_the_seed_of_the_marker_test_did_not_leak(telconf_server: TelconfServer) -> None:
    with pytest.raises(telnyx.AuthenticationError):
        telconf_server.client("KEYACMEADMINTEST0000000000000000", max_retries=0).phone_numbers.list()


def test_snapshots_save_restore_list_delete(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["saved"])
    info = telconf_server.admin.save_snapshot("tagged")
    assert info["name"] == "tagged" and info["size_bytes"] > 0
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["later"])
    telnyx_client.messaging_profiles.update(PROFILE_ID, name="renamed later")

    telconf_server.admin.restore_snapshot("tagged")

    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.tags == ["saved"]
    assert telnyx_client.messaging_profiles.retrieve(PROFILE_ID).data.name != "renamed later"
    assert "tagged" in [s["name"] for s in telconf_server.admin.snapshots()]
    telconf_server.admin.delete_snapshot("tagged")
    assert "tagged" not in [s["name"] for s in telconf_server.admin.snapshots()]
    with pytest.raises(AdminError, match="404"):
        telconf_server.admin.restore_snapshot("tagged")


def test_lists_after_a_restore_show_the_restored_data_not_a_remembered_page(
    telconf_server: TelconfServer, telnyx_client: Any
) -> None:
    telconf_server.admin.save_snapshot("before-tagging")
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["only-in-the-future"])
    assert telnyx_client.phone_numbers.list(filter={"tag": "only-in-the-future"}).meta.total_results == 1

    telconf_server.admin.restore_snapshot("before-tagging")

    assert telnyx_client.phone_numbers.list(filter={"tag": "only-in-the-future"}).meta.total_results == 0
    # Writing again after the restore must not revive the page remembered before it.
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, customer_reference="x")
    assert telnyx_client.phone_numbers.list(filter={"tag": "only-in-the-future"}).meta.total_results == 0
    telconf_server.admin.delete_snapshot("before-tagging")


def test_a_bad_seed_is_refused_with_the_record_named_and_nothing_loaded(telconf_server: TelconfServer) -> None:
    bad = {
        "organizations": [
            {
                "name": "half-loaded",
                "api_keys": [{"key": "KEYHALFLOADED000000000000000000"}],
                "phone_numbers": [{"phone_number": "+13125550102"}, {"phone_number": "not-e164"}],
            }
        ]
    }
    with pytest.raises(AdminError, match="422") as refused:
        telconf_server.seed(bad)
    assert "phone_numbers[1]" in str(refused.value) or "phone_number" in str(refused.value)
    with pytest.raises(telnyx.AuthenticationError):
        telconf_server.client("KEYHALFLOADED000000000000000000", max_retries=0).phone_numbers.list()


def test_admin_api_refuses_api_keys_and_wrong_tokens(telconf_server: TelconfServer) -> None:
    with telconf_server.http_client() as http:
        for token in (DEMO_KEY, "wrong", "-"):
            url = telconf_server.root_url + "/_telconf/reset"
            response = http.post(url, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401
            assert response.json()["errors"][0]["code"] == "10009"


def test_admin_validation_errors_use_the_envelope(telconf_server: TelconfServer) -> None:
    with pytest.raises(AdminError, match="422") as refused:
        telconf_server.admin.save_snapshot("no spaces allowed")
    assert '"pointer":"/name"' in str(refused.value).replace(" ", "").replace('":"', '":"')


def test_admin_api_is_not_served_without_a_token(server: Any, orgs: Any) -> None:
    # The suite's plain server runs without TELCONF_ADMIN_TOKEN.
    response = httpx.post(server.base_url.removesuffix("/v2") + "/_telconf/reset")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "10005"


@pytest.mark.parametrize("engine", engines())
def test_several_server_processes_share_one_baseline(engine: str, tmp_path: Path) -> None:
    url = create_database(engine, tmp_path)
    server = start_telconf(database_url=url, extra_args=("--workers", "2"))
    try:
        assert [s["name"] for s in server.admin.snapshots()] == ["baseline"]
        client = server.client(max_retries=0)
        client.phone_numbers.update(PHONE_NUMBER_ID, tags=["two-processes"])
        server.reset()
        # Whichever process answers, the data is the baseline's.
        for _ in range(6):
            assert client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.tags == ["support", "west"]
    finally:
        server.stop()
        drop_database(url)


def test_lists_are_exact_across_restore_reset_and_seed(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    """The lists' remembered totals and page keys are retired by a restore, a reset and a seed,
    exactly as by a write: each list walked before is walked again and matches the data."""

    def walk(**params: Any) -> tuple[list[str], set[int]]:
        ids: list[str] = []
        totals: set[int] = set()
        page = telnyx_client.phone_numbers.list(page_size=3, **params)
        while True:
            ids += [n.id for n in page.data]
            totals.add(page.meta.total_results)
            if not page.has_next_page():
                return ids, totals
            page = page.get_next_page()

    lists = [{}, {"filter": {"tag": "support"}}, {"filter": {"tag": "moved"}}, {"sort": "phone_number"}]
    before = [walk(**params) for params in lists]
    telconf_server.admin.save_snapshot("lists")
    everyone = before[0][0]
    for number_id in everyone[:4]:
        telnyx_client.phone_numbers.update(number_id, tags=["moved"])
    moved = walk(filter={"tag": "moved"})
    assert moved == (sorted(everyone[:4], key=everyone.index), {4})

    telconf_server.admin.restore_snapshot("lists")
    assert [walk(**params) for params in lists] == before

    for number_id in everyone[:2]:
        telnyx_client.phone_numbers.update(number_id, tags=["moved"])
    assert walk(filter={"tag": "moved"})[1] == {2}
    telconf_server.reset()
    assert [walk(**params) for params in lists] == before

    telconf_server.seed(SEED)  # another organisation's numbers: this one's lists are unchanged
    assert [walk(**params) for params in lists] == before


# Kept by the database from the data tables, never copied: the list totals (recounted by a
# restore), SQLite's substring index over numbers (an FTS5 table and its shadow tables) and
# PostgreSQL's customer-reference index rows (both kept by triggers).
DERIVED = {"list_counts", "phone_number_search", "phone_number_references"}


@pytest.mark.parametrize("engine", engines())
def test_every_table_is_either_data_or_service(engine: str, tmp_path: Path) -> None:
    """A new table must be named in DATA_TABLES (reset and restore replace it) or in
    SERVICE_TABLES (they leave it alone: console sessions, shared admin state)."""
    url = create_database(engine, tmp_path)

    async def tables() -> set[str]:
        store = await Store.open(url)
        try:
            if store.db.dialect == "sqlite":
                rows = await store.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
            else:
                sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                rows = await store.db.fetchall(sql)
            return {str(r[0]) for r in rows}
        finally:
            await store.close()

    try:
        found = {t for t in asyncio.run(tables()) if not any(t.startswith(d) for d in DERIVED)}
    finally:
        drop_database(url)
    assert len(DATA_TABLES) + len(SERVICE_TABLES) == len(set(DATA_TABLES) | set(SERVICE_TABLES))
    assert found == set(DATA_TABLES) | set(SERVICE_TABLES)
    assert "console_sessions" in SERVICE_TABLES
