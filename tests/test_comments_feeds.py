"""Comment feeds written directly: the bytes feedgenerator wrote, valid Atom, no crash.

The reference below is the feedgenerator code the plugin used before; the
feeds must stay byte-identical to it on awkward input (quotes, ampersands,
markup in titles, non-ASCII URLs, naive and aware dates, empty bodies).
"""

import datetime
import zoneinfo
from types import SimpleNamespace

import feedparser
from feedgenerator import Atom1Feed, get_tag_uri

from contrepoint.comments import feeds
from contrepoint.comments.model import Comment, Thread
from contrepoint.comments.store import Body

N = "\u202f"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SITE_URL = "https://exemple.org/blog"


# -- the reference: feedgenerator, as the plugin used it ----------------------

class StableAtomFeed(Atom1Feed):
    """feedgenerator's feed, updated at its newest entry, or at ``updated`` when empty."""

    def __init__(self, *args, updated, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self):
        dates = [item["pubdate"] for item in self.items if item.get("pubdate")]
        return max(dates, default=self.updated)


def reference_feed(title, feed_url, updated, subtitle=None):
    return StableAtomFeed(title=title, link=feeds.join_url(SITE_URL, ""),
                                feed_url=feed_url, description=subtitle or "",
                                subtitle=subtitle, language="fr", updated=updated)


def reference_add(feed, comment, article):
    link = f"{feeds.join_url(SITE_URL, article.url)}#{comment.anchor}"
    date = feeds.entry_date(comment, article)
    feed.add_item(title=feeds.entry_title(comment, feeds.plain_title(article)),
                  link=link, description=None, content=comment.content,
                  author_name=comment.author, author_link=comment.author_url,
                  pubdate=date, unique_id=get_tag_uri(link, date))


def reference_article_feed(article, feed_url):
    title = feeds.plain_title(article)
    feed = reference_feed(f"Site & «co» - Commentaires de «{N}{title}{N}»", feed_url,
                          article.date)
    for comment in article.thread.comments:
        reference_add(feed, comment, article)
    return feed.writeString("utf-8")


def reference_site_feed(articles, feed_url, subtitle):
    entries = [(c, a) for a in articles for c in a.thread.comments]
    entries.sort(key=lambda e: (feeds.entry_date(*e), e[1].slug, e[0].order), reverse=True)
    feed = reference_feed("Site & «co» - Commentaires", feed_url,
                          max(a.date for a in articles), subtitle)
    for comment, article in entries:
        reference_add(feed, comment, article)
    return feed.writeString("utf-8")


# -- awkward input -------------------------------------------------------------

def comment(id_, order, **fields):
    if "content" in fields:
        fields["body"] = Body(html=fields.pop("content"))
    return Comment(id=id_, article_slug="x", order=order, **fields)


def awkward_articles():
    first = SimpleNamespace(
        title="L’<em>éthique</em> & les «\u202fautres\u202f» \"guillemets\" <b>gras</b>",
        url="billet-éthique/", slug="billet-ethique",
        date=datetime.datetime(2020, 1, 2, 9, 0, tzinfo=PARIS),
        thread=Thread([
            comment("01-a", 1, author="Ann & <Bob> \"l'ami\"",
                    author_url="https://exemple.org/café?a=1&b='x'\"y\"",
                    date=datetime.datetime(2020, 1, 3, 10, 0, tzinfo=PARIS),
                    content='<p>Un <a href="https://x.example/?a=1&amp;b=2">lien</a>\net «\u202fça\u202f» &amp; &lt;</p>'),
            comment("02-b", 2, author="Sans date ni site", content=""),
            comment("03-c", 3, kind="pingback", author="Blog", title="Titre <cité> & repris",
                    author_url="http://ailleurs.example/billet",
                    date=datetime.datetime(2020, 1, 4, 8, 30, tzinfo=datetime.timezone.utc)),
            comment("04-d", 4, kind="pingback", author="Blog sans titre", content="<p>x</p>"),
        ]),
    )
    empty = SimpleNamespace(title="Sans commentaire", url="vide/", slug="vide",
                            date=datetime.datetime(2020, 2, 1, 9, 0, tzinfo=PARIS),
                            thread=Thread([]))
    return [first, empty]


def naive_article():
    """Dates without time zone (TIMEZONE unknown): written with a Z."""
    return SimpleNamespace(title="Naïf", url="naif/", slug="naif",
                           date=datetime.datetime(2020, 3, 1),
                           thread=Thread([comment("01-a", 1, author="A", content="<p>a</p>",
                                                  date=datetime.datetime(2020, 3, 2, 8, 30))]))


def test_article_feeds_are_the_bytes_feedgenerator_wrote():
    entries = feeds.Entries(SITE_URL)
    for article in [*awkward_articles(), naive_article()]:
        url = f"https://exemple.org/feeds/{article.slug}.atom.xml"
        written = feeds.article_feed(article, "Site & «co»", SITE_URL, url, entries)
        assert written == reference_article_feed(article, url)


def test_site_feed_is_the_bytes_feedgenerator_wrote_after_the_article_feeds():
    articles = awkward_articles()
    entries = feeds.Entries(SITE_URL)
    for article in articles:  # the same Entries made the article feeds first
        feeds.article_feed(article, "Site & «co»", SITE_URL, "https://exemple.org/a.xml", entries)
    written = feeds.site_feed(articles, "Site & «co»", SITE_URL,
                              "https://exemple.org/feeds/tout.atom.xml", "Sous-titre & co", entries)
    assert written == reference_site_feed(articles, "https://exemple.org/feeds/tout.atom.xml",
                                          "Sous-titre & co")


def test_feeds_parse_as_atom_with_every_entry():
    articles = awkward_articles()
    written = feeds.site_feed(articles, "Site", SITE_URL, "https://exemple.org/f.xml")
    feed = feedparser.parse(written)
    assert not feed.bozo, feed.bozo_exception
    assert [e.link.split("#")[1] for e in feed.entries] == [
        "comment-03-c", "comment-01-a", "comment-04-d", "comment-02-b"]
    first = feed.entries[1]
    assert first.author == "Ann & <Bob> \"l'ami\""
    assert first.title.startswith(f"Ann & <Bob> \"l'ami\" sur «{N}L’éthique & les «")
    assert first.title.endswith(f"\"guillemets\" gras{N}»")  # markup of the title dropped
    assert "«\u202fça\u202f» &amp; &lt;" in first.content[0].value
    assert feed.entries[0].title == f"Rétrolien{N}: Titre <cité> & repris"
    assert feed.feed.updated == "2020-01-04T08:30:00+00:00"


def test_control_characters_are_dropped_not_a_crash():
    article = SimpleNamespace(
        title="Billet", url="billet/", slug="billet",
        date=datetime.datetime(2020, 1, 2, tzinfo=PARIS),
        thread=Thread([comment("01-a", 1, author="A\x01B", content="<p>a\x0bb\x1fc</p>")]))
    written = feeds.article_feed(article, "Site", SITE_URL, "https://exemple.org/f.xml")
    feed = feedparser.parse(written)
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].author == "AB"
    assert feed.entries[0].content[0].value == "<p>abc</p>"


def test_site_feed_keeps_the_newest_max_items_as_pelican_feeds_do():
    articles = awkward_articles()
    newest = feeds.site_feed(articles, "Site", SITE_URL, "https://exemple.org/f.xml",
                             max_items=1)
    everything = feeds.site_feed(articles, "Site", SITE_URL, "https://exemple.org/f.xml")
    assert len(feedparser.parse(newest).entries) == 1
    assert feedparser.parse(newest).entries[0].link == feedparser.parse(everything).entries[0].link
    assert len(feedparser.parse(everything).entries) > 1


def test_a_feed_key_changes_with_what_the_feed_shows():
    from contrepoint.comments.feed_cache import feed_key
    from contrepoint.comments.store import StoredBody

    def key(**changes):
        fields = {"author": "Ann", "date": datetime.datetime(2020, 1, 3, 10, 0, tzinfo=PARIS),
                  "body": StoredBody(None, b"k" * 32), **changes}
        article = SimpleNamespace(title="Billet", url="billet/", slug="billet",
                                  date=datetime.datetime(2020, 1, 2, 9, 0, tzinfo=PARIS),
                                  thread=Thread([comment("01-a", 1, **fields)]))
        return feed_key(article, "Site", "https://exemple.org", "https://exemple.org/f.xml")

    assert key() == key()
    assert len({key(), key(author="Bob"), key(body=StoredBody(None, b"o" * 32)),
                key(date=None), key(author_url="https://ann.example/"), key(kind="pingback")}) == 6
    assert key(body=Body(html="<p>en mémoire</p>")) is None  # no key stands for it


def test_titles_get_french_spaces():
    article = SimpleNamespace(title="Et <em>vous</em> ?")
    assert feeds.plain_title(article) == f"Et vous{N}?"
    pingback = comment("01-p", 1, kind="pingback", author="Blog", title="« Non » !")
    assert feeds.entry_title(pingback, "x") == f"Rétrolien{N}: «{N}Non{N}»{N}!"


def test_the_feeds_stamp_follows_the_typography_they_apply(tmp_path, monkeypatch):
    from pathlib import Path

    from contrepoint.comments import feed_cache
    from contrepoint.french import typography

    assert Path(typography.__file__) in feed_cache.FEEDS_CODE
    code = (tmp_path / "feeds.py", tmp_path / "typography.py")
    code[0].write_text("feeds")
    code[1].write_text("spaces")
    monkeypatch.setattr(feed_cache, "FEEDS_CODE", code)
    before = feed_cache.code_hash()
    code[1].write_text("other spaces")
    assert feed_cache.code_hash() != before
