"""Make the HTML of an untrusted comment safe to put on an article page.

An allowlist for nh3 (tags, attributes, classes, URL schemes) that keeps
what Markdown and our annotation extension emit, and nothing that runs,
loads a third-party resource or restyles the page. Pure: no Pelican.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

import nh3

#: Bump when the cleaned output changes, so that cached comments are cleaned again.
VERSION = 2

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "mark", "ol", "p",
    "pre", "q", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
})
# Removed with their content (other unknown tags keep their text).
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template"})
PASSAGE_ATTRIBUTES = {"id", "data-positions", "data-stances"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "mark": PASSAGE_ATTRIBUTES,
    "p": PASSAGE_ATTRIBUTES,
    "li": PASSAGE_ATTRIBUTES,
    "sup": {"id"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
STANCE_CLASSES = {"stance-support", "stance-oppose", "stance-nuance"}
CLASSES = {
    "mark": {"passage"} | STANCE_CLASSES,
    "p": {"passage", "passage-block"} | STANCE_CLASSES,
    "li": {"passage", "passage-block"} | STANCE_CLASSES,
    "a": {"passage-link", "footnote-ref", "footnote-backref"} | STANCE_CLASSES,
    "span": {"stance-label", "visually-hidden"},
    "div": {"footnote"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
WEB_SCHEMES = ("http", "https")
# The link our annotation extension appends to a passage ("pour la position …"):
# cleaned HTML, so attributes are quoted and links never nest.
ID_RE = re.compile(r' id="([^"]*)"')
LOCAL_HREF_RE = re.compile(r'href="#([^"]*)"')
PASSAGE_LINK_RE = re.compile(r'<a class="passage-link[^"]*"[^>]*>.*?</a>', re.DOTALL)
# A tag of cleaned HTML (its attribute values may hold ">").
TAG_RE = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')
# Parsing cleaned HTML again changes its text here: the newline right after
# <pre> goes, text left directly in a table moves before it (foster parenting).
REPARSED_TAGS = ("<pre", "<table")
# One cleaner for every comment: building one costs three times the cleaning.
# It leaves ids as they are: ``clean_html`` prefixes them, in tags only (text
# keeps its quotes unescaped).
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    allowed_classes=CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
)


def clean_html(html, id_prefix=""):
    """Return ``html`` with only allowlisted markup.

    Every ``id`` is made to start with ``id_prefix`` (the comment anchor and
    a dash) so that no comment can take an id of the page around it; links
    to an id of the comment itself (footnotes) follow it.
    """
    cleaned = _CLEANER.clean(html)
    if not id_prefix or ' id="' not in cleaned:
        return cleaned
    own = set()

    def prefix_id(match):
        value = match.group(1)
        value = value if value.startswith(id_prefix) else id_prefix + value
        own.add(value)
        return f' id="{value}"'

    cleaned = TAG_RE.sub(lambda tag: ID_RE.sub(prefix_id, tag.group(0)), cleaned)
    if 'href="#' not in cleaned:
        return cleaned

    def retarget(match):
        target = id_prefix + match.group(1)
        return f'href="#{target}"' if target in own else match.group(0)

    return TAG_RE.sub(lambda tag: LOCAL_HREF_RE.sub(retarget, tag.group(0)), cleaned)


def plain_text(html):
    """The words of a cleaned comment, without the annotation links' labels.

    As nh3 would give them, without parsing the HTML again where that changes
    nothing: cleaned HTML escapes ``<`` in text and quotes every attribute.
    """
    html = PASSAGE_LINK_RE.sub("", html)
    if any(tag in html for tag in REPARSED_TAGS):
        text = nh3.clean(html, tags=set())
    else:
        text = TAG_RE.sub("", html)
    return html_lib.unescape(text).strip()


def web_url(url):
    """``url`` when it is an absolute http(s) URL, else None."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in WEB_SCHEMES and parts.netloc:
        return url
    return None
