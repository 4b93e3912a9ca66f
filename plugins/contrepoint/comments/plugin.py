"""Pelican glue for comment threads: settings, reading, cache, feeds.

The comment files are read once, after the articles, with the site's
``MARKDOWN`` settings and one reused ``Markdown`` object; rendered bodies are
cached in ``CACHE_PATH/comments.json``. Every article gets ``thread``,
``comment_count`` and ``comments_feed_url``.
"""

import json
import logging
import os
import zoneinfo
from functools import partial

import markdown
from pelican import signals
from pelican.utils import sanitised_join

from contrepoint.pelican_glue import install_traceback_filter, stop_on_problems, warn

from . import feeds
from .source import MAX_BYTES, Renderer, load_comments

logger = logging.getLogger(__name__)

DEFAULTS = {
    "COMMENTS_PATH": "comments",
    "COMMENTS_ARTICLE_FEED_ATOM": "feeds/commentaires/{slug}.atom.xml",
    "COMMENTS_FEED_ATOM": "feeds/commentaires.atom.xml",
    "COMMENTS_MAX_BYTES": MAX_BYTES,
}
CACHE_FILE = "comments.json"
CACHE_VERSION = 1


def _is_path(value):
    return isinstance(value, str) and bool(value.strip())


CHECKS = {
    "COMMENTS_PATH": (_is_path, "a folder name under PATH"),
    "COMMENTS_ARTICLE_FEED_ATOM": (
        lambda v: v is None or (_is_path(v) and "{slug}" in v), "None or a path with {slug}"),
    "COMMENTS_FEED_ATOM": (lambda v: v is None or _is_path(v), "None or a path"),
    "COMMENTS_MAX_BYTES": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0, "a positive integer"),
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


def attach_threads(generator):
    # ``article_generator_finalized``: every article (drafts, hidden,
    # translations too) has been read and its slug is final, nothing is
    # written yet, and the positions and stance plugins, which read
    # ``article.thread`` at ``all_generators_finalized``, come after it;
    # problems reported here stop the build there, with everyone else's.
    settings = generator.settings
    articles = list(_all_articles(generator))
    renderer = Renderer(_markdown_factory(settings), _fingerprint(settings),
                        _load_cache(settings))
    loaded = load_comments(
        _display_path(os.path.join(settings["PATH"], settings["COMMENTS_PATH"])),
        [article.slug for article in articles],
        renderer,
        max_bytes=settings["COMMENTS_MAX_BYTES"],
        tzinfo=_timezone(settings),
    )
    _save_cache(settings, renderer.used)
    feed_path = settings["COMMENTS_ARTICLE_FEED_ATOM"]
    for article in articles:
        article.thread = loaded.threads[article.slug]
        article.comment_count = article.thread.count
        article.comments_feed_url = feed_path.format(slug=article.slug) if feed_path else None
    warn(loaded.warnings)
    stop_on_problems(loaded.problems, "comments")


def write_feeds(generator, writer):
    # ``article_writer_finalized``: the articles are written, the threads are
    # final (stance and reply detection have run), and ``writer`` knows the
    # output folder. The feeds are plain files, so no Generator is needed.
    settings = generator.settings
    articles = _unique_by_slug(generator.articles)
    site_name, site_url = settings["SITENAME"], settings.get("SITEURL", "")
    feed_url = partial(feeds.join_url, settings.get("FEED_DOMAIN") or site_url)
    path = settings["COMMENTS_ARTICLE_FEED_ATOM"]
    if path:
        for article in articles:
            name = path.format(slug=article.slug)
            _write(writer, name, feeds.article_feed(article, site_name, site_url, feed_url(name)))
    path = settings["COMMENTS_FEED_ATOM"]
    if path and articles:
        feed = feeds.site_feed(articles, site_name, site_url, feed_url(path),
                               settings.get("SITESUBTITLE"))
        _write(writer, path, feed)


def _write(writer, name, feed):
    target = sanitised_join(writer.output_path, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as stream:
        feed.write(stream, "utf-8")
    logger.info('Writing "%s"', target)


def _all_articles(generator):
    for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations"):
        yield from getattr(generator, name, [])


def _unique_by_slug(articles):
    seen = {}
    for article in articles:
        seen.setdefault(article.slug, article)
    return list(seen.values())


def _markdown_factory(settings):
    """Build ``Markdown`` as Pelican's reader does, minus ``meta`` (no header here)."""
    config = dict(settings["MARKDOWN"])
    extensions = list(config.get("extensions", []))
    extensions += [name for name in config.get("extension_configs", {}) if name not in extensions]
    config["extensions"] = [e for e in extensions if e not in ("markdown.extensions.meta", "meta")]
    return partial(markdown.Markdown, **config)


def _fingerprint(settings):
    return json.dumps([markdown.__version__, settings["MARKDOWN"]], sort_keys=True, default=repr)


def _timezone(settings):
    try:
        return zoneinfo.ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _display_path(path):
    """``path`` relative to the working folder when inside it, as typed in ``make``."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _cache_file(settings):
    return os.path.join(settings["CACHE_PATH"], CACHE_FILE)


def _load_cache(settings):
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return {}
    try:
        with open(_cache_file(settings), encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    return data.get("entries", {})


def _save_cache(settings, entries):
    """Write the entries of this build (stale ones are dropped), atomically."""
    if not settings.get("CACHE_CONTENT"):
        return
    path = _cache_file(settings)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as stream:
        json.dump({"version": CACHE_VERSION, "entries": entries}, stream,
                  ensure_ascii=False, sort_keys=True, default=str)
    os.replace(path + ".tmp", path)


def register():
    install_traceback_filter()
    signals.initialized.connect(merge_settings)
    signals.article_generator_finalized.connect(attach_threads)
    signals.article_writer_finalized.connect(write_feeds)
