"""Comment folders read ahead in worker processes.

The same threads as rendering in the build's own process; cached bodies never
sent; every pool closed, after a normal build, a build stopped by a broken
comment, a build that fails while reading the posts, or a devserver rebuild.
"""

import functools
import multiprocessing
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from contrepoint.comments import plugin
from contrepoint.comments.pool import FolderPool, read_batch
from contrepoint.comments.source import MAX_BYTES, Renderer, comment_folders, load_comments
from helpers import ROOT, write_tree

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
        "contrepoint.positions.markdown_ext": {
            "positions": {"asym": "L’éthique n’est pas symétrique"},
            "position_url": "/positions/{key}/",
        },
    },
    "output_format": "html5",
}
FACTORY = functools.partial(
    markdown.Markdown, output_format="html5",
    extensions=list(MARKDOWN["extension_configs"]), extension_configs=MARKDOWN["extension_configs"])

COMMENTS = {
    "billet/01-ann.md": "Author: Ann\nOrder: 1\n\n[Pas symétrique !]{+asym} et *vous* ?\n",
    "billet/02-bob.md": "Author: Bob\nOrder: 2\nReplyto: 01-ann\n\nJe ne crois pas. {-asym}\n",
    "billet/03-cyd.md": "Author: Cyd\nOrder: 3\nId: cyd\n\nUne note[^1] <script>x()</script>.\n\n"
                        "[^1]: La note, avec [un lien](https://exemple.org/).\n",
    "billet/04-dee.md": "Author: Dee\nOrder: 4\n\n[Clé inconnue]{+inconnue}.\n",
    "billet/05-eve.md": "Author: Eve\nOrder: 5\nKind: pingback\nTitle: Ailleurs\n\n[…] cité […]\n",
    "autre/01-fay.md": "Author: Fay\nOrder: 1\n\n- un\n- deux {~asym}\n",
    "autre/02-gus.md": "Author: Gus\nOrder: 2\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}
SLUGS = ["billet", "autre"]


def snapshot(threads):
    """What rendering gives each comment, and how the threads nest."""
    return {
        slug: [(c.id, c.content, c.text, c.passages, c.annotation_problems,
                c.parent.id if c.parent else None) for c in thread.comments]
        for slug, thread in threads.items()
    }


def test_workers_and_this_process_render_the_same_threads(tmp_path):
    root = write_tree(tmp_path / "comments", COMMENTS)
    here = Renderer(FACTORY, "fp")
    inline = load_comments(root, SLUGS, here)
    with FolderPool(FACTORY, "fp", MAX_BYTES, None, workers=1) as pool:
        pool.submit(comment_folders(root), batch=1)
        read, used = pool.collect()  # no renderer: the workers read every batch
    assert pool.failures == [] and sorted(read) == comment_folders(root)
    renderer = Renderer(FACTORY, "fp")
    ahead = load_comments(root, SLUGS, renderer, read_ahead=read)
    assert renderer.converted == 0  # every folder came from a worker
    assert used == here.used  # the same bodies, whoever rendered them
    assert snapshot(ahead.threads) == snapshot(inline.threads)
    assert (ahead.problems, ahead.warnings) == (inline.problems, inline.warnings)
    cyd = ahead.threads["billet"].by_id["cyd"]
    assert "script" not in cyd.content and 'id="comment-cyd-fn:1"' in cyd.content
    assert ahead.threads["billet"].by_id["01-ann"].passages[0]["id"] == "comment-01-ann-passage-asym-1"
    assert ahead.threads["billet"].by_id["04-dee"].annotation_problems


def test_collect_reads_here_the_batches_no_worker_started(tmp_path):
    root = write_tree(tmp_path / "comments", {
        f"billet-{n}/01-ann.md": f"Author: Ann\nOrder: 1\n\nCommentaire *{n}* [cité]{{+asym}}.\n"
        for n in range(40)})
    folders = comment_folders(root)
    expected = read_batch(Renderer(FACTORY, "fp"), folders, MAX_BYTES, None)
    here = Renderer(FACTORY, "fp")
    with FolderPool(FACTORY, "fp", MAX_BYTES, None, workers=1) as pool:
        pool.submit(folders, batch=2)
        read, used = pool.collect(here)  # the worker is still starting: most batches are here
    assert sorted(read) == folders

    def threads(result):
        return snapshot({folder: got.thread for folder, got in result.items()})

    assert threads(read) == threads(expected)
    assert 0 < here.converted <= len(folders)
    assert len(here.used) + len(used) == len(folders)  # each body read once


# -- the plugin's glue, without a whole build ---------------------------------

def plugin_settings(tmp_path, **extra):
    return {**plugin.DEFAULTS, "PATH": str(tmp_path / "content"), "MARKDOWN": MARKDOWN,
            "CACHE_PATH": str(tmp_path / "cache"), "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True, "TIMEZONE": "Europe/Paris",
            "COMMENTS_PARALLEL_MIN": 1, **extra}


def plugin_build(settings):
    """What a build does with comments: start at readers_init, attach after the posts."""
    plugin.new_build(None)
    plugin.start_reading(SimpleNamespace(settings=settings))
    sent = plugin._ahead.sent
    articles = [SimpleNamespace(slug=slug) for slug in SLUGS]
    plugin.attach_threads(SimpleNamespace(settings=settings, articles=articles))
    assert plugin._ahead.pool is None and multiprocessing.active_children() == []
    return sent, {a.slug: a.thread for a in articles}


@pytest.fixture
def counted(monkeypatch):
    """Bodies rendered in this process (workers are counted by ``_ahead.sent``)."""
    calls = []
    convert = Renderer.convert

    def counting(self, key, body, anchor):
        calls.append(anchor)
        return convert(self, key, body, anchor)

    monkeypatch.setattr(Renderer, "convert", counting)
    return calls


def test_cached_bodies_are_read_ahead_but_not_rendered_again(tmp_path, counted):
    write_tree(tmp_path / "content/comments", COMMENTS)
    settings = plugin_settings(tmp_path)
    sent, first = plugin_build(settings)
    assert sent == len(COMMENTS)
    bodies = len(plugin._ahead.store)
    counted.clear()
    sent, again = plugin_build(settings)  # the workers find every body in the cache
    assert (sent, counted, len(plugin._ahead.store)) == (len(COMMENTS), [], bodies)
    assert snapshot(again) == snapshot(first)
    write_tree(tmp_path / "content/comments", {"billet/02-bob.md": COMMENTS["billet/02-bob.md"]
                                               .replace("Je ne crois pas.", "Je n’y crois pas.")})
    sent, edited = plugin_build(settings)
    assert "n’y crois" in edited["billet"].by_id["02-bob"].text
    assert len(plugin._ahead.store) == bodies  # the old body of 02-bob is gone


def test_a_cache_of_other_settings_is_emptied(tmp_path):
    write_tree(tmp_path / "content/comments", COMMENTS)
    settings = plugin_settings(tmp_path)
    plugin_build(settings)
    assert len(plugin._ahead.store) == len(COMMENTS)
    other = {**settings, "MARKDOWN": {**MARKDOWN, "output_format": "xhtml"}}
    plugin.new_build(None)
    plugin.start_reading(SimpleNamespace(settings={**other, "COMMENTS_PARALLEL_MIN": None}))
    assert len(plugin._ahead.store) == 0  # every key would have missed


def test_below_the_threshold_no_process_is_started(tmp_path, counted):
    write_tree(tmp_path / "content/comments", COMMENTS)
    sent, threads = plugin_build(plugin_settings(tmp_path, COMMENTS_PARALLEL_MIN=200))
    assert sent == 0 and len(counted) == len(COMMENTS)
    assert threads["billet"].count == 4


def test_a_new_build_closes_the_pool_a_failed_build_left(tmp_path):
    write_tree(tmp_path / "content/comments", COMMENTS)
    plugin.new_build(None)
    plugin.start_reading(SimpleNamespace(settings=plugin_settings(tmp_path)))
    assert plugin._ahead.pool is not None  # started; the build then fails before attaching
    plugin.new_build(None)  # devserver: the next build starts
    assert multiprocessing.active_children() == []


# -- whole builds in a subprocess ---------------------------------------------

DRIVER = '''\
import multiprocessing, sys
from contrepoint.comments import pool

started = []
start = pool.FolderPool.__init__

def counting_start(self, *args, **kwargs):
    started.append(self)
    start(self, *args, **kwargs)

pool.FolderPool.__init__ = counting_start

if __name__ == "__main__":  # the workers import this file again
    from pelican import main
    try:
        main(sys.argv[1:])
        status = 0
    except SystemExit as stop:
        status = stop.code
    print(f"pools={len(started)} children={len(multiprocessing.active_children())}",
          file=sys.stderr)
    sys.exit(status)
'''
ARTICLE = "Title: Billet\nSlug: billet\nDate: 2020-01-02 09:00\nLang: fr\n\nTexte.\n"
SITE = {"articles/billet.md": ARTICLE,
        **{f"comments/{name}": text for name, text in COMMENTS.items() if name.startswith("billet/")}}


def processes_tagged(tag):
    """Pids of the live processes whose environment holds ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and tag.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def build_tagged(tmp_path, files):
    """Build ``files`` through DRIVER, with the pool forced; return (result, tag)."""
    content = write_tree(tmp_path / "content", files)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    tag = f"CONTREPOINT_POOL_TEST={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), tag.split("=")[0]: tag.split("=")[1]}
    args = [sys.executable, str(driver), str(content), "-o", str(tmp_path / "output"),
            "-s", str(ROOT / "pelicanconf.py"), "--log-handler", "plain", "--fatal", "warnings",
            "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "COMMENTS_PARALLEL_MIN=1",
            'PLUGINS=["contrepoint.french", "contrepoint.comments"]',
            'SITEURL="https://contrepoint.example"', 'FEED_DOMAIN="https://contrepoint.example"']
    # A worker left alive would keep stderr open: the timeout is the first alarm.
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return result, tag


def test_the_process_scan_sees_a_tagged_process():
    tag = f"CONTREPOINT_POOL_TEST={uuid.uuid4().hex}"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                               env={**os.environ, tag.split("=")[0]: tag.split("=")[1]})
    try:
        deadline = time.monotonic() + 10  # until exec, /proc shows the parent's environment
        while processes_tagged(tag) != [sleeper.pid] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_tagged(tag) == [sleeper.pid]
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_build_stopped_by_a_broken_comment_leaves_no_worker(tmp_path):
    broken = {"comments/billet/06-x.md": "Author: Xav\n\nSans Order.\n"}
    result, tag = build_tagged(tmp_path, {**SITE, **broken})
    assert result.returncode == 1
    assert f"{tmp_path}/content/comments/billet/06-x.md:1: missing Order" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "pools=1 children=0" in result.stderr  # a pool ran, and was closed before the stop
    assert processes_tagged(tag) == []


def test_a_build_failing_while_reading_posts_leaves_no_worker(tmp_path):
    untitled = {"articles/sans-titre.md": "Slug: sans-titre\nDate: 2020-01-03\n\nTexte.\n"}
    result, tag = build_tagged(tmp_path, {**SITE, **untitled})
    assert result.returncode != 0
    assert "sans-titre.md" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert "pools=1" in result.stderr  # started, never collected: closed at exit
    assert processes_tagged(tag) == []


def test_a_build_with_workers_writes_what_a_build_without_writes(tmp_path):
    files = {**SITE}
    with_pool, _ = build_tagged(tmp_path / "a", files)
    assert with_pool.returncode == 0, with_pool.stderr
    assert "pools=1 children=0" in with_pool.stderr
    from helpers import build
    without = build(tmp_path / "a/content", tmp_path / "b/output", cache=tmp_path / "b/cache",
                    extra={"PLUGINS": ["contrepoint.french", "contrepoint.comments"],
                           "SITEURL": "https://contrepoint.example",
                           "FEED_DOMAIN": "https://contrepoint.example"})
    assert without.returncode == 0, without.stderr
    for name in ("billet/index.html", "feeds/commentaires/billet.atom.xml",
                 "feeds/commentaires.atom.xml"):
        assert (tmp_path / "a/output" / name).read_bytes() == \
               (tmp_path / "b/output" / name).read_bytes(), name
