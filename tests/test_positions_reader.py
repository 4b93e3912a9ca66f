"""The posts' reader: one Markdown object for every file, nothing carried from one to the next."""

import copy
import sys
import textwrap

from pelican.settings import DEFAULT_CONFIG

from contrepoint.positions import markdown_ext
from contrepoint.positions.plugin import AnnotatedMarkdownReader

FIRST = """\
    Title: Premier
    Tags: éthique, conseil
    Summary: Un *résumé*.
    Stance: +asym

    [Pas symétrique]{+asym}, dit-on[^1].

    [^1]: Une note.
    """
SECOND = """\
    Title: Second

    Rien à signaler.
    """


def reader():
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["MARKDOWN"]["extension_configs"][markdown_ext.__name__] = {
        "positions": {"asym": "L’éthique n’est pas symétrique"},
        "position_url": "/positions/{key}/"}
    return AnnotatedMarkdownReader(settings)


def read(post_reader, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return post_reader.read(str(path))


def test_a_reused_reader_reads_each_post_as_a_new_one_would(tmp_path):
    shared = reader()
    first = read(shared, tmp_path, "premier.md", FIRST)
    second = read(shared, tmp_path, "second.md", SECOND)
    again = read(shared, tmp_path, "premier.md", FIRST)
    assert second == read(reader(), tmp_path, "second.md", SECOND)
    assert again == first == read(reader(), tmp_path, "premier.md", FIRST)
    content, metadata = second
    assert "footnote" not in content and "passage" not in content
    assert (metadata["passages"], metadata["annotation_problems"]) == ((), ())
    assert set(metadata) == {"title", "passages", "annotation_problems", "stance_line"}
    content, metadata = first
    assert 'class="footnote"' in content and metadata["passages"][0]["key"] == "asym"
    assert str(metadata["summary"]) == "<p>Un <em>résumé</em>.</p>"
    assert [str(tag) for tag in metadata["tags"]] == ["éthique", "conseil"]


def test_a_post_keeps_of_its_passages_what_the_graph_reads(tmp_path):
    _content, metadata = read(reader(), tmp_path, "premier.md", FIRST)
    (passage,) = metadata["passages"]
    assert passage == {"key": "asym", "stance": "support", "id": "passage-asym-1",
                       "quote": "Pas symétrique", "fragment": ":~:text=Pas%20sym%C3%A9trique"}
    assert passage["key"] is sys.intern("asym")
