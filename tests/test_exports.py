"""AIF and Argdown exports, and the Atom feed of a position."""

from datetime import datetime, timezone

import feedparser

from contrepoint.positions.exports import (
    aif_problems, argdown_problems, to_aif, to_argdown)
from contrepoint.positions.graph import PositionGraph
from helpers import stand_in_passage as passage, stand_in_positions
from contrepoint.positions.position_feeds import position_feed

HOSTILE = '<script>alert("x")</script> & [sym] #tag'


def graph():
    positions = stand_in_positions()
    passages = [
        passage("asym", "support", "L’éthique n’est pas symétrique !", "passage-asym-1",
                author="Michelle Blanc"),
        passage("asym", "oppose", HOSTILE, "comment-1", comment_id="1"),
        passage("conv", "nuance", "Oui mais", "comment-2", author="Lu", comment_id="2"),
        passage("sym", "support", "la symétrie des attentes", "passage-sym-1", author=None),
    ]
    return PositionGraph(positions, passages)


def by_id(aif):
    return {node["nodeID"]: node for node in aif["nodes"]}


def relations(aif):
    """``(from text, scheme type, to text)`` through each RA/CA node."""
    nodes = by_id(aif)
    into = {e["toID"]: e["fromID"] for e in aif["edges"]}
    out = {e["fromID"]: e["toID"] for e in aif["edges"]}
    return sorted((nodes[into[n]]["text"], nodes[n]["type"], nodes[n]["text"],
                   nodes[out[n]]["text"])
                  for n, node in nodes.items() if node["type"] in ("RA", "CA"))


# AIF -------------------------------------------------------------------------

def test_aif_edges_join_existing_nodes_and_every_position_is_present():
    assert aif_problems(to_aif(graph()), graph()) == []


def test_aif_problems_finds_a_dangling_edge_and_a_missing_position():
    aif = to_aif(graph())
    aif["edges"].append({"edgeID": "999", "fromID": "1", "toID": "404"})
    aif["nodes"] = [n for n in aif["nodes"] if n["text"] != "La symétrie des attentes"]
    problems = aif_problems(aif, graph())
    assert "edge 999: toID 404 is no node" in problems
    assert "position 'sym' has no I-node" in problems


def test_aif_support_is_ra_conflict_is_ca_nuance_is_ra_nuance_and_opposes_both_ways():
    assert relations(to_aif(graph())) == sorted([
        ("L’éthique n’est pas symétrique !", "RA", "Default Inference",
         "L’éthique n’est pas symétrique"),
        (HOSTILE, "CA", "Default Conflict", "L’éthique n’est pas symétrique"),
        ("Oui mais", "RA", "Nuance", "Agir selon ses convictions"),
        ("la symétrie des attentes", "RA", "Default Inference", "La symétrie des attentes"),
        ("L’éthique n’est pas symétrique", "CA", "Default Conflict", "La symétrie des attentes"),
        ("La symétrie des attentes", "CA", "Default Conflict", "L’éthique n’est pas symétrique"),
    ])


def test_aif_each_passage_is_asserted_by_a_locution_of_its_participant():
    aif = to_aif(graph())
    nodes = by_id(aif)
    people = {p["participantID"]: (p["firstname"], p["surname"]) for p in aif["participants"]}
    said = {nodes[loc["nodeID"]]["text"]: people[loc["personID"]] for loc in aif["locutions"]}
    assert said == {
        "Michelle Blanc : L’éthique n’est pas symétrique !": ("Michelle", "Blanc"),
        f"Victor : {HOSTILE}": ("Victor", ""),
        "Lu : Oui mais": ("Lu", ""),
        "Inconnu : la symétrie des attentes": ("Inconnu", ""),
    }
    out = {}
    for edge in aif["edges"]:
        out.setdefault(edge["fromID"], []).append(edge["toID"])
    for loc in aif["locutions"]:
        (ya,) = out[loc["nodeID"]]
        assert nodes[ya]["type"] == "YA" and nodes[ya]["text"] == "Asserting"
        (target,) = out[ya]
        assert nodes[target]["type"] == "I"
        assert nodes[loc["nodeID"]]["text"].endswith(" : " + nodes[target]["text"])


def test_aif_ids_are_sequential_and_the_same_twice():
    aif = to_aif(graph())
    assert [n["nodeID"] for n in aif["nodes"]] == [str(i) for i in range(1, len(aif["nodes"]) + 1)]
    assert to_aif(graph()) == aif


# Argdown ---------------------------------------------------------------------

def test_argdown_has_every_position_and_plus_minus_lines():
    text = to_argdown(graph())
    assert argdown_problems(text, graph()) == []
    assert text.splitlines()[4:10] == [
        "[asym]: L’éthique n’est pas symétrique",
        "  + <Michelle Blanc 1>: « L’éthique n’est pas symétrique ! » "
        "(« Clash », passage-asym-1)",
        "  - <Victor 1>: « ‹script›alert(\"x\")‹/script› & (sym) ＃tag » (« Clash », comment-1)",
        "  >< [sym]",
        "  + [conv]",
        "",
    ]


def test_argdown_nuances_are_tagged_arguments_mentioning_their_position():
    text = to_argdown(graph())
    assert text.endswith("\n// Nuances : ni pour ni contre.\n"
                         "<Lu 1>: « Oui mais » (« Clash », comment-2) #nuance @[conv]\n")


def test_argdown_problems_finds_a_missing_position_and_an_undefined_reference():
    text = to_argdown(graph()).replace("[sym]: ", "[symx]: ")
    assert argdown_problems(text, graph()) == [
        "position 'sym' has no statement", "relation to undefined statement [sym]"]


# Atom feed of a position -----------------------------------------------------

def feed(date_of=None):
    return feedparser.parse(position_feed(graph(), "asym", "https://example.org",
                                          "feeds/positions/asym.atom.xml", date_of=date_of))


def test_position_feed_is_valid_atom_with_pour_and_contre_entries():
    parsed = feed()
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert parsed.feed.title == "Contrepoint - Position «\u202fL’éthique n’est pas symétrique\u202f»"
    assert [(e.title, e.link, e.get("author")) for e in parsed.entries] == [
        ("Pour\u202f: «\u202fL’éthique n’est pas symétrique\u202f!\u202f»",
         "https://example.org/clash/#passage-asym-1", "Michelle Blanc"),
        (f"Contre\u202f: «\u202f{HOSTILE}\u202f»", "https://example.org/clash/#comment-1",
         "Victor"),
    ]


def test_position_feed_hostile_quote_is_escaped_in_the_html_summary():
    summary = feed().entries[1].summary
    assert summary == ("Victor, en commentaire de «\u202fClash\u202f»\u202f: "
                       "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; [sym] #tag")


def test_position_feed_without_dates_uses_the_fixed_epoch():
    parsed = feed()
    assert parsed.feed.updated == "2000-01-01T00:00:00+00:00"
    assert {e.updated for e in parsed.entries} == {"2000-01-01T00:00:00+00:00"}


def test_position_feed_dates_entries_by_date_of_newest_first():
    dates = {"passage-asym-1": datetime(2010, 3, 4, tzinfo=timezone.utc),
             "comment-1": datetime(2011, 1, 2, tzinfo=timezone.utc)}
    parsed = feed(lambda p: dates[p.anchor])
    assert [e.link.split("#")[1] for e in parsed.entries] == ["comment-1", "passage-asym-1"]
    assert parsed.feed.updated == "2011-01-02T00:00:00+00:00"


def test_position_feed_reads_naive_dates_as_utc_beside_undated_passages():
    parsed = feed(lambda p: datetime(2012, 5, 6, 7, 8) if p.comment_id else None)
    assert [e.updated for e in parsed.entries] == [
        "2012-05-06T07:08:00+00:00", "2000-01-01T00:00:00+00:00"]


def test_position_feed_keeps_only_the_newest_max_items():
    from contrepoint.positions.position_feeds import position_feed

    dates = {"passage-asym-1": datetime(2010, 3, 4, tzinfo=timezone.utc),
             "comment-1": datetime(2011, 1, 2, tzinfo=timezone.utc)}
    text = position_feed(graph(), "asym", "http://x", "feeds/asym.atom.xml",
                         date_of=lambda p: dates[p.anchor], max_items=1)
    parsed = feedparser.parse(text)
    assert [e.link.split("#")[1] for e in parsed.entries] == ["comment-1"]
