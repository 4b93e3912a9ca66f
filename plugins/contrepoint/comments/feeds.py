"""Atom feeds of comments: one per article and one for the whole site.

Deterministic: every entry is dated (the comment's date, else its
article's), so ``<updated>`` never is the build time, and entries come in a
stable order. The XML is written directly, byte for byte what
``feedgenerator.Atom1Feed`` writes for the same feed (attributes sorted,
empty elements closed with ``/>``), without its per-item overhead. Pure: articles
are duck-typed (``title``, ``url``, ``date``, ``slug``, ``thread``).
"""

import heapq
import re
from xml.sax.saxutils import escape, quoteattr

from feedgenerator import get_tag_uri
from feedgenerator.django.utils.encoding import iri_to_uri
from markupsafe import Markup

from contrepoint.french.typography import french_spaces

NNBSP = "\u202f"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
FEED_START = '<feed xml:lang="fr" xmlns="http://www.w3.org/2005/Atom">'
# Not allowed in XML 1.0 (feedgenerator raises on them): dropped from the text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


def join_url(base, path):
    """``base/path`` as Pelican joins SITEURL and a URL; root-relative without base."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}" if base else f"/{path.lstrip('/')}"


def entry_date(comment, article):
    return comment.date or article.date


def entry_title(comment, title):
    """The entry title; ``title`` is the article's, as plain text with French spaces."""
    if comment.is_pingback:
        return f"Rétrolien{NNBSP}: {french_spaces(comment.title or comment.author)}"
    return f"{comment.author} sur «{NNBSP}{title}{NNBSP}»"


def plain_title(article):
    """The article's title as plain text, with French spaces."""
    return french_spaces(Markup(article.title).striptags())


def rfc3339(date):
    return date.isoformat() + ("Z" if date.utcoffset() is None else "")


def text(value):
    """``value`` as XML character data."""
    return escape(CONTROL_RE.sub("", value))


def element(name, value=None, attrs=None):
    """``<name attrs>value</name>``, or ``<name attrs/>`` when ``value`` is empty."""
    start = name + "".join(f" {key}={quoteattr(attrs[key])}" for key in sorted(attrs or {}))
    return f"<{start}>{text(value)}</{name}>" if value else f"<{start}/>"


def entry_xml(comment, article, site_url, title=None, article_link=None):
    """The ``<entry>`` of one comment. ``title`` (the article's, plain text)
    and ``article_link`` (its absolute URL) are computed when not given."""
    title = plain_title(article) if title is None else title
    link = f"{article_link or join_url(site_url, article.url)}#{comment.anchor}"
    date = entry_date(comment, article)
    stamp = rfc3339(date)  # digits and signs only: no escaping
    uri = "" if comment.author_url is None else element("uri", iri_to_uri(comment.author_url))
    return (
        f"<entry><title>{text(entry_title(comment, title))}</title>"
        f'<link href={quoteattr(iri_to_uri(link))} rel="alternate"/>'
        f"<published>{stamp}</published><updated>{stamp}</updated>"
        f"<author>{element('name', comment.author)}{uri}</author>"
        f"<id>{text(get_tag_uri(link, date))}</id>"
        f"{element('content', comment.content, {'type': 'html'})}</entry>"
    )


class Entries:
    """Each comment's ``<entry>``; its article's title and URL are made once.

    Entries are not kept: the site feed's few are built again, which costs
    less than holding every comment's XML until the last feed is written.
    """

    def __init__(self, site_url):
        self.site_url = site_url
        self._articles = {}  # slug -> (plain title, absolute URL)

    def __call__(self, comment, article):
        known = self._articles.get(article.slug)
        if known is None:
            known = self._articles[article.slug] = (
                plain_title(article), join_url(self.site_url, article.url))
        return entry_xml(comment, article, self.site_url, *known)


def feed_xml(title, site_url, feed_url, updated, entries, subtitle=None):
    """A whole Atom document; ``entries`` are ``<entry>`` strings."""
    link = join_url(site_url, "")
    return "".join((
        XML_DECLARATION,
        FEED_START,
        element("title", title),
        element("link", None, {"href": iri_to_uri(link), "rel": "alternate"}),
        element("link", None, {"href": iri_to_uri(feed_url), "rel": "self"}),
        element("id", link),
        element("updated", rfc3339(updated)),
        element("subtitle", subtitle) if subtitle else "",
        *entries,
        "</feed>",
    ))


def article_feed(article, site_name, site_url, feed_url, entries=None):
    """The comments and pingbacks of one article, by ``Order``, as XML text."""
    entries = entries or Entries(site_url)
    comments = article.thread.comments
    updated = max((entry_date(c, article) for c in comments), default=article.date)
    return feed_xml(f"{site_name} - Commentaires de «{NNBSP}{plain_title(article)}{NNBSP}»",
                    site_url, feed_url, updated, [entries(c, article) for c in comments])


def site_feed(articles, site_name, site_url, feed_url, subtitle=None, entries=None,
              max_items=None):
    """The newest ``max_items`` comments of the site (all when None), newest first
    (ties: article slug, then Order), as XML."""
    entries = entries or Entries(site_url)

    def pairs():
        return ((comment, article) for article in articles for comment in article.thread.comments)

    def newest(pair):
        return entry_date(*pair), pair[1].slug, pair[0].order

    # The few newest without a list of every comment of the site (as sorting would make).
    chosen = (sorted(pairs(), key=newest, reverse=True) if max_items is None
              else heapq.nlargest(max_items, pairs(), key=newest))
    updated = max((entry_date(*pair) for pair in pairs()),
                  default=max((a.date for a in articles), default=None))
    return feed_xml(f"{site_name} - Commentaires", site_url, feed_url, updated,
                    [entries(comment, article) for comment, article in chosen], subtitle)
