"""Decide a comment's stance toward what it answers, from French cues.

``detect_stance(text, ...)`` returns a :class:`Decision`: ``stance`` is
``support``, ``oppose``, ``nuance``, ``off-topic`` or None (undecided),
``evidence`` the deciding words as written, ``confidence`` in [0, 1].
It prefers ``nuance`` or None to a guess. Pure and cheap: a few
precompiled regexes per comment (see :mod:`.cues`).
"""

from dataclasses import dataclass
from functools import lru_cache

from . import cues
from .cues import ACK, NUANCE, OFF_TOPIC, OPPOSE, SUPPORT, THANKS
from .normalize import fold
from .pingback import is_pingback


@dataclass(frozen=True)
class Decision:
    stance: str | None
    evidence: str = ""
    confidence: float = 0.0


UNDECIDED = Decision(None)
SEPARATOR = " … "


def detect_stance(text, *, quoted_source=None, parent_author=None, post_author=None,
                  author=None, parent_stance=None, kind="comment"):
    """The stance of comment ``text`` toward what it answers.

    ``quoted_source``: the text it answers (the post, or the parent comment,
    with the statements of the post's positions): passages the comment quotes
    from it are not the commenter's words, and echoing its claims in a short
    affirmative exclamation counts as weak support. ``parent_author`` is set
    when it answers a comment; with ``author == post_author`` and a parent
    that opposes the post, the post's author defends her post: ``oppose``.
    """
    if is_pingback(text, kind):
        return UNDECIDED
    folded = _mask_quotes(fold(text), quoted_source)
    found = cues.find_cues(folded)
    if (parent_author and author and post_author and _same(author, post_author)
            and parent_stance == OPPOSE and not _plain(found, SUPPORT)):
        return Decision(OPPOSE, "l’auteur du billet répond à une objection", 0.6)
    decision = _decide(text, folded, found)
    if decision.stance is None and not parent_author and quoted_source:
        decision = _echo(text, folded, quoted_source)
    return decision


def _decide(text, folded, found):
    score = {SUPPORT: 0.0, OPPOSE: 0.0, NUANCE: 0.0, OFF_TOPIC: 0.0, ACK: 0.0, THANKS: 0.0}
    for kind, weight, _start, _end in found:
        score[kind] += weight
    support = score[SUPPORT] + score[THANKS]
    oppose, nuance = score[OPPOSE], score[NUANCE]

    def decided(stance, kinds, total):
        spans = [(s, e) for k, _w, s, e in found if k in kinds]
        return Decision(stance, _evidence(text, spans), min(1.0, total / 4))

    if score[OFF_TOPIC] >= 2 and support + oppose + nuance < 2:
        return decided(OFF_TOPIC, {OFF_TOPIC}, score[OFF_TOPIC])
    if support and oppose:
        top, other = (SUPPORT, oppose) if support > oppose else (OPPOSE, support)
        if max(support, oppose) >= 3 * other and not nuance:
            return decided(top, {top, THANKS} if top == SUPPORT else {top}, max(support, oppose))
        return decided(NUANCE, {SUPPORT, OPPOSE, NUANCE, THANKS}, support + oppose)
    side, side_score = (SUPPORT, support) if support else (OPPOSE, oppose)
    side_kinds = {SUPPORT, THANKS} if side == SUPPORT else {OPPOSE}
    if nuance:
        if side_score >= nuance + 2:
            return decided(side, side_kinds, side_score - nuance)
        return decided(NUANCE, {NUANCE, ACK} | side_kinds, nuance + side_score)
    if side_score and side == SUPPORT and _conceded(folded, found):
        return decided(NUANCE, {SUPPORT, THANKS}, support)
    if side_score:
        return decided(side, side_kinds, side_score)
    if score[ACK]:
        if _conceded(folded, found):
            return decided(NUANCE, {ACK}, 1)
        return decided(SUPPORT, {ACK}, 1)
    return UNDECIDED


def _conceded(folded, found):
    """True when a supporting cue is followed by "mais…" and more words: "tu as raison, mais…"."""
    starts = [end for kind, _w, _s, end in found if kind in (SUPPORT, ACK, THANKS)]
    if not starts:
        return False
    for match in cues.CONTRAST_RE.finditer(folded, min(starts)):
        if len(folded[match.end():].split()) >= 3:
            return True
    return False


def _plain(found, kind):
    return any(k == kind for k, *_rest in found)


def _echo(text, folded, quoted_source):
    """Weak support: a short affirmative normative claim that echoes the answered text.

    "Secret professionnel exige !" under a post on professional secrecy; a
    mere exclamation ("Le consultant est un escroc !") is not enough.
    """
    words = folded.split()
    if not (0 < len(words) <= 25) or "?" in folded or cues.NEG_RE.search(folded):
        return UNDECIDED
    if not cues.NORMATIVE_RE.search(folded):  # "exige", "il faut", "essentiel"…
        return UNDECIDED
    source_words = _source(quoted_source)[1]
    if not any(m.group(0) in source_words for m in cues.WORD_RE.finditer(folded)):
        return UNDECIDED
    return Decision(SUPPORT, " ".join(text.split()), 0.3)


def _mask_quotes(folded, quoted_source):
    """Blank what the commenter reports or quotes from the source, keeping positions."""
    def blank(match):
        return " " * len(match.group(0))

    if " que" in folded or " qu'" in folded:
        folded = cues.REPORTED_RE.sub(blank, folded)
    if quoted_source and '"' in folded:
        source = _source(quoted_source)[0]
        folded = cues.QUOTE_RE.sub(
            lambda m: blank(m) if " ".join(m.group(0)[1:-1].split()) in source else m.group(0),
            folded)
    return folded


@lru_cache(maxsize=64)
def _source(quoted_source):
    """The answered text folded with single spaces, and its long words (once per post)."""
    folded = " ".join(fold(quoted_source).split())
    return folded, frozenset(cues.WORD_RE.findall(folded))


def _evidence(text, spans):
    """The words at ``spans`` in ``text``, in order, joined with an ellipsis."""
    seen, parts = set(), []
    for start, end in sorted(spans):
        words = " ".join(text[start:end].split())
        if words and words.lower() not in seen:
            seen.add(words.lower())
            parts.append(words)
    return SEPARATOR.join(parts)


def _same(name, other):
    return _name_key(name) == _name_key(other)


@lru_cache(maxsize=4096)
def _name_key(name):
    """``name`` folded with single spaces (the same few names come back on every reply)."""
    return " ".join(fold(name).split())
