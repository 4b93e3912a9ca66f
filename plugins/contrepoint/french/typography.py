"""French typography for HTML: narrow no-break spaces, and dates in French.

``narrow_nbsp(html)`` puts a narrow no-break space (U+202F) before ``; : ! ? »``
and after ``«``, replacing the space that was there or adding one where it was
missing. Only text is touched: tags, attributes, comments, entities, URLs,
times such as ``21:00`` and the content of ``code``, ``pre``, ``kbd``, ``samp``,
``script``, ``style`` and ``textarea`` stay as they are; ``french_spaces(text)``
does the same for plain text. ``de_fr(name)`` puts
``de`` before a name, elided where French elides it. Pure: no Pelican here.
"""

import html
import re

from babel.dates import format_date

NNBSP = "\u202f"

# A tag, comment, doctype or processing instruction; quoted attribute values
# may contain ">". One group, so that ``split`` keeps the markup.
MARKUP = re.compile(
    r"""(<!--.*?-->|<![^>]*>|<\?.*?>"""
    r"""|</?[A-Za-z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>)""",
    re.DOTALL,
)
TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
# HTML without any of these opening tags has no verbatim element to follow.
VERBATIM_OPENING = re.compile(r"<(?:code|pre|kbd|samp|script|style|textarea)", re.IGNORECASE)

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
TRIGGER = re.compile("[;:!?«»]")  # every TEXT match that changes something has one
SPACE_CHARS = " \t\u00a0\u202f"
# From a trigger: the rest of its word, the next words with a trigger that
# only spaces separate from it, and the spaces after (see ``_stretches``).
STRETCH_END = re.compile(
    r"[^\s<]*(?:[ \t\u00a0\u202f]+[^\s<;:!?«»]*[;:!?«»][^\s<]*)*[ \t\u00a0\u202f]*"
)
# Before these a missing space is not added: an opening bracket or guillemet.
NO_SPACE_AFTER = set(" \t\n\r\u00a0\u202f([{«'\"/")


def narrow_nbsp(html):
    """Return ``html`` with French narrow no-break spaces in its text."""
    if not TRIGGER.search(html):
        return html
    parts = MARKUP.split(html)  # text, markup, text, …, text
    may_be_verbatim = VERBATIM_OPENING.search(html)
    verbatim = []  # open verbatim elements, innermost last
    previous = ""  # last text character seen, across inline tags
    for index, part in enumerate(parts):
        if index % 2:
            if may_be_verbatim:
                _track_verbatim(part, verbatim)
        elif part:
            if not verbatim:
                parts[index] = _fix_text(part, previous)
            previous = part[-1]
    return "".join(parts)


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

    out, done = [], 0
    for start, end in _stretches(text):
        for match in TEXT.finditer(text, start, end):
            out += text[done:match.start()], replace(match)
            done = match.end()
    out.append(text[done:])
    return "".join(out)


def _stretches(text):
    """``(start, end)`` of the parts of ``text`` where TEXT may change something.

    A word here is a run of characters other than whitespace and ``<``. A
    stretch holds a word with a trigger character, the next ones when only
    spaces separate them, and the spaces around. No TEXT match crosses its
    ends: matches hold no other whitespace nor ``<``, and never join spaces
    to a word without a trigger. Matching stretch by stretch thus finds the
    matches of the whole text, and the regex runs only near the triggers.
    """
    end = 0
    for trigger in TRIGGER.finditer(text):
        if trigger.start() < end:  # in the stretch just given
            continue
        start = trigger.start()
        while start and not (text[start - 1].isspace() or text[start - 1] == "<"):
            start -= 1  # back to the start of the word (isspace() is the regex's \s)
        while start and text[start - 1] in SPACE_CHARS:
            start -= 1
        end = STRETCH_END.match(text, trigger.start()).end()
        yield start, end


def french_spaces(text):
    """:func:`narrow_nbsp` for plain text (not HTML): ``« Non ! »`` gets its U+202F."""
    return html.unescape(narrow_nbsp(html.escape(text, quote=False)))


# Where ``de`` elides: a vowel, or a y sounding as one (Yves, not Yannick). Not before
# an h: whether it elides (d’Hélène) or not (de Hollande) depends on the word.
ELIDES = re.compile(r"[aeiouàâäéèêëîïôöùûüæœ]|y[^aeiouyéèêàâîôû]", re.IGNORECASE)


def de_fr(name):
    """``de`` and ``name``: ``d’Élodie``, ``d’un anonyme``, ``de Yannick``.

    ``name`` may be Markup: the result is Markup then.
    """
    name = name or ""
    return ("d’" if ELIDES.match(name) else "de ") + name


def format_date_fr(date):
    """``date`` in French, e.g. ``4 mars 2010`` (Babel; no system locale needed)."""
    return format_date(date, "d MMMM y", locale="fr")
