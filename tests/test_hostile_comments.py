"""Hostile comments: the XSS corpus in every field a stranger controls.

Each vector of ``tests/data/xss/vectors.json`` is placed in a comment body, a
comment author name, an author URL, a pingback title and an annotation quote
(so it reaches the article page, the position page and the comment feeds).
After one build, every written HTML and XML file (and the HTML inside every
feed entry) is searched for anything that could run or load: a script that is
not the site's own, an ``on*`` attribute, a ``javascript:``/``data:``/
``vbscript:`` URL, a frame, object, embed, base or refresh.
"""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import build, write_tree

pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")

VECTORS = json.loads((Path(__file__).parent / "data/xss/vectors.json").read_text("utf-8"))
SITEURL = "https://contrepoint.example"
SLUG = "cible"
KEY = "cle-cible"

ARTICLE = f"""\
Title: Un billet très commenté
Slug: {SLUG}
Date: 2020-01-02 09:00
Lang: fr
Stance: +{KEY}

Le texte du billet, écrit par son auteur.
"""
POSITION = """\
Statement: Une position ciblée
Gloss: A targeted position

Résumé de la position.
"""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "ping", "cite")
BAD_SCHEME_RE = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
ALWAYS_FORBIDDEN = ("iframe", "frame", "frameset", "object", "embed", "applet", "base")
FORBIDDEN_IN_COMMENTS = ("form", "input", "button", "textarea", "select", "style", "svg",
                         "math", "link", "meta", "img", "video", "audio", "source",
                         "details", "marquee", "template", "noscript")


def one_line(payload):
    return " ".join(payload.split())


def annotatable(payload):
    """Vectors that can sit inside ``[…]{+key}`` without being an annotation error."""
    return not re.search(r"[{}\n]|\[[^\]]*\[|\]\s*\(", payload) and payload.count("[") == \
        payload.count("]") and not payload.startswith("-")


def hostile_files():
    """``{relative path: text}``: one article, one position, the corpus in comments."""
    files = {f"articles/{SLUG}.md": ARTICLE, f"positions/{KEY}.md": POSITION}
    order = 0

    def comment(id_, header, body):
        nonlocal order
        order += 1
        lines = [*header, f"Order: {order}"]
        files[f"comments/{SLUG}/{id_}.md"] = "\n".join(lines) + "\n\n" + body + "\n"

    for number, vector in enumerate(VECTORS):
        payload = vector["payload"]
        comment(f"body-{number:03d}", ["Author: Corps", "Kind: comment"], payload)
        comment(f"author-{number:03d}",
                [f"Author: {one_line(payload)}", f"Website: {one_line(payload)}",
                 "Kind: comment"], "Un commentaire signé d’un nom hostile.")
        comment(f"pingback-{number:03d}",
                ["Author: Rétrolien", f"Title: {one_line(payload)}",
                 "Website: https://ailleurs.example/", "Kind: pingback"],
                "[…] cite le billet […]")
        if annotatable(payload):
            comment(f"quote-{number:03d}", ["Author: Citation", "Kind: comment"],
                    f"Avant [{payload}]{{+{KEY}}} après.")
    return files




def build_hostile_site(base, siteurl=SITEURL):
    """Write the hostile content under ``base`` and build it; return the output dir."""
    content = write_tree(base / "content", hostile_files())
    output = base / "output"
    # Not fatal: a non-http(s) Website is a warning (the URL is dropped).
    result = build(content, output, fatal=False,
                   extra={"SITEURL": siteurl, "FEED_DOMAIN": siteurl})
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    return output


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


# -- reading the output -------------------------------------------------------

def documents(output):
    """``(name, soup, from_comment)`` for every HTML page, XML file and feed entry."""
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".xml"):
            continue
        name = str(path.relative_to(output))
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            yield name, BeautifulSoup(text, "html.parser"), False
            continue
        xml = BeautifulSoup(text, "html.parser")
        yield name, xml, False
        for element in xml.find_all(["content", "summary", "title", "subtitle"]):
            if element.get("type") in ("html", "xhtml") or element.name in ("content", "summary"):
                yield f"{name} <{element.name}>", BeautifulSoup(element.get_text(), "html.parser"), True


def comment_regions(name, soup, from_comment):
    """The parts of a document a stranger wrote."""
    if from_comment:
        return [soup]
    return soup.select("article.comment, .comment-content, li.quote")


def attribute_values(tag):
    for attribute, value in tag.attrs.items():
        yield attribute, " ".join(value) if isinstance(value, list) else value


def normalised_url(value):
    """A URL as a browser reads its scheme: control characters and spaces dropped."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value)


def findings(output):
    """Every unsafe thing in the output, as ``file: what`` strings."""
    found = []
    for name, soup, from_comment in documents(output):
        for script in soup.find_all("script"):
            src = script.get("src", "")
            own = src.startswith((f"{SITEURL}/theme/", "/theme/")) or "pagefind" in src
            if not own or script.get_text().strip():
                found.append(f"{name}: script {str(script)[:80]!r}")
        for tag in soup.find_all(True):
            for attribute, value in attribute_values(tag):
                if attribute.lower().startswith("on"):
                    found.append(f"{name}: <{tag.name} {attribute}={value[:40]!r}>")
                if attribute.lower() in URL_ATTRIBUTES and BAD_SCHEME_RE.match(
                        normalised_url(value)):
                    found.append(f"{name}: <{tag.name} {attribute}={value[:40]!r}>")
                if attribute.lower() == "style" and re.search(r"expression|url\(", value, re.I):
                    found.append(f"{name}: <{tag.name} style={value[:40]!r}>")
        for tag in soup.find_all(ALWAYS_FORBIDDEN):
            found.append(f"{name}: <{tag.name}>")
        for meta in soup.find_all("meta"):
            if (meta.get("http-equiv") or "").lower() == "refresh":
                found.append(f"{name}: meta refresh")
        for region in comment_regions(name, soup, from_comment):
            for tag in region.find_all(FORBIDDEN_IN_COMMENTS):
                found.append(f"{name}: <{tag.name}> from a comment")
            for tag in region.find_all(style=True):
                found.append(f"{name}: style attribute from a comment on <{tag.name}>")
    return found


# -- tests --------------------------------------------------------------------

def test_corpus_has_at_least_40_named_vectors(record_property):
    names = [vector["name"] for vector in VECTORS]
    assert len(names) >= 40 and len(set(names)) == len(names)
    record_property("xss_vectors", len(VECTORS))
    record_property("xss_placements", len(hostile_files()) - 2)


def test_every_vector_reached_the_article_page(hostile_site):
    soup = BeautifulSoup((hostile_site / SLUG / "index.html").read_text("utf-8"), "html.parser")
    for number, vector in enumerate(VECTORS):
        for kind in ("body", "author", "pingback"):
            assert soup.find("article", id=f"comment-{kind}-{number:03d}"), (kind, vector["name"])


def test_hostile_author_names_are_shown_as_plain_text(hostile_site):
    soup = BeautifulSoup((hostile_site / SLUG / "index.html").read_text("utf-8"), "html.parser")
    for number, vector in enumerate(VECTORS):
        author = soup.find("article", id=f"comment-author-{number:03d}").find(
            class_="comment-author")
        assert one_line(author.get_text()) == one_line(vector["payload"]), vector["name"]


def test_hostile_quotes_reach_the_position_page(hostile_site):
    page = (hostile_site / "positions" / KEY / "index.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    links = {a["href"].split("#")[-1] for a in soup.find_all("a", href=True)}
    quoted = [n for n, v in enumerate(VECTORS) if annotatable(v["payload"])]
    assert len(quoted) >= 30
    missing = [VECTORS[n]["name"] for n in quoted
               if not any(link.startswith(f"comment-quote-{n:03d}-passage") for link in links)]
    assert missing == []


def test_no_script_handler_or_dangerous_url_anywhere_in_the_output(hostile_site):
    assert findings(hostile_site) == []


def test_the_checker_finds_what_it_looks_for(tmp_path):
    """The assertions above would fail on an unsanitised page."""
    (tmp_path / "x.html").write_text(
        '<script>1</script><img src=x onerror=1><a href=" jav\tascript:1">a</a>'
        '<iframe></iframe><meta http-equiv="Refresh" content="0">'
        '<article class="comment"><svg></svg><p style="x:expression(1)">t</p></article>',
        encoding="utf-8")
    assert len(findings(tmp_path)) == 8


def test_comment_authors_links_are_nofollow_ugc_noopener(hostile_site):
    soup = BeautifulSoup((hostile_site / SLUG / "index.html").read_text("utf-8"), "html.parser")
    links = [a for comment in soup.find_all("article", class_="comment")
             for a in comment.find_all("a", href=re.compile(r"^https?://"))]
    assert links, "no author or body link survived: the corpus has https URLs"
    for link in links:
        assert {"nofollow", "ugc", "noopener"} <= set(link.get("rel", [])), str(link)[:120]


def test_comment_feeds_carry_the_hostile_comments_escaped(hostile_site):
    feed = (hostile_site / "feeds/commentaires" / f"{SLUG}.atom.xml").read_text("utf-8")
    entries = BeautifulSoup(feed, "html.parser").find_all("entry")
    assert len(entries) >= 3 * len(VECTORS)
    assert "<script" not in "".join(
        e.find("content").get_text() for e in entries if e.find("content"))


def test_raw_script_blocks_are_removed_with_their_content(hostile_site):
    soup = BeautifulSoup((hostile_site / SLUG / "index.html").read_text("utf-8"), "html.parser")
    body = soup.find("article", id="comment-body-000").find(class_="comment-content")
    assert VECTORS[0]["payload"].startswith("<script>")
    assert "window.__xss" not in body.get_text()
