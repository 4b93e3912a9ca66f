"""End to end: the debate maps, AIF and Argdown exports and position feeds of the real site."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from contrepoint.positions.debate_map import MAP_SIDE_LIMIT
from contrepoint.positions.definitions import load_definitions
from contrepoint.positions.exports import aif_problems, argdown_problems
from helpers import ROOT, build, write_tree

SVG = "{http://www.w3.org/2000/svg}"
KEYS = sorted(p.stem for p in (ROOT / "content" / "positions").glob("*.md"))
MAP = "positions/carte/index.html"
AIF = "positions/positions.aif.json"
ARGDOWN = "positions/positions.argdown"
FEED = "feeds/positions/{key}.atom.xml"


def soup_of(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def inline_svg(path, css_class):
    """The inline ``<svg class="… css_class">…</svg>`` of a page, as text."""
    html = Path(path).read_text(encoding="utf-8")
    found = re.findall(rf'<svg [^>]*class="debate-map {css_class}".*?</svg>', html, re.S)
    assert len(found) == 1, f"{path}: {len(found)} {css_class} maps"
    return found[0]


def outputs(site):
    """Every file this feature writes, by name: its bytes (SVG maps: the SVG only)."""
    files = {f"positions/{key}/svg": inline_svg(site / "positions" / key / "index.html",
                                                "position-map").encode() for key in KEYS}
    files[MAP + "#svg"] = inline_svg(site / MAP, "site-map").encode()
    for name in (AIF, ARGDOWN, *(FEED.format(key=key) for key in KEYS)):
        files[name] = (site / name).read_bytes()
    return files


def graph_positions():
    positions, problems = load_definitions(ROOT / "content" / "positions")
    assert not problems
    return SimpleNamespace(positions=positions)


def passages_json(site):
    return json.loads((site / "positions" / "index.json").read_text(encoding="utf-8"))["passages"]


def test_every_output_is_written(site):
    for name in (MAP, AIF, ARGDOWN, *(FEED.format(key=key) for key in KEYS)):
        assert (site / name).is_file(), name
    assert len(KEYS) > 5


@pytest.mark.parametrize("key", KEYS)
def test_position_page_inlines_its_map_as_valid_svg_in_a_figure(site, key):
    page = site / "positions" / key / "index.html"
    root = ET.fromstring(inline_svg(page, "position-map"))
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-labelledby") == f"carte-{key}-titre"
    assert root.find(f"{SVG}title").get("id") == f"carte-{key}-titre"
    assert root.find(f"{SVG}desc").text
    figure = soup_of(page).select_one("article.position > figure.debate-figure")
    assert figure.select_one("svg.position-map") and figure.figcaption.get_text(strip=True)
    # The map is a view: the quotes are still there as text.
    assert soup_of(page).select(".side")


def test_site_map_page_is_valid_svg_with_every_position(site):
    root = ET.fromstring(inline_svg(site / MAP, "site-map"))
    hrefs = sorted(a.get("href") for a in root.iter(f"{SVG}a"))
    assert hrefs == sorted(f"/positions/{key}/" for key in KEYS)
    soup = soup_of(site / MAP)
    assert soup.h1.get_text() == "Carte des positions"
    assert soup.select_one('a[aria-current="page"]')["href"] == "/positions/"


def test_every_map_node_links_to_an_existing_page_and_anchor(site):
    pages = [(site / MAP, "site-map"),
             *((site / "positions" / key / "index.html", "position-map") for key in KEYS)]
    checked = 0
    for page, kind in pages:
        for link in ET.fromstring(inline_svg(page, kind)).iter(f"{SVG}a"):
            url = urlsplit(link.get("href"))
            target = site / url.path.lstrip("/") / "index.html" if url.path else page
            assert target.is_file(), f"{page}: {link.get('href')}"
            if url.fragment:
                assert soup_of(target).find(id=url.fragment), f"{page}: {link.get('href')}"
            checked += 1
    assert checked >= len(KEYS) + len(passages_json(site))


def test_position_maps_link_their_passages_a_few_by_side_then_the_list(site):
    cut = 0
    for key in KEYS:
        svg = ET.fromstring(inline_svg(site / "positions" / key / "index.html", "position-map"))
        drawn = {(a.get("class").split()[1], a.get("href")) for a in svg.iter(f"{SVG}a")}
        for stance in ("support", "oppose", "nuance"):
            urls = {p["url"] for p in passages_json(site)
                    if p["position"] == key and p["stance"] == stance}
            shown = {href for side, href in drawn if side == stance}
            if len(urls) <= MAP_SIDE_LIMIT:
                assert shown == urls, (key, stance)
            else:  # the first ones, then « et N autres » to the side's list on the page
                cut += 1
                assert len(shown & urls) == MAP_SIDE_LIMIT, (key, stance)
                assert shown - urls == {f"#side-{stance}"}, (key, stance)
    assert cut, "no position of the site has more than MAP_SIDE_LIMIT passages on a side"


def test_aif_export_is_consistent_and_has_every_position(site):
    aif = json.loads((site / AIF).read_text(encoding="utf-8"))
    graph = graph_positions()
    assert aif_problems(aif, graph) == []
    statements = {n["text"] for n in aif["nodes"] if n["type"] == "I"}
    assert {p.statement for p in graph.positions.values()} <= statements
    passages = passages_json(site)
    conflicts = [n for n in aif["nodes"] if n["type"] == "CA"]
    supports = [n for n in aif["nodes"] if n["type"] == "RA" and n["text"] != "Nuance"]
    assert len(supports) == sum(p["stance"] == "support" for p in passages)
    assert len(conflicts) >= sum(p["stance"] == "oppose" for p in passages)
    assert aif["participants"] and aif["locutions"]


def test_argdown_export_is_consistent_and_has_every_position(site):
    text = (site / ARGDOWN).read_text(encoding="utf-8")
    assert argdown_problems(text, graph_positions()) == []
    for key in KEYS:
        assert re.search(rf"^\[{key}\]: ", text, re.M), key
    assert re.search(r"^  - <", text, re.M) and re.search(r"^  \+ <", text, re.M)


@pytest.mark.parametrize("key", KEYS)
def test_position_feed_is_valid_atom_with_one_entry_per_passage(site, key):
    feed = feedparser.parse((site / FEED.format(key=key)).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = sorted(entry.link for entry in feed.entries)
    domain = "http://127.0.0.1:8000"  # FEED_DOMAIN: a local build's feeds are absolute too
    assert links == sorted(domain + p["url"] for p in passages_json(site)
                           if p["position"] == key)
    assert feed.feed.links[1]["href"].endswith(f"/feeds/positions/{key}.atom.xml")
    assert all(entry.id.startswith("tag:127.0.0.1,") for entry in feed.entries)


def test_position_page_links_its_feed_in_head_and_in_the_page(site):
    soup = soup_of(site / "positions" / KEYS[0] / "index.html")
    href = f"/feeds/positions/{KEYS[0]}.atom.xml"
    alternate = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
    assert href in [link["href"] for link in alternate]
    assert soup.select_one(f'main a[href="{href}"]').get_text().startswith("Suivre cette position")


def test_positions_index_links_map_and_exports_saying_what_they_are(site):
    soup = soup_of(site / "positions" / "index.html")
    links = {a["href"]: a.get_text(" ", strip=True) for a in soup.select("main a")}
    assert "carte" in links["/positions/carte/"]
    assert links["/positions/positions.aif.json"] == "Exporter pour AIFdb / OVA (AIF, JSON)"
    assert "Argdown" in links["/positions/positions.argdown"]


def test_maps_exports_and_feeds_are_the_same_bytes_on_a_second_build(site, tmp_path):
    result = build(ROOT / "content", tmp_path / "output")
    assert result.returncode == 0, result.stderr + result.stdout
    first, second = outputs(site), outputs(tmp_path / "output")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


TINY = {
    "articles/billet.md": """\
        Title: Un billet
        Slug: billet

        [On attend un retour]{+sym}, toujours.
        """,
    "positions/sym.md": """\
        Statement: La symétrie des attentes

        Ce que l’on donne appelle un retour.
        """,
}
OFF = ("POSITIONS_MAP_SAVE_AS", "POSITIONS_AIF_SAVE_AS", "POSITIONS_ARGDOWN_SAVE_AS",
       "POSITION_FEED_ATOM")


@pytest.mark.parametrize("off", [None, ""])
def test_outputs_set_to_none_or_empty_are_not_written_nor_linked(tmp_path, off):
    content = write_tree(tmp_path / "content", TINY, dedent=True)
    output = tmp_path / "output"
    result = build(content, output, extra=dict.fromkeys(OFF, off))
    assert result.returncode == 0, result.stderr + result.stdout
    assert (output / "positions" / "sym" / "index.html").is_file()
    written = {str(p.relative_to(output)) for p in output.rglob("*")}
    assert not [name for name in written if "carte" in name or name.startswith("feeds/positions")
                or name.endswith((".aif.json", ".argdown"))]
    html = "".join((output / name).read_text(encoding="utf-8")
                   for name in ("positions/index.html", "positions/sym/index.html"))
    assert "carte/" not in html and ".aif.json" not in html and "feeds/positions" not in html
    assert 'class="debate-map position-map"' in html  # the inline map does not need a file
