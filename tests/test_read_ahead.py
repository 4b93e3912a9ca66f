"""Posts read ahead by a forked process: the same site, the same problems, reported once."""

import filecmp
import os
import time

import pytest

from contrepoint import read_ahead
from helpers import ROOT, build, children, write_tree

# Lists itself before contrepoint.read_ahead: it sees the ReadAhead before it is closed.
TELLING_PLUGIN = """\
import sys

from pelican import signals

def tell(generator):
    ahead = getattr(generator, "read_ahead", None)
    print(f"read ahead: {ahead.taken if ahead else None}", file=sys.stderr)

def register():
    signals.article_generator_finalized.connect(tell)
"""


class Reader:
    def read(self, path):
        time.sleep(0.005)
        return f"<p>{os.path.basename(path)}</p>", {"read_by": os.getpid()}


class Readers:
    """Pelican's ``Readers``, as far as the plugin looks: a reader by suffix and a cache."""

    def __init__(self, reader, cached):
        self.readers, self.cached = {"md": reader, "markdown": reader}, cached

    def get_cached_data(self, path, default=None):
        return ("cached", {}) if os.path.basename(path) in self.cached else default


class Generator:
    """An ``ArticlesGenerator``, as far as the plugin looks."""

    path = "/site/content"

    def __init__(self, names, cached=(), **settings):
        self.names, self.readers = names, Readers(Reader(), cached)
        self.settings = {"ARTICLE_PATHS": ["articles"], "ARTICLE_EXCLUDES": [],
                         "READ_AHEAD_MIN_POSTS": 4, **settings}

    def get_files(self, paths, exclude=None):
        return [f"articles/{name}" for name in self.names]

    def get_cached_data(self, name, default=None):
        return default  # the cache is the readers' (Pelican's default layer)


def read_all(generator):
    reader = generator.readers.readers["md"]
    return {name: reader.read(f"{generator.path}/articles/{name}") for name in generator.names}


@pytest.fixture
def two_cores(monkeypatch):
    """The glue's tests as on this project's machines, whatever runs them."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_the_reader_gives_what_the_other_process_read_until_the_posts_are_read(two_cores):
    generator = Generator([f"post-{n}.md" for n in range(20)] + ["notes.txt"],
                          cached={"post-0.md"})
    reader = generator.readers.readers["md"]
    read_ahead.start(generator)
    ahead = generator.read_ahead
    assert set(ahead._index) == {f"/site/content/articles/post-{n}.md" for n in range(1, 20)}
    read = read_all(generator)
    assert read["post-7.md"][0] == "<p>post-7.md</p>"
    by = [metadata["read_by"] for _html, metadata in read.values()]
    assert by.count(os.getpid()) < len(by) and ahead.taken == len(by) - by.count(os.getpid())
    read_ahead.stop(generator)
    assert not hasattr(reader.read, "ahead") and read_ahead._open == []  # its own read again
    assert reader.read("/site/content/articles/post-9.md")[1]["read_by"] == os.getpid()


def test_nothing_is_read_ahead_when_turned_off_with_few_posts_left_or_one_core(monkeypatch):
    turned_off = Generator([f"p{n}.md" for n in range(20)], READ_AHEAD=False)
    few_left = Generator([f"p{n}.md" for n in range(6)], cached={"p1.md", "p2.md", "p3.md"})
    one_core = Generator([f"p{n}.md" for n in range(20)])
    for generator, cores in ((turned_off, 2), (few_left, 2), (one_core, 1)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        before = children()
        read_ahead.start(generator)
        assert generator.read_ahead is None and children() == before
        assert {metadata["read_by"] for _html, metadata in read_all(generator).values()} \
            == {os.getpid()}
        read_ahead.stop(generator)


def test_a_build_stopped_while_reading_leaves_no_process_to_the_next_one(two_cores):
    before = children()
    stopped = Generator([f"p{n}.md" for n in range(20)])
    read_ahead.start(stopped)  # and no stop(): the build failed while reading
    assert len(children() - before) == 1
    following = Generator([f"p{n}.md" for n in range(20)], READ_AHEAD=False)
    read_ahead.start(following)
    assert children() == before and read_ahead._open == []


def tree(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def build_telling(content, output, tmp_path, **settings):
    from pelicanconf import PLUGINS

    write_tree(tmp_path / "plugins", {"telling.py": TELLING_PLUGIN})
    return build(content, output, cache=output.parent / f"{output.name}-cache", extra={
        "PLUGIN_PATHS": [str(tmp_path / "plugins"), "plugins"],
        "PLUGINS": ["telling", *PLUGINS], **settings})


def taken(result):
    return result.stderr.split("read ahead: ")[1].split()[0]


def test_a_site_read_on_two_cores_is_the_site_read_on_one(tmp_path):
    ahead, alone = tmp_path / "ahead", tmp_path / "alone"
    result = build_telling(ROOT / "content", ahead, tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 0, result.stderr
    if (os.cpu_count() or 1) > 1:
        assert int(taken(result)) > 0  # posts really came from the other process
    else:  # one core: nothing to share
        assert taken(result) == "None"
    result = build_telling(ROOT / "content", alone, tmp_path, READ_AHEAD=False)
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"
    assert tree(ahead) == tree(alone)
    for name in tree(ahead):
        assert filecmp.cmp(ahead / name, alone / name, shallow=False), name


def test_few_posts_or_a_cached_site_are_read_here(tmp_path):
    output = tmp_path / "output"
    result = build_telling(ROOT / "content", output, tmp_path)  # 5 posts, fewer than 16
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"
    result = build_telling(ROOT / "content", output, tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 0, result.stderr
    assert taken(result) == "None"  # every post is in the content cache


def test_a_problem_in_a_post_read_ahead_is_reported_once_by_the_build(content_copy, tmp_path):
    # Half the posts are broken: the other process meets some of them, and
    # leaves them to the main one, which reports each once.
    broken = {f"articles/zz-broken-{n}.md": b"Title: Cass\xe9\n\nTexte.\n" for n in range(6)}
    write_tree(content_copy, broken)
    result = build_telling(content_copy, tmp_path / "output", tmp_path, READ_AHEAD_MIN_POSTS=2)
    assert result.returncode == 1
    for name in broken:
        assert result.stderr.count(f"{name}:1: invalid UTF-8 (byte 0xe9)") == 1, result.stderr
    assert "Traceback" not in result.stderr
