"""Comment feeds that a rebuild need not make again. Pure: no Pelican.

An article's feed follows from the article (title, URL, date), the site's
name and URLs, and each comment's header fields and body; a stored body's key
(a hash of its source and the settings, see :mod:`.store`) stands for its HTML.
:func:`feed_key` hashes all of it; a hash of :mod:`.feeds` (and of the typography it
applies) and of the versions of the libraries it calls stamps the records. :class:`FeedRecords` keeps, by feed, the key it was written with and the size
and modification time of its file: a feed whose key is the same and whose
file was not touched since is neither made nor written again. Each output
process keeps the records of its feeds in a file of its own
(``CACHE_PATH/comment-feeds.N.json``, :mod:`contrepoint.json_cache`); the next
build reads them all, the newest record of a file winning.
"""

import glob
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from contrepoint import json_cache
from contrepoint.french import typography

from .store import stored_key

# The code that writes the feeds: feeds.py, and the typography it applies to titles.
FEEDS_CODE = (Path(__file__).with_name("feeds.py"), Path(typography.__file__))
LIBRARIES = ("feedgenerator", "markupsafe")  # URIs, tag URIs and plain titles come from them
RECORDS = "comment-feeds.{}.json"


def code_hash():
    """Hash of the code that writes the feeds, and of the libraries it calls."""
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in FEEDS_CODE))
    digest.update(" ".join(version(name) for name in LIBRARIES).encode("utf-8"))
    return digest.hexdigest()


def feed_key(article, site_name, site_url, feed_url):
    """Hash of what :func:`.feeds.article_feed` reads, or None when a body is not stored."""
    comments = []
    for comment in article.thread.comments:
        body_key = stored_key(comment.body)
        if body_key is None:  # a body in memory (tests, tools): no key stands for it
            return None
        comments.append([comment.anchor, comment.kind, comment.order, comment.author,
                         comment.author_url, comment.title,
                         comment.date.isoformat() if comment.date else None, body_key.hex()])
    source = json.dumps([site_name, site_url, feed_url, str(article.title), article.url,
                         article.date.isoformat(), comments], ensure_ascii=False)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class FeedRecords:
    """What the last builds wrote, and what this output process writes or keeps.

    ``settings`` as :mod:`contrepoint.json_cache` reads them; ``process``: the
    index of this output process, which names its file.
    """

    def __init__(self, settings, process):
        self.settings, self.process = settings, process
        self.stamp = code_hash()
        self.previous = {}  # feed name -> [key, size, mtime_ns]: the newest record
        folder = settings.get("CACHE_PATH", "")
        for path in sorted(glob.glob(os.path.join(glob.escape(folder), RECORDS.format("*")))):
            loaded = json_cache.load(settings, os.path.basename(path), self.stamp)
            for name, record in loaded.items():
                if name not in self.previous or record[2] > self.previous[name][2]:
                    self.previous[name] = record
        self.kept = {}  # this process's feeds: name -> [key, size, mtime_ns]

    def unchanged(self, name, path, key):
        """True if ``path`` holds the feed ``name`` as ``key`` makes it (then it is kept)."""
        record = self.previous.get(name)
        if key is None or record is None or record[0] != key:
            return False
        try:
            found = os.stat(path)
        except OSError:
            return False
        if [found.st_size, found.st_mtime_ns] != record[1:]:
            return False  # changed or replaced since it was written
        self.kept[name] = record
        return True

    def written(self, name, path, key):
        """``path`` was just written with the feed ``name`` made as ``key``."""
        if key is not None:
            found = os.stat(path)
            self.kept[name] = [key, found.st_size, found.st_mtime_ns]

    def save(self):
        """Write this process's records (when the site caches its content)."""
        json_cache.save(self.settings, RECORDS.format(self.process), self.stamp, self.kept)
