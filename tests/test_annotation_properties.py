"""Property tests of the annotation parser (``contrepoint.positions.markdown_ext``).

Arbitrary Markdown with arbitrary annotation fragments either renders, with
the passage text intact in the output, or gives our own problems with a line
number of the document; never another exception.
"""

import re

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contrepoint.positions.markdown_ext import PositionsExtension

KEYS = ["cle-a", "cle-b", "autre-cle"]
WORDS = ["le", "client", "éthique", "refuse", "Victor", "non", "produit", "n°2010",
         "l’expertise", "ça", "marché", "convictions"]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def convert(source):
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra",
                    PositionsExtension(positions={key: key.upper() for key in KEYS})],
        output_format="html5")
    html = md.convert(source)
    return html, md


def visible_text(html):
    """Page text without the labels of the passage links ("pour la position …")."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("a.passage-link"):
        link.decompose()
    return " ".join(soup.get_text(" ").split())


def in_order(words, text):
    """True when every word appears in ``text``, in this order."""
    position = 0
    for word in words:
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def assert_problems_are_ours(source, md):
    lines = source.count("\n") + 1
    for problem in md.annotation_problems:
        line, message, hint = problem
        assert isinstance(line, int) and 1 <= line <= lines, (problem, source)
        assert isinstance(message, str) and message and isinstance(hint, str)


# -- well-formed annotations -----------------------------------------------------

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
stances = st.lists(st.tuples(st.sampled_from("+-~"), st.sampled_from(KEYS)),
                   min_size=1, max_size=3, unique_by=lambda t: t[1])


def annotation(stance_list):
    return "{" + " ".join(sign + key for sign, key in stance_list) + "}"


@st.composite
def annotated_sentence(draw):
    """``(markdown, words, number of annotations)``: a passage at start, middle or end."""
    before, passage, after = draw(words), draw(words), draw(words)
    where = draw(st.sampled_from(["start", "middle", "end", "whole"]))
    if where == "start":
        before = []
    elif where == "end":
        after = []
    elif where == "whole":
        before, after = [], []
    marked = f"[{' '.join(passage)}]{annotation(draw(stances))}"
    text = " ".join([*before, marked, *after]) + "."
    return text, [*before, *passage, *after]


@st.composite
def annotated_document(draw):
    """Paragraphs and list items, some with inline passages, some whole-block."""
    blocks, all_words = [], []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["inline", "block", "item", "item-block", "plain"]))
        if kind in ("inline", "item"):
            text, sentence_words = draw(annotated_sentence())
        else:
            sentence_words = draw(words)
            text = " ".join(sentence_words) + "."
            if kind.endswith("block"):
                text += " " + annotation(draw(stances))
        blocks.append(f"- {text}" if kind.startswith("item") else text)
        all_words += sentence_words
    return "\n\n".join(blocks) + "\n", all_words


@SETTINGS
@given(annotated_document())
def test_well_formed_annotations_render_every_word_and_no_syntax(document):
    source, expected_words = document
    html, md = convert(source)
    assert md.annotation_problems == []
    text = visible_text(html)
    assert in_order(expected_words, text), (source, text)
    assert not re.search(r"\{[+\-~]|\]\{", text), (source, text)
    annotations = len(re.findall(r"\{[+\-~][^}]*\}", source))
    assert len({p["id"] for p in md.passages}) == annotations


# -- arbitrary fragments -------------------------------------------------------------

FRAGMENTS = ["[", "]", "{", "}", "{+cle-a}", "]{-cle-b}", "{~", "{+", "{+cle-z}", "{+Cle}",
             "{+../x}", "{+a/b}", "{}", "{ }", "\\[", "\\]", "\\{", "`", "``", "*", "_",
             "\n", "\n\n", "\n\n    ", "\n```\n", "\n- ", "\n> ", "#", "<b>", "</b>",
             "&amp;", "![", "](", ")", "[^1]", "\n\n[^1]: note", "{: .x}", "{#id}"]
pieces = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(FRAGMENTS)),
                  max_size=30)


@SETTINGS
@given(pieces)
def test_arbitrary_fragments_render_or_give_our_problems(parts):
    source = " ".join(parts)
    html, md = convert(source)  # never raises
    assert isinstance(html, str)
    assert_problems_are_ours(source, md)
    for passage in md.passages:
        assert passage["key"] in KEYS and passage["stance"] in ("support", "oppose", "nuance")
        assert 1 <= passage["line"] <= source.count("\n") + 1


@SETTINGS
@given(st.text(alphabet=st.sampled_from("ab []{}+-~\\`*\n<>/.:#!()é’"), max_size=80))
def test_arbitrary_characters_never_raise(source):
    html, md = convert(source)
    assert isinstance(html, str)
    assert_problems_are_ours(source, md)


@SETTINGS
@given(words, pieces, words)
def test_words_outside_annotations_survive_fragments_without_problems(before, parts, after):
    """With no problem reported, the plain words around any fragments are all there."""
    safe = [p for p in parts if p not in ("`", "``", "<b>", "</b>", "![", "](", ")", "#",
                                          "\n\n    ", "\n```\n", "[^1]", "\n\n[^1]: note")]
    source = " ".join([*before, *safe, *after])
    html, md = convert(source)
    assert_problems_are_ours(source, md)
    if not md.annotation_problems:
        assert in_order(before + after, visible_text(html)), source
