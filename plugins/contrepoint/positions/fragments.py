"""Text fragments (``#:~:text=``) that find a quoted passage in its page. Pure.

Made when a passage is read (:mod:`.markdown_ext` keeps it beside the
quote, so the content caches keep it too), used by the graph for the
« retrouver le texte » links.
"""

import re
import urllib.parse

GLUED = frozenset("!?:;«»—")  # signs contrepoint.french glues to a word with U+202F
BREAK = "\u2063"  # in a quote, where the page has something else: no fragment term crosses it
LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def text_fragment(quote):
    """``:~:text=…`` for ``quote``, or ``""`` when no safe fragment exists.

    French typography glues ``! ? : ; « »`` to the next word with a narrow
    no-break space, which Chromium counts as part of that word: the fragment
    uses only words that touch no such sign (nor, in a long quote, its
    first and last words, which may touch one outside the passage).
    It is ``start,end`` from the first and last runs of such words, or the
    exact text when there is one short run. A :data:`BREAK` between words
    ends a run, as a word that is no word does.
    """
    tokens = quote.split()
    bad = [not LETTER_OR_DIGIT.search(t) or not GLUED.isdisjoint(t) for t in tokens]
    safe = [not (bad[i] or (i and bad[i - 1]) or (i + 1 < len(tokens) and bad[i + 1]))
            for i in range(len(tokens))]
    if len(tokens) > 8:
        safe[0] = safe[-1] = False
    runs, run = [], []
    for token, ok in zip(tokens, safe):
        if ok:
            run.append(token)
        elif run:
            runs, run = runs + [run], []
    runs += [run] if run else []
    if sum(len(run) for run in runs) < 2:  # one word would match anywhere
        return ""
    if len(runs) == 1 and len(runs[0]) <= 8:
        return f":~:text={_fragment_text(runs[0])}"
    return f":~:text={_fragment_text(runs[0][:4])},{_fragment_text(runs[-1][-4:])}"


def text_fragment_url(url, quote):
    """``url`` (without its anchor) + ``#:~:text=`` the quote; ``url`` when none is safe."""
    fragment = text_fragment(quote)
    return f"{url.split('#', 1)[0]}#{fragment}" if fragment else url


def _fragment_text(words):
    return urllib.parse.quote(" ".join(words), safe="").replace("-", "%2D")
