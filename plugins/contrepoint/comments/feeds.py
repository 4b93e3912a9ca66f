"""Atom feeds of comments: one per article and one for the whole site.

Deterministic: every entry is dated (the comment's date, else its
article's), so ``<updated>`` never is the build time, and entries come in a
stable order. Pure: feedgenerator only, articles are duck-typed (``title``,
``url``, ``date``, ``slug``, ``thread``).
"""

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup

NNBSP = "\u202f"


class StableAtomFeed(Atom1Feed):
    """An Atom feed updated at its newest entry, or at ``updated`` when empty."""

    def __init__(self, *args, updated, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self):
        dates = [item["pubdate"] for item in self.items if item.get("pubdate")]
        return max(dates, default=self.updated)


def join_url(base, path):
    """``base/path`` as Pelican joins SITEURL and a URL; root-relative without base."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}" if base else f"/{path.lstrip('/')}"


def entry_date(comment, article):
    return comment.date or article.date


def entry_title(comment, article):
    title = Markup(article.title).striptags()
    if comment.is_pingback:
        return f"Rétrolien{NNBSP}: {comment.title or comment.author}"
    return f"{comment.author} sur «{NNBSP}{title}{NNBSP}»"


def new_feed(title, site_url, feed_url, updated, subtitle=None):
    return StableAtomFeed(
        title=title,
        link=join_url(site_url, ""),
        feed_url=feed_url,
        description=subtitle or "",
        subtitle=subtitle,
        language="fr",
        updated=updated,
    )


def add_entry(feed, comment, article, site_url):
    link = f"{join_url(site_url, article.url)}#{comment.anchor}"
    date = entry_date(comment, article)
    feed.add_item(
        title=entry_title(comment, article),
        link=link,
        description=None,
        content=comment.content,
        author_name=comment.author,
        author_link=comment.author_url,
        pubdate=date,
        unique_id=get_tag_uri(link, date),
    )


def article_feed(article, site_name, site_url, feed_url):
    """The comments and pingbacks of one article, by ``Order``."""
    title = Markup(article.title).striptags()
    feed = new_feed(f"{site_name} - Commentaires de «{NNBSP}{title}{NNBSP}»",
                    site_url, feed_url, article.date)
    for comment in article.thread.comments:
        add_entry(feed, comment, article, site_url)
    return feed


def site_feed(articles, site_name, site_url, feed_url, subtitle=None):
    """Every comment of the site, newest first (ties: article slug, then Order)."""
    entries = [(comment, article) for article in articles for comment in article.thread.comments]
    entries.sort(key=lambda e: (entry_date(*e), e[1].slug, e[0].order), reverse=True)
    updated = max((a.date for a in articles), default=None)
    feed = new_feed(f"{site_name} - Commentaires", site_url, feed_url, updated, subtitle)
    for comment, article in entries:
        add_entry(feed, comment, article, site_url)
    return feed
