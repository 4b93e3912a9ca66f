"""Who a comment addresses: earlier commenters or the post's author, by name.

"à Andrée et à femme Tunisienne :", "@Michelle", "Merci Michelle",
"Bien dit, Karine !" A name counts only where it is used to address
someone: after "@", "à", a greeting or thanks, "raison"/"tort", or as a
vocative between commas, at the end of a sentence or before ":"; and only
in the opening (first sentence, or first line ending with ":"), or as the
vocative of the first or last sentence. Names match without case or
accents: a full name anywhere, a first name only if written capitalised.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold

OPENING_CHARS = 160
_BEFORE_RE = re.compile(
    r"(?:^|(?<![a-z])(?:a|chere?|salut|bonjour|bonsoir|coucou|allo|hello|merci|bravo|"
    r"raison|tort|desole|desolee|pardon|oui|non|dis|dites)\s+|,\s*|^\s*)$")
_AFTER_RE = re.compile(r"\s*(?:[,:;.!?)]|et\s+(?:a\s+)?\S|$)")
_FIRST_SENTENCE_END_RE = re.compile(r"(?<=[.!?:\n])\s")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?\n])\s")


@dataclass(frozen=True)
class Addressed:
    comment_ids: list  # earlier comments addressed, in the order named
    post_author: bool  # the post's author is addressed


@lru_cache(maxsize=4096)
def _name_forms(author):
    """Folded full name, first name as written (if capitalised, 3 letters or more), its fold."""
    full = " ".join(fold(author).split())
    first = author.split()[0] if author.split() else ""
    if len(first) < 3 or not first[:1].isupper() or fold(first) == full:
        first = ""
    return full, first, fold(first)


def _addressed_at(opening, folded, author):
    """Where ``author`` is addressed in ``opening`` (``folded`` is its fold), or None."""
    full, first, folded_first = _name_forms(author)
    for name, written in ((full, None), (folded_first, first)):
        position = folded.find(name) if name else -1
        while position != -1:
            end = position + len(name)
            if (_whole_word(folded, position, end)
                    and (written is None or opening[position:end] == written)
                    and (folded[position - 1:position] == "@"
                         or (_BEFORE_RE.search(folded, 0, position) and _AFTER_RE.match(folded, end)))):
                return position
            position = folded.find(name, position + 1)
    return None


def _whole_word(text, start, end):
    return ((start == 0 or not text[start - 1].isalpha())
            and (end == len(text) or not text[end].isalpha()))


def opening_of(text):
    """The parts of ``text`` where people are addressed: first and last sentence."""
    text = text.strip()
    first = _FIRST_SENTENCE_END_RE.split(text[:OPENING_CHARS], maxsplit=1)[0]
    last = _SENTENCE_END_RE.split(text[-OPENING_CHARS:])[-1]
    return first if first == last else first + "\n" + last


def addressed(text, earlier, post_author=None):
    """Which of ``earlier`` [(id, author)] the comment ``text`` addresses.

    A name shared with the post's author means the post's author, not her
    earlier comments. The latest comment of a named author is chosen.
    """
    opening = opening_of(text)
    folded = fold(opening)
    post_named = bool(post_author) and _addressed_at(opening, folded, post_author) is not None
    post_key = _name_forms(post_author)[0] if post_author else None
    latest = {}
    for comment_id, author in earlier:
        key = _name_forms(author)[0]
        if key and key != post_key:
            latest[key] = (comment_id, author)
    hits = []
    for comment_id, author in latest.values():
        position = _addressed_at(opening, folded, author)
        if position is not None:
            hits.append((position, comment_id))
    return Addressed([comment_id for _pos, comment_id in sorted(hits)], post_named)
