"""Read the comment files of a site into one :class:`~.model.Thread` per article.

``content/comments/<article-slug>/<id>.md``: a ``Key: value`` header
(:func:`contrepoint.headers.parse_header`), a blank line, a Markdown body.
Bodies are rendered with one reused ``Markdown`` object, then cleaned
(:mod:`.sanitize`); a :class:`Renderer` keeps the results in a store
(:mod:`.store`) by a hash of the source and the settings, so an unchanged
comment is not rendered again.
Pure: no Pelican. Problems are collected, never printed.
"""

import datetime
import difflib
import hashlib
import json
import os
import re
import sys
from typing import NamedTuple

from contrepoint.headers import parse_header, read_text
from contrepoint.problems import Problem

from . import sanitize
from .model import KINDS, Comment, Thread, build_thread, located
from .store import MemoryStore

KNOWN_KEYS = ("author", "website", "date", "order", "kind", "replyto", "stance", "id", "title")
MAX_BYTES = 256 * 1024
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
STANCE_RE = re.compile(r"^(?P<sign>[+~-])(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)$")
STANCES = {"+": "support", "-": "oppose", "~": "nuance"}


class LoadedComments(NamedTuple):
    threads: dict  # article slug -> Thread (every slug given, empty when no folder)
    problems: list  # errors: the build must stop
    warnings: list  # e.g. a Website that is not http(s), dropped


class Renderer:
    """Markdown body -> cleaned HTML and plain text in a store, passages and problems.

    ``markdown`` is a ``Markdown`` object, or a function returning one, called
    only if some body is not in ``store`` (building one is costly).
    ``fingerprint`` stands for the Markdown settings: it is part of the key.
    ``store`` (:mod:`.store`; a new ``MemoryStore`` by default) keeps the
    bodies by key; ``used`` holds the keys of this run, ``converted`` counts
    the bodies actually rendered (not found in the store).
    """

    def __init__(self, markdown, fingerprint="", store=None):
        self._markdown = markdown
        self.store = MemoryStore() if store is None else store
        self.used = set()
        self.converted = 0
        # The settings are long (positions and all): hashed once, copied per key.
        settings = json.dumps([fingerprint, sanitize.VERSION]).encode("utf-8")
        self._settings_hash = hashlib.sha256(settings)

    def _md(self):
        if isinstance(self._markdown, type) or not hasattr(self._markdown, "convert"):
            self._markdown = self._markdown()
        return self._markdown

    def key(self, body, anchor):
        """Hash of the settings, the anchor and the body: the store's key (bytes)."""
        key = self._settings_hash.copy()
        key.update(f"\0{anchor}\0{body}".encode("utf-8"))
        return key.digest()

    def render(self, body, anchor):
        """The :class:`~.store.Rendered` ``(body, passages, problems)`` of ``body``."""
        key = self.key(body, anchor)
        self.used.add(key)
        return self.store.find(key) or self.convert(key, body, anchor)

    def convert(self, key, body, anchor):
        """Render ``body`` now, and add it to the store under ``key``."""
        self.converted += 1
        md = self._md()
        md.reset()
        md.annotation_id_prefix = f"{anchor}-"
        html = sanitize.clean_html(md.convert(body), f"{anchor}-")
        return self.store.add(key, html, sanitize.plain_text(html),
                              tuple(dict(p) for p in getattr(md, "passages", [])),
                              tuple(tuple(p) for p in getattr(md, "annotation_problems", [])))


def load_comments(comments_root, article_slugs, markdown, *, max_bytes=MAX_BYTES,
                  tzinfo=None, read_ahead=None):
    """Read every comment folder under ``comments_root``.

    ``markdown`` is a :class:`Renderer`, or a ``Markdown`` object (then
    the bodies are kept in memory). ``read_ahead`` maps folders to what :func:`read_folder`
    gave for them elsewhere (worker processes); the others are read here.
    Returns :class:`LoadedComments` ``(threads, problems, warnings)``; broken
    comments are reported and left out.
    """
    renderer = markdown if isinstance(markdown, Renderer) else Renderer(markdown)
    read_ahead = read_ahead or {}
    slugs = sorted(set(article_slugs))
    threads = {slug: Thread() for slug in slugs}
    problems, warnings = [], []
    for folder in comment_folders(comments_root, warnings):
        slug = os.path.basename(folder)
        if slug not in threads:
            files = _comment_files(folder)
            close = difflib.get_close_matches(slug, slugs, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "name the folder after an article slug"
            problems.append(Problem(files[0] if files else folder, 1,
                                    f"comment folder '{slug}' is for no article", hint))
            continue
        read = read_ahead.get(folder) or read_folder(folder, renderer, max_bytes, tzinfo)
        threads[slug] = read.thread
        problems += read.problems
        warnings += read.warnings
    renderer.store.flush()
    return LoadedComments(threads, problems, warnings)


class ReadFolder(NamedTuple):
    thread: Thread
    problems: list
    warnings: list


def read_folder(folder, renderer, max_bytes=MAX_BYTES, tzinfo=None):
    """The :class:`ReadFolder` ``(thread, problems, warnings)`` of one article's folder."""
    slug = os.path.basename(folder)
    comments, problems, warnings = [], [], []
    for path in _comment_files(folder):
        comment, found, warned = read_comment(path, slug, renderer, max_bytes, tzinfo)
        problems += found
        warnings += warned
        if comment is not None:
            comments.append(comment)
    thread, found = build_thread(comments)
    return ReadFolder(thread, problems + found, warnings)


def comment_folders(comments_root, warnings=None):
    """The article folders under ``comments_root``, sorted; stray files are warned of."""
    if not os.path.isdir(comments_root):
        return []
    folders = []
    for entry in sorted(os.scandir(comments_root), key=lambda e: e.name):
        if entry.is_dir():
            folders.append(entry.path)
        elif entry.name.endswith(".md") and warnings is not None:
            warnings.append(Problem(entry.path, 1, "comment file outside an article folder",
                                    "move it to comments/<article-slug>/"))
    return folders


def count_comment_files(folders):
    """How many comment files ``folders`` hold (nothing is read)."""
    return sum(len(_comment_files(folder)) for folder in folders)


def _comment_files(folder):
    return sorted(
        os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".md")
    )


def read_comment(path, article_slug, renderer, max_bytes=MAX_BYTES, tzinfo=None):
    """Return ``(Comment or None, problems, warnings)`` for one comment file."""
    size = os.path.getsize(path)
    if size > max_bytes:
        return None, [Problem(path, 1, f"comment is {size} bytes, over the {max_bytes} allowed",
                              "shorten it or raise COMMENTS_MAX_BYTES")], []
    text, problems = read_text(path)
    if text is None:
        return None, problems, []
    header, problems = parse_header(text, path, KNOWN_KEYS)
    warnings = []
    stem = os.path.splitext(os.path.basename(path))[0]
    comment = Comment(
        id=sys.intern(header.get("id") or stem),  # replies name it: they share it
        article_slug=article_slug,
        order=0,
        **located(path),
        body_line=header.body_line,
        header_lines=shared_layout(header.lines),
        title=header.get("title") or None,
    )
    order_ok = _read_order(header, comment, problems)
    _read_author(header, comment, problems)
    _read_kind(header, comment, problems)
    _read_website(header, comment, warnings)
    _read_date(header, comment, problems, tzinfo)
    _read_stance(header, comment, problems)
    comment.replyto = tuple(sys.intern(i.strip())
                            for i in header.get("replyto", "").split(",") if i.strip())
    if not ID_RE.match(comment.id):
        problems.append(comment.problem(
            "id", f"comment id '{comment.id}' is not made of letters, digits, - and _",
            "rename the file or set 'Id:'"))
    rendered = renderer.render(header.body, comment.anchor)
    comment.body, comment.passages = rendered.body, rendered.passages
    comment.annotation_problems = rendered.problems
    return (comment if order_ok else None), problems, warnings


_LAYOUTS = {}  # header layouts seen: most comments have one of a few


def shared_layout(lines):
    """``lines`` (key -> line) as ``((key, line), …)``, one object for every equal layout."""
    layout = tuple((sys.intern(key), line) for key, line in lines.items())
    return _LAYOUTS.setdefault(layout, layout)


def _read_order(header, comment, problems):
    value = header.get("order")
    if value is None:
        problems.append(comment.problem("order", "missing Order",
                                        "add 'Order: N', its rank in the thread"))
        return False
    try:
        comment.order = int(value)
    except ValueError:
        problems.append(comment.problem("order", f"Order '{value}' is not an integer",
                                        "write a whole number, e.g. 'Order: 3'"))
        return False
    return True


def _read_author(header, comment, problems):
    comment.author = sys.intern(header.get("author", "").strip())  # names come back often
    if not comment.author:
        message = "empty Author" if "author" in header.values else "no Author"
        problems.append(comment.problem("author", message, "add 'Author: Name'"))


def _read_kind(header, comment, problems):
    kind = header.get("kind", "comment").strip().lower()
    if kind not in KINDS:
        problems.append(comment.problem("kind", f"unknown Kind '{kind}'",
                                        "write 'Kind: comment' or 'Kind: pingback'"))
        kind = "comment"
    comment.kind = sys.intern(kind)


def _read_website(header, comment, warnings):
    website = header.get("website")
    if website:
        comment.author_url = sanitize.web_url(website)
        if comment.author_url is None:
            warnings.append(comment.problem(
                "website", f"Website '{website[:60]}' is not an http(s) URL: dropped",
                "write it as https://…"))


def _read_date(header, comment, problems, tzinfo):
    value = header.get("date")
    if not value:
        return
    try:
        date = datetime.datetime.fromisoformat(value)
    except ValueError:
        problems.append(comment.problem("date", f"Date '{value}' is not a date",
                                        "write it as 2010-03-04 12:00"))
        return
    if date.tzinfo is None and tzinfo is not None:
        date = date.replace(tzinfo=tzinfo)
    comment.date = date


def _read_stance(header, comment, problems):
    positions = []
    for token in header.get("stance", "").split():
        match = STANCE_RE.match(token)
        if match:
            positions.append((STANCES[match["sign"]], match["key"]))
        else:
            problems.append(comment.problem(
                "stance", f"Stance '{token}' is not +key, -key or ~key",
                "e.g. 'Stance: -pas-besoin-de-croire'"))
    comment.stance_positions = tuple(positions)
    if positions:
        comment.stance = positions[0][0]
        comment.stance_source = "annotation"
