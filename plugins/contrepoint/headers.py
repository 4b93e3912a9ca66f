"""Read the ``Key: value`` header of a comment or position file.

The header is the block of lines before the first blank line, as in
Pelican's Markdown metadata. Keys are case-insensitive; line numbers are
kept so that every problem can be reported as ``path:line``.
"""

import difflib
import re
import sys
from dataclasses import dataclass, field

from .problems import Problem

HEADER_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:\s?(?P<value>.*)$")


@dataclass
class Header:
    """Parsed header: values and the line each key was found on."""

    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def get(self, key, default=None):
        return self.values.get(key, default)

    def line_of(self, key):
        """Line of ``key``, or 1 when the key is missing."""
        return self.lines.get(key, 1)


def header_line(lines, key):
    """Line of ``Key:`` in the metadata block that starts ``lines`` (1 when not found)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        if line.lower().startswith(key + ":"):
            return number
    return 1


def read_text(path):
    """Return ``(text, problems)``: the file decoded as UTF-8, or a problem."""
    with open(path, "rb") as stream:
        raw = stream.read()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                str(path),
                line,
                f"invalid UTF-8 (byte 0x{raw[error.start]:02x})",
                "save the file as UTF-8",
            )
        ]


def parse_header(text, path, known_keys):
    """Split ``text`` into a :class:`Header` and a list of problems.

    Unknown keys are problems (with a "did you mean" hint), so that a typo
    never silently drops a value.
    """
    header, problems = Header(), []
    lines = text.split("\n")
    index = 0
    while index < len(lines) and lines[index].strip():
        line_no = index + 1
        match = HEADER_LINE_RE.match(lines[index])
        if not match:
            problems.append(
                Problem(
                    str(path),
                    line_no,
                    f"header line is not 'Key: value': {lines[index][:60]!r}",
                    "leave a blank line between the header and the text",
                )
            )
        else:
            key = sys.intern(match["key"].lower())  # one string for all files' keys
            if key not in known_keys:
                close = difflib.get_close_matches(key, known_keys, n=1)
                hint = f"did you mean '{close[0]}'?" if close else (
                    "known keys: " + ", ".join(sorted(known_keys))
                )
                problems.append(Problem(str(path), line_no, f"unknown key '{key}'", hint))
            elif key in header.values:
                problems.append(
                    Problem(str(path), line_no, f"'{key}' given twice",
                            f"first on line {header.lines[key]}")
                )
            else:
                header.values[key] = match["value"].strip()
                header.lines[key] = line_no
        index += 1
    header.body_line = index + 2
    header.body = "\n".join(lines[index + 1 :])
    return header, problems
