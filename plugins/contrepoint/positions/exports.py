"""The position graph as JSON data (schema: ``docs/positions-json.md``). Pure."""

import re

from .graph import STANCES

SCHEMA_VERSION = 1


def graph_to_json(graph, site_url=""):
    """A dict with sorted lists only: the same graph always gives the same file."""
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
    passages = [
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
    ]
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
    """Collects nodes and edges with sequential string ids, in call order."""

    def __init__(self):
        self.nodes, self.edges, self.locutions, self.participants = [], [], [], []
        self._people = {}

    def node(self, kind, text):
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind})
        return node_id

    def edge(self, source, target):
        self.edges.append({"edgeID": str(len(self.edges) + 1),
                           "fromID": source, "toID": target})

    def link(self, source, kind, target, text=None):
        """``source -> kind node -> target``."""
        middle = self.node(kind, text or AIF_SCHEME_TEXT[kind])
        self.edge(source, middle)
        self.edge(middle, target)

    def person(self, name):
        if name not in self._people:
            first, _, last = name.partition(" ")
            self._people[name] = str(len(self._people) + 1)
            self.participants.append({"participantID": self._people[name],
                                      "firstname": first, "surname": last})
        return self._people[name]


def to_aif(graph):
    """The graph as AIF JSON: ``{"nodes", "edges", "locutions", "participants"}``.

    I-nodes: position statements (by key) and passage quotes (one per quoted
    text, shared by the positions it takes). A passage supports its position
    through an RA node, attacks it through a CA node, nuances it through an
    RA node whose text is « Nuance ». ``opposes`` gives a CA node each way.
    Each quote is asserted (YA) by an L-node « Author : quote » spoken by a
    participant. Ids are sequential strings in sorted order: deterministic.
    """
    aif = _AIF()
    statement = {key: aif.node("I", graph.positions[key].statement)
                 for key in sorted(graph.positions)}
    quotes = {}
    for passage in graph.passages:  # sorted by (article_url, anchor, key)
        who = passage.author or UNKNOWN_AUTHOR
        said = (passage.url, passage.quote, who)
        if said not in quotes:
            quotes[said] = aif.node("I", passage.quote)
            locution = aif.node("L", f"{who} : {passage.quote}")
            aif.locutions.append({"nodeID": locution, "personID": aif.person(who)})
            aif.link(locution, "YA", quotes[said])
        if passage.key not in statement:
            continue
        if passage.stance == "oppose":
            aif.link(quotes[said], "CA", statement[passage.key])
        elif passage.stance == "nuance":
            aif.link(quotes[said], "RA", statement[passage.key], NUANCE_TEXT)
        else:
            aif.link(quotes[said], "RA", statement[passage.key])
    for key in sorted(graph.positions):
        for other in graph.opposes(key):
            aif.link(statement[key], "CA", statement[other.key])
    return {"nodes": aif.nodes, "edges": aif.edges, "locutions": aif.locutions,
            "participants": aif.participants}


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
_ARGDOWN_SAFE = str.maketrans({"[": "(", "]": ")", "<": "‹", ">": "›", "{": "(",
                               "}": ")", "#": "＃", "@": "＠", "\n": " "})


def argdown_text(text):
    return " ".join(str(text or "").translate(_ARGDOWN_SAFE).split())


def to_argdown(graph, title="Contrepoint : les positions du blogue"):
    """The graph as Argdown text (choices in ``docs/exports.md``).

    ``[key]: statement`` for each position, its passages as arguments
    below it (``+`` pour, ``-`` contre), ``><`` for ``opposes`` and ``+`` for
    ``related`` (each pair once, from the first key); nuances are arguments
    tagged ``#nuance`` that mention their position.
    """
    names, counts = {}, {}

    def argument(passage):
        who = argdown_text(passage.author) or UNKNOWN_AUTHOR
        if id(passage) not in names:
            counts[who] = counts.get(who, 0) + 1
            names[id(passage)] = f"<{who} {counts[who]}>"
        return (f"{names[id(passage)]}: « {argdown_text(passage.quote)} » "
                f"(« {argdown_text(passage.article_title)} », {argdown_text(passage.anchor)})")

    lines = ["===", f"title: {argdown_text(title)}", "===", ""]
    nuances = []
    for key in sorted(graph.positions):
        position = graph.positions[key]
        lines.append(f"[{key}]: {argdown_text(position.statement)}")
        for passage in graph.viewpoints(key):
            lines.append(f"  + {argument(passage)}")
        for passage in graph.counterpoints(key):
            lines.append(f"  - {argument(passage)}")
        for other in graph.opposes(key):
            if key < other.key:
                lines.append(f"  >< [{other.key}]")
        for other in graph.related(key):
            if key < other.key:
                lines.append(f"  + [{other.key}]")
        nuances += [(key, passage) for passage in graph.nuances(key)]
        lines.append("")
    if nuances:
        lines.append("// Nuances : ni pour ni contre.")
        lines += [f"{argument(passage)} #nuance @[{key}]" for key, passage in nuances]
        lines.append("")
    return "\n".join(lines)


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
