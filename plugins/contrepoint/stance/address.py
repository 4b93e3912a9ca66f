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

from .normalize import fold

OPENING_CHARS = 160
_BEFORE = (r"(?:^|(?<![a-z])(?:a|chere?|salut|bonjour|bonsoir|coucou|allo|hello|merci|bravo|"
           r"raison|tort|desole|desolee|pardon|oui|non|dis|dites)\s+|,\s*|^\s*)")
_AFTER = r"(?=\s*(?:[,:;.!?)]|et\s+(?:a\s+)?\S|$))"


@dataclass(frozen=True)
class Addressed:
    comment_ids: list  # earlier comments addressed, in the order named
    post_author: bool  # the post's author is addressed


def _pattern(name):
    """A name used to address someone: after "@" anywhere, else by its context."""
    return f"@{name}(?![a-z])|{_BEFORE}{name}{_AFTER}"


def _name_forms(author):
    """Folded full name, and first name (with its original spelling) if long enough."""
    full = " ".join(fold(author).split())
    first = author.split()[0] if author.split() else ""
    return full, first if len(first) >= 3 and first[:1].isupper() else ""


def _addressed_at(opening, folded_opening, author):
    full, first = _name_forms(author)
    if not full or fold(first or full) not in folded_opening:
        return None  # cheap test first: most names are not in the opening
    match = re.search(_pattern(re.escape(full)), folded_opening)
    if match:
        return match.start()
    if first and full != fold(first):
        for match in re.finditer(_pattern(re.escape(fold(first))), folded_opening):
            name_start = match.end() - len(first)
            if opening[name_start:match.end()] == first:  # capitalised as a name
                return match.start()
    return None


def opening_of(text):
    """The parts of ``text`` where people are addressed: first and last sentence."""
    text = text.strip()
    first = re.split(r"(?<=[.!?:\n])\s", text[:OPENING_CHARS], maxsplit=1)[0]
    last = re.split(r"(?<=[.!?\n])\s", text[-OPENING_CHARS:])[-1]
    return first if first == last else first + "\n" + last


def addressed(text, earlier, post_author=None):
    """Which of ``earlier`` [(id, author)] the comment ``text`` addresses.

    A name shared with the post's author means the post's author, not her
    earlier comments. The latest comment of a named author is chosen.
    """
    opening = opening_of(text)
    folded = fold(opening)
    post_named = bool(post_author) and _addressed_at(opening, folded, post_author) is not None
    post_key = " ".join(fold(post_author).split()) if post_author else None
    latest = {}
    for comment_id, author in earlier:
        key = " ".join(fold(author).split())
        if key and key != post_key:
            latest[key] = (comment_id, author)
    hits = []
    for comment_id, author in latest.values():
        position = _addressed_at(opening, folded, author)
        if position is not None:
            hits.append((position, comment_id))
    return Addressed([comment_id for _pos, comment_id in sorted(hits)], post_named)
