"""Keep what Pelican has read small in memory until the pages are written.

Once a generator has read its articles or pages (``*_generator_finalized``):

- the readers' cache in memory is dropped: Pelican has written it to disk,
  and pickling a str that is not ASCII attached a UTF-8 copy to it for good
  (half the size of a post's HTML again);
- the HTML of each article and page is kept compressed (zlib, ~1/4 of its
  size in memory) and expanded each time it is asked for: ``content``,
  ``get_content()`` and ``_content`` work as before (see :class:`CompactHTML`);
- the passages' quotes (``contrepoint.positions``) get new strings, without
  their UTF-8 copy;
- the memory freed is handed back to the system (:func:`give_back_memory`):
  left in the process, it would stay there for the rest of the build.

At 4000 posts this lowers the build's peak memory by about 15 MiB (bench/README).
It must run after the plugins that rewrite ``_content`` at the same signal
(``contrepoint.french``) and before the comments are attached: list it after
``contrepoint.french`` in ``PLUGINS``.
"""

import ctypes
import zlib

from pelican import contents, signals

from contrepoint.pelican_glue import every_content


class CompactHTML:
    """Mixin: ``_content`` is held compressed, and expanded each time it is read.

    Pelican's ``get_content`` is memoized: it would keep every page's HTML
    expanded once written. This one does what it does, without the memo.
    """

    @property
    def _content(self):
        return zlib.decompress(self._compressed_content).decode("utf-8")

    @_content.setter
    def _content(self, html):
        self._compressed_content = zlib.compress(html.encode("utf-8"), 1)

    def get_content(self, siteurl):
        html = self._get_content() if hasattr(self, "_get_content") else self._content
        return self._update_content(html, siteurl)


# Named as Pelican's classes: their settings are found by class name (ARTICLE_URL…).
class Article(CompactHTML, contents.Article):
    """A Pelican article whose HTML is held compressed."""


class Page(CompactHTML, contents.Page):
    """A Pelican page whose HTML is held compressed."""


COMPACT = {contents.Article: Article, contents.Page: Page}


def compact(content):
    """Make ``content`` (a Pelican Article or Page) hold its HTML compressed.

    Other classes (a plugin's own) and HTML that is not a str are left as they are.
    """
    compact_class = COMPACT.get(type(content))
    html = vars(content).get("_content")
    if compact_class is None or not isinstance(html, str):
        return
    del content._content
    content.__class__ = compact_class
    content._content = html


def compact_contents(generator):
    # ``article_generator_finalized`` and ``page_generator_finalized``.
    pickled = (generator.settings.get("CACHE_CONTENT")
               and generator.settings.get("CONTENT_CACHING_LAYER") == "reader")
    if pickled:  # on disk by now, and not read again in this build
        generator.readers._cache = {}
    for content in every_content(generator):
        compact(content)
        if pickled:
            _renew_quotes(content)
    give_back_memory()


def _renew_quotes(content):
    """New strings for the quotes of ``content``'s passages (its stances share one)."""
    copies = {}  # id of a quote -> its new string
    for passage in getattr(content, "passages", ()):
        quote = passage["quote"]
        if id(quote) not in copies:
            copies[id(quote)] = "".join((quote, ""))  # a join of one would give quote itself
        passage["quote"] = copies[id(quote)]


def give_back_memory():
    """Return the free memory of the C heap to the system (glibc's ``malloc_trim``).

    Python keeps strings of more than 512 bytes on that heap; freed, their
    pages stay in the process until something reuses them. Elsewhere than
    glibc, nothing is done.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc, or no C library to ask
        return
    trim(0)


def register():
    signals.article_generator_finalized.connect(compact_contents)
    signals.page_generator_finalized.connect(compact_contents)
