"""Pelican glue: the posts are read on two cores, not on Pelican's one.

When Pelican is about to read its first post, a forked process
(:class:`contrepoint.forked.ReadAhead`) starts reading the posts, from the
last one back, with the same reader, while Pelican reads from the first; the
reader then hands Pelican what the other process read, as if it had read it.
Posts the content cache holds are left to it, and so is a post whose reading
logged or printed anything (a problem is reported by the main process, as
without this plugin). ``READ_AHEAD = False`` turns it off; it starts only
when ``READ_AHEAD_MIN_POSTS`` posts (default 16) are left to read.
"""

import os

from pelican import signals
from pelican.utils import file_suffix

from contrepoint.forked import ReadAhead

MIN_POSTS = 16  # fewer: little to save (about 2.5 ms a post) for a fork and its wait (5 to 6 ms)

_open = []  # the ReadAhead of this build; left here by a build stopped while reading


def start(generator):
    # ``article_generator_preread``: sent before each post is read. The first
    # time, the readers are made and no post is read yet.
    if hasattr(generator, "read_ahead"):
        return
    while _open:  # the last build (``make devserver``) stopped before its posts were read
        _open.pop().close()
    generator.read_ahead = None
    settings = generator.settings
    if not settings.get("READ_AHEAD", True) or (os.cpu_count() or 1) < 2 \
            or not hasattr(os, "fork"):
        return
    reader, paths = _unread_posts(generator)
    if len(paths) >= max(1, settings.get("READ_AHEAD_MIN_POSTS", MIN_POSTS)):
        generator.read_ahead = ReadAhead(reader.read, paths, shared=settings)
        reader.read = _taking_from(generator.read_ahead, reader.read)
        _open.append(generator.read_ahead)


def _unread_posts(generator):
    """The reader of most posts the caches do not hold, and those posts' paths.

    Paths as ``Readers.read_file`` gives them to the reader, in Pelican's order.
    """
    settings, readers = generator.settings, generator.readers
    by_reader = {}
    for name in generator.get_files(settings["ARTICLE_PATHS"],
                                    exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        if (reader is not None and generator.get_cached_data(name, None) is None
                and readers.get_cached_data(path, None) is None):
            by_reader.setdefault(reader, []).append(path)
    return max(by_reader.items(), key=lambda entry: len(entry[1]), default=(None, []))


def _taking_from(ahead, read):
    """``read``, but giving the posts ``ahead`` has read."""
    def read_or_take(path):
        done, result = ahead.take(path)
        return result if done else read(path)

    read_or_take.ahead, read_or_take.unwrapped = ahead, read
    return read_or_take


def stop(generator):
    # ``article_generator_finalized``: every post is read.
    ahead = getattr(generator, "read_ahead", None)
    if ahead is None:
        return
    ahead.close()
    _open.remove(ahead)
    for reader in generator.readers.readers.values():
        if getattr(reader.read, "ahead", None) is ahead:
            reader.read = reader.read.unwrapped


def register():
    signals.article_generator_preread.connect(start)
    signals.article_generator_finalized.connect(stop)
