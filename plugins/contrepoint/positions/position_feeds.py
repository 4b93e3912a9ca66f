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

from contrepoint.comments.feeds import StableAtomFeed, join_url

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
    passages.sort(key=dated, reverse=True)  # stable: ties keep the graph's order
    feed = StableAtomFeed(
        title=f"{site_name} - Position «{NNBSP}{position.statement}{NNBSP}»",
        link=absolute(site_url, position.url or f"positions/{key}/"),
        feed_url=absolute(site_url, feed_url),
        description=position.gloss or position.statement,
        language="fr",
        updated=max((dated(p) for p in passages), default=EPOCH),
    )
    for passage in passages[:max_items]:
        link = absolute(site_url, passage.url)
        feed.add_item(
            title=entry_title(passage),
            link=link,
            description=entry_summary(passage),
            author_name=clean(passage.author) or None,
            pubdate=dated(passage),
            updateddate=dated(passage),
            unique_id=f"{get_tag_uri(link, dated(passage))}:{key}:{passage.stance}",
        )
    return feed.writeString("utf-8")
