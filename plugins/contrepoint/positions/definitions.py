"""Read the position files (``content/positions/<key>.md``).

Pure: returns :class:`~contrepoint.positions.graph.Position` objects and every
problem found (no statement, key not a slug, duplicate key, unknown relation).
"""

import difflib
import os
import re

import markdown

from contrepoint.headers import parse_header, read_text
from contrepoint.problems import Problem

from .graph import Position

KEYS = ("statement", "gloss", "opposes", "related")
EXTENSIONS = (".md", ".markdown")
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_definitions(positions_dir, url="positions/{key}/", save_as="positions/{key}/index.html"):
    """Return ``({key: Position}, problems)`` for the Markdown files of ``positions_dir``.

    A key is a file stem: ``x.md`` beside ``x.markdown`` is a duplicate.
    """
    positions, problems, seen = {}, [], {}
    if not os.path.isdir(positions_dir):
        return positions, problems
    for name in sorted(os.listdir(positions_dir)):
        if not name.endswith(EXTENSIONS):
            continue
        path = os.path.join(positions_dir, name)
        position = read_position(path, problems)
        if position is None:
            continue
        if position.key in seen:
            problems.append(Problem(path, 1, f"duplicate position key '{position.key}'",
                                    f"already defined in {seen[position.key]}"))
            continue
        seen[position.key] = path
        position.url = url.format(key=position.key)
        position.save_as = save_as.format(key=position.key)
        positions[position.key] = position
    problems += check_relations(positions)
    return positions, problems


def read_position(path, problems):
    """One position file -> a ``Position`` (None when it cannot be used)."""
    key = os.path.splitext(os.path.basename(path))[0]
    text, errors = read_text(path)
    problems += errors
    if text is None:
        return None
    header, errors = parse_header(text, path, KEYS)
    problems += errors
    if not KEY_RE.match(key):
        problems.append(Problem(path, 1, f"position key '{key}' is not a slug",
                                "rename the file: lowercase letters, digits and hyphens"))
        return None
    statement = header.get("statement", "")
    if not statement:
        problems.append(Problem(path, header.line_of("statement"), "position without statement",
                                "add a first line 'Statement: …'"))
        return None
    return Position(
        key=key, statement=statement, gloss=header.get("gloss", ""),
        summary=markdown.markdown(header.body.strip()) if header.body.strip() else "",
        opposes=_keys(header.get("opposes", "")), related=_keys(header.get("related", "")),
        source_path=str(path), lines=dict(header.lines),
    )


def check_relations(positions):
    """Problems for ``Opposes``/``Related`` naming no known position."""
    problems = []
    for position in positions.values():
        for kind in ("opposes", "related"):
            for key in getattr(position, kind):
                if key not in positions:
                    close = difflib.get_close_matches(key, list(positions), n=1)
                    problems.append(Problem(
                        position.source_path, position.lines.get(kind, 1),
                        f"{kind.capitalize()}: unknown position '{key}'",
                        f"did you mean '{close[0]}'?" if close else "check the key"))
    return problems


def _keys(value):
    return [key.strip() for key in value.split(",") if key.strip()]
