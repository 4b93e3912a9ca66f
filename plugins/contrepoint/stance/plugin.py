"""Pelican glue: detected replies and stances on every article's thread.

Runs at ``article_generator_finalized``, after ``contrepoint.comments``
attached ``article.thread`` (plugins connect in ``PLUGINS`` order) and
before ``contrepoint.positions`` reads the stances at
``all_generators_finalized``. ``STANCE_DETECTION = False`` turns it off.
Threads are keyed and detected on every core
(:func:`contrepoint.forked.forked_map`), one at a time, and their decisions
replayed here; a thread whose inputs did not change since the cached build
gets its decisions from ``CACHE_PATH/stances.json`` (:mod:`.memo`) instead.
"""

import html
import logging
import os
import re
import time
from functools import partial

from pelican import signals

from contrepoint import json_cache
from contrepoint.comments.store import stored_key
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
    code = memo.code_hash()
    remembered, used = json_cache.load(settings, CACHE_FILE, code), {}
    articles = [article for article in every_article(generator) if getattr(article, "thread", None)]
    outcomes = forked_map(partial(_outcome, _statements(settings), code, remembered), articles)
    for article, (key, decisions) in zip(articles, outcomes):
        decisions = remembered[key] if decisions is None else decisions
        memo.replay(article.thread, decisions)  # again where this process detected: the same
        used[key] = decisions
    json_cache.save(settings, CACHE_FILE, code, used, remembered)
    logger.debug("stance: %d threads (%d from the cache) in %.0f ms of CPU", len(used),
                 len(used.keys() & remembered.keys()), (time.process_time() - started) * 1000)


def _outcome(statements, code, remembered, article):
    """``(key, decisions)`` of the article's thread (:mod:`.memo`), decisions None if remembered.

    The texts of the post and of the comments are read here, one thread at
    a time, at most once (a comment's text is read from disk). A stored
    body's key stands for its text in the thread's key (it is a hash of what
    made the text): a thread found in the cache is not read at all.
    """
    thread, author, text = article.thread, _author(article), _post_text(article, statements)
    stored = [stored_key(comment.body) for comment in thread.comments]
    texts = None if all(stored) else _texts(thread)
    key = memo.thread_key(thread, texts or [k.hex() for k in stored], author, text, code)
    if key in remembered:  # neither the thread nor its post changed since the cached build
        return key, None
    detect_thread(thread, post_author=author, post_text=text, texts=texts or _texts(thread))
    return key, memo.outcome(thread)


def _texts(thread):
    """The comments' texts, in order (each may be read from disk)."""
    return [comment.text for comment in thread.comments]


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
