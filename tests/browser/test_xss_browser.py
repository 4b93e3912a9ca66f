"""The XSS corpus in Chromium: no dialog, no injected script, a strict CSP.

The hostile site of ``test_hostile_comments`` (every vector in comment bodies,
author names and URLs, pingback titles and annotation quotes) is served on
127.0.0.1; every page where the vectors appear is opened, and the vectors'
own signals (``alert(1)``, ``window.__xss = 1``) must never fire. The comment
feeds are opened as documents too, and the HTML of their entries is loaded
into a page of its own, as a feed reader without a sanitiser would show it.
"""

import html
import re

import pytest

from browser.conftest import WATCH_CSP, serve
from test_hostile_comments import KEY, SLUG, VECTORS, build_hostile_site

pytestmark = pytest.mark.browser

PAGES = [f"/{SLUG}/", f"/positions/{KEY}/", "/positions/", "/positions/alphabetique/", "/"]
# At least these; every other feed of the output (positions' feeds…) is opened too.
FEEDS = [f"/feeds/commentaires/{SLUG}.atom.xml", "/feeds/commentaires.atom.xml"]
ALLOWED_SCRIPT_SOURCES = {"'self'", "'wasm-unsafe-eval'"}  # our files; Pagefind's wasm


@pytest.fixture(scope="module")
def served_hostile(tmp_path_factory):
    """``(base URL, output dir)`` of the hostile site, served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("hostile-browser")
    with serve(base / "output") as url:
        yield url, build_hostile_site(base, siteurl=url)  # absolute links stay on this server


@pytest.fixture
def watched_page(browser):
    """A fresh page that records dialogs (and dismisses them) and CSP violations."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.add_init_script(WATCH_CSP)
    yield page
    context.close()


PROVOKE = """() => {
  for (const element of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click", "toggle", "animationstart"]) {
      if (type === "click" && element.closest("a[href], button, form")) continue;
      element.dispatchEvent(new Event(type));
    }
  }
}"""


def provoke(page):
    """Give handlers their chance: every element gets the events a reader would cause."""
    page.wait_for_load_state("load")
    page.evaluate(PROVOKE)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)


def assert_nothing_ran(page, where):
    assert page.dialogs == [], (where, page.dialogs)
    assert page.evaluate("typeof window.__xss") == "undefined", where
    assert page.evaluate("window.__cspViolations || []") == [], where


@pytest.mark.parametrize("path", PAGES)
def test_no_dialog_and_no_injected_script_on_pages_with_the_vectors(
        watched_page, served_hostile, path):
    response = watched_page.goto(served_hostile[0] + path)
    assert response.ok
    provoke(watched_page)
    assert_nothing_ran(watched_page, path)


def test_the_vectors_are_on_the_article_page(watched_page, served_hostile):
    watched_page.goto(f"{served_hostile[0]}/{SLUG}/")
    assert watched_page.locator("article.comment").count() >= 3 * len(VECTORS)


def feeds(output):
    found = {"/" + str(p.relative_to(output)) for p in output.rglob("*.xml")
             if p.name != "sitemap.xml"}
    assert set(FEEDS) <= found
    return sorted(found)


def test_no_dialog_and_no_injected_script_in_feeds_opened_as_documents(
        watched_page, served_hostile):
    url, output = served_hostile
    for path in feeds(output):
        response = watched_page.goto(url + path)
        assert response.ok
        watched_page.wait_for_timeout(200)
        assert_nothing_ran(watched_page, path)


def test_no_dialog_and_no_injected_script_in_feed_entries_shown_as_html(
        watched_page, served_hostile):
    url, output = served_hostile
    entries = []
    for path in feeds(output):
        feed = watched_page.request.get(url + path).text()
        entries += re.findall(r'<(?:content|summary|title) type="html">(.*?)</', feed, re.DOTALL)
    assert len(entries) >= 3 * len(VECTORS)
    watched_page.set_content("<!DOCTYPE html><title>lecteur</title>" + "".join(
        f"<article>{html.unescape(entry)}</article>" for entry in entries))
    provoke(watched_page)
    assert_nothing_ran(watched_page, "feed entries")


def test_the_watch_sees_a_script_that_runs(watched_page):
    """Control: the same checks fail on a page that does run a vector."""
    watched_page.set_content("<img src=x onerror=window.__xss=1><script>alert(1)</script>")
    watched_page.wait_for_timeout(300)
    assert watched_page.dialogs == ["alert: 1"]
    assert watched_page.evaluate("window.__xss") == 1


def csp_directives(page):
    metas = page.locator('head meta[http-equiv="Content-Security-Policy"]')
    assert metas.count() == 1
    policy = metas.get_attribute("content")
    directives = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = set(sources)
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_csp_allows_only_the_sites_own_scripts(watched_page, served_hostile, path):
    watched_page.goto(served_hostile[0] + path)
    directives = csp_directives(watched_page)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts and scripts <= ALLOWED_SCRIPT_SOURCES, scripts
    assert "'self'" in directives.get("default-src", set())
    assert directives.get("object-src") == {"'none'"}
    assert directives.get("base-uri") in ({"'self'"}, {"'none'"})
    # The site's own scripts all come from the site.
    sources = watched_page.eval_on_selector_all("script", "els => els.map(e => e.src)")
    assert all(src.startswith(served_hostile[0] + "/") for src in sources), sources


def test_csp_blocks_an_inline_script_on_a_site_page(watched_page, served_hostile):
    """The policy is enforced, not only written: an inline script added now is refused."""
    watched_page.goto(f"{served_hostile[0]}/{SLUG}/")
    watched_page.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.__xss = 1";
      document.body.append(s);
    }""")
    watched_page.wait_for_timeout(200)
    assert watched_page.evaluate("typeof window.__xss") == "undefined"
    assert any("script-src" in v for v in watched_page.evaluate("window.__cspViolations"))
