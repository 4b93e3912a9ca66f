"""The plugins' own cache files: written a chunk at a time, read back only with their stamp."""

import pytest

from contrepoint import json_cache


def settings(tmp_path, **extra):
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": str(tmp_path / "cache"), **extra}


@pytest.mark.parametrize("count", [0, 1, json_cache.CHUNK, json_cache.CHUNK + 1, 1203])
def test_entries_come_back_as_saved_across_chunks(tmp_path, count):
    entries = {f"k{i:05}": {"html": "<p>é « x »</p>", "n": i} for i in range(count)}
    json_cache.save(settings(tmp_path), "t.json", [1, "abc"], entries)
    assert json_cache.load(settings(tmp_path), "t.json", [1, "abc"]) == entries


def test_another_stamp_or_no_load_setting_gives_nothing(tmp_path):
    json_cache.save(settings(tmp_path), "t.json", [1, "abc"], {"k": 1})
    assert json_cache.load(settings(tmp_path), "t.json", [2, "abc"]) == {}
    assert json_cache.load(settings(tmp_path, LOAD_CONTENT_CACHE=False), "t.json", [1, "abc"]) == {}
    (tmp_path / "cache" / "t.json").write_text("{broken", encoding="utf-8")
    assert json_cache.load(settings(tmp_path), "t.json", [1, "abc"]) == {}


def test_nothing_is_written_without_cache_content(tmp_path):
    json_cache.save(settings(tmp_path, CACHE_CONTENT=False), "t.json", [1], {"k": 1})
    assert not (tmp_path / "cache").exists()


def test_the_same_keys_as_loaded_are_not_written_again(tmp_path):
    path = tmp_path / "cache" / "t.json"
    json_cache.save(settings(tmp_path), "t.json", [1], {"a": 1, "b": 2})
    loaded = json_cache.load(settings(tmp_path), "t.json", [1])
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")  # a mark
    json_cache.save(settings(tmp_path), "t.json", [1], {"b": 2, "a": 1}, loaded)
    assert path.read_text(encoding="utf-8").endswith(" ")  # untouched
    json_cache.save(settings(tmp_path), "t.json", [1], {"a": 1}, loaded)  # one dropped
    assert json_cache.load(settings(tmp_path), "t.json", [1]) == {"a": 1}
