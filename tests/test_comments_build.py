"""End-to-end: a tiny site with a comment thread, built as ``make html`` does.

Asserts on the written thread and on the comment feeds; then every kind of
broken comment file stops the build with ``path:line:`` and no traceback.
"""


import sqlite3

import feedparser
import pytest
from bs4 import BeautifulSoup

from helpers import build, write_tree as write_files

N = "\u202f"
SITEURL = "https://contrepoint.example"
SETTINGS = {
    "PLUGINS": ["contrepoint.french", "contrepoint.comments"],
    "SITEURL": SITEURL,
    "FEED_DOMAIN": SITEURL,
}

ARTICLES = {
    "articles/premier.md": """\
        Title: Premier billet
        Slug: premier-billet
        Date: 2020-01-02 09:00
        Lang: fr

        Texte du premier billet.
        """,
    "articles/second.md": """\
        Title: Second billet
        Slug: second-billet
        Date: 2020-02-01 09:00
        Lang: fr

        Texte du second billet.
        """,
}
THREAD = {
    "comments/premier-billet/01-alice.md": """\
        Author: Alice
        Website: https://alice.example/
        Date: 2020-01-03 10:00
        Order: 1
        Kind: comment
        Stance: +ethique-asymetrique

        Je suis *d’accord*.
        """,
    "comments/premier-billet/02-bob.md": """\
        Author: Bob
        Date: 2020-01-04 10:00
        Order: 2
        Kind: comment
        Replyto: 01-alice

        Pas moi.
        """,
    "comments/premier-billet/03-ailleurs.md": """\
        Author: Le blog d’ailleurs
        Website: https://ailleurs.example/billet
        Order: 3
        Kind: pingback
        Title: Un billet qui cite le premier

        […] cite le premier billet […]
        """,
    "comments/premier-billet/04-carol.md": """\
        Author: Carol
        Order: 4
        Kind: comment
        Replyto: 01-alice, 02-bob

        À vous deux.
        """,
}


def write_tree(root, files):
    """Write dedented test files."""
    return write_files(root, files, dedent=True)



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("comments")
    content = write_tree(base / "content", {**ARTICLES, **THREAD})
    result = build(content, base / "output", extra=SETTINGS)
    assert result.returncode == 0, result.stderr + result.stdout
    return base


def page(site, path):
    return BeautifulSoup((site / "output" / path).read_text(encoding="utf-8"), "html.parser")


def comment(soup, id_):
    return soup.find("article", id=f"comment-{id_}")


def test_thread_heading_counts_comments_not_pingbacks(site):
    soup = page(site, "premier-billet/index.html")
    section = soup.find("section", id="commentaires")
    assert section.h2.get_text() == f"Commentaires{N}: 3"
    assert soup.find("section", id="retroliens").h2.get_text() == f"Rétroliens{N}: 1"


def test_article_without_comments_says_zero(site):
    soup = page(site, "second-billet/index.html")
    assert soup.find("section", id="commentaires").h2.get_text() == f"Commentaires{N}: 0"
    assert soup.find("section", id="retroliens") is None


def test_replies_are_nested_lists_under_the_first_replyto(site):
    soup = page(site, "premier-billet/index.html")
    alice = comment(soup, "01-alice")
    assert alice.parent.name == "li" and alice.parent.parent.name == "ol"
    replies = alice.find("ol", class_="comment-replies").find_all("article", recursive=True)
    assert [r["id"] for r in replies] == ["comment-02-bob", "comment-04-carol"]
    top = soup.find("ol", class_="comment-list").find_all("li", recursive=False)
    assert [li.article["id"] for li in top] == ["comment-01-alice"]


def test_multi_replyto_names_and_links_every_comment(site):
    carol = comment(page(site, "premier-billet/index.html"), "04-carol")
    line = carol.find(class_="comment-replyto")
    assert line.get_text(" ", strip=True) == "En réponse à Alice et Bob"
    assert [a["href"] for a in line.find_all("a")] == ["#comment-01-alice", "#comment-02-bob"]


def test_comment_shows_linked_author_french_date_permalink_and_stance(site):
    alice = comment(page(site, "premier-billet/index.html"), "01-alice")
    author = alice.find(class_="comment-author")
    assert (author.name, author["href"], author["rel"]) == (
        "a", "https://alice.example/", ["nofollow", "ugc", "noopener"])
    assert alice.find("time")["datetime"].startswith("2020-01-03T10:00")
    assert alice.find("time").get_text() == "3 janvier 2020"
    permalink = alice.find("a", class_="comment-permalink")
    assert permalink["href"] == "#comment-01-alice"
    assert permalink.get_text() == "Lien permanent vers le commentaire d’Alice"  # elided
    assert (alice["data-stance"], alice["data-stance-source"]) == ("support", "annotation")
    assert "pour" in alice.find(class_="stance-badge").get_text()
    assert alice.find(class_="comment-content").em.get_text() == "d’accord"


def test_comment_without_stance_date_or_website_has_none_of_them(site):
    carol = comment(page(site, "premier-billet/index.html"), "04-carol")
    assert not carol.has_attr("data-stance") and not carol.has_attr("data-stance-source")
    assert carol.find("time") is None
    assert carol.find(class_="comment-author").name == "span"
    assert carol.find("a", class_="comment-permalink").get_text().endswith("commentaire de Carol")


def test_pingback_is_listed_apart_with_title_and_site(site):
    soup = page(site, "premier-billet/index.html")
    assert soup.find("section", id="commentaires").find(id="comment-03-ailleurs") is None
    pingback = soup.find("section", id="retroliens").find("article", id="comment-03-ailleurs")
    link = pingback.find("a", href="https://ailleurs.example/billet")
    assert link.get_text() == "Un billet qui cite le premier"
    assert "Le blog d’ailleurs" in pingback.get_text()


def test_article_feed_lists_its_comments_with_absolute_links(site):
    feed = feedparser.parse(site / "output/feeds/commentaires/premier-billet.atom.xml")
    assert not feed.bozo, feed.bozo_exception
    assert [e.link for e in feed.entries] == [
        f"{SITEURL}/premier-billet/#comment-{id_}"
        for id_ in ("01-alice", "02-bob", "03-ailleurs", "04-carol")
    ]
    assert feed.entries[0].author == "Alice"
    assert feed.entries[0].published.startswith("2020-01-03T10:00")
    # Undated comments take their article's date, never the build time.
    assert feed.entries[3].published.startswith("2020-01-02T09:00")
    assert feed.feed.updated.startswith("2020-01-04T10:00")


def test_article_without_comments_has_an_empty_feed_dated_like_the_article(site):
    feed = feedparser.parse(site / "output/feeds/commentaires/second-billet.atom.xml")
    assert feed.entries == []
    assert feed.feed.updated.startswith("2020-02-01T09:00")


def test_site_feed_lists_every_comment_newest_first(site):
    feed = feedparser.parse(site / "output/feeds/commentaires.atom.xml")
    assert [e.link.split("#")[1] for e in feed.entries] == [
        "comment-02-bob", "comment-01-alice", "comment-04-carol", "comment-03-ailleurs"]


def test_article_page_links_its_comment_feed(site):
    soup = page(site, "premier-billet/index.html")
    link = soup.find("link", rel="alternate", type="application/atom+xml",
                     href=lambda h: h and "commentaires/premier-billet" in h)
    assert link["href"] == f"{SITEURL}/feeds/commentaires/premier-billet.atom.xml"


def test_rebuild_from_cache_gives_the_same_pages_and_feeds(site, tmp_path):
    assert (site / "cache" / "comments.sqlite").exists()
    again = tmp_path / "output"
    result = build(site / "content", again, extra=SETTINGS, cache=site / "cache")
    assert result.returncode == 0, result.stderr
    for name in ("premier-billet/index.html", "feeds/commentaires/premier-billet.atom.xml",
                 "feeds/commentaires.atom.xml"):
        assert (again / name).read_bytes() == (site / "output" / name).read_bytes(), name


def test_a_rebuild_makes_again_only_the_comment_feeds_that_changed(tmp_path):
    second_thread = {"comments/second-billet/01-dana.md": comment_file(1)}
    content = write_tree(tmp_path / "content", {**ARTICLES, **THREAD})
    write_files(content, second_thread)
    output, cache = tmp_path / "output", tmp_path / "cache"
    feed = output / "feeds" / "commentaires"
    first, second = feed / "premier-billet.atom.xml", feed / "second-billet.atom.xml"

    def rebuild():
        result = build(content, output, extra=SETTINGS, cache=cache)
        assert result.returncode == 0, result.stderr
        return first.stat().st_mtime_ns, second.stat().st_mtime_ns

    built = rebuild()
    (content / "comments/second-billet/01-dana.md").write_text(
        comment_file(1).replace("Texte.", "Un autre texte."), encoding="utf-8")
    rebuilt = rebuild()
    assert rebuilt[0] == built[0]  # its thread did not change: not written again
    assert rebuilt[1] != built[1] and "Un autre texte." in second.read_text(encoding="utf-8")
    first.write_text("abîmé à la main", encoding="utf-8")
    rebuild()  # a feed changed since it was written is written again
    clean = tmp_path / "clean"
    assert build(content, clean, extra=SETTINGS, cache=tmp_path / "clean-cache").returncode == 0
    for name in (first, second, feed.parent / "commentaires.atom.xml"):
        assert name.read_bytes() == (clean / name.relative_to(output)).read_bytes(), name


def test_a_rebuild_shows_each_thread_from_the_cache_until_what_it_shows_changes(tmp_path):
    content = write_tree(tmp_path / "content", {**ARTICLES, **THREAD})
    output, cache = tmp_path / "output", tmp_path / "cache"
    page = output / "premier-billet" / "index.html"

    def rebuild():
        result = build(content, output, extra=SETTINGS, cache=cache)
        assert result.returncode == 0, result.stderr
        return page.read_text(encoding="utf-8")

    assert "Pas moi." in rebuild()
    with sqlite3.connect(cache / "comments.sqlite") as db:  # mark the kept HTML
        assert db.execute("UPDATE threads SET html = replace(html, 'Pas moi.', 'Témoin.') "
                          "WHERE html LIKE '%Pas moi.%'").rowcount == 1
    assert "Témoin." in rebuild()  # the thread was not rendered again
    (content / "comments/premier-billet/02-bob.md").write_text(
        "Author: Bob\nOrder: 2\nReplyto: 01-alice\n\nPas moi, vraiment.\n", encoding="utf-8")
    shown = rebuild()
    assert "Pas moi, vraiment." in shown and "Témoin." not in shown  # rendered again
    clean = tmp_path / "clean"
    assert build(content, clean, extra=SETTINGS, cache=tmp_path / "clean-cache").returncode == 0
    assert page.read_bytes() == (clean / "premier-billet" / "index.html").read_bytes()


def comment_file(order, *lines, author="Author: Dana"):
    header = [author, f"Order: {order}", *lines] if author else [f"Order: {order}", *lines]
    return "\n".join(header) + "\n\nTexte.\n"


BROKEN = {
    "no-author": ({"comments/premier-billet/01-x.md": comment_file(1, author="")},
                  "comments/premier-billet/01-x.md:1: no Author"),
    "empty-author": ({"comments/premier-billet/01-x.md": "Author: \nOrder: 1\n\nTexte.\n"},
                     "comments/premier-billet/01-x.md:1: empty Author"),
    "missing-order": ({"comments/premier-billet/01-x.md": "Author: Dana\n\nTexte.\n"},
                      "comments/premier-billet/01-x.md:1: missing Order"),
    "order-not-integer": ({"comments/premier-billet/01-x.md": comment_file("deux")},
                          "comments/premier-billet/01-x.md:2: Order 'deux' is not an integer"),
    "duplicate-order": ({"comments/premier-billet/01-x.md": comment_file(1),
                         "comments/premier-billet/02-y.md": comment_file(1)},
                        "comments/premier-billet/02-y.md:2: duplicate Order 1"),
    "duplicate-id": ({"comments/premier-billet/01-x.md": comment_file(1, "Id: meme"),
                      "comments/premier-billet/02-y.md": comment_file(2, "Id: meme")},
                     "comments/premier-billet/02-y.md:3: duplicate comment id 'meme'"),
    "unknown-kind": ({"comments/premier-billet/01-x.md": comment_file(1, "Kind: trackback")},
                     "comments/premier-billet/01-x.md:3: unknown Kind 'trackback'"),
    "folder-for-no-article": ({"comments/premier-bilet/01-x.md": comment_file(1)},
                              "comments/premier-bilet/01-x.md:1: comment folder 'premier-bilet' "
                              "is for no article (did you mean 'premier-billet'?)"),
    "unknown-replyto": ({"comments/premier-billet/01-alice.md": comment_file(1),
                         "comments/premier-billet/02-y.md": comment_file(2, "Replyto: 01-alise")},
                        "comments/premier-billet/02-y.md:3: Replyto '01-alise' names no comment "
                        "(did you mean '01-alice'?)"),
    "reply-to-later": ({"comments/premier-billet/01-x.md": comment_file(1, "Replyto: 02-y"),
                        "comments/premier-billet/02-y.md": comment_file(2)},
                       "comments/premier-billet/01-x.md:3: Replyto '02-y' is a later comment"),
    "reply-cycle": ({"comments/premier-billet/01-x.md": comment_file(1, "Replyto: 02-y"),
                     "comments/premier-billet/02-y.md": comment_file(2, "Replyto: 01-x")},
                    "comments/premier-billet/02-y.md:3: reply cycle: 02-y -> 01-x -> 02-y"),
    "invalid-utf8": ({"comments/premier-billet/01-x.md": b"Author: Dana\nOrder: 1\n\nCaf\xe9\n"},
                     "comments/premier-billet/01-x.md:4: invalid UTF-8"),
    "too-big": ({"comments/premier-billet/01-x.md": comment_file(1) + "x" * 300},
                "comments/premier-billet/01-x.md:1: comment is 330 bytes, over the 200 allowed"),
    "bad-stance": ({"comments/premier-billet/01-x.md": comment_file(1, "Stance: pour")},
                   "comments/premier-billet/01-x.md:3: Stance 'pour' is not +key, -key or ~key"),
}


@pytest.mark.parametrize("files, expected", BROKEN.values(), ids=BROKEN.keys())
def test_broken_comment_stops_the_build_with_path_and_line(tmp_path, files, expected):
    content = write_tree(tmp_path / "content", {**ARTICLES, **files})
    result = build(content, tmp_path / "output",
                   extra={**SETTINGS, "COMMENTS_MAX_BYTES": 200})
    assert result.returncode != 0
    assert f"{content}/{expected}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "output" / "premier-billet").exists()


def test_javascript_website_is_a_warning_and_is_dropped(tmp_path):
    files = {"comments/premier-billet/01-x.md": comment_file(1, "Website: javascript:alert(1)")}
    content = write_tree(tmp_path / "content", {**ARTICLES, **files})
    result = build(content, tmp_path / "output", extra=SETTINGS, fatal=False)
    assert result.returncode == 0, result.stderr
    output = result.stderr + result.stdout
    assert f"{content}/comments/premier-billet/01-x.md:3: Website 'javascript:alert(1)'" in output
    html = (tmp_path / "output/premier-billet/index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html


def test_javascript_website_stops_a_build_with_fatal_warnings(tmp_path):
    files = {"comments/premier-billet/01-x.md": comment_file(1, "Website: javascript:alert(1)")}
    content = write_tree(tmp_path / "content", {**ARTICLES, **files})
    result = build(content, tmp_path / "output", extra=SETTINGS)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout


def test_settings_defaults_are_merged_and_each_bad_key_logged_once(caplog):
    from types import SimpleNamespace

    from contrepoint.comments.plugin import DEFAULTS, comment_thread, merge_settings

    pelican = SimpleNamespace(settings={
        "COMMENTS_ARTICLE_FEED_ATOM": "feeds/{title}.xml",
        "COMMENTS_MAX_BYTES": "256k",
        "COMMENTS_FEED_ATOM": None,
    })
    merge_settings(pelican)
    assert pelican.settings.pop("JINJA_GLOBALS") == {"comment_thread": comment_thread}
    assert pelican.settings == {**DEFAULTS, "COMMENTS_FEED_ATOM": None}
    assert [r.getMessage().split(" =")[0] for r in caplog.records] == [
        "COMMENTS_ARTICLE_FEED_ATOM", "COMMENTS_MAX_BYTES"]


def test_detected_stance_shows_a_badge_with_its_evidence():
    from contrepoint.comments.model import Comment, build_thread
    from test_comments_sanitize import render_partial

    detected = Comment(id="a", article_slug="b", order=1, author="Eve", stance="oppose",
                       stance_source="detected", stance_evidence="pas d’accord")
    thread, _ = build_thread([detected])
    soup = BeautifulSoup(render_partial(thread), "html.parser")
    article = soup.find("article", id="comment-a")
    assert (article["data-stance"], article["data-stance-source"]) == ("oppose", "detected")
    badge = article.find(class_="stance-badge")
    assert badge.get_text() == f"stance détectée{N}: contre"
    # The deciding words are text a keyboard or screen-reader user reaches, not a tooltip.
    assert badge.find_next_sibling(class_="stance-evidence").get_text() == (
        f"(indice{N}: «{N}pas d’accord{N}»)")


def test_the_evidence_and_the_names_are_french_with_the_site_filters():
    from contrepoint.comments.model import Comment, build_thread
    from contrepoint.french.plugin import date_fr, de_fr, typo_fr
    from test_comments_sanitize import render_partial

    detected = Comment(id="a", article_slug="b", order=1, author="Ève", stance="oppose",
                       stance_source="detected", stance_evidence="pas d’accord !")
    thread, _ = build_thread([detected])
    soup = BeautifulSoup(render_partial(thread, {"typo_fr": typo_fr, "date_fr": date_fr,
                                                 "de_fr": de_fr}), "html.parser")
    article = soup.find("article", id="comment-a")
    assert article.find(class_="stance-evidence").get_text() == (
        f"(indice{N}: «{N}pas d’accord{N}!{N}»)")
    assert article.find(class_="comment-permalink").get_text().endswith("commentaire d’Ève")
