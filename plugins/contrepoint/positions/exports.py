"""The position graph as JSON data (schema: ``docs/positions-json.md``). Pure."""

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
