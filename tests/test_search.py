"""Search (issue 7): Pagefind's index of the built site, the search page, the header box.

The ``site`` fixture runs Pagefind after Pelican as ``make html`` does. The index is
read from Pagefind's own files (pinned 1.5.2): ``pagefind-entry.json`` and the
fragments, one gzipped JSON document per indexed page.
"""

import gzip
import json
import re

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT

SEARCH = "recherche/index.html"
POST = "/clash-avec-victor/"
LISTINGS = ["/", "/archives/", "/categories/", "/etiquettes/", "/positions/",
            "/positions/alphabetique/", "/recherche/", "/categorie/ethique/",
            "/etiquette/ethique/", "/auteurs/"]
NOT_THE_PAGES_TEXT = ["Dans le débat", "Billet précédent", "Billet suivant",
                      "Lien permanent", "la position «"]


def fragments(site):
    """``{url: fragment}`` for every page in Pagefind's index."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        found[fragment["url"]] = fragment
    return found


def soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def page_path(url):
    return url.strip("/") + "/index.html"


def flat(text):
    """Text without French typography's narrow spaces and runs of spaces."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def content_urls():
    """URLs of the posts, pages and positions, from ``content/`` itself."""
    urls = set()
    for path in (ROOT / "content" / "articles").glob("*.md"):
        slug = re.search(r"^Slug:\s*(\S+)", path.read_text("utf-8"), re.M)
        urls.add(f"/{slug.group(1) if slug else path.stem}/")
    urls |= {f"/pages/{p.stem}/" for p in (ROOT / "content" / "pages").glob("*.md")}
    urls |= {f"/positions/{p.stem}/" for p in (ROOT / "content" / "positions").glob("*.md")}
    return urls


@pytest.fixture(scope="module")
def index(site):
    return fragments(site)


def test_index_is_french_only(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == len(content_urls())


def test_indexed_pages_are_the_posts_pages_and_positions_not_the_listings(index):
    assert set(index) == content_urls()
    assert not set(LISTINGS) & set(index)


def test_result_titles_are_the_page_titles_not_the_site_name(site, index):
    for url, fragment in index.items():
        h1 = soup(site, page_path(url)).find("h1")
        assert h1.has_attr("data-pagefind-meta"), url
        assert fragment["meta"]["title"] == h1.get_text(), url
        assert "Contrepoint" not in fragment["meta"]["title"], url
    title = re.search(r"^Title:\s*(.+)$",
                      (ROOT / "content/articles/clash-avec-victor.md").read_text("utf-8"), re.M)
    assert flat(index[POST]["meta"]["title"]) == flat(title.group(1))


def test_comments_are_indexed_with_their_post(index):
    text = index[POST]["content"]
    assert "Virginie LAMPRIERE" in text
    assert "quelles merveilleuses vertus" in text


def test_navigation_debate_box_and_link_labels_are_left_out(site, index):
    html = (site / page_path(POST)).read_text("utf-8")
    for words in ("Dans le débat", "Billet précédent", "Lien permanent", "la position «"):
        assert words in html  # on the page, so leaving it out is a choice
    posts = [url for url in index if not url.startswith(("/pages/", "/positions/"))]
    assert POST in posts
    for url in posts:  # (the « À propos » page names the debate box in its own text)
        for words in NOT_THE_PAGES_TEXT:
            assert words not in index[url]["content"], f"{url}: {words!r} indexed"


def test_search_page_without_javascript_offers_links_not_a_dead_box(site):
    page = soup(site, SEARCH)
    main = page.find("main")
    assert not main.has_attr("data-pagefind-body")  # the search page is not a result
    form = main.find("form", role="search")
    assert form["action"] == "/recherche/" and form["method"] == "get"
    assert form.has_attr("hidden")  # shown by search.js only
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    fallback = main.select_one(".search-fallback")
    assert not fallback.has_attr("hidden") and "JavaScript" in fallback.get_text()
    links = {a["href"] for a in fallback.find_all("a")}
    assert {"/archives/", "/positions/", "/categories/", "/etiquettes/"} <= links


def test_search_page_loads_pagefind_ui_and_our_script_from_files(site):
    head = soup(site, SEARCH).find("head")
    scripts = [s["src"] for s in head.find_all("script")]
    assert scripts == ["/theme/js/search-box.js", "/pagefind/pagefind-ui.js",
                       "/theme/js/search.js"]
    assert all(s.has_attr("defer") and not s.get_text() for s in head.find_all("script"))
    styles = [link["href"] for link in head.find_all("link", rel="stylesheet")]
    assert "/pagefind/pagefind-ui.css" in styles
    for url in scripts + styles:
        assert (site / url.lstrip("/")).is_file(), url


def test_every_page_has_the_search_link_and_the_hidden_header_box(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        name = str(path.relative_to(site))
        link = page.select_one(".site-nav li.nav-search a")
        assert link and link["href"] == "/recherche/" and link.get_text() == "Recherche", name
        box = page.select_one("header form.site-search")
        if name == SEARCH:
            assert link["aria-current"] == "page" and box is None
            continue
        assert box["role"] == "search" and box["action"] == "/recherche/", name
        assert box.has_attr("hidden"), name  # a plain link without JavaScript
        field = box.find("input", attrs={"name": "q", "type": "search"})
        assert box.find("label", attrs={"for": field["id"]}).get_text() == "Recherche", name
        assert page.find("script", src="/theme/js/search-box.js").has_attr("defer"), name
