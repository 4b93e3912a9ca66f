"""Debate maps: valid SVG, links to every passage, same bytes twice, escaped text."""

import re
import xml.etree.ElementTree as ET

from contrepoint.positions.debate_map import (
    position_map_svg, site_map_svg, wrap_label)
from contrepoint.positions.graph import PositionGraph
from helpers import stand_in_passage as passage, stand_in_positions

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = 'Fin</text><script>alert(1)</script> "&\' \x07ok'


def graph():
    positions = stand_in_positions()
    passages = [
        passage("asym", "support", "L’éthique n’est pas symétrique !", "passage-asym-1",
                author="Michelle Blanc"),
        passage("asym", "oppose", HOSTILE, "comment-1", author='<b>"Eve"</b>',
                comment_id="1"),
        passage("asym", "oppose", "On attend toujours quelque chose en retour, "
                "c’est humain et il n’y a pas de honte à cela", "comment-2", comment_id="2"),
        passage("asym", "nuance", "Oui mais", "comment-3", author="Lu", comment_id="3"),
        passage("sym", "support", "la symétrie des attentes", "passage-sym-1"),
    ]
    return PositionGraph(positions, passages)


def url_of_passage(p):
    return p.url


def url_of_position(p):
    return "/" + p.url


def parse(svg):
    return ET.fromstring(svg)


def links(root):
    return {a.get("href"): a for a in root.iter("{http://www.w3.org/2000/svg}a")}


def test_position_map_is_valid_xml_with_a_viewbox_640_wide():
    root = parse(position_map_svg(graph(), "asym", url_of_passage))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert re.fullmatch(r"0 0 640 \d+", root.get("viewBox"))


def test_position_map_links_every_passage_to_its_url():
    root = parse(position_map_svg(graph(), "asym", url_of_passage))
    assert set(links(root)) == {"/clash/#passage-asym-1", "/clash/#comment-1",
                                "/clash/#comment-2", "/clash/#comment-3"}


def test_position_map_passage_links_carry_their_stance_class_and_title():
    found = links(parse(position_map_svg(graph(), "asym", url_of_passage)))
    assert found["/clash/#comment-3"].get("class") == "map-node nuance"
    assert found["/clash/#passage-asym-1"].get("class") == "map-node support"
    title = found["/clash/#passage-asym-1"].find("svg:title", NS).text
    assert title == ("Pour\u202f: «\u202fL’éthique n’est pas symétrique\u202f!\u202f», "
                     "Michelle Blanc, billet «\u202fClash\u202f»")


def test_position_map_has_title_and_desc_named_by_aria():
    root = parse(position_map_svg(graph(), "asym", url_of_passage))
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == "Carte du débat\u202f: L’éthique n’est pas symétrique"
    assert "1 pour, 2 contre, 1 nuance" in desc.text
    assert root.get("aria-labelledby") == title.get("id") == "carte-asym-titre"
    assert root.get("aria-describedby") == desc.get("id") == "carte-asym-desc"


def test_position_map_viewpoints_left_counterpoints_right():
    root = parse(position_map_svg(graph(), "asym", url_of_passage))
    x = {href: int(a.find("svg:rect", NS).get("x")) for href, a in links(root).items()}
    assert x["/clash/#passage-asym-1"] < x["/clash/#comment-3"] < x["/clash/#comment-1"]


def test_position_map_is_the_same_bytes_twice():
    assert position_map_svg(graph(), "asym", url_of_passage) == \
        position_map_svg(graph(), "asym", url_of_passage)


def test_position_map_escapes_hostile_quote_and_author():
    svg = position_map_svg(graph(), "asym", url_of_passage)
    assert "<script" not in svg and "<b>" not in svg and "\x07" not in svg
    root = parse(svg)
    assert root.find(".//svg:script", NS) is None
    title = links(root)["/clash/#comment-1"].find("svg:title", NS).text
    assert title == ("Contre\u202f: «\u202fFin</text><script>alert(1)</script> \"&' ok\u202f», "
                     "<b>\"Eve\"</b>, commentaire sur «\u202fClash\u202f»")
    lines = [t.text for t in root.iter("{http://www.w3.org/2000/svg}tspan")]
    assert "— <b>\"Eve\"</b>" in lines


def test_position_map_has_no_style_attribute_and_uses_current_color():
    svg = position_map_svg(graph(), "asym", url_of_passage)
    assert "style" not in svg
    assert 'stroke="currentColor"' in svg and "#" not in re.sub(r'href="[^"]*"', "", svg)


def test_position_without_passage_says_so():
    root = parse(position_map_svg(graph(), "conv", url_of_passage))
    assert links(root) == {}
    assert "Aucun passage pour l’instant." in "".join(root.itertext())


def test_wrap_label_cuts_to_three_lines_of_28_with_an_ellipsis():
    lines = wrap_label("On attend toujours quelque chose en retour, c’est humain "
                       "et il n’y a pas de honte à cela, dit-il encore une fois")
    assert lines == ["On attend toujours quelque", "chose en retour, c’est",
                     "humain et il n’y a pas de…"]
    assert all(len(line) <= 28 for line in lines)


def test_wrap_label_keeps_short_text_whole():
    assert wrap_label("Oui mais") == ["Oui mais"]


def test_site_map_links_every_position_to_its_page():
    root = parse(site_map_svg(graph(), url_of_position))
    assert set(links(root)) == {"/positions/asym/", "/positions/sym/", "/positions/conv/"}
    assert re.fullmatch(r"0 0 640 \d+", root.get("viewBox"))


def edge_groups(root):
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g")
            if (g.get("class") or "").startswith("map-edge ")]


def test_site_map_neighbours_that_oppose_get_a_dashed_link_labelled_between_them():
    root = parse(site_map_svg(graph(), url_of_position))
    (opposes,) = [g for g in edge_groups(root) if g.get("class") == "map-edge opposes"]
    assert opposes.find("svg:polyline", NS).get("stroke-dasharray")
    label = opposes.find("svg:text", NS)
    assert "".join(label.itertext()) == "s’oppose à"
    y = {href: int(a.find("svg:circle", NS).get("cy")) for href, a in links(root).items()}
    assert y["/positions/asym/"] < int(label.get("y")) < y["/positions/sym/"]


def test_site_map_related_is_a_solid_arc_named_by_its_title():
    root = parse(site_map_svg(graph(), url_of_position))
    (related,) = [g for g in edge_groups(root) if g.get("class") == "map-edge related"]
    assert related.find("svg:path", NS).get("stroke-dasharray") is None
    assert related.find("svg:title", NS).text == (
        "«\u202fL’éthique n’est pas symétrique\u202f» est liée à "
        "«\u202fAgir selon ses convictions\u202f»")


def test_site_map_distant_opposes_is_a_dashed_arc():
    g = graph()
    g.positions["asym"].opposes = ["sym", "conv"]
    g = PositionGraph(g.positions, g.passages)  # order: asym, conv, sym
    root = parse(site_map_svg(g, url_of_position))
    titles = {grp.find("svg:title", NS).text: grp for grp in edge_groups(root)}
    arc = titles["«\u202fL’éthique n’est pas symétrique\u202f» s’oppose à "
                 "«\u202fLa symétrie des attentes\u202f»"]
    assert arc.find("svg:path", NS).get("stroke-dasharray")


def test_site_map_sizes_circles_by_debate():
    root = parse(site_map_svg(graph(), url_of_position))
    r = {href: int(a.find("svg:circle", NS).get("r")) for href, a in links(root).items()}
    assert r["/positions/asym/"] > r["/positions/sym/"] > r["/positions/conv/"]


def test_site_map_is_the_same_bytes_twice_and_has_title_desc():
    svg = site_map_svg(graph(), url_of_position)
    assert svg == site_map_svg(graph(), url_of_position)
    root = parse(svg)
    assert root.find("svg:title", NS).text == "Carte des positions du blogue"
    assert root.find("svg:desc", NS).text.startswith("3 positions")


def test_position_map_draws_a_few_by_side_then_links_the_rest():
    root = parse(position_map_svg(graph(), "asym", url_of_passage, limit=1,
                                  more_url=lambda stance: f"#side-{stance}"))
    assert set(links(root)) == {"/clash/#passage-asym-1", "/clash/#comment-1",
                                "/clash/#comment-3", "#side-oppose"}
    more = links(root)["#side-oppose"]
    assert "".join(more.itertext()).startswith("Contre\u202f: les 2 passages")
    assert "… et 1 autre" in "".join(more.itertext())
    headings = [t.text for t in root.iter("{http://www.w3.org/2000/svg}tspan")
                if t.text and t.text.startswith("Contre (")]
    assert headings == ["Contre (2)"]  # the heading counts them all
