"""The keys a rendered comment thread is kept under: what it shows, and what renders it."""

import datetime
from types import SimpleNamespace

import jinja2
import pytest

from contrepoint.comments.model import Comment, Thread
from contrepoint.comments.store import Body, DiskStore
from contrepoint.comments.thread_cache import code_files, render_stamp, thread_key
from contrepoint.french.plugin import typo_fr

STAMP = b"s" * 32


def stored(text):
    """A stored body's handle: only its key is read."""
    return SimpleNamespace(key=text.encode("utf-8").ljust(32, b"-"))


def thread(**changes):
    """Alice, then Bob answering her; ``changes`` go to Bob (``body`` as text)."""
    alice = Comment(id="01-alice", article_slug="x", order=1, author="Alice",
                    body=stored("alice"))
    fields = {"author": "Bob", "date": datetime.datetime(2020, 1, 4, 10), "replyto": ("01-alice",),
              "body": "bob", **changes}
    fields["body"] = stored(fields["body"])
    return Thread([alice, Comment(id="02-bob", article_slug="x", order=2, **fields)])


def test_same_thread_same_key():
    assert thread_key(thread(), STAMP) == thread_key(thread(), STAMP)


@pytest.mark.parametrize("changes", [
    {"author": "Robert"},
    {"author_url": "https://bob.example/"},
    {"date": datetime.datetime(2020, 1, 5, 10)},
    {"body": "bob, relu"},
    {"replyto": ()},  # no longer nested under Alice
    {"kind": "pingback", "title": "Un billet"},
    {"stance": "oppose", "stance_source": "detected", "stance_evidence": "pas d’accord"},
    {"stance": "oppose", "stance_source": "detected", "stance_evidence": "faux"},
], ids=lambda changes: ",".join(changes))
def test_what_a_thread_shows_is_in_its_key(changes):
    assert thread_key(thread(**changes), STAMP) != thread_key(thread(), STAMP)


def test_the_code_that_renders_it_is_in_its_key():
    assert thread_key(thread(), b"t" * 32) != thread_key(thread(), STAMP)


def test_no_key_for_a_body_held_in_memory_or_without_a_stamp():
    in_memory = Thread([Comment(id="01-a", article_slug="x", order=1, body=Body("<p>a</p>", "a"))])
    assert thread_key(in_memory, STAMP) is None
    assert thread_key(thread(), None) is None


def environment(**templates):
    return jinja2.Environment(loader=jinja2.DictLoader({
        "partials/comments.html": '{% include "partials/one.html" %}',
        "partials/one.html": "{{ thread.count }}", **templates}))


def test_the_stamp_follows_the_partial_and_every_template_it_names():
    base = render_stamp(environment())
    assert render_stamp(environment()) == base
    changed = "{% include 'partials/one.html' %} "
    assert render_stamp(environment(**{"partials/comments.html": changed})) != base
    assert render_stamp(environment(**{"partials/one.html": "{{ thread.count }} "})) != base


def test_the_stamp_follows_plain_globals_and_is_none_for_a_template_named_by_a_variable():
    env = environment()
    base = render_stamp(env)
    env.globals["SITEURL"] = "https://exemple.org"
    assert render_stamp(env) != base
    assert render_stamp(environment(**{"partials/comments.html": "{% include name %}"})) is None
    with pytest.raises(jinja2.TemplateNotFound):
        render_stamp(environment(**{"partials/comments.html": "{% include 'absent.html' %}"}))


def test_the_stamp_reads_the_package_of_each_filter_not_jinja():
    files = code_files([typo_fr, jinja2.filters.do_upper])
    names = {file.rsplit("/", 2)[-2] + "/" + file.rsplit("/", 1)[-1] for file in files}
    assert {"french/plugin.py", "french/typography.py"} <= names  # typo_fr calls typography
    assert not any("jinja2" in file for file in files)


def test_the_store_keeps_thread_html_by_key_until_told_otherwise(tmp_path):
    path = str(tmp_path / "c.sqlite")
    store = DiskStore.open(path, "v1")
    store.add_thread(b"a" * 32, "<section>A</section>")
    store.add_thread(b"b" * 32, "<section>B</section>")
    assert DiskStore.open(path, "v1").find_thread(b"a" * 32) == "<section>A</section>"
    store.keep_only_threads({b"b" * 32})
    assert store.find_thread(b"a" * 32) is None
    assert store.find_thread(b"b" * 32) == "<section>B</section>"
    assert DiskStore.open(path, "v2").find_thread(b"b" * 32) is None  # other settings
