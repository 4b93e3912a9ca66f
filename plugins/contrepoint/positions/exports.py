"""The position graph as JSON data (schema: ``docs/positions-json.md``), AIF and Argdown. Pure.

Each export is also given as the text of its file a piece at a time
(``*_chunks``, ``argdown_lines``): written as it is made, a file never
sits whole in memory, nor do the dicts it is encoded from.
"""

import json
import re
from array import array
from collections.abc import Iterator
from itertools import islice

from .graph import STANCES

SCHEMA_VERSION = 1
CHUNK = 100  # list items encoded at once by json_chunks (500 passages: 3 MB of text and copies)


def json_chunks(document, **options):
    """The text of ``json.dumps(document, **options)`` (default separators), in pieces.

    ``document`` is a dict; its list values may be iterators, read a
    :data:`CHUNK` of items at a time, each chunk encoded by ``json.dumps``.
    """
    keys = sorted(document) if options.get("sort_keys") else list(document)
    yield "{"
    for number, key in enumerate(keys):
        yield f"{', ' if number else ''}{json.dumps(key, **options)}: "
        value = document[key]
        if not isinstance(value, (list, Iterator)):
            yield json.dumps(value, **options)
            continue
        items, separator = iter(value), ""
        yield "["
        while chunk := list(islice(items, CHUNK)):
            yield separator  # on its own: joined to the chunk, it would copy it
            yield json.dumps(chunk, **options)[1:-1]
            separator = ", "
        yield "]"
    yield "}"


def _listed(document):
    """``document`` with its iterators read into lists."""
    return {key: list(value) if isinstance(value, Iterator) else value
            for key, value in document.items()}


def graph_to_json(graph, site_url=""):
    """A dict with sorted lists only: the same graph always gives the same file."""
    return _listed(_graph_document(graph, site_url))


def graph_json_chunks(graph, site_url=""):
    """The text of ``/positions/index.json`` (:func:`graph_to_json`), in pieces."""
    return json_chunks(_graph_document(graph, site_url), ensure_ascii=False, sort_keys=True)


def _graph_document(graph, site_url):
    """:func:`graph_to_json`, its passages an iterator (one dict made at a time)."""
    positions = []
    for position in sorted(graph.positions.values(), key=lambda p: p.key):
        key = position.key
        positions.append({
            "key": key,
            "statement": position.statement,
            "gloss": position.gloss,
            "url": f"{site_url}/{position.url}",
            "opposes": [p.key for p in graph.opposes(key)],
            "related": [p.key for p in graph.related(key)],
            "counts": {stance: len(graph._side(key, stance)) for stance in STANCES},
        })
    passages = (
        {
            "position": p.key,
            "stance": p.stance,
            "origin": p.origin,
            "url": p.url,
            "anchor": p.anchor,
            "text_fragment_url": p.fragment_url,
            "quote": p.quote,
            "author": p.author,
            "post": {"title": p.article_title, "url": p.article_url},
            "comment_id": p.comment_id,
            "evidence": p.evidence or None,
        }
        for p in sorted(graph.passages,
                        key=lambda p: (p.key, p.stance, p.article_url, p.anchor))
    )
    relations = sorted(
        {("opposes", *sorted((a, b.key))) for a in graph.positions for b in graph.opposes(a)}
        | {("related", *sorted((a, b.key))) for a in graph.positions for b in graph.related(a)}
    )
    return {
        "version": SCHEMA_VERSION,
        "positions": positions,
        "passages": passages,
        "relations": [{"type": kind, "source": a, "target": b} for kind, a, b in relations],
    }


# AIF (Argument Interchange Format, JSON as read and written by AIFdb and OVA) --

AIF_SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict",
                   "YA": "Asserting"}
NUANCE_TEXT = "Nuance"  # an RA node: support with a reservation
UNKNOWN_AUTHOR = "Inconnu"


class _AIF:
    """The AIF document of a graph, its nodes made as the graph is walked.

    :meth:`nodes` walks the graph and yields each node as it is made: no
    node is kept. The edges and locutions it finds are kept as numbers
    (a few MB on a big blog) for :meth:`edges`, :meth:`locutions` and
    :meth:`participants`, which are read after it, as JSON lists them.
    """

    def __init__(self, graph):
        self.graph = graph
        self.count = 0  # nodes made so far: the last one's id
        self.ends = array("L")  # each edge's from and to nodes, one after the other
        self.said = array("L")  # each locution's node and participant
        self.people = {}  # name -> participant id, in order
        self.walked = False

    def document(self):
        """``{"nodes", "edges", "locutions", "participants"}``, each an iterator of dicts."""
        return {"nodes": self.nodes(), "edges": self.edges(), "locutions": self.locutions(),
                "participants": self.participants()}

    def nodes(self):
        graph, statement, place, quotes = self.graph, {}, None, {}
        for key in sorted(graph.positions):
            yield self._node("I", graph.positions[key].statement)
            statement[key] = self.count
        for passage in graph.passages:  # sorted by (article_url, anchor, key)
            if passage.url != place:  # the passages of a place come together: forget the last's
                place, quotes = passage.url, {}
            who = passage.author or UNKNOWN_AUTHOR
            quote = passage.quote  # once: a whole comment's is read from the store
            said = (quote, who)  # at this place
            if said not in quotes:
                yield self._node("I", quote)
                quotes[said] = self.count
                yield self._node("L", f"{who} : {quote}")
                self.said.extend((self.count, self.people.setdefault(who, len(self.people) + 1)))
                yield self._link(self.count, "YA", quotes[said])
            if passage.key not in statement:
                continue
            if passage.stance == "oppose":
                yield self._link(quotes[said], "CA", statement[passage.key])
            elif passage.stance == "nuance":
                yield self._link(quotes[said], "RA", statement[passage.key], NUANCE_TEXT)
            else:
                yield self._link(quotes[said], "RA", statement[passage.key])
        for key in sorted(graph.positions):
            for other in graph.opposes(key):
                yield self._link(statement[key], "CA", statement[other.key])
        self.walked = True

    def edges(self):
        ends = self._found(self.ends)
        for number in range(len(ends) // 2):
            yield {"edgeID": str(number + 1), "fromID": str(ends[2 * number]),
                   "toID": str(ends[2 * number + 1])}

    def locutions(self):
        said = self._found(self.said)
        for number in range(0, len(said), 2):
            yield {"nodeID": str(said[number]), "personID": str(said[number + 1])}

    def participants(self):
        for name, number in self._found(self.people).items():
            first, _, last = name.partition(" ")
            yield {"participantID": str(number), "firstname": first, "surname": last}

    def _node(self, kind, text):
        self.count += 1
        return {"nodeID": str(self.count), "text": text, "type": kind}

    def _link(self, source, kind, target, text=None):
        """``source -> kind node -> target``: returns the kind node."""
        node = self._node(kind, text or AIF_SCHEME_TEXT[kind])
        self.ends.extend((source, self.count, self.count, target))
        return node

    def _found(self, collected):
        if not self.walked:
            raise RuntimeError("AIF: read the nodes first (they walk the graph)")
        return collected


def to_aif(graph):
    """The graph as AIF JSON: ``{"nodes", "edges", "locutions", "participants"}``.

    I-nodes: position statements (by key) and passage quotes (one per quoted
    text, shared by the positions it takes). A passage supports its position
    through an RA node, attacks it through a CA node, nuances it through an
    RA node whose text is « Nuance ». ``opposes`` gives a CA node each way.
    Each quote is asserted (YA) by an L-node « Author : quote » spoken by a
    participant. Ids are sequential strings in sorted order: deterministic.
    """
    return _listed(_AIF(graph).document())


def aif_chunks(graph):
    """The text of the AIF export (:func:`to_aif`), in pieces."""
    return json_chunks(_AIF(graph).document(), ensure_ascii=False)


def aif_problems(aif, graph):
    """What is structurally wrong in an AIF dict (empty list: nothing)."""
    problems = []
    ids = {node["nodeID"] for node in aif["nodes"]}
    people = {p["participantID"] for p in aif["participants"]}
    for edge in aif["edges"]:
        for end in ("fromID", "toID"):
            if edge[end] not in ids:
                problems.append(f"edge {edge['edgeID']}: {end} {edge[end]} is no node")
    for locution in aif["locutions"]:
        if locution["nodeID"] not in ids:
            problems.append(f"locution of missing node {locution['nodeID']}")
        if locution["personID"] not in people:
            problems.append(f"locution {locution['nodeID']}: unknown participant")
    texts = {node["text"] for node in aif["nodes"] if node["type"] == "I"}
    for position in graph.positions.values():
        if position.statement not in texts:
            problems.append(f"position '{position.key}' has no I-node")
    return problems


# Argdown -------------------------------------------------------------------

# Characters Argdown reads as syntax inside a text, and what we write instead.
_ARGDOWN_SAFE = {"[": "(", "]": ")", "<": "‹", ">": "›", "{": "(", "}": ")", "#": "＃",
                 "@": "＠", "\n": " "}
# Found by a regex, which skips the rest fast (str.translate looks up every character).
_ARGDOWN_SYNTAX = re.compile("[" + re.escape("".join(_ARGDOWN_SAFE)) + "]")


ARGDOWN_TITLE = "Contrepoint : les positions du blogue"


def argdown_text(text):
    safe = _ARGDOWN_SYNTAX.sub(lambda match: _ARGDOWN_SAFE[match.group()], str(text or ""))
    return " ".join(safe.split())


def to_argdown(graph, title=ARGDOWN_TITLE):
    """The graph as Argdown text: :func:`argdown_lines` joined."""
    return "".join(argdown_lines(graph, title))


def argdown_lines(graph, title=ARGDOWN_TITLE):
    """The Argdown text a line at a time, each ending with a newline.

    Choices in ``docs/exports.md``: ``[key]: statement`` for each position,
    its passages as arguments below it (``+`` pour, ``-`` contre), ``><`` for
    ``opposes`` and ``+`` for ``related`` (each pair once, from the first
    key); nuances are arguments tagged ``#nuance`` that mention their position.
    """
    counts = {}  # author -> arguments named so far

    def argument(passage):
        """Each passage is on one side of one position: named once, when written."""
        who = argdown_text(passage.author) or UNKNOWN_AUTHOR
        counts[who] = counts.get(who, 0) + 1
        return (f"<{who} {counts[who]}>: « {argdown_text(passage.quote)} » "
                f"(« {argdown_text(passage.article_title)} », {argdown_text(passage.anchor)})")

    yield f"===\ntitle: {argdown_text(title)}\n===\n"
    for key in sorted(graph.positions):
        position = graph.positions[key]
        yield f"\n[{key}]: {argdown_text(position.statement)}\n"  # a blank line between blocks
        for passage in graph.viewpoints(key):
            yield f"  + {argument(passage)}\n"
        for passage in graph.counterpoints(key):
            yield f"  - {argument(passage)}\n"
        for other in graph.opposes(key):
            if key < other.key:
                yield f"  >< [{other.key}]\n"
        for other in graph.related(key):
            if key < other.key:
                yield f"  + [{other.key}]\n"
    if any(graph.nuances(key) for key in graph.positions):
        yield "\n// Nuances : ni pour ni contre.\n"
        for key in sorted(graph.positions):
            for passage in graph.nuances(key):
                yield f"{argument(passage)} #nuance @[{key}]\n"


_STATEMENT = re.compile(r"^\[([^\]]+)\]:", re.M)
_REFERENCE = re.compile(r"^\s+(?:\+|-|><) \[([^\]]+)\]\s*$", re.M)


def argdown_problems(text, graph):
    """What is structurally wrong in Argdown text (empty list: nothing)."""
    defined = set(_STATEMENT.findall(text))
    problems = [f"position '{key}' has no statement" for key in sorted(graph.positions)
                if key not in defined]
    problems += [f"relation to undefined statement [{key}]"
                 for key in _REFERENCE.findall(text) if key not in defined]
    return problems
