"""Recognise pingbacks and trackbacks by their kind or by their form.

A pingback quotes the linking page between ellipses ("[…] extrait […]")
or is a one-line "Pingback : titre"; it takes no stance.
"""

import re

ELLIPSIS = r"\[\s*(?:…|\.\.\.)\s*\]"
OPENING_RE = re.compile(rf"^\s*(?:{ELLIPSIS}|(?:pingback|trackback|r[ée]trolien)\s*:)", re.IGNORECASE)
CLOSING_RE = re.compile(rf"{ELLIPSIS}\s*$")


def is_pingback(text, kind="comment"):
    """True for ``kind == "pingback"`` or a body in pingback form (only its ends are read)."""
    if kind == "pingback":
        return True
    text = (text or "").strip()
    return bool(OPENING_RE.match(text[:16]) or CLOSING_RE.search(text[-10:]))
