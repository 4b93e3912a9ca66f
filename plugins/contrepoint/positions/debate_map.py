"""Debate maps as inline SVG: one per position, one for the whole blog. Pure.

Built with ElementTree (text is escaped, quotes come from comments) and laid
out on an integer grid in a fixed order: the same graph gives the same bytes.
The viewBox is 640 wide and every text is 22 units high, so a map shrunk to a
360 px phone still shows 12 px text. No colour and no ``style``: strokes and
fills are ``currentColor`` (presentation attributes, which the site's CSS may
override through the classes), so the maps follow the light and dark themes.
The SVG is meant to be inlined in the page: its ``<a>`` are real links,
reachable by keyboard, each named by its own ``<title>``.
"""

import re
import textwrap
import xml.etree.ElementTree as ET

from contrepoint.french.typography import french_spaces

from .graph import STANCES

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 640
FONT = 22  # 22 units * 360 / 640 = 12.4 px on a 360 px phone
LINE = 28
LABEL_CHARS = 28
LABEL_LINES = 3
MAP_SIDE_LIMIT = 6  # passages drawn by side; the page lists them all
NNBSP = "\u202f"

SIDE_LABELS = {"support": "Pour", "oppose": "Contre", "nuance": "Nuance"}
HEADINGS = {"support": "Pour", "oppose": "Contre", "nuance": "Nuances"}
DASHES = {"support": None, "oppose": "10 6", "nuance": "3 5"}

# Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text):
    """Plain one-line text that XML accepts, with French spaces (before it is wrapped:
    a line never starts with ``?`` or ``»``)."""
    return french_spaces(" ".join(_NOT_XML.sub("", str(text or "")).split()))


def wrap_label(text, width=LABEL_CHARS, lines=LABEL_LINES):
    """At most ``lines`` lines of ``width`` characters, an ellipsis if cut.

    Only the text up to the first space past ``lines * (width + 1)``
    characters is wrapped: it makes more than ``lines`` lines (one space
    at most between two), and the same first ``lines`` as the whole text
    (the line breaks before a space depend on nothing after it).
    """
    text = clean(text)
    end = text.find(" ", lines * (width + 1))
    wrapped = textwrap.wrap(text if end < 0 else text[:end], width) or [""]
    if len(wrapped) <= lines:
        return wrapped
    last = wrapped[lines - 1]
    return wrapped[:lines - 1] + [last[:width - 1].rstrip() + "…"]


def guillemets(text):
    return f"«{NNBSP}{clean(text)}{NNBSP}»"


def counts_fr(graph, key):
    """« 3 pour, 1 contre, 0 nuance »."""
    pro, con, nuance = (len(graph._side(key, s)) for s in STANCES)
    return f"{pro} pour, {con} contre, {nuance} nuance{'s' if nuance > 1 else ''}"


def passage_title(passage):
    """What a screen reader says for a passage link."""
    who = clean(passage.author) or "auteur inconnu"
    where = "commentaire sur" if passage.comment_id else "billet"
    return (f"{SIDE_LABELS[passage.stance]}{NNBSP}: {guillemets(passage.quote)}, "
            f"{who}, {where} {guillemets(passage.article_title)}")


# Building blocks -------------------------------------------------------------

def _svg(height, map_id, title, desc, css_class):
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "class": css_class, "viewBox": f"0 0 {WIDTH} {height}",
        "width": "100%", "role": "group",
        "aria-labelledby": f"{map_id}-titre", "aria-describedby": f"{map_id}-desc",
        "font-size": str(FONT), "fill": "currentColor",
    })
    ET.SubElement(root, "title", {"id": f"{map_id}-titre"}).text = title
    ET.SubElement(root, "desc", {"id": f"{map_id}-desc"}).text = desc
    return root


def _text(parent, x, y, lines, css_class, anchor="start"):
    node = ET.SubElement(parent, "text", {"class": css_class, "x": str(x), "y": str(y),
                                          "text-anchor": anchor})
    for n, line in enumerate(lines):
        ET.SubElement(node, "tspan", {"x": str(x), "y": str(y + n * LINE)}).text = line
    return node


def _line(parent, points, css_class, dash=None):
    attrs = {"class": css_class} if css_class else {}
    attrs.update({"fill": "none", "stroke": "currentColor", "stroke-width": "2",
                  "points": " ".join(f"{x},{y}" for x, y in points)})
    if dash:
        attrs["stroke-dasharray"] = dash
    return ET.SubElement(parent, "polyline", attrs)


def _box(parent, x, y, width, height, css_class, dash=None):
    attrs = {"class": css_class, "x": str(x), "y": str(y), "width": str(width),
             "height": str(height), "rx": "8", "fill": "none", "stroke": "currentColor",
             "stroke-width": "2"}
    if dash:
        attrs["stroke-dasharray"] = dash
    return ET.SubElement(parent, "rect", attrs)


def _serialize(root):
    return ET.tostring(root, encoding="unicode")


# One position ----------------------------------------------------------------

CARD_WIDTH = 380
CENTRE_WIDTH = 420
PAD = 14
GAP = 14


def _card_height(lines):
    return PAD + FONT + (len(lines) - 1) * LINE + PAD


def _passage_card(parent, passage, x, y, url):
    """A linked card: the quote (wrapped) and its author; returns its height."""
    quote = wrap_label(guillemets(passage.quote))
    author = wrap_label("— " + (clean(passage.author) or clean(passage.article_title)), lines=1)
    lines = quote + author
    height = _card_height(lines)
    link = ET.SubElement(parent, "a", {"href": url, "class": f"map-node {passage.stance}"})
    ET.SubElement(link, "title").text = passage_title(passage)
    _box(link, x, y, CARD_WIDTH, height, "map-box", DASHES[passage.stance])
    _text(link, x + PAD, y + PAD + FONT - 4, quote, "map-quote")
    _text(link, x + PAD, y + PAD + FONT - 4 + len(quote) * LINE, author, "map-author")
    return height


def position_map_svg(graph, key, url_of_passage, limit=MAP_SIDE_LIMIT, more_url=None):
    """The map of one position, top to bottom on a phone-sized canvas.

    Viewpoints on the left, above; the position in the centre; nuances just
    below it, between the sides; counterpoints on the right, below. Each side
    hangs from a spine that joins the position's box. A side shows its first
    ``limit`` passages (``graph.ranked`` order) then « et N autres », a link
    to ``more_url(stance)`` when given: a map stays readable, and its cost
    bounded, however debated the position.
    """
    position = graph.positions[key]
    statement = clean(position.statement)
    map_id = f"carte-{key}"
    counts = {s: len(graph._side(key, s)) for s in STANCES}
    sides = {s: graph.ranked(key, s)[:limit] for s in STANCES}
    desc = (f"Carte du débat autour de la position {guillemets(statement)}{NNBSP}: "
            f"{counts_fr(graph, key)}. Les points de vue pour sont à gauche, "
            f"les nuances au centre, les points de vue contre à droite{NNBSP}; "
            f"chaque passage est un lien vers sa citation.")
    body = ET.Element("g")
    y = 10

    def heading(stance, x, anchor):
        nonlocal y
        _text(body, x, y + FONT, [f"{HEADINGS[stance]} ({counts[stance]})"],
              f"map-heading {stance}", anchor)
        y += LINE + 8

    def more(stance, x):
        """« et N autres », under a side cut at ``limit``; returns its height."""
        hidden = counts[stance] - len(sides[stance])
        if not hidden:
            return 0
        label = [f"… et {hidden} autre{'s' if hidden > 1 else ''}"]
        parent = body
        if more_url:
            parent = ET.SubElement(body, "a", {"href": more_url(stance),
                                               "class": f"map-more {stance}"})
            ET.SubElement(parent, "title").text = (
                f"{HEADINGS[stance]}{NNBSP}: les {counts[stance]} passages, en texte")
        _text(parent, x, y + FONT, label, "map-label")
        return LINE + GAP

    # Viewpoints: cards at x=40, spine at x=20 down to the position's left edge.
    left_spine = []
    if sides["support"]:
        heading("support", 20, "start")
        for passage in sides["support"]:
            height = _passage_card(body, passage, 40, y, url_of_passage(passage))
            left_spine.append(y + height // 2)
            y += height + GAP
        y += more("support", 40)
    # The position, centred.
    lines = wrap_label(statement)
    height = _card_height(lines)
    cx = (WIDTH - CENTRE_WIDTH) // 2
    centre_top, centre_mid = y + 6, y + 6 + height // 2
    centre = ET.SubElement(body, "g", {"class": "map-node position"})
    _box(centre, cx, centre_top, CENTRE_WIDTH, height, "map-box", None).set("stroke-width", "4")
    _text(centre, WIDTH // 2, centre_top + PAD + FONT - 4, lines, "map-statement", "middle"
          ).set("font-weight", "bold")
    y = centre_top + height + GAP + 6
    if left_spine:
        _line(body, [(40, left_spine[0]), (20, left_spine[0]), (20, centre_mid), (cx, centre_mid)],
              "map-edge support")
        for mid in left_spine[1:]:
            _line(body, [(20, mid), (40, mid)], "map-edge support")
    # Nuances, centred under the position, each joined to its bottom edge.
    if sides["nuance"]:
        nx = (WIDTH - CARD_WIDTH) // 2
        _line(body, [(WIDTH // 2, centre_top + height), (WIDTH // 2, y + 6)],
              "map-edge nuance", DASHES["nuance"])
        y += 6
        heading("nuance", WIDTH // 2, "middle")
        for passage in sides["nuance"]:
            y += _passage_card(body, passage, nx, y, url_of_passage(passage)) + GAP
        y += more("nuance", nx)
    # Counterpoints: cards ending at x=600, spine at x=620 from the position's right edge.
    if sides["oppose"]:
        heading("oppose", WIDTH - 40, "end")
        right_spine = []
        rx = WIDTH - 40 - CARD_WIDTH
        for passage in sides["oppose"]:
            height = _passage_card(body, passage, rx, y, url_of_passage(passage))
            right_spine.append(y + height // 2)
            y += height + GAP
        _line(body, [(cx + CENTRE_WIDTH, centre_mid), (WIDTH - 20, centre_mid),
                     (WIDTH - 20, right_spine[-1]), (WIDTH - 40, right_spine[-1])],
              "map-edge oppose", DASHES["oppose"])
        for mid in right_spine[:-1]:
            _line(body, [(WIDTH - 20, mid), (WIDTH - 40, mid)], "map-edge oppose",
                  DASHES["oppose"])
        y += more("oppose", rx)
    if not any(sides.values()):
        _text(body, WIDTH // 2, y + FONT, ["Aucun passage pour l’instant."], "map-empty",
              "middle")
        y += LINE + GAP
    root = _svg(y + 4, map_id, f"Carte du débat{NNBSP}: {statement}", desc, "debate-map position-map")
    root.append(body)
    return _serialize(root)


# The whole blog --------------------------------------------------------------

ROW = 112
NODE_X = 236
LABEL_X = 292
SITE_LABEL_CHARS = 30


def radius(graph, key):
    """12 to 34 units: more passages, and both sides present, make it bigger."""
    both, _, total = graph.debate_score(key)
    return 12 + min(3 * total + 6 * both, 22)


def site_order(graph):
    """Keys in order, each followed by the positions it opposes (short arcs)."""
    order = []
    for key in sorted(graph.positions):
        for k in [key, *(p.key for p in graph.opposes(key))]:
            if k not in order:
                order.append(k)
    return order


def site_map_svg(graph, url_of_position):
    """Every position on a column, its links as arcs on the left (an arc diagram).

    ``opposes``: dashed, labelled « s’oppose à » between neighbours (a dashed
    arc otherwise); ``related``: solid arcs.
    Circles are sized by :func:`radius`; each node links to its page.
    """
    order = site_order(graph)
    row = {key: 60 + LINE + 20 + i * ROW for i, key in enumerate(order)}
    height = (row[order[-1]] + ROW // 2 + 10) if order else 120
    desc = (f"{len(order)} positions, de haut en bas{NNBSP}; plus un cercle est grand, plus la "
            "position est débattue. Les arcs en tirets relient des positions qui "
            "s’opposent, les arcs pleins des positions liées. Chaque position est un "
            "lien vers sa page.")
    root = _svg(height, "carte-positions", "Carte des positions du blogue", desc,
                "debate-map site-map")
    legend = ET.SubElement(root, "g", {"class": "map-legend"})
    _line(legend, [(20, 40), (80, 40)], "map-edge opposes", DASHES["oppose"])
    _text(legend, 90, 47, ["s’oppose à"], "map-legend-label")
    _line(legend, [(300, 40), (360, 40)], "map-edge related")
    _text(legend, 370, 47, ["liée à"], "map-legend-label")
    edges = ET.SubElement(root, "g", {"class": "map-edges"})
    pairs = sorted({(kind, *sorted((a, b.key)))
                    for a in graph.positions
                    for kind in ("opposes", "related")
                    for b in getattr(graph, kind)(a)},
                   key=lambda e: (order.index(e[1]) + order.index(e[2]), e))
    for kind, a, b in pairs:
        top, bottom = sorted((row[a], row[b]))
        span = (bottom - top) // ROW
        reach = min(24 + 22 * span, NODE_X - 60)
        group = ET.SubElement(edges, "g", {"class": f"map-edge {kind}"})
        verb = "s’oppose à" if kind == "opposes" else "est liée à"
        ET.SubElement(group, "title").text = (
            f"{guillemets(graph.positions[a].statement)} {verb} "
            f"{guillemets(graph.positions[b].statement)}")
        upper, lower = sorted((a, b), key=row.get)
        if kind == "opposes" and span == 1:
            # Neighbours (see site_order): a dashed link on the column, and
            # the label between both statements, read as a sentence.
            _line(group, [(NODE_X, top + radius(graph, upper) + 4),
                          (NODE_X, bottom - radius(graph, lower) - 4)], "", DASHES["oppose"])
            _text(group, LABEL_X, (top + bottom) // 2 + 7, ["s’oppose à"],
                  "map-edge-label").attrib.update({"aria-hidden": "true", "font-style": "italic"})
            continue
        start, end = NODE_X - radius(graph, upper) - 4, NODE_X - radius(graph, lower) - 4
        attrs = {"d": f"M {start} {top} C {NODE_X - 40 - reach} {top} "
                      f"{NODE_X - 40 - reach} {bottom} {end} {bottom}",
                 "fill": "none", "stroke": "currentColor", "stroke-width": "2"}
        if kind == "opposes":
            attrs["stroke-dasharray"] = DASHES["oppose"]
        ET.SubElement(group, "path", attrs)
    nodes = ET.SubElement(root, "g", {"class": "map-nodes"})
    for key in order:
        position = graph.positions[key]
        y = row[key]
        link = ET.SubElement(nodes, "a", {"href": url_of_position(position),
                                          "class": "map-node position"})
        ET.SubElement(link, "title").text = (
            f"{clean(position.statement)} ({counts_fr(graph, key)})")
        ET.SubElement(link, "circle", {"cx": str(NODE_X), "cy": str(y),
                                       "r": str(radius(graph, key)), "fill": "none",
                                       "stroke": "currentColor", "stroke-width": "3"})
        lines = wrap_label(position.statement, SITE_LABEL_CHARS, 2)
        _text(link, LABEL_X, y + 7 - (len(lines) - 1) * LINE // 2, lines, "map-label")
    return _serialize(root)
