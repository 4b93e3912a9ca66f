"""Debate maps in Chromium: from the site map to a position, to a counterpoint; by keyboard."""

import pytest

pytestmark = pytest.mark.browser

SITE_MAP = "/positions/carte/"
POSITION = "/positions/symetrie-des-attentes/"
TARGET_ID = "() => document.querySelector(':target') && document.querySelector(':target').id"
ACTIVE_HREF = """() => {
  const a = document.activeElement;
  return a && a.closest('a') ? a.closest('a').getAttribute('href') : null;
}"""
ACTIVE_IN_MAP = """() => !!(document.activeElement
  && document.activeElement.closest('svg.debate-map'))"""
MAP_TEXT_PX = """(selector) => {
  const svg = document.querySelector(selector);
  return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 22;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def fragment(href):
    return href.split("#", 1)[1]


def test_site_map_node_to_position_then_counterpoint_node_to_its_passage(page):
    page.goto(SITE_MAP)
    node = page.locator(f"svg.site-map a.map-node[href$='{POSITION}']")
    assert "symétrie des attentes" in node.locator("title").text_content()
    node.locator("circle").click()
    page.wait_for_url(f"**{POSITION}")
    assert "symétrie des attentes" in page.locator("h1").inner_text()

    counterpoint = page.locator("svg.position-map a.map-node.oppose").first
    href = counterpoint.get_attribute("href")
    assert counterpoint.locator("title").text_content().startswith("Contre\u202f:")
    counterpoint.locator("rect.map-box").click()
    page.wait_for_url(f"**{href}")
    assert page.evaluate(TARGET_ID) == fragment(href)
    assert page.locator(f"[id='{fragment(href)}']").is_visible()


def tab_to(page, wanted, limit=150):
    """Press Tab until ``wanted()`` holds for the focused element; fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted():
            return
    pytest.fail(f"not reached by Tab after {limit} presses (focus on {page.evaluate(ACTIVE_HREF)})")


def test_keyboard_only_from_home_to_a_position_and_to_a_passage(page):
    page.goto("/")
    tab_to(page, lambda: (page.evaluate(ACTIVE_HREF) or "").endswith("/positions/")
           and page.evaluate("() => !!document.activeElement.closest('nav')"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/positions/")
    tab_to(page, lambda: (page.evaluate(ACTIVE_HREF) or "").endswith(POSITION))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{POSITION}")
    tab_to(page, lambda: page.evaluate(ACTIVE_IN_MAP))
    href = page.evaluate(ACTIVE_HREF)
    assert "#" in href, "the first node reached in the map is not a passage"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.evaluate(TARGET_ID) == fragment(href)


@pytest.mark.parametrize("width", [360, 1280])
def test_maps_fit_the_screen_with_readable_text_and_are_captured(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 800})
    for name, url, selector in (("carte-des-positions", SITE_MAP, "svg.site-map"),
                                ("position-symetrie-des-attentes", POSITION, "svg.position-map")):
        page.goto(url)
        assert page.evaluate(OVERFLOW) <= 0, f"{url} scrolls sideways at {width} px"
        assert page.evaluate(MAP_TEXT_PX, selector) >= 12, f"{url}: map text under 12 px"
        assert screenshot(page, f"{name}-{width}").stat().st_size > 0
