"""Search in Chromium: the header box, the search page, Pagefind's results, no JavaScript."""

import re
from urllib.parse import quote

import pytest

from browser.conftest import WATCH_CSP, axe_blocking, serve
from helpers import search_index
from test_hostile_comments import build_hostile_site

pytestmark = pytest.mark.browser

POST = "/clash-avec-victor/"
POST_TITLE = "Un clash avec Victor ou pourquoi j’ai kiffé le #SocialSellingForum"
QUERY = "symétrique"
RESULT_LINK = "#recherche-resultats a.pagefind-ui__result-link"
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def result_for(page, title):
    """The result link titled ``title``, once Pagefind has shown it."""
    link = page.locator(RESULT_LINK, has_text=title).first
    link.wait_for(timeout=15_000)
    return link


def test_header_box_on_home_to_results_to_the_post(page):
    page.goto("/")
    assert page.locator(".site-nav .nav-search").is_hidden()  # the box replaces the link
    box = page.get_by_role("search").get_by_role("searchbox", name="Recherche")
    box.fill(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q="))
    assert page.get_by_role("searchbox", name=re.compile("Chercher")).input_value() == QUERY

    result_for(page, POST_TITLE).click()
    page.wait_for_url(f"**{POST}")
    assert page.locator("h1").inner_text() == POST_TITLE


def test_search_page_runs_the_query_of_its_address_and_announces_the_count(page):
    page.add_init_script(WATCH_CSP)
    page.goto(f"/recherche/?q={quote(QUERY)}")
    link = result_for(page, POST_TITLE)
    assert link.get_attribute("href") == POST
    assert page.locator(".search-fallback").is_hidden()
    assert page.locator("#recherche-resultats .pagefind-ui__search-input").is_hidden()
    status = page.get_by_role("status")
    status.filter(has_text="résultat").wait_for(state="attached")
    assert re.fullmatch(rf"\d+ résultats? pour {QUERY}", status.text_content())
    assert page.get_by_role("search").count() == 1  # Pagefind's form is not a second one
    assert page.evaluate("window.__cspViolations") == []


def test_typing_on_the_search_page_searches_and_keeps_the_query_in_the_address(page):
    page.goto("/recherche/")
    box = page.get_by_role("searchbox", name=re.compile("Chercher"))
    box.press_sequentially("Victor", delay=30)
    result_for(page, POST_TITLE)
    page.wait_for_url(re.compile(r"\?q=Victor$"))
    box.fill("")
    page.wait_for_url(re.compile(r"/recherche/$"))
    assert page.locator("#recherche-resultats").is_hidden()


def test_a_position_is_found_by_its_statement(page):
    page.goto(f"/recherche/?q={quote('secret professionnel')}")
    link = result_for(page, "Le consultant garde le secret sur les affaires de ses clients")
    assert link.get_attribute("href") == "/positions/secret-professionnel/"


def test_without_javascript_the_header_links_to_the_search_page(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    link = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Recherche")
    assert link.is_visible() and link.get_attribute("href") == "/recherche/"
    assert page.get_by_role("searchbox").count() == 0  # no dead box
    link.click()
    page.wait_for_url("**/recherche/")
    assert page.get_by_role("searchbox").count() == 0
    fallback = page.locator(".search-fallback")
    assert fallback.is_visible() and "JavaScript" in fallback.inner_text()
    for name in ("les archives", "les positions", "les catégories", "les étiquettes"):
        assert fallback.get_by_role("link", name=name).is_visible()


@pytest.mark.parametrize("path", ["/", f"/recherche/?q={quote(QUERY)}"])
def test_search_fits_360_px(new_context, screenshot, path):
    page = new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(path)
    if "q=" in path:
        result_for(page, POST_TITLE)
    box = page.get_by_role("searchbox").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    name = "recherche-resultats-360px" if "q=" in path else "recherche-entete-360px"
    assert screenshot(page, name).exists()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{path} scrolls sideways at 360 px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_in_the_results(new_context, scheme):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(f"/recherche/?q={quote(QUERY)}")
    result_for(page, POST_TITLE)
    blocking = axe_blocking(page)
    assert not blocking, blocking


# -- the XSS corpus (test_hostile_comments) searched: excerpts are comment text -------

@pytest.fixture(scope="module")
def served_hostile(tmp_path_factory):
    """Base URL of the hostile site, built with its search index, on 127.0.0.1."""
    base = tmp_path_factory.mktemp("hostile-search")
    with serve(base / "output") as url:
        result = search_index(build_hostile_site(base, siteurl=url))
        assert result.returncode == 0, result.stderr + result.stdout
        yield url


# Results hold Pagefind's own elements only: no other tag, no handler, no style attribute.
RESULT_TAGS = {"LI", "DIV", "P", "A", "MARK", "SPAN"}
UNSAFE_IN_RESULTS = """(allowed) => [
  ...document.querySelectorAll('#recherche-resultats .pagefind-ui__results *')]
  .filter((e) => !allowed.includes(e.tagName)
           || [...e.attributes].some((a) => a.name.startsWith('on') || a.name === 'style'))
  .map((e) => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("query", ["xss", "alert", "script"])
def test_searching_the_xss_corpus_runs_nothing(browser, served_hostile, query):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_CSP)
    page.goto(f"{served_hostile}/recherche/?q={query}")
    page.locator(RESULT_LINK).first.wait_for(timeout=15_000)
    page.locator("#recherche-resultats .pagefind-ui__result-excerpt").first.wait_for()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate(UNSAFE_IN_RESULTS, sorted(RESULT_TAGS)) == []
    context.close()
