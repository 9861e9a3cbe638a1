"""The list cache's memory is bounded whatever one key asks: remembered page keys over all lists
stay under MAX_KEYS, lists under MAX_QUERIES, and a list whose version moved is replaced."""

from __future__ import annotations

from telconf.store.list_cache import MAX_KEYS, MAX_KEYS_PER_LIST, MAX_QUERIES, ListCache


def test_page_keys_over_all_lists_stay_bounded() -> None:
    cache = ListCache()
    # A read-only key walking 512 different filters 20,000 pages deep each (the review's 1.4 GB).
    for query in range(MAX_QUERIES):
        entry = cache.entry(1, (query,), version=1)
        for page in range(MAX_KEYS_PER_LIST + 100):
            entry.remember(page * 250, (f"2024-01-01T00:00:{page:06d}", page), inclusive=True)
    held = sum(len(e.boundaries) for e in cache._entries.values())
    assert held == cache.keys <= MAX_KEYS
    assert len(cache._entries) <= MAX_QUERIES


def test_a_moved_version_replaces_the_list_and_frees_its_keys() -> None:
    cache = ListCache()
    old = cache.entry(1, ("q",), version=1)
    for page in range(100):
        old.remember(page * 20, (page, page), inclusive=True)
    assert cache.keys == 100
    new = cache.entry(1, ("q",), version=2)
    assert new is not old and new.boundaries == {} and cache.keys == 0
    assert len(cache._entries) == 1


def test_the_nearest_remembered_key_serves_a_deeper_page() -> None:
    cache = ListCache()
    entry = cache.entry(1, ("q",), version=1)
    entry.remember(0, ("a", 1), inclusive=True)
    entry.remember(500, ("m", 9), inclusive=False)
    assert entry.start(499) == (0, ("a", 1), True)
    assert entry.start(750) == (500, ("m", 9), False)
