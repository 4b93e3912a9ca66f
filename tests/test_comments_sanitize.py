"""Hostile comments: nothing that runs, loads or restyles reaches the page."""

import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from contrepoint.comments.model import build_thread
from contrepoint.comments.sanitize import clean_html, plain_text, web_url
from contrepoint.comments.source import Renderer, read_comment
from helpers import ROOT


def site_markdown():
    return markdown.Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.smarty"],
        extension_configs={"markdown.extensions.smarty": {"smart_quotes": False}},
        output_format="html5",
    )


def write_comment(folder, name, text):
    path = Path(folder) / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return str(path)


def render(body, anchor="comment-x"):
    return Renderer(site_markdown()).render(textwrap.dedent(body), anchor).body.html


@pytest.mark.parametrize("html, expected", [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<p><img src="x.png" onerror="alert(1)">vu</p>', "<p>vu</p>"),
    ('<p onclick="alert(1)">clic</p>', "<p>clic</p>"),
    ('<a href="javascript:alert(1)">lien</a>', '<a rel="nofollow ugc noopener">lien</a>'),
    ('<iframe src="https://evil.example/"></iframe><p>après</p>', "<p>après</p>"),
    ('<style>body{display:none}</style><p style="color:red">rouge</p>', "<p>rouge</p>"),
    ('<a href="https://ex.org/" target="_blank">ex</a>',
     '<a href="https://ex.org/" rel="nofollow ugc noopener">ex</a>'),
    ('<a href="mailto:a@ex.org">écrire</a>', '<a href="mailto:a@ex.org" rel="nofollow ugc noopener">écrire</a>'),
    ('<a href="/positions/k/">rel</a>', '<a href="/positions/k/" rel="nofollow ugc noopener">rel</a>'),
    ('<a href="data:text/html,hi">d</a>', '<a rel="nofollow ugc noopener">d</a>'),
    ('<h1>Titre</h1><h3>Sous-titre</h3>', "Titre<h3>Sous-titre</h3>"),
    ('<p class="visually-hidden alert">x</p>', '<p class="">x</p>'),
], ids=["script", "img-onerror", "onclick", "javascript-link", "iframe", "style",
        "target-dropped", "mailto-kept", "relative-kept", "data-url", "h1-flattened",
        "foreign-class"])
def test_clean_html_drops_hostile_markup(html, expected):
    assert clean_html(html) == expected


def test_clean_html_keeps_what_the_annotation_extension_emits():
    html = (
        '<p class="passage passage-block stance-oppose" id="comment-x-passage-k-1" '
        'data-positions="k" data-stances="oppose">Non.'
        '<a class="passage-link stance-oppose" href="/positions/k/">'
        '<span class="stance-label">contre</span>'
        '<span class="visually-hidden"> la position « K »</span></a></p>'
        '<p><mark class="passage stance-support" id="comment-x-passage-j-1" '
        'data-positions="j" data-stances="support">Oui</mark></p>'
    )
    expected = html.replace('href="/positions/k/">', 'href="/positions/k/" rel="nofollow ugc noopener">')
    assert clean_html(html, "comment-x-") == expected


def test_ids_written_by_a_commenter_cannot_take_ids_of_the_page():
    assert clean_html('<p id="contenu">x</p>', "comment-x-") == '<p id="comment-x-contenu">x</p>'


def test_only_ids_of_tags_are_prefixed_and_local_links_follow_them():
    html = ('<p title=\'a id="b"\' id="c">Écrire id="d" en texte <a href="#c">ici</a> '
            '<a href="#ailleurs">là</a></p>')
    assert clean_html(html, "comment-x-") == (
        '<p title="a id=&quot;b&quot;" id="comment-x-c">Écrire id="d" en texte '
        '<a href="#comment-x-c" rel="nofollow ugc noopener">ici</a> '
        '<a href="#ailleurs" rel="nofollow ugc noopener">là</a></p>')


def test_an_id_already_prefixed_is_kept():
    assert clean_html('<p id="comment-x-c">x</p>', "comment-x-") == '<p id="comment-x-c">x</p>'


def test_markdown_comment_with_raw_html_is_cleaned():
    html = render("""
        Bonjour <script>document.cookie</script> [clic](javascript:alert(1))

        <iframe src="https://evil.example/"></iframe>
        <img src=x onerror=alert(1)>
        """)
    assert "script" not in html and "cookie" not in html
    assert "javascript" not in html and "iframe" not in html
    assert "onerror" not in html and "<img" not in html
    assert "Bonjour" in html


def test_markdown_link_gets_nofollow_ugc():
    assert render("[site](https://ex.org/)") == (
        '<p><a href="https://ex.org/" rel="nofollow ugc noopener">site</a></p>'
    )


def test_plain_text_leaves_out_annotation_labels():
    html = ('<p><mark class="passage">Oui</mark><a class="passage-link" href="/p/">'
            '<span class="stance-label">pour</span></a> et <em>non</em>.</p>')
    assert plain_text(html) == "Oui et non."


@pytest.mark.parametrize("html, expected", [
    ('<a title="a > b" href="/x?a=1&amp;b=2">lien</a> &lt;b&gt; &amp;amp;&nbsp;!', "lien <b> &amp;\u00a0!"),
    ("<p>un</p>\n<ul>\n<li>deux</li>\n</ul>", "un\n\ndeux"),
    ("<p>a</p><pre>\n\nx</pre>", "a\nx"),  # nh3 parses again: the newline after <pre> goes
    ("<table><tbody><tr><td>b</td></tr></tbody>a</table>", "ab"),  # and a moves before the table
])
def test_plain_text_is_the_text_nh3_gives(html, expected):
    assert plain_text(html) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://ex.org/", "https://ex.org/"),
    ("http://ex.org", "http://ex.org"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,x", None),
    ("//ex.org/", None),
    ("ex.org", None),
])
def test_web_url_keeps_only_absolute_http(url, expected):
    assert web_url(url) == expected


def test_javascript_website_is_dropped_with_a_warning(tmp_path):
    path = write_comment(tmp_path, "a.md", """
        Author: Mallory
        Website: javascript:alert(1)
        Order: 1

        Bonjour.
        """)
    comment, problems, warnings = read_comment(path, "billet", Renderer(site_markdown()))
    assert problems == []
    assert comment.author_url is None
    assert [str(w) for w in warnings] == [
        f"{path}:2: Website 'javascript:alert(1)' is not an http(s) URL: dropped "
        "(write it as https://…)"
    ]


def render_partial(thread, filters=None):
    """The comments partial alone; ``filters``: the Jinja filters of the site, if any."""
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(filters or {})
    return env.get_template("partials/comments.html").render(thread=thread)


def test_author_name_with_html_is_escaped_on_the_page(tmp_path):
    path = write_comment(tmp_path, "a.md", """
        Author: <img src=x onerror=alert(1)>Mallory
        Website: https://ex.org/"onmouseover="alert(1)
        Order: 1

        Bonjour.
        """)
    comment, problems, _ = read_comment(path, "billet", Renderer(site_markdown()))
    assert problems == []
    assert comment.author == "<img src=x onerror=alert(1)>Mallory"
    thread, _ = build_thread([comment])
    page = render_partial(thread)
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;Mallory" in page
    assert 'href="https://ex.org/&#34;onmouseover=&#34;alert(1)"' in page


def test_footnotes_of_a_comment_link_to_its_own_prefixed_ids():
    html = clean_html(site_markdown().convert("Texte[^1] et [haut](#haut).\n\n[^1]: Une note."),
                      "comment-3-")
    soup = BeautifulSoup(html, "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert ids == {"comment-3-fnref:1", "comment-3-fn:1"}
    local = [a["href"] for a in soup.find_all("a") if a["href"].startswith("#")]
    assert local == ["#comment-3-fn:1", "#haut", "#comment-3-fnref:1"]  # the page's own id kept
