"""Pelican glue: detected replies and stances on every article's thread.

Runs at ``article_generator_finalized``, after ``contrepoint.comments``
attached ``article.thread`` (plugins connect in ``PLUGINS`` order) and
before ``contrepoint.positions`` reads the stances at
``all_generators_finalized``. ``STANCE_DETECTION = False`` turns it off.
A thread whose inputs did not change since the cached build gets its
decisions from ``CACHE_PATH/stances.json`` (:mod:`.memo`) instead; the
others are detected on every core (:func:`contrepoint.forked.forked_map`),
their decisions replayed here.
"""

import html
import logging
import os
import re
import time

from pelican import signals

from contrepoint import json_cache
from contrepoint.forked import forked_map
from contrepoint.headers import parse_header, read_text
from contrepoint.pelican_glue import every_article, install_traceback_filter

from . import memo
from .thread import detect_thread

logger = logging.getLogger(__name__)

TAG_RE = re.compile(r"<[^>]+>")
CACHE_FILE = "stances.json"  # detected replies and stances, by thread (see .memo)


def detect(generator):
    # ``article_generator_finalized``: threads are attached (comments plugin
    # connected first), nothing is rendered yet.
    settings = generator.settings
    if not settings.get("STANCE_DETECTION", True):
        return
    started = time.process_time()
    statements = _statements(settings)
    code = memo.code_hash()
    remembered, used = json_cache.load(settings, CACHE_FILE, code), {}
    threads, todo = [], []  # (thread, key) of every thread; (thread, author, text) to detect
    for article in every_article(generator):
        thread = getattr(article, "thread", None)
        if not thread:
            continue
        author, text = _author(article), _post_text(article, statements)
        key = memo.thread_key(thread, author, text, code)
        threads.append((thread, key))
        if key not in remembered:  # a thread, or its post, changed since the cached build
            todo.append((thread, author, text))
    detected = forked_map(_detect, todo)
    for (thread, key), decisions in zip(threads, _in_order(threads, remembered, detected)):
        memo.replay(thread, decisions)  # again where this process detected: the same
        used[key] = decisions
    json_cache.save(settings, CACHE_FILE, code, used, remembered)
    logger.debug("stance: %d threads (%d from the cache) in %.0f ms of CPU", len(used),
                 len(used.keys() & remembered.keys()), (time.process_time() - started) * 1000)


def _detect(todo):
    """Detect one thread; return its decisions (:func:`.memo.outcome`)."""
    thread, author, text = todo
    detect_thread(thread, post_author=author, post_text=text)
    return memo.outcome(thread)


def _in_order(threads, remembered, detected):
    """Each thread's decisions: remembered, or the next ``detected`` ones."""
    detected = iter(detected)
    for _thread, key in threads:
        yield remembered[key] if key in remembered else next(detected)


def _author(article):
    """The post's author when its metadata names one (no site default)."""
    return article.metadata.get("author") and str(article.metadata["author"]) or None


def _post_text(article, statements):
    """Plain text of the post and the statements of the positions it takes."""
    text = html.unescape(TAG_RE.sub(" ", getattr(article, "_content", "") or ""))
    keys = [token[1:] for token in str(article.metadata.get("stance", "")).split()]
    return " ".join([text, *(statements.get(key, "") for key in keys)])


def _statements(settings):
    """``{key: statement}`` from the ``Statement:`` headers of the position files."""
    folder = os.path.join(settings["PATH"], settings.get("POSITIONS_PATH", "positions"))
    statements = {}
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                text, _problems = read_text(os.path.join(folder, name))
                if text is not None:
                    header, _problems = parse_header(text, name, ("statement", "gloss",
                                                                  "opposes", "related"))
                    statements[name[:-3]] = header.get("statement", "")
    return statements


def register():
    install_traceback_filter()
    signals.article_generator_finalized.connect(detect)
