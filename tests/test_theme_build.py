"""End-to-end: a few tiny posts built with our settings and theme, asserting on the HTML."""

import re
import textwrap

import pytest
from bs4 import BeautifulSoup

from helpers import build

N = "\u202f"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
       "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")

FILES = {
    "articles/date-connue.md": """\
        Title: Un billet daté : vraiment ?
        Slug: date-connue
        Date: 2010-03-04 10:00
        Lang: fr
        Category: Conseil
        Tags: éthique, clients
        Author: Michelle Blanc
        Summary: Un résumé !

        Il a dit « non » et c’est tout : fin.

        Voir <http://example.org/?a=1> et `a : b`.
        """,
    "articles/sans-date.md": """\
        Title: Un billet sans date
        Slug: sans-date
        Lang: fr
        Category: Freelance
        Tags: clients
        Author_note: L’auteur est *consultant*.

        Texte sans date.
        """,
    "pages/a-propos.md": """\
        Title: À propos
        Slug: a-propos

        Une page.
        """,
}


def make_content(root):
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for folder in ("comments", "positions"):
        (root / folder).mkdir(exist_ok=True)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Output folder of the tiny site, built as ``make html`` would (warnings fatal)."""
    base = tmp_path_factory.mktemp("theme")
    output = base / "output"
    result = build(make_content(base / "content"), output)
    assert result.returncode == 0, result.stderr + result.stdout
    return output


def soup(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def html_pages(output):
    return sorted(output.rglob("*.html"))


def test_every_page_is_french_with_landmarks_skip_link_and_one_h1(built):
    pages = html_pages(built)
    assert len(pages) >= 10
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(built)
        assert page.html["lang"] == "fr", where
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find(landmark), f"{where}: no <{landmark}>"
        assert page.find("main")["id"] == "contenu", where
        skip = page.body.find("a")
        assert skip["href"] == "#contenu" and "contenu" in skip.get_text(), where
        assert len(page.find_all("h1")) == 1, where


def test_every_page_has_the_content_security_policy(built):
    for path in html_pages(built):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta and meta["content"] == CSP, path


def test_no_inline_script_or_style_anywhere(built):
    for path in html_pages(built):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not page.find("style"), path
        assert not page.find(attrs={"style": True}), path
        assert not [s for s in page.find_all("script") if not s.get("src")], path


def test_no_third_party_url_in_link_script_img(built):
    for path in html_pages(built):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(["link", "script", "img"]):
            url = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"(?i)(https?:)?//", url), f"{path}: {tag}"


def test_known_date_is_written_in_french(built):
    meta = soup(built, "date-connue/index.html").find(class_="meta")
    time = meta.find("time")
    assert time.get_text() == "4 mars 2010"
    assert time["datetime"].startswith("2010-03-04T10:00")


def test_default_date_is_never_displayed(built):
    for path in ("sans-date/index.html", "index.html", "archives/index.html"):
        text = (built / path).read_text(encoding="utf-8")
        assert "2000" not in text, path
    assert not soup(built, "sans-date/index.html").find("time")


def test_post_shows_author_category_tags_and_author_note(built):
    dated = soup(built, "date-connue/index.html")
    assert dated.find("a", href="/auteur/michelle-blanc/").get_text() == "Michelle Blanc"
    assert dated.find("a", href="/categorie/conseil/")
    assert {a.get_text() for a in dated.select(".tags a")} == {"éthique", "clients"}
    undated = soup(built, "sans-date/index.html")
    assert undated.find("aside", class_="author-note").find("em").get_text() == "consultant"
    assert "Par " not in undated.find(class_="meta").get_text()


def test_narrow_no_break_spaces_in_titles_and_content_not_in_code_or_urls(built):
    post = soup(built, "date-connue/index.html")
    assert post.h1.get_text() == f"Un billet daté{N}: vraiment{N}?"
    content = post.find(class_="post-content")
    assert f"«{N}non{N}»" in content.get_text()
    assert f"tout{N}: fin" in content.get_text()
    assert content.find("code").get_text() == "a : b"
    assert content.find("a")["href"] == "http://example.org/?a=1"


def test_home_lists_summaries_and_comment_counts(built):
    home = soup(built, "index.html")
    cards = home.select("article.card")
    assert len(cards) == 2
    assert f"Un résumé{N}!" in home.get_text()
    counts = [c.select_one(".card-foot a").get_text(" ", strip=True) for c in cards]
    assert all(c.startswith(f"Commentaires{N}: 0") for c in counts), counts


def test_navigation_links_the_site_sections(built):
    nav = soup(built, "index.html").find("nav", attrs={"aria-label": "Navigation principale"})
    links = {a.get_text(): a["href"] for a in nav.find_all("a")}
    assert links["Accueil"] == "/"
    assert links["Catégories"] == "/categories/"
    assert links["Étiquettes"] == "/etiquettes/"
    assert links["Archives"] == "/archives/"
    assert links["À propos"] == "/pages/a-propos/"
    assert links["Recherche"] == "/recherche/"  # SEARCH_URL in pelicanconf.py


def test_feed_is_announced_and_404_page_exists(built):
    home = soup(built, "index.html")
    assert home.find("link", rel="alternate", href="/feeds/all.atom.xml")
    assert "Page introuvable" in soup(built, "404.html").h1.get_text()


def test_absolute_siteurl_adds_canonical_and_open_graph_and_search_url_a_link(tmp_path):
    output = tmp_path / "output"
    result = build(make_content(tmp_path / "content"), output,
                   extra={"SITEURL": "https://contrepoint.example", "SEARCH_URL": "recherche/"})
    assert result.returncode == 0, result.stderr + result.stdout
    post = soup(output, "date-connue/index.html")
    assert post.find("link", rel="canonical")["href"] == "https://contrepoint.example/date-connue/"
    assert post.find("meta", property="og:type")["content"] == "article"
    assert post.find("meta", property="og:url")["content"] == "https://contrepoint.example/date-connue/"
    home = soup(output, "index.html")
    assert home.find("link", rel="canonical")["href"] == "https://contrepoint.example/"
    search = home.find("nav").find("a", string="Recherche")
    assert search["href"] == "https://contrepoint.example/recherche/"


def test_previous_and_next_posts_chain_every_published_post(site):
    """Each post links the older and the newer one; following them walks the blog."""
    pages = {}
    for path in sorted((site).glob("*/index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("article.post"):
            nav = soup.select_one("nav.post-nav")
            pages[f"/{path.parent.name}/"] = {
                rel: nav.select_one(f"a[rel={rel}]")["href"] if nav and nav.select_one(
                    f"a[rel={rel}]") else None for rel in ("prev", "next")}
    assert len(pages) == 5
    newest = [url for url, links in pages.items() if links["next"] is None]
    assert len(newest) == 1
    walked, url = [], newest[0]
    while url:
        walked.append(url)
        url = pages[url]["prev"]
        if url:
            assert pages[url]["next"] == walked[-1]
    assert sorted(walked) == sorted(pages)


def test_local_build_feeds_link_absolutely_through_feed_domain(site):
    """SITEURL is "" locally: feed readers still need absolute links and tag ids."""
    import feedparser

    domain = "http://127.0.0.1:8000"  # pelicanconf.py FEED_DOMAIN
    feeds = [site / "feeds/commentaires.atom.xml",
             *sorted((site / "feeds/commentaires").glob("*.atom.xml"))]
    entries = [entry for path in feeds for entry in feedparser.parse(path).entries]
    assert entries
    assert all(entry.link.startswith(domain + "/") for entry in entries)
    assert all(entry.id.startswith("tag:127.0.0.1,") for entry in entries)


# A plain space where French typography wants U+202F: before : ; ! ? », after «.
LOOSE_SPACE = re.compile(r" [:;!?»]|« ")


def test_every_text_of_the_real_site_has_french_spaces(site):
    """Titles, names, quotes, maps and hidden labels too: U+202F, never a plain space."""
    loose = []
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in page.find_all(string=True):
            if text.parent.name not in ("script", "style", "code", "pre", "textarea"):
                loose += [f"{path.relative_to(site)}: {text[max(0, m.start() - 20):m.end() + 5]!r}"
                          for m in LOOSE_SPACE.finditer(text)]
    assert loose == []
