"""Positions in Chromium: from a marked passage to its position, to a quoted passage."""

import pytest

pytestmark = pytest.mark.browser

POST = "/clash-avec-victor/"
POSITION = "/positions/symetrie-des-attentes/"
TARGET_STYLE = """() => {
  const target = document.querySelector(':target');
  if (!target) return null;
  const colour = getComputedStyle(target).backgroundColor;
  return {id: target.id, colour: colour};
}"""
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


def test_passage_to_position_to_counterpoint_landing_highlighted(page):
    page.goto(POST)
    passage = page.locator("mark.passage[data-positions~='symetrie-des-attentes']").first
    assert passage.is_visible()
    link = page.locator(f"a.passage-link.stance-oppose[href$='{POSITION}']").first
    assert link.text_content().startswith("contre la position «")
    link.click()
    page.wait_for_url(f"**{POSITION}")
    assert "symétrie des attentes" in page.locator("h1").inner_text()

    quote_link = page.locator(".side-oppose .quote-source a:not(.text-fragment)").first
    href = quote_link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    quote = page.locator(".side-oppose blockquote").first.inner_text().strip()
    quote_link.click()
    page.wait_for_url(f"**{href}")

    target = page.evaluate(TARGET_STYLE)
    assert target and target["id"] == anchor
    assert target["colour"] not in TRANSPARENT, "the passage reached is not highlighted"
    landed = page.locator(f"[id='{anchor}']")
    assert landed.is_visible()
    assert " ".join(quote.split())[:30] in " ".join(landed.inner_text().split())


IN_VIEWPORT = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && window.scrollY > 0;
}"""


def test_text_fragment_fallback_lands_on_the_quoted_passage(page):
    # The passage sits inside « … » on the post: the fragment must avoid the
    # words French typography glues to the guillemets.
    page.goto(POSITION)
    quote = page.locator(".side-oppose .quote", has_text="j’en ai marre")
    fallback = quote.locator("a.text-fragment")
    href = fallback.get_attribute("href")
    anchor = quote.locator(".quote-source a:not(.text-fragment)").get_attribute(
        "href").split("#", 1)[1]
    assert "#:~:text=" in href and anchor not in href
    fallback.click()
    page.wait_for_url(f"**{POST}**")
    page.wait_for_timeout(300)
    assert page.evaluate(IN_VIEWPORT, anchor), "the text fragment did not lead to the passage"
