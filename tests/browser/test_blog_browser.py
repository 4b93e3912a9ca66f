"""The blog in headless Chromium: reading a post and its thread, keyboard, small screens."""

import re

import pytest

pytestmark = pytest.mark.browser

POST = "/pas-besoin-de-croire-en-votre-produit/"
POST_TITLE = "Je n’ai pas besoin de croire en votre produit"
ANDREE = "#comment-02-andree-crevier"
MICHELLE = "#comment-05-michelle-blanc"
ROOT_SIBLING = "#comment-03-lili-les-bains"  # a top-level comment

# The smallest element holding both comments: a reply nested under its parent
# shares it with the parent only, never with a top-level comment of the thread.
SMALLEST_COMMON_ANCESTOR_HOLDS = """([reply, parent, other]) => {
  let node = document.querySelector(reply).parentElement;
  while (node && !node.querySelector(parent)) node = node.parentElement;
  return node ? !!node.querySelector(other) : null;
}"""

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_home_to_post_to_nested_reply(page):
    page.goto("/")
    page.get_by_role("link", name=re.compile(POST_TITLE)).first.click()
    page.wait_for_url(f"**{POST}")
    assert POST_TITLE in page.locator("h1").inner_text()

    andree, michelle = page.locator(ANDREE), page.locator(MICHELLE)
    assert "Andrée Crevier" in andree.inner_text()
    assert "Michelle Blanc" in michelle.inner_text()
    michelle.scroll_into_view_if_needed()
    assert michelle.is_visible()
    holds_root_sibling = page.evaluate(SMALLEST_COMMON_ANCESTOR_HOLDS,
                                       [MICHELLE, ANDREE, ROOT_SIBLING])
    assert holds_root_sibling is False, "Michelle Blanc's reply is not nested under Andrée"


def test_first_tab_reaches_the_skip_link_and_enter_moves_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, "skip link not shown on focus"

    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    page.keyboard.press("Tab")
    in_main = page.evaluate("!!document.activeElement.closest('main')")
    assert in_main, "after the skip link, Tab does not go into the main content"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name, path", [("accueil", "/"), ("billet", POST)])
def test_screenshots_without_horizontal_scroll(new_context, screenshot, width, name, path):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(path)
    saved = screenshot(page, f"{name}-{width}px")
    assert saved.exists() and saved.stat().st_size > 5_000
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{path} scrolls sideways at {width} px"
