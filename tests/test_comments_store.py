"""Where rendered bodies live: a disk store shared by processes, and the next build's cache."""

import multiprocessing
import os
import pickle
import subprocess
import sys

from contrepoint.comments.store import Body, DiskStore, MemoryStore
from helpers import ROOT

KEY, OTHER = b"k" * 32, b"o" * 32


def filled(path, stamp="v1"):
    store = DiskStore.open(str(path), stamp)
    store.add(KEY, "<p>Un « débat »</p>", "Un « débat »", [{"key": "asym"}], [[1, "m", "h"]])
    store.add(OTHER, "<p>autre</p>", "autre", [], [])
    store.flush()
    return store


def test_a_body_is_read_back_by_key(tmp_path):
    store = filled(tmp_path / "c.sqlite")
    rendered = store.find(KEY)
    assert (rendered.body.html, rendered.body.text) == ("<p>Un « débat »</p>", "Un « débat »")
    assert (rendered.passages, rendered.problems) == (({"key": "asym"},), ((1, "m", "h"),))
    assert store.find(b"x" * 32) is None


def test_a_body_added_is_readable_before_any_flush(tmp_path):
    store = DiskStore.open(str(tmp_path / "c.sqlite"), "v1")
    body = store.add(KEY, "<p>x</p>", "x", [], []).body
    assert body.html == "<p>x</p>"


def test_the_next_build_finds_the_bodies_only_with_the_same_stamp(tmp_path):
    path = tmp_path / "c.sqlite"
    filled(path)
    assert DiskStore.open(str(path), "v1").find(KEY).body.text == "Un « débat »"
    assert DiskStore.open(str(path), "v1", reuse=False).find(KEY) is None  # emptied
    filled(path)
    assert DiskStore.open(str(path), "v2").find(KEY) is None  # other settings: emptied
    assert len(DiskStore.open(str(path), "v1")) == 0


def test_a_broken_cache_file_is_replaced(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"pas une base SQLite" * 100)
    store = DiskStore.open(str(path), "v1")
    assert len(store) == 0
    store.add(KEY, "<p>x</p>", "x", (), ())
    assert store.find(KEY).body.text == "x"


def test_keep_only_drops_the_bodies_of_comments_gone(tmp_path):
    store = filled(tmp_path / "c.sqlite")
    store.keep_only({KEY})
    assert len(store) == 1 and store.find(OTHER) is None and store.find(KEY) is not None


def test_a_stored_body_travels_as_its_key_and_is_read_in_another_process(tmp_path):
    store = filled(tmp_path / "c.sqlite")
    body = store.find(KEY).body
    assert len(pickle.dumps(body)) < 200  # not the text
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(1) as pool:
        assert pool.apply(_text_of, (body,)) == "Un « débat »"


def _text_of(body):
    return body.text


def test_a_forked_process_opens_its_own_connection(tmp_path):
    store = filled(tmp_path / "c.sqlite")
    body = store.find(KEY).body
    assert body.html  # the parent's connection is open
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reads and adds through its own connection
        os.close(read)
        store.add(b"c" * 32, "<p>enfant</p>", "enfant", [], [])
        store.flush()
        os.write(write, body.text.encode("utf-8"))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        assert stream.read().decode("utf-8") == "Un « débat »"
    assert os.waitpid(pid, 0)[1] == 0
    assert store.find(b"c" * 32).body.text == "enfant"
    assert store.find(KEY).body.html == "<p>Un « débat »</p>"


def test_memory_store_handles_are_the_bodies():
    store = MemoryStore()
    store.add(KEY, "<p>x</p>", "x", [], [])
    assert store.find(KEY).body == Body("<p>x</p>", "x")
    store.keep_only(set())
    assert len(store) == 0


def test_without_the_content_cache_bodies_go_to_a_folder_removed_at_exit(tmp_path):
    script = (
        "from contrepoint.comments import plugin\n"
        f"settings = {{**plugin.DEFAULTS, 'CACHE_PATH': {str(tmp_path / 'cache')!r},\n"
        "            'CACHE_CONTENT': False, 'MARKDOWN': {}}\n"
        "store = plugin._open_store(settings)\n"
        "store.add(b'k' * 32, '<p>x</p>', 'x', [], [])\n"
        "store.flush()\n"
        "print(store.path)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    path = result.stdout.strip()
    assert path and not path.startswith(str(tmp_path))  # not in the cache folder
    assert not os.path.exists(os.path.dirname(path))
    assert not (tmp_path / "cache").exists()
