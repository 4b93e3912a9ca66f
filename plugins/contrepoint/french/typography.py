"""French typography for HTML: narrow no-break spaces, and dates in French.

``narrow_nbsp(html)`` puts a narrow no-break space (U+202F) before ``; : ! ? »``
and after ``«``, replacing the space that was there or adding one where it was
missing. Only text is touched: tags, attributes, comments, entities, URLs,
times such as ``21:00`` and the content of ``code``, ``pre``, ``kbd``, ``samp``,
``script``, ``style`` and ``textarea`` stay as they are. Pure: no Pelican here.
"""

import re

from babel.dates import format_date

NNBSP = "\u202f"

# A tag, comment, doctype or processing instruction; quoted attribute values
# may contain ">".
MARKUP = re.compile(
    r"""<!--.*?-->|<![^>]*>|<\?.*?>"""
    r"""|</?[A-Za-z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""",
    re.DOTALL,
)
TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})

SPACE = r"(?:[ \t\u00a0\u202f]|&nbsp;|&\#160;|&\#[xX]0*[aA]0;|&\#8239;|&\#[xX]202[fF];)"
TEXT = re.compile(
    rf"""
    (?P<close>{SPACE}*(?:[;:!?]+|»))     # closing mark and the spaces before it
    | «(?P<open>{SPACE}*)                 # opening guillemet and the spaces after it
    | (?P<keep>
        [A-Za-z][A-Za-z0-9+.-]*://[^\s<]*   # URL with a scheme
      | (?:mailto|tel|urn):[^\s<]+
      | www\.[^\s<]+
      | &(?:\#\d+|\#[xX][0-9A-Fa-f]+|\w+);  # character reference
      | \d:\d                                # time or ratio: 21:00, 3:2
    )
    """,
    re.VERBOSE,
)
TRIGGER = re.compile("[;:!?«»]")  # text without these is left as it is, fast
# Before these a missing space is not added: an opening bracket or guillemet.
NO_SPACE_AFTER = set(" \t\n\r\u00a0\u202f([{«'\"/")


def narrow_nbsp(html):
    """Return ``html`` with French narrow no-break spaces in its text."""
    out = []
    verbatim = []  # open verbatim elements, innermost last
    previous = ""  # last text character seen, across inline tags
    position = 0
    for markup in MARKUP.finditer(html):
        text = html[position:markup.start()]
        if text:
            out.append(text if verbatim else _fix_text(text, previous))
            previous = text[-1]
        tag = markup.group()
        out.append(tag)
        _track_verbatim(tag, verbatim)
        position = markup.end()
    rest = html[position:]
    if rest:
        out.append(rest if verbatim else _fix_text(rest, previous))
    return "".join(out)


def _track_verbatim(tag, verbatim):
    name = TAG_NAME.match(tag)
    if not name:
        return
    name = name.group(1).lower()
    if name not in VERBATIM:
        return
    if tag.startswith("</"):
        if name in verbatim:
            del verbatim[len(verbatim) - 1 - verbatim[::-1].index(name):]
    elif not tag.endswith("/>"):
        verbatim.append(name)


def _fix_text(text, previous):
    if not TRIGGER.search(text):
        return text

    def replace(match):
        if match.group("keep"):
            return match.group()
        if match.group("open") is not None:
            return "«" + NNBSP
        mark = match.group().lstrip(" \t\u00a0\u202f")
        while mark.startswith("&"):  # a space entity before the mark
            mark = mark[mark.index(";") + 1:]
        spaced = len(mark) != len(match.group())
        before = text[match.start() - 1] if match.start() else previous
        if spaced or (before and before not in NO_SPACE_AFTER):
            return NNBSP + mark
        return mark

    return TEXT.sub(replace, text)


def format_date_fr(date):
    """``date`` in French, e.g. ``4 mars 2010`` (Babel; no system locale needed)."""
    return format_date(date, "d MMMM y", locale="fr")
