"""The position graph: who stands where, quoted and linked.

Pure: built from plain data (:func:`build_graph`), so ``make check`` and
tools use it without Pelican. Every index is a dict filled in one pass over
the passages: building and querying stay linear in the size of the site.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from contrepoint.problems import Problem

from .fragments import text_fragment

STANCES = ("support", "oppose", "nuance")
SIGNS = {"+": "support", "-": "oppose", "~": "nuance"}
DEBATE_BOX_LIMIT = 3  # passages by stance in a post's "Dans le débat" box
QUOTE_WORDS = 40  # a whole comment is quoted by its first words


@dataclass
class Position:
    key: str
    statement: str
    gloss: str = ""
    summary: str = ""  # HTML
    opposes: list = field(default_factory=list)
    related: list = field(default_factory=list)
    source_path: str = ""
    url: str = ""
    save_as: str = ""
    lines: dict = field(default_factory=dict, repr=False)  # header key -> line

    @property
    def line(self):
        return self.lines.get("statement", 1)


@dataclass(slots=True)
class Passage:
    """A quoted passage for, against or nuancing a position (a comment's if ``comment_id``).

    Slots, and links made when read: a site holds tens of thousands of passages.
    A whole comment's quote is not held either: ``quoted`` is then the
    comment's body, read when :attr:`quote` is.
    """

    key: str
    stance: str
    quoted: object  # the quote (str), or a whole comment's body (its ``.text``)
    anchor: str  # element id on the post's page
    author: str | None
    article_title: str
    article_url: str
    fragment: str = ""  # ``:~:text=…`` finding the quote on its page, or ""
    comment_id: str | None = None
    origin: str = "annotation"  # "annotation" | "detected"
    evidence: str = ""

    @property
    def quote(self):
        """The quoted words: a whole comment's first :data:`QUOTE_WORDS`."""
        quoted = self.quoted
        return quoted if isinstance(quoted, str) else _whole_comment_quote(quoted)

    @property
    def url(self):
        return f"{self.article_url}#{self.anchor}"

    @property
    def fragment_url(self):
        """The link that finds the quote in its page (:attr:`url` when none is safe)."""
        return f"{self.article_url}#{self.fragment}" if self.fragment else self.url


def leading_words(text, count=QUOTE_WORDS):
    """The first ``count`` words of ``text``, single-spaced."""
    return " ".join(text.split()[:count])


# Reading a body costs a store query: the map card, the page and the feed that
# show a passage ask for its quote two or three times in a row.
@functools.lru_cache(maxsize=256)
def _whole_comment_quote(body):
    """The quote of a whole comment, from its body (a handle, see ``comments.store``)."""
    return leading_words(body.text)


def collation_key(text):
    """``"L’Été"`` -> ``"lete"``: letters and digits, without accents or case."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


class PositionGraph:
    """Positions and passages, indexed by key and by article."""

    def __init__(self, positions, passages, problems=(), post_stances=None):
        self.positions = dict(positions)
        self.passages = sorted(passages, key=lambda p: (p.article_url, p.anchor, p.key))
        self.problems = list(problems)
        self.post_stances = post_stances or {}  # article_url -> [(stance, key)]
        self._by_key = {}
        self._by_article = {}
        self._ranked = {}  # (key, stance) -> side in _rank order, made on demand
        for passage in self.passages:
            self._by_key.setdefault(passage.key, {s: [] for s in STANCES})
            self._by_key[passage.key][passage.stance].append(passage)
            self._by_article.setdefault(passage.article_url, []).append(passage)
        self._links = {key: {"opposes": set(), "related": set()} for key in self.positions}
        for position in self.positions.values():
            for kind in ("opposes", "related"):
                for other in getattr(position, kind):
                    if other in self._links:
                        self._links[position.key][kind].add(other)
                        self._links[other][kind].add(position.key)
        self.warnings = [
            Problem(p.source_path, p.line, f"position '{p.key}' has no passage",
                    "annotate a passage with [passage]{+" + p.key + "} or remove the file")
            for p in self.positions.values() if p.key not in self._by_key
        ]

    def _side(self, key, stance):
        return self._by_key.get(key, {}).get(stance, [])

    def viewpoints(self, key):
        return self._side(key, "support")

    def counterpoints(self, key):
        return self._side(key, "oppose")

    def nuances(self, key):
        return self._side(key, "nuance")

    def opposes(self, key):
        return [self.positions[k] for k in sorted(self._links[key]["opposes"])]

    def related(self, key):
        return [self.positions[k] for k in sorted(self._links[key]["related"])]

    def authors(self, key, stance):
        return sorted({p.author for p in self._side(key, stance) if p.author})

    def articles(self, key):
        """``[(title, url)]`` of the posts where the position appears."""
        found = {(p.article_title, p.article_url) for s in STANCES for p in self._side(key, s)}
        return sorted(found, key=lambda item: item[1])

    def debate_score(self, key):
        """How debated: both sides present first, then the number of passages."""
        pro, con = len(self.viewpoints(key)), len(self.counterpoints(key))
        return (min(pro, con), max(pro, con), pro + con + len(self.nuances(key)))

    def by_debate(self):
        """Positions, most debated first (ties: by key)."""
        return sorted(self.positions.values(),
                      key=lambda p: (tuple(-n for n in self.debate_score(p.key)), p.key))

    def alphabetical(self):
        """Positions in dictionary order (accents, case and punctuation ignored)."""
        return sorted(self.positions.values(), key=lambda p: (collation_key(p.statement), p.key))

    def own_stances(self, article_url):
        """``{key: {stance}}``: the positions a post takes, known ones only.

        Its ``Stance:`` for the keys it names (a passage may quote the other
        side), its own annotated passages for the others.
        """
        own = {}
        for stance, key in self.post_stances.get(article_url, []):
            own.setdefault(key, set()).add(stance)
        declared = set(own)
        for passage in self._by_article.get(article_url, []):
            if passage.comment_id is None and passage.key not in declared:
                own.setdefault(passage.key, set()).add(passage.stance)
        return {key: stances for key, stances in own.items() if key in self.positions}

    def for_article(self, article_url, limit=DEBATE_BOX_LIMIT):
        """"Dans le débat": a :class:`DebateEntry` per position the post takes.

        The others are the passages of other posts and of any comment; at
        most ``limit`` of them are shown by stance (the rest is counted), so
        a post's box stays the same size however big the blog grows.
        """
        own = self.own_stances(article_url)
        here = {}  # (key, stance) -> this post's passages (its comments' included)
        for passage in self._by_article.get(article_url, []):
            here.setdefault((passage.key, passage.stance), []).append(passage)
        debate = []
        for key in sorted(own):
            shown, total = [], 0
            for stance in STANCES:
                mine = here.get((key, stance), [])
                total += len(self._side(key, stance)) - sum(p.comment_id is None for p in mine)
                shown += self._shown(key, stance, article_url, mine, limit)
            debate.append(DebateEntry(self.positions[key], [s for s in STANCES if s in own[key]],
                                      shown, total - len(shown)))
        return debate

    def ranked(self, key, stance):
        """One side of ``key``, the passages to show first first (:func:`_rank`)."""
        ranked = self._ranked.get((key, stance))
        if ranked is None:
            ranked = self._ranked[key, stance] = sorted(self._side(key, stance), key=_rank)
        return ranked

    def _shown(self, key, stance, article_url, mine, limit):
        """Up to ``limit`` passages: other posts first, then comments here.

        Walks the side in :func:`_rank` order, skipping only this post's own
        passages: the cost depends on ``limit`` and on the post, not on the blog.
        """
        shown = []
        for passage in self.ranked(key, stance):
            if len(shown) == limit:
                return shown
            if passage.article_url != article_url:
                shown.append((passage, False))
        comments_here = sorted((p for p in mine if p.comment_id is not None), key=_rank)
        return shown + [(p, True) for p in comments_here[:limit - len(shown)]]


class DebateEntry(NamedTuple):
    """One position of a post's "Dans le débat" box."""

    position: Position
    stances: list  # the post's own stances toward it, in STANCES order
    others: list  # [(Passage, under this post?)], at most a few by stance
    more: int  # other passages not shown, all on the position's page


def _rank(passage):
    """Annotated before detected, posts before comments, then the graph order."""
    return (passage.origin != "annotation", passage.comment_id is not None,
            passage.article_url, passage.anchor)


class DebateBox:
    """A post's "Dans le débat" box (``article.debate``), made when its page reads it.

    Nothing kept: boxes for every post held through the whole build would
    weigh more than the graph they come from.
    """

    __slots__ = ("graph", "article_url")

    def __init__(self, graph, article_url):
        self.graph, self.article_url = graph, article_url

    def __bool__(self):
        return bool(self.graph.own_stances(self.article_url))

    def __iter__(self):
        return iter(self.graph.for_article(self.article_url))


def build_graph(positions, documents):
    """Graph from plain data (no Pelican).

    ``positions``: ``{key: Position}``. ``documents``: dicts, read once and in
    order (a generator need not hold them all), with ``url``,
    ``title``, ``author``, ``source_path``, ``passages`` (as ``md.passages``),
    ``stances`` (``[(stance, key, line)]`` from the post's ``Stance:``) and
    ``comments``: dicts with ``id``, ``anchor``, ``author``, ``source_path``,
    ``passages``, ``stance_positions`` (``[(stance, key)]``), ``stance_line``,
    ``stance``, ``stance_source``, ``stance_evidence``, ``parent`` (id or None),
    ``body`` (its ``.text`` is read when a whole comment's quote is shown,
    not here). Comments come in thread
    order (a parent before its replies).
    """
    passages, problems, post_stances = [], [], {}

    def known(key, path, line):
        if key in positions:
            return True
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            problems.append(Problem(path, line, f"'{key}' is not a slug",
                                    "a position key is lowercase letters, digits and hyphens"))
        else:
            problems.append(Problem(path, line, f"unknown position '{key}'",
                                    f"add content/positions/{key}.md"))
        return False

    for doc in documents:
        article = dict(article_title=doc["title"], article_url=doc["url"])
        post_stances[doc["url"]] = [(s, k) for s, k, line in doc.get("stances", [])
                                    if known(k, doc["source_path"], line)]
        for item in doc.get("passages", []):
            passages.append(_passage(item, doc.get("author"), None, **article))
        resolved = {}
        for comment in doc.get("comments", []):
            quoted = set()
            for item in comment.get("passages", []):
                quoted.add((item["stance"], item["key"]))
                passages.append(_passage(item, comment.get("author"), comment["id"], **article))
            stances = _resolve(comment, post_stances[doc["url"]], resolved)
            resolved[comment["id"]] = stances
            detected = comment.get("stance_source") == "detected"
            body = comment.get("body") or ""
            for stance, key in stances:
                if (stance, key) in quoted:  # its quoted passage already counts
                    continue
                if not detected and not known(key, comment["source_path"],
                                              comment.get("stance_line", 1)):
                    continue
                passages.append(Passage(
                    key=key, stance=stance, quoted=body, anchor=comment["anchor"],
                    author=comment.get("author"), comment_id=comment["id"],
                    origin="detected" if detected else "annotation",
                    evidence=comment.get("stance_evidence", "") if detected else "", **article))
    return PositionGraph(positions, passages, problems, post_stances)


def _passage(item, author, comment_id, **article):
    fragment = item.get("fragment")  # made when the passage was read (cached since)
    if fragment is None:
        fragment = text_fragment(item["quote"])
    return Passage(key=item["key"], stance=item["stance"], quoted=item["quote"],
                   anchor=item["id"], fragment=fragment, author=author,
                   comment_id=comment_id, **article)


def _resolve(comment, post_stances, resolved):
    """Stances of a comment toward positions (rules in docs/architecture.md)."""
    if comment.get("stance_source") == "annotation":
        return list(comment.get("stance_positions", []))
    if comment.get("stance_source") != "detected" or comment.get("stance") not in STANCES:
        return []
    parent = comment.get("parent")
    if parent is None:
        return [(comment["stance"], key) for stance, key in post_stances if stance == "support"]
    if comment["stance"] == "support":
        return list(resolved.get(parent, []))
    return []
