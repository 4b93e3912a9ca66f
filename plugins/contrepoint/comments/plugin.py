"""Pelican glue for comment threads: settings, reading, cache, feeds.

The comment files are read once, with the site's ``MARKDOWN`` settings;
rendered bodies are kept on disk (:class:`.store.DiskStore`) until their pages
are written: in ``CACHE_PATH/comments.sqlite``, the next build's cache, when
``CACHE_CONTENT``; in a temporary folder otherwise. From
``COMMENTS_PARALLEL_MIN`` comment files, worker processes (:mod:`.pool`) read
them while Pelican reads the posts; otherwise they are read after the
articles, in this process, with one reused ``Markdown`` object. Every article
gets ``thread``, ``comment_count`` and ``comments_feed_url``; templates show a
thread with ``comment_thread(article.thread)``, whose HTML the cache keeps for
the next build (:mod:`.thread_cache`).
"""

import atexit
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zoneinfo
from functools import partial

import markdown
from jinja2 import TemplateNotFound, pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import sanitised_join

from contrepoint.parallel_writer import owns, process_index
from contrepoint.pelican_glue import (display_path, every_article, markdown_versions,
                                      install_traceback_filter, stop_on_problems, warn)

from . import feeds
from .feed_cache import FeedRecords, feed_key
from .pool import FolderPool
from .source import MAX_BYTES, Renderer, comment_folders, count_comment_files, load_comments
from .store import DiskStore
from .thread_cache import PARTIAL, render_stamp, thread_key

logger = logging.getLogger(__name__)

DEFAULTS = {
    "COMMENTS_PATH": "comments",
    "COMMENTS_ARTICLE_FEED_ATOM": "feeds/commentaires/{slug}.atom.xml",
    "COMMENTS_FEED_ATOM": "feeds/commentaires.atom.xml",
    "COMMENTS_MAX_BYTES": MAX_BYTES,
    "COMMENTS_PARALLEL_MIN": 200,
}
CACHE_FILE = "comments.sqlite"
CACHE_VERSION = 4


def _is_path(value):
    return isinstance(value, str) and bool(value.strip())


CHECKS = {
    "COMMENTS_PATH": (_is_path, "a folder name under PATH"),
    "COMMENTS_ARTICLE_FEED_ATOM": (
        lambda v: v is None or (_is_path(v) and "{slug}" in v), "None or a path with {slug}"),
    "COMMENTS_FEED_ATOM": (lambda v: v is None or _is_path(v), "None or a path"),
    "COMMENTS_MAX_BYTES": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0, "a positive integer"),
    "COMMENTS_PARALLEL_MIN": (
        lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool) and v > 0),
        "None or a positive integer"),
}


def merge_settings(pelican):
    # ``initialized``: once per build, before any generator reads the settings
    # and before the template context is copied from them.
    settings = pelican.settings
    for key, default in DEFAULTS.items():
        value = settings.setdefault(key, default)
        valid, expected = CHECKS[key]
        if not valid(value):
            logger.warning("%s = %r is not %s; using %r", key, value, expected, default)
            settings[key] = default
    settings.setdefault("JINJA_GLOBALS", {}).setdefault("comment_thread", comment_thread)


class _Ahead:
    """What the current build does before ``attach_threads``: one per build."""

    def __init__(self, started=False):
        self.started = started  # the first readers_init of the build has been seen
        self.store = None  # the DiskStore of the rendered bodies, opened then
        self.pool = None  # a FolderPool reading the comments, or None
        self.sent = 0  # comment files sent to it

    def close(self):
        if self.pool is not None:
            self.pool, pool = None, self.pool
            pool.close()


_ahead = _Ahead(started=True)  # nothing to start before a build does


def new_build(pelican):
    # ``get_generators``: sent at the start of every build, each rebuild of
    # ``make devserver`` too, before any generator (or reader) exists. A pool
    # that a failed build left behind is closed here.
    global _ahead
    _ahead.close()
    _ahead = _Ahead()


def start_reading(readers):
    # ``readers_init``: sent by each generator's constructor, all of them
    # before any content is read, and after every plugin's ``get_generators``
    # (where the positions plugin sets ``MARKDOWN``): the first one of a build
    # opens the store and starts the workers, which then read while Pelican
    # reads the posts (rendering only what the store lacks).
    ahead = _ahead
    if ahead.started:
        return
    ahead.started = True
    settings = readers.settings
    ahead.store = _open_store(settings)  # with a cache, workers only find the bodies there
    minimum = settings.get("COMMENTS_PARALLEL_MIN")
    if minimum is None:
        return
    try:
        folders = comment_folders(_comments_root(settings))
        files = count_comment_files(folders)
    except OSError:  # an unreadable folder: reported when the comments are read
        return
    if files < minimum:
        return
    try:
        ahead.pool = FolderPool(_markdown_factory(settings), _fingerprint(settings),
                                settings["COMMENTS_MAX_BYTES"], _timezone(settings), ahead.store)
        ahead.pool.submit(folders)
    except Exception as error:  # no process allowed here, settings that cannot be pickled…
        logger.info("comments: no worker process (%s: %s); reading in this process",
                    type(error).__name__, error)
        ahead.close()
        return
    ahead.sent = files
    logger.info("comments: %d files to read, sent to worker processes", files)


def _read_ahead(settings):
    """``(renderer, read_ahead)``: a Renderer with the store, what the workers read.

    The keys of what the workers read join the renderer's ``used``; the
    workers are closed.
    """
    ahead = _ahead
    store = ahead.store if ahead.store is not None else _open_store(settings)
    renderer = Renderer(_markdown_factory(settings), _fingerprint(settings), store)
    read = {}
    if ahead.pool is not None:
        try:
            read, used = ahead.pool.collect(renderer)
            renderer.used |= used
            for failure in sorted(set(ahead.pool.failures)):
                logger.info("comments: a worker failed (%s); read in this process", failure)
        finally:
            ahead.close()
    return renderer, read


def attach_threads(generator):
    # ``article_generator_finalized``: every article (drafts, hidden,
    # translations too) has been read and its slug is final, nothing is
    # written yet, and the positions and stance plugins, which read
    # ``article.thread`` at ``all_generators_finalized``, come after it;
    # problems reported here stop the build there, with everyone else's.
    settings = generator.settings
    articles = list(every_article(generator))
    renderer, read_ahead = _read_ahead(settings)
    loaded = load_comments(
        _comments_root(settings),
        [article.slug for article in articles],
        renderer,
        max_bytes=settings["COMMENTS_MAX_BYTES"],
        tzinfo=_timezone(settings),
        read_ahead=read_ahead,
    )
    if len(renderer.store) > len(renderer.used):  # bodies of comments changed since
        renderer.store.keep_only(renderer.used)
    feed_path = settings["COMMENTS_ARTICLE_FEED_ATOM"]
    for article in articles:
        article.thread = loaded.threads[article.slug]
        article.comment_count = article.thread.count
        article.comments_feed_url = feed_path.format(slug=article.slug) if feed_path else None
    warn(loaded.warnings)
    stop_on_problems(loaded.problems, "comments")


def key_threads(generators):
    # ``all_generators_finalized``: every thread is final (stance and reply
    # detection ran at ``article_generator_finalized``) and nothing is written
    # yet. With a content cache, each thread gets the key its HTML is kept
    # under, made once here for every output process, and the HTML of threads
    # no longer shown is dropped.
    store = _ahead.store
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if (not isinstance(store, DiskStore) or articles is None
            or not articles.settings.get("CACHE_CONTENT")):
        return
    try:
        stamp = render_stamp(articles.env)
    except TemplateNotFound:  # a theme without the partial: comment_thread says so
        return
    keys = set()
    for article in every_article(articles):
        article.thread.html_key = thread_key(article.thread, stamp)
        keys.add(article.thread.html_key)
    store.keep_only_threads(keys - {None})


@pass_context
def comment_thread(context, thread):
    """Jinja global: the HTML of ``thread`` (``partials/comments.html``, rendered
    with ``thread`` alone), from the store when a build before made it."""
    key, store = thread.html_key, _ahead.store
    html = store.find_thread(key) if key else None
    if html is None:
        html = context.environment.get_template(PARTIAL).render(thread=thread)
        if key:
            store.add_thread(key, html)
    return Markup(html)


def write_feeds(generator, writer):
    # ``article_writer_finalized``: the articles are written, the threads are
    # final (stance and reply detection have run), and ``writer`` knows the
    # output folder. The feeds are plain files, so no Generator is needed;
    # an article's feed is made again only when what it shows changed
    # (:mod:`.feed_cache`).
    settings = generator.settings
    articles = _unique_by_slug(generator.articles)
    site_name = settings["SITENAME"]
    # Links in a feed are absolute: FEED_DOMAIN when SITEURL is local ("").
    site_url = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    feed_url = partial(feeds.join_url, site_url)
    entries = feeds.Entries(site_url)  # each article's title and URL made once
    path = settings["COMMENTS_ARTICLE_FEED_ATOM"]
    if path:
        records = FeedRecords(settings, process_index())  # a rebuild keeps unchanged feeds
        for article in articles:
            name = path.format(slug=article.slug)
            if not owns(writer, name):
                continue
            target = sanitised_join(writer.output_path, name)
            key = feed_key(article, site_name, site_url, feed_url(name))
            if not records.unchanged(name, target, key):
                _write(target, feeds.article_feed(article, site_name, site_url,
                                                  feed_url(name), entries))
                records.written(name, target, key)
        records.save()
    path = settings["COMMENTS_FEED_ATOM"]
    if path and articles and owns(writer, path):
        xml = feeds.site_feed(articles, site_name, site_url, feed_url(path),
                              settings.get("SITESUBTITLE"), entries,
                              max_items=settings.get("FEED_MAX_ITEMS"))  # as Pelican's feeds
        _write(sanitised_join(writer.output_path, path), xml)


def _write(target, xml):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as stream:
        stream.write(xml)
    logger.info('Writing "%s"', target)


def _unique_by_slug(articles):
    seen = {}
    for article in articles:
        seen.setdefault(article.slug, article)
    return list(seen.values())


def _comments_root(settings):
    """The comments folder, as paths in problems show it."""
    return display_path(os.path.join(settings["PATH"], settings["COMMENTS_PATH"]))


def _markdown_config(settings):
    """``Markdown`` arguments as Pelican's reader builds them, minus ``meta`` (no header here).

    The same before and after Pelican's reader adds its extensions to ``MARKDOWN``.
    """
    config = dict(settings["MARKDOWN"])
    extensions = list(config.get("extensions", []))
    extensions += [name for name in config.get("extension_configs", {}) if name not in extensions]
    config["extensions"] = [e for e in extensions if e not in ("markdown.extensions.meta", "meta")]
    return config


def _markdown_factory(settings):
    return partial(markdown.Markdown, **_markdown_config(settings))


def _fingerprint(settings):
    config = _markdown_config(settings)
    return json.dumps([markdown.__version__, markdown_versions(config), config], sort_keys=True,
                      default=repr)


def _timezone(settings):
    try:
        return zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _open_store(settings):
    """The store of this build's bodies: the cache, or a temporary file.

    The cache is reused when ``LOAD_CONTENT_CACHE`` and made with the same
    format and Markdown settings (with others, every key would miss).
    """
    if settings.get("CACHE_CONTENT"):
        return DiskStore.open(os.path.join(settings["CACHE_PATH"], CACHE_FILE),
                              _cache_stamp(settings), settings.get("LOAD_CONTENT_CACHE"))
    return DiskStore.open(os.path.join(_scratch_folder(), CACHE_FILE), _cache_stamp(settings),
                          reuse=False)


def _cache_stamp(settings):
    settings_hash = hashlib.sha256(_fingerprint(settings).encode("utf-8")).hexdigest()
    return f"{CACHE_VERSION} {settings_hash}"


_scratch = []  # the temporary folder of this process's stores, when not caching


def _scratch_folder():
    if not _scratch:
        _scratch.append(tempfile.mkdtemp(prefix="contrepoint-comments-"))
        creator = os.getpid()
        atexit.register(lambda: os.getpid() == creator and shutil.rmtree(_scratch[0], True))
    return _scratch[0]


def register():
    install_traceback_filter()
    signals.initialized.connect(merge_settings)
    signals.get_generators.connect(new_build)
    signals.readers_init.connect(start_reading)
    signals.article_generator_finalized.connect(attach_threads)
    signals.all_generators_finalized.connect(key_threads)
    signals.article_writer_finalized.connect(write_feeds)
