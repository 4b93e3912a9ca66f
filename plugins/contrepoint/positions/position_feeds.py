"""Atom feed of one position: each passage for, against or nuancing it. Pure.

Deterministic: an entry is dated by ``date_of(passage)`` (the generator
gives the comment's or the article's date), else by the passage's own
``date`` attribute if it has one, else by :data:`EPOCH` (naive dates are
read as UTC); the feed is updated at its newest entry. Entries come newest
first, ties in the graph's order.
"""

import html
from datetime import datetime, timezone

from feedgenerator import get_tag_uri
from feedgenerator.django.utils.encoding import iri_to_uri

from contrepoint.comments.feeds import element, feed_xml, join_url, rfc3339

from .debate_map import clean

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
NNBSP = "\u202f"
PREFIXES = {"support": "Pour", "oppose": "Contre", "nuance": "Nuance"}


def absolute(site_url, url):
    """``url`` as is when absolute, else joined to ``site_url``."""
    return url if "://" in url.split("#", 1)[0] else join_url(site_url, url)


def entry_title(passage):
    quote = clean(passage.quote)
    if len(quote) > 80:
        quote = quote[:79].rstrip() + "…"
    return f"{PREFIXES[passage.stance]}{NNBSP}: «{NNBSP}{quote}{NNBSP}»"


def entry_summary(passage):
    """Plain text, escaped: Atom's ``<summary type="html">`` is read as HTML."""
    who = clean(passage.author) or "Auteur inconnu"
    where = "en commentaire de" if passage.comment_id else "dans"
    return html.escape(f"{who}, {where} «{NNBSP}{clean(passage.article_title)}{NNBSP}»{NNBSP}: "
                       f"{clean(passage.quote)}", quote=False)


def position_feed(graph, key, site_url, feed_url, date_of=None, site_name="Contrepoint",
                  max_items=None):
    """The Atom feed (XML text) of the position ``key``: its newest ``max_items`` passages."""
    position = graph.positions[key]

    def dated(passage):
        date = (date_of(passage) if date_of else None) or getattr(passage, "date", None)
        if date is None:
            return EPOCH
        return date if date.tzinfo else date.replace(tzinfo=timezone.utc)  # comparable

    passages = [p for stance in ("support", "oppose", "nuance") for p in graph._side(key, stance)]
    dates = {id(p): dated(p) for p in passages}
    passages.sort(key=lambda p: dates[id(p)], reverse=True)  # stable: ties keep the graph's order
    entries = [entry_xml(p, absolute(site_url, p.url), dates[id(p)], key)
               for p in passages[:max_items]]
    return feed_xml(f"{site_name} - Position «{NNBSP}{position.statement}{NNBSP}»",
                    absolute(site_url, position.url or f"positions/{key}/"),
                    absolute(site_url, feed_url), max(dates.values(), default=EPOCH), entries,
                    subtitle=position.gloss or position.statement)


def entry_xml(passage, link, date, key):
    """The ``<entry>`` of one passage (written as the comment feeds write theirs)."""
    stamp = rfc3339(date)
    author = clean(passage.author)
    return (
        f"<entry>{element('title', entry_title(passage))}"
        f"{element('link', None, {'href': iri_to_uri(link), 'rel': 'alternate'})}"
        f"<published>{stamp}</published><updated>{stamp}</updated>"
        f"{'<author>' + element('name', author) + '</author>' if author else ''}"
        f"{element('id', f'{get_tag_uri(link, date)}:{key}:{passage.stance}')}"
        f"{element('summary', entry_summary(passage), {'type': 'html'})}</entry>"
    )
